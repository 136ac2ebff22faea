"""Views over the claims of a story: a dated timeline (the Rich sources-by-facts table is in
:mod:`storylens.display`, next to the CLI)."""

from __future__ import annotations

import datetime as dt

from storylens.claims.dates import INFERRED
from storylens.records import Analysis, Claim, ClaimGroup


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


def groups_for(analysis: Analysis, members: set[str]) -> list[ClaimGroup]:
    """Claim groups with a claim of one of ``members`` (article ids)."""
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
