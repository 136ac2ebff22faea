"""Lineages: articles connected by derivation, each counted once downstream.

Connected components (networkx) of the graph whose edges are relations in
:data:`~storylens.records.DERIVED_RELATIONS`; every article is in exactly one lineage
(singletons too). Ids are content hashes of the sorted member ids, so they are stable across
runs. The ``origin`` is the least-distorted, earliest member: not the target of a directed
derivation, not labelled spun, earliest published, then first in input order.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import networkx as nx

from storylens.records import DERIVED_RELATIONS, Article, Lineage, Relation


def lineage_id(members: Sequence[str]) -> str:
    digest = hashlib.sha1("\n".join(sorted(members)).encode("utf-8")).hexdigest()
    return f"lineage-{digest[:12]}"


def lineages(articles: Sequence[Article], relations: Sequence[Relation]) -> tuple[Lineage, ...]:
    """One :class:`Lineage` per connected component of the derivation graph, in input order."""
    pos = {a.id: i for i, a in enumerate(articles)}
    graph: nx.Graph = nx.Graph()
    graph.add_nodes_from(pos)
    derived_targets: dict[str, int] = {}
    for r in relations:
        if r.relation not in DERIVED_RELATIONS or r.a not in pos or r.b not in pos:
            continue
        graph.add_edge(r.a, r.b)
        if r.direction == "a->b":
            derived_targets[r.b] = derived_targets.get(r.b, 0) + 1
        elif r.direction == "b->a":
            derived_targets[r.a] = derived_targets.get(r.a, 0) + 1
    by_id = {a.id: a for a in articles}
    out = []
    for component in nx.connected_components(graph):
        members = sorted(component, key=pos.__getitem__)

        def rank(aid: str) -> tuple[int, bool, str, int]:
            art = by_id[aid]
            return (
                derived_targets.get(aid, 0), art.machine_spun.label,
                art.published or "9999-99-99", pos[aid],
            )

        origin = min(members, key=rank)
        out.append(Lineage(id=lineage_id(members), articles=tuple(members), origin=origin))
    out.sort(key=lambda lin: pos[lin.articles[0]])
    return tuple(out)
