"""Provenance graph drawn server-side as inline SVG (no JavaScript, no CDN).

Layout: one row per lineage (articles connected by derivation), stand-alone articles share
the last row; within a row, articles are ordered by publication date then id. Edges are the
non-independent relations; an arrow points from the source to the copy when the direction
is known. Every piece of text goes through :func:`markupsafe.escape`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from markupsafe import Markup, escape

from storylens.records import Article, Lineage, Relation

MAX_NODES = 40  # beyond this an SVG is unreadable; the sources table still lists all
COL_W, ROW_H, NODE_W, NODE_H, PAD = 250, 90, 160, 44, 20

EDGE_CLASS = {
    "duplicate": "e-dup", "spun-copy": "e-spun", "rewrite": "e-rewrite",
    "shared-source": "e-shared", "quotes-only": "e-quotes",
}


def _short(text: str, n: int = 22) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def layout(
    articles: Sequence[Article], lineages: Sequence[Lineage]
) -> dict[str, tuple[float, float]]:
    """Top-left corner of each article's box."""
    ids = [a.id for a in articles]
    order = {a.id: (a.published or "9999", a.id) for a in articles}
    rows: list[list[str]] = []
    placed: set[str] = set()
    for lin in lineages:
        members = [m for m in lin.articles if m in order and m not in placed]
        if len(members) > 1:
            rows.append(sorted(members, key=lambda m: order[m]))
            placed.update(members)
    rest = sorted((i for i in ids if i not in placed), key=lambda m: order[m])
    if rest:
        rows.append(rest)
    pos: dict[str, tuple[float, float]] = {}
    for r, row in enumerate(rows):
        for c, aid in enumerate(row):
            pos[aid] = (PAD + c * COL_W, PAD + r * ROW_H)
    return pos


def provenance_svg(
    articles: Sequence[Article], relations: Sequence[Relation], lineages: Sequence[Lineage],
    title: str = "Provenance graph", uid: str = "g",
) -> Markup:
    """An accessible SVG of who copied whom among ``articles`` (empty Markup if none)."""
    arts = list(articles)[:MAX_NODES]
    if not arts:
        return Markup("")
    pos = layout(arts, lineages)
    mid = "arrow-" + hashlib.sha1(uid.encode("utf-8")).hexdigest()[:10]
    width = max(x for x, _ in pos.values()) + NODE_W + PAD
    height = max(y for _, y in pos.values()) + NODE_H + PAD
    edges = [r for r in relations
             if r.relation != "independent" and r.a in pos and r.b in pos and r.a != r.b]
    desc = "; ".join(
        f"{r.a} {r.relation} {r.b}" + (f" ({r.direction})" if r.direction else "")
        for r in edges
    ) or "no derivation found between these articles"
    parts: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="graph" role="img" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}">',
        f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>",
        f'<defs><marker id="{mid}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" '
        'markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'class="arrowhead"/></marker></defs>',
    ]
    for rel in edges:
        src, dst = (rel.a, rel.b) if rel.direction != "b->a" else (rel.b, rel.a)
        (x1, y1), (x2, y2) = pos[src], pos[dst]
        cx1, cy1, cx2, cy2 = x1 + NODE_W / 2, y1 + NODE_H / 2, x2 + NODE_W / 2, y2 + NODE_H / 2
        # clip the line at the box edges so the arrowhead shows
        ex1, ey1 = _edge_point(cx1, cy1, cx2, cy2)
        ex2, ey2 = _edge_point(cx2, cy2, cx1, cy1)
        marker = f' marker-end="url(#{mid})"' if rel.direction else ""
        cls = EDGE_CLASS.get(rel.relation, "e-other")
        parts.append(
            f'<line class="edge {cls}" x1="{ex1:.1f}" y1="{ey1:.1f}" x2="{ex2:.1f}" '
            f'y2="{ey2:.1f}"{marker}><title>{escape(src)} → {escape(dst)}: '
            f"{escape(rel.relation)} (score {rel.score:.2f})</title></line>"
        )
        mx, my = (ex1 + ex2) / 2, (ey1 + ey2) / 2 - 4
        parts.append(f'<text class="edge-label" x="{mx:.1f}" y="{my:.1f}" '
                     f'text-anchor="middle">{escape(rel.relation)}</text>')
    for art in arts:
        x, y = pos[art.id]
        spun = " spun" if art.machine_spun.label else ""
        label = _short(art.outlet or art.id)
        sub = _short(art.published or "undated")
        parts.append(
            f'<g class="node{spun}"><title>{escape(art.id)}: {escape(art.title)}</title>'
            f'<rect x="{x}" y="{y}" width="{NODE_W}" height="{NODE_H}" rx="6"/>'
            f'<text x="{x + NODE_W / 2}" y="{y + 18}" text-anchor="middle" class="n1">'
            f"{escape(label)}</text>"
            f'<text x="{x + NODE_W / 2}" y="{y + 34}" text-anchor="middle" class="n2">'
            f"{escape(sub)}</text></g>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _edge_point(cx: float, cy: float, tx: float, ty: float) -> tuple[float, float]:
    """Where the segment from a box centre towards (tx, ty) leaves the box."""
    dx, dy = tx - cx, ty - cy
    if dx == 0 and dy == 0:
        return cx, cy
    sx = (NODE_W / 2) / abs(dx) if dx else float("inf")
    sy = (NODE_H / 2) / abs(dy) if dy else float("inf")
    s = min(sx, sy)
    return cx + dx * s, cy + dy * s
