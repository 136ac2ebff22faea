"""Which claims state the same fact: candidate pairs and complete-linkage grouping.

Two quantity claims are about the same fact only if they count the same kind of thing (the
synonym class of the counted noun, its capitalised modifiers), with the same event class, and
their dates and periods do not contradict. When their values agree that is enough (a missed
difference costs little). When their values disagree we ask for more, because a false conflict
is worse than a missed one (decision 0402): dates both absent or equal, periods of the same
scale, and for incidents (no multi-month period) either the same date or the same event story
plus a content-word overlap above the settings' thresholds. Two values in one article only
disagree as the same fact when different named sources give them (an attributed dispute).

Groups are built by complete linkage: pairs are merged strongest first, and two groups join
only if every cross pair is the same fact, so no chain of loose links can put an incident and a
two-week total in one group.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from storylens.claims.extract import Facts
from storylens.settings import ClaimSettings


@dataclass(frozen=True, slots=True)
class Context:
    """Where each article sits: its lineage and its event story."""

    lineage: dict[str, str]  # article id -> lineage id (own id when in none)
    event: dict[str, str]  # article id -> event story id (absent when unknown)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def compatible(a: Facts, b: Facts) -> bool:
    """Value intervals overlap (both quantities)."""
    if a.low is None or b.low is None or a.high is None or b.high is None:
        return True
    return a.low <= b.high and b.low <= a.high


def gap_ratio(a: Facts, b: Facts) -> float:
    """How many times apart the nearest ends of two value intervals are (1.0 = touching)."""
    if a.low is None or b.low is None or a.high is None or b.high is None:
        return 1.0
    lo_side, hi_side = (a, b) if a.high < b.low else (b, a)
    assert lo_side.high is not None and hi_side.low is not None
    if lo_side.high <= 0:
        return float("inf")
    return max(1.0, hi_side.low / lo_side.high)


def _same_kind(a: Facts, b: Facts) -> bool:
    if a.unit_class is None or a.unit_class != b.unit_class:
        return False
    if a.modifiers and b.modifiers and not (a.modifiers & b.modifiers):
        return False
    return a.event_class == b.event_class


def same_quantity_fact(a: Facts, b: Facts, ctx: Context, s: ClaimSettings) -> float | None:
    """Strength (0..1) of the link between two quantity claims, or None if not the same."""
    if not _same_kind(a, b):
        return None
    sim = 1.0 if (a.claim.article, a.sentence_index) == (b.claim.article, b.sentence_index) \
        else jaccard(a.words, b.words)
    if a.fact_date and b.fact_date and a.fact_date != b.fact_date:
        return None
    if a.period_bucket and b.period_bucket and a.period_bucket != b.period_bucket:
        return None
    if compatible(a, b):
        return sim
    # Disagreeing values: be strict.
    if a.claim.article == b.claim.article and not (
        a.source and b.source and a.source != b.source
    ):
        return None
    if (a.fact_date is None) != (b.fact_date is None):
        return None
    if (a.period_bucket is None) != (b.period_bucket is None):
        return None
    if a.period_bucket in {"months", "years", "open"}:
        return sim  # cumulative totals over the same scale: one fact per story
    if a.place and b.place and a.place.lower() != b.place.lower():
        return None
    same_event = ctx.event.get(a.claim.article) == ctx.event.get(b.claim.article)
    if a.fact_date is not None:
        return sim if sim >= s.incident_similarity_dated else None
    if same_event and sim >= s.incident_similarity_undated:
        return sim
    return None


def same_date_fact(a: Facts, b: Facts, s: ClaimSettings) -> float | None:
    """Dated claims about the same kind of event in the same place on the same day."""
    if a.event_class is None or a.event_class != b.event_class:
        return None
    if not (a.place and b.place and a.place.lower() == b.place.lower()):
        return None
    if a.fact_date is None or a.fact_date != b.fact_date:
        return None
    sim = jaccard(a.words, b.words)
    return sim if sim >= s.date_similarity else None


def same_statement(a: Facts, b: Facts, s: ClaimSettings) -> float | None:
    if a.claim.article == b.claim.article:
        return None
    sim = jaccard(a.words, b.words)
    return sim if sim >= s.statement_similarity else None


def link_groups(
    facts: Sequence[Facts], ctx: Context, s: ClaimSettings
) -> list[list[Facts]]:
    """Complete-linkage groups of claims of one kind within one storyline."""
    n = len(facts)
    if n == 0:
        return []
    kind = facts[0].claim.kind
    strength: dict[tuple[int, int], float] = {}
    for i in range(n):
        for j in range(i + 1, n):
            a, b = facts[i], facts[j]
            if kind == "quantity":
                w = same_quantity_fact(a, b, ctx, s)
            elif kind == "date":
                w = same_date_fact(a, b, s)
            else:
                w = same_statement(a, b, s)
            if w is not None:
                strength[(i, j)] = w
    cluster = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    for (i, j), _ in sorted(strength.items(), key=lambda kv: (-kv[1], kv[0])):
        ci, cj = cluster[i], cluster[j]
        if ci == cj:
            continue
        if all((min(x, y), max(x, y)) in strength for x in members[ci] for y in members[cj]):
            members[ci].extend(members[cj])
            for x in members.pop(cj):
                cluster[x] = ci
    return [[facts[i] for i in sorted(m)] for _, m in sorted(members.items())]
