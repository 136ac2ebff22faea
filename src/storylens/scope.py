"""The records of one story, cut out of a whole-run analysis (issue #17).

Per-story stages (framing, brief) looked at the whole run inside their per-story loops:
every relation, lineage, claim and claim group of the run for each story, a cost that grows
with the square of the pile. :class:`Scope` indexes the run once; :meth:`Scope.of` gives a
small :class:`~storylens.records.Analysis` holding only what touches one story:

- ``articles``: the story's articles (a storyline's include its events'), in the run's order;
- ``stories``: the story and its child events;
- ``relations`` and ``lineages`` with at least one of those articles;
- ``claims`` of those articles and the ``claim_groups`` holding any of them;
- ``framing`` of the story and its events; ``inputs`` and ``brief`` empty; ``meta`` kept.

Every list keeps the order of the whole analysis, so a per-story function that filters the
whole analysis to its story gives the same result on the scope (a superset of what it keeps).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from storylens.records import Analysis, Story


def _positions(table: dict[str, list[int]], keys: Iterable[str]) -> list[int]:
    return sorted({k for key in keys for k in table.get(key, ())})


class Scope:
    """Indexes of one analysis by article and story, built once."""

    def __init__(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self._position: dict[str, int] = {}
        for k, art in enumerate(analysis.articles):
            self._position.setdefault(art.id, k)
        self._relations: dict[str, list[int]] = {}
        for k, r in enumerate(analysis.relations):
            for aid in {r.a, r.b}:
                self._relations.setdefault(aid, []).append(k)
        self._lineages: dict[str, list[int]] = {}
        for k, lin in enumerate(analysis.lineages):
            for aid in set(lin.articles):
                self._lineages.setdefault(aid, []).append(k)
        self._claims: dict[str, list[int]] = {}
        for k, c in enumerate(analysis.claims):
            self._claims.setdefault(c.article, []).append(k)
        self._groups: dict[str, list[int]] = {}  # claim id -> positions of its groups
        for k, g in enumerate(analysis.claim_groups):
            for cid in set(g.claims):
                self._groups.setdefault(cid, []).append(k)
        self._framing: dict[str, list[int]] = {}
        for k, f in enumerate(analysis.framing):
            self._framing.setdefault(f.story, []).append(k)
        self._children: dict[str, list[Story]] = {}
        for s in analysis.stories:
            if s.parent is not None:
                self._children.setdefault(s.parent, []).append(s)

    def of(self, story: Story) -> Analysis:
        """The part of the analysis that touches ``story`` (see the module docstring)."""
        a = self.analysis
        stories = [story, *self._children.get(story.id, ())]
        ids = sorted({aid for s in stories for aid in s.articles if aid in self._position},
                     key=self._position.__getitem__)
        claims = tuple(a.claims[k] for k in _positions(self._claims, ids))
        return dataclasses.replace(
            a,
            articles=tuple(a.articles[self._position[i]] for i in ids),
            inputs=(),
            stories=tuple(stories),
            relations=tuple(a.relations[k] for k in _positions(self._relations, ids)),
            lineages=tuple(a.lineages[k] for k in _positions(self._lineages, ids)),
            claims=claims,
            claim_groups=tuple(a.claim_groups[k]
                               for k in _positions(self._groups, (c.id for c in claims))),
            framing=tuple(a.framing[k]
                          for k in _positions(self._framing, (s.id for s in stories))),
            brief=(),
        )
