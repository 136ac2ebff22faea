"""Views over the claims of a story: a dated timeline and a sources-by-facts Rich table."""

from __future__ import annotations

import datetime as dt

from rich.markup import escape
from rich.table import Table

from storylens.claims.compare import format_value
from storylens.claims.dates import INFERRED
from storylens.records import Analysis, Claim, ClaimGroup

STATUS_STYLE = {
    "agree": "green", "conflict": "bold red", "attributed-dispute": "yellow", "single": "dim",
}


def story_articles(analysis: Analysis, story_id: str) -> list[str]:
    """Article ids of a story (event or storyline); every article for "all" or when the
    analysis has no stories at all; none for an unknown id."""
    for story in analysis.stories:
        if story.id == story_id:
            return list(story.articles)
    if story_id == "all" or not analysis.stories:
        return [a.id for a in analysis.articles]
    if story_id.startswith("solo:"):
        return [story_id[5:]]
    return []


def _groups_for(analysis: Analysis, members: set[str]) -> list[ClaimGroup]:
    by_id = {c.id: c for c in analysis.claims}
    return [
        g for g in analysis.claim_groups
        if any(by_id[c].article in members for c in g.claims if c in by_id)
    ]


def timeline(analysis: Analysis, story_id: str) -> list[tuple[dt.date, str, tuple[str, ...]]]:
    """Dated facts of a story in date order: (date, text, article ids that state it).

    Claims of one group on one date make one entry (the shortest sentence stands for them);
    dates that only say when something was said ("said on Friday") are left out. An entry
    whose every date was inferred (decision 0404) ends in "(date inferred)".
    """
    members = set(story_articles(analysis, story_id))
    group_of = {c: g.id for g in analysis.claim_groups for c in g.claims
                if g.status != "different-measure"}  # those repeat claims of other groups
    entries: dict[tuple[str, str], list[Claim]] = {}
    for claim in analysis.claims:
        if claim.article not in members or not claim.date or claim.kind == "statement":
            continue
        if (claim.date_evidence or "").startswith("statement: "):
            continue
        key = (claim.date, group_of.get(claim.id, claim.id))
        entries.setdefault(key, []).append(claim)
    out: list[tuple[dt.date, str, tuple[str, ...]]] = []
    seen: set[tuple[str, str]] = set()
    for (date, _), claims in sorted(entries.items()):
        text = min((c.text for c in claims), key=lambda t: (len(t), t))
        if all(INFERRED in (c.date_evidence or "") for c in claims):
            text += " (date inferred)"
        if (date, text) in seen:
            continue  # a date claim and a quantity claim from the same sentence
        seen.add((date, text))
        try:
            day = dt.date.fromisoformat(date)
        except ValueError:
            continue
        out.append((day, text, tuple(sorted({c.article for c in claims}))))
    out.sort(key=lambda e: (e[0], e[1]))
    return out


def render_matrix(analysis: Analysis, story_id: str) -> Table:
    """Claim groups as rows, outlets as columns, values in cells, status coloured."""
    members = story_articles(analysis, story_id)
    member_set = set(members)
    groups = [g for g in _groups_for(analysis, member_set)
              if not g.claims or not g.id.endswith("statement")]
    by_id = {c.id: c for c in analysis.claims}
    outlet = {a.id: a.outlet or a.id for a in analysis.articles}
    columns: list[str] = []
    for a in members:
        if outlet.get(a, a) not in columns:
            columns.append(outlet.get(a, a))
    table = Table(title=escape(f"Claims in {story_id}"), show_lines=False)
    table.add_column("Fact", overflow="fold", max_width=48)
    for col in columns:
        table.add_column(escape(col), overflow="fold")
    table.add_column("Status")
    table.add_column("Indep.", justify="right")
    for g in groups:
        claims = [by_id[c] for c in g.claims if c in by_id]
        if not claims or claims[0].kind == "statement":
            continue
        cells: dict[str, list[str]] = {}
        for c in claims:
            value = format_value(c)
            if c.attributed_to:
                value += f" ({c.attributed_to})"
            cells.setdefault(outlet.get(c.article, c.article), []).append(value)
        style = STATUS_STYLE.get(g.status, "")
        status = g.status + (f" ({g.ratio:g}x)" if g.ratio else "")
        table.add_row(
            escape(g.summary.split(":")[0]),
            *(escape("; ".join(dict.fromkeys(cells.get(col, [])))) for col in columns),
            f"[{style}]{escape(status)}[/]" if style else escape(status),
            str(g.independent_sources),
        )
    return table
