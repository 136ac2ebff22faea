"""The verdict on one claim group: agree, conflict, attributed-dispute or single.

Values are split into sides of mutually compatible values. One side: the sources agree
(``agree`` when two or more lineages state it, else ``single``). Several sides: if every side
has a named source and no name is on two sides, named sources disagree (``attributed-dispute``,
even inside one article: the outlet only reports them). Otherwise, when the sides come from
different lineages and stand at least ``min_conflict_ratio`` apart, it is a ``conflict``: the
outlier is the side fewer lineages support; on a tie, the side whose articles are less
corroborated (alone in their event, no publication date, machine-spun). Disagreement inside
one lineage without named sources is reported as ``single`` with a note, never as a conflict
between outlets. Date groups hold one date only (align.same_date_fact), so they never conflict;
when their dates were inferred (decision 0404) the summary says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from storylens.claims.align import (
    Context,
    as_of,
    compatible,
    gap_ratio,
    grows,
    point,
    same_day_order,
)
from storylens.claims.extract import Facts
from storylens.records import Article, Claim, ClaimGroup, GroupStatus
from storylens.settings import ClaimSettings


@dataclass(frozen=True, slots=True)
class Verdict:
    status: GroupStatus
    independent_sources: int
    outlier: str | None
    ratio: float | None
    sides: tuple[tuple[Facts, ...], ...]  # first side = the outlier side on a conflict
    # Independent sources (lineages) per side of an attributed dispute (decision 0406).
    side_sources: tuple[int, ...] = ()
    # An update (decision 0407): the sides from the earliest value to the current one.
    order: tuple[tuple[Facts, ...], ...] = ()


def format_value(f: Facts | Claim) -> str:
    """"more than 3.7 million", "13", "2020-02-17": a claim's value as a reader says it."""
    c = f.claim if isinstance(f, Facts) else f
    if c.value is None:
        return c.date or ""
    if c.unit in ("local time", "GMT") and 0 <= c.value < 1440:  # a clock time (issue 14)
        clock = f"{int(c.value) // 60:02d}:{int(c.value) % 60:02d}"
        return " ".join(x for x in (c.qualifier, clock, "GMT" if c.unit == "GMT" else None) if x)
    if c.unit == "magnitude":  # a quake's reading (issue 14)
        return " ".join(x for x in (c.qualifier, f"magnitude {c.value:g}") if x)
    if c.unit == "calendar year":
        return " ".join(x for x in (c.qualifier, f"{c.value:.0f}") if x)

    def one(v: float) -> str:
        for scale, word in ((1e9, "billion"), (1e6, "million")):
            if v >= scale:
                return f"{v / scale:.3g} {word}"
        return f"{v:,.0f}" if v == int(v) else f"{v:,.2f}"

    text = one(c.value) + (f"-{one(c.value_high)}" if c.value_high else "")
    if c.unit == "percent":
        text += "%"
    elif c.unit == "percentage points":
        text += " points"
    elif is_currency(c.unit):
        text = f"{c.unit} {text}"
    return f"{c.qualifier} {text}" if c.qualifier else text


def is_currency(unit: str | None) -> bool:
    """Whether a claim's unit is a currency code (money figures, decision 0406)."""
    return unit is not None and len(unit) == 3 and unit.isalpha() and unit.isupper()


def _sides(facts: Sequence[Facts]) -> list[list[Facts]]:
    ordered = sorted(facts, key=lambda f: (f.low or 0.0, f.claim.id))
    sides: list[list[Facts]] = []
    for f in ordered:
        if sides and all(compatible(f, g) for g in sides[-1]):
            sides[-1].append(f)
        else:
            sides.append([f])
    return sides


def _mid(side: Sequence[Facts]) -> float:
    values = sorted((f.claim.value or 0.0) for f in side)
    return values[len(values) // 2]


def judge(
    facts: Sequence[Facts], ctx: Context, s: ClaimSettings,
    corroboration: Callable[[str], float],
    support: Callable[[Sequence[Facts]], set[str]] | None = None,
) -> Verdict:
    """Status of one group; ``corroboration(article_id)`` breaks outlier ties, and
    ``support(side)`` adds the lineages outside the group whose figure backs a side."""
    lineages = {ctx.lineage[f.claim.article] for f in facts}
    n = len(lineages)
    sides = _sides(facts) if facts and facts[0].claim.kind == "quantity" else [list(facts)]
    if len(sides) > 1:
        # Figures of one measure dated on different days are a later count before they are
        # rival parties: a ministry's 12 on Monday, the police's 11 on Tuesday (issue 14).
        timed = update_order(sides, s, ctx.growing, dated_only=True) or \
            _dated_growth(sides, s, ctx.growing)
        if timed is not None:
            return Verdict("update", n, None, None, tuple(tuple(x) for x in sides),
                           order=timed)
        named = [{f.source for f in side if f.source} for side in sides]
        if all(named) and all(
            not (named[i] & named[j]) for i in range(len(named)) for j in range(i + 1, len(named))
        ):
            per_side = tuple(len({ctx.lineage[f.claim.article] for f in side}) for side in sides)
            return Verdict("attributed-dispute", n, None, None, tuple(tuple(x) for x in sides),
                           per_side)
        timed = update_order(sides, s, ctx.growing) or same_day_order(sides, s, ctx.growing)
        if timed is not None:
            return Verdict("update", n, None, None, tuple(tuple(x) for x in sides),
                           order=timed)
        side_lineages = [{ctx.lineage[f.claim.article] for f in side}
                         | (support(side) if support else set()) for side in sides]
        biggest_gap = max(
            gap_ratio(a, b) for i, sa in enumerate(sides) for sb in sides[i + 1:]
            for a in sa for b in sb
        )
        # Two stated figures that are not one another rounded (2,700 and 2,750 tonnes, ages
        # 23 and 24) differ however close they are; bounds and ranges need the gap.
        stated = any(point(a) is not None and point(b) is not None
                     and None in (a.claim.qualifier, b.claim.qualifier)
                     for i, sa in enumerate(sides) for sb in sides[i + 1:]
                     for a in sa for b in sb)
        if n > 1 and (stated or biggest_gap >= s.min_conflict_ratio):
            def weight(k: int) -> tuple[int, int, float]:
                arts = {f.claim.article for f in sides[k]}
                return (len(side_lineages[k]), len(arts),
                        sum(corroboration(a) for a in arts) / len(arts))
            order = sorted(range(len(sides)), key=lambda k: (weight(k), -k))
            out_k = order[0]
            others = [f for k in order[1:] for f in sides[k]]
            ratio = _mid(sides[out_k]) / max(_mid(others), 1e-9)
            outlier = min(f.claim.article for f in sides[out_k])
            ordered_sides = (tuple(sides[out_k]), *(tuple(sides[k]) for k in order[1:]))
            return Verdict("conflict", n, outlier, round(ratio, 2), ordered_sides)
    if len(sides) == 1 and any(grows(f, ctx.growing) for f in facts):
        # A growing toll whose figures only agree under their qualifiers ("at least 732"
        # on Saturday, "761" on Sunday) is still a later count when the stated values
        # differ and their as-of dates line up (decision 0407).
        by_value: dict[tuple[float | None, float | None], list[Facts]] = {}
        for f in facts:
            by_value.setdefault((f.claim.value, f.claim.value_high), []).append(f)
        if len(by_value) > 1:
            split = [by_value[k] for k in sorted(by_value, key=lambda v: (v[0] or 0.0))]
            timed = update_order(split, s, ctx.growing, dated_only=True) or \
                same_day_order(split, s, ctx.growing)
            if timed is not None:
                return Verdict("update", n, None, None, tuple(tuple(x) for x in split),
                               order=timed)
    pages = len({f.claim.article for f in facts})
    return Verdict("agree" if pages > 1 and len(sides) == 1 else "single", n, None, None,
                   tuple(tuple(x) for x in sides))


def _dated_growth(sides: Sequence[Sequence[Facts]], s: ClaimSettings,
                  growing: frozenset[str]) -> tuple[tuple[Facts, ...], ...] | None:
    """A growing count reported within a day (``same_day_order``) whose highest figure
    also carries a later as-of date than the lowest one's earliest: a later count before it
    is rival parties ("80 wounded" on Monday per one committee, "140 wounded" on Monday
    and Tuesday per the ministry and a wire; issue 14)."""
    timed = same_day_order(sides, s, growing)
    if timed is None:
        return None
    first = [d for f in timed[0] if (d := as_of(f)) is not None]
    last = [d for f in timed[-1] if (d := as_of(f)) is not None]
    return timed if first and last and max(last) > min(first) else None


def update_order(sides: Sequence[Sequence[Facts]], s: ClaimSettings,
                 growing_events: frozenset[str] = frozenset(), dated_only: bool = False,
                 ) -> tuple[tuple[Facts, ...], ...] | None:
    """The sides of one measure as an update, earliest first, or None (decision 0407).

    Either every side has an as-of date (``as_of``: the figure's own day, else its page's)
    and their dates do not overlap (all of one side before all of the next; for a count that
    does not grow, such as an age or a contract's length, at least ``update_min_days``
    apart: pages a day apart disagreeing on it are a conflict), or exactly one
    side reports a change ("rose to", "jumped to", lexicon ``update_verbs``) and is taken as
    the latest while the others keep their dates, known or not. Sides a tenfold step apart
    (``outlier_gap_ratio``) without such a word stay a conflict: that is a wrong figure more
    often than a new count (the seed war toll)."""
    if any(f.claim.kind != "quantity" for side in sides for f in side):
        return None
    flagged = [k for k, side in enumerate(sides) if any(f.update for f in side)]
    if not flagged and max(gap_ratio(a, b) for i, sa in enumerate(sides)
                           for sb in sides[i + 1:] for a in sa for b in sb) \
            >= s.outlier_gap_ratio:
        return None
    dates = [sorted(d for f in side if (d := as_of(f)) is not None) for side in sides]
    growing = any(grows(f, growing_events) for side in sides for f in side)
    step = 1 if growing else s.update_min_days
    if all(dates):
        order = sorted(range(len(sides)), key=lambda k: (dates[k][0], dates[k][-1]))
        if all((dates[order[i + 1]][0] - dates[order[i]][-1]).days >= step
               for i in range(len(order) - 1)):
            return tuple(tuple(sides[k]) for k in order)
    if len(flagged) == 1 and not dated_only:
        rest = sorted((k for k in range(len(sides)) if k != flagged[0]),
                      key=lambda k: (dates[k][0] if dates[k] else None) is None)
        return tuple(tuple(sides[k]) for k in [*rest, flagged[0]])
    return None


def _label(facts: Sequence[Facts], spun: frozenset[str] = frozenset()) -> str:
    """What the group counts, in the words of a non-spun article when there is one (a
    spinner's synonyms are no label)."""
    facts = sorted(facts, key=lambda f: f.claim.article in spun)  # stable: text order kept
    c = facts[0].claim
    if c.kind == "quantity":
        unit = next((f.claim.unit for f in facts if f.claim.unit), None)
        event = next((f.claim.event for f in facts if f.claim.event), None)
        if unit is None:
            return event or "count"  # "7 toll", "4 dead"
        if is_currency(unit) or unit in {"percent", "percentage points"}:
            return event or unit  # "turnout: ... 48%", "aid: ... USD 2 billion"
        return f"{unit} ({event})" if event else unit
    if c.kind == "date":
        what = " ".join(x for x in (c.event, f"in {c.place}" if c.place else None) if x)
        return what or "date"
    return f"statement by {c.attributed_to}" if c.attributed_to else "statement"


def _typical(side: Sequence[Facts]) -> Facts:
    """The figure a side states most often (an unqualified one on a tie): what an update's
    step says, not the first compatible figure ("at least 50" among six pages' 96)."""
    counts: dict[tuple[float | None, float | None], int] = {}
    for f in side:
        key = (f.claim.value, f.claim.value_high)
        counts[key] = counts.get(key, 0) + 1
    return max(side, key=lambda f: (counts[(f.claim.value, f.claim.value_high)],
                                     f.claim.qualifier is None, -side.index(f)))


def _speakers(side: Sequence[Facts]) -> list[str]:
    """Named sources of one side, one name per source (the fullest form)."""
    best: dict[str, str] = {}
    for f in side:
        name = f.claim.attributed_to
        if not name:
            continue
        key = f.source or name
        if len(name) > len(best.get(key, "")):
            best[key] = name
    return sorted(best.values())


def summarise(verdict: Verdict, facts: Sequence[Facts], names: dict[str, str],
              spun: frozenset[str] = frozenset()) -> str:
    """A readable sentence naming outlets (or named sources) and values."""
    label = _label(facts, spun)
    pages = len({f.claim.article for f in facts})
    k = verdict.independent_sources

    def outlets(side: Sequence[Facts]) -> str:
        return ", ".join(sorted({names.get(f.claim.article, f.claim.article) for f in side}))

    if verdict.status == "conflict" and verdict.ratio:
        out, rest = verdict.sides[0], [f for side in verdict.sides[1:] for f in side]
        times = verdict.ratio if verdict.ratio >= 1 else 1 / verdict.ratio
        direction = "higher" if verdict.ratio >= 1 else "lower"
        return (f"{label}: {outlets(out)} says {format_value(out[0])}, others "
                f"({outlets(rest)}) {format_value(rest[0])} (about {times:.2g}x {direction}); "
                f"{k} independent sources")
    if verdict.status == "update" and verdict.order:
        steps = []
        for i, side in enumerate(verdict.order):
            known = sorted(d for f in side if (d := as_of(f)) is not None)
            when = f"as of {known[-1].isoformat()}" if known else "as of an unresolved time"
            tail = ", current" if i == len(verdict.order) - 1 else ""
            steps.append(f"{format_value(_typical(side))} ({outlets(side)}, {when}{tail})")
        return f"{label} updated: " + " -> ".join(steps) + f"; {k} independent " \
            f"source{'s' if k != 1 else ''}"
    if verdict.status == "attributed-dispute":
        parts = []
        for i, side in enumerate(verdict.sides):
            who = _speakers(side)
            count = ""
            if i < len(verdict.side_sources):
                n_side = verdict.side_sources[i]
                count = f" ({n_side} independent source{'s' if n_side != 1 else ''})"
            # "according to": no verb to agree with "Police" or "Reuters"
            parts.append(f"{format_value(side[0])} according to {' and '.join(who)}{count}")
        return f"{label}: " + "; ".join(parts) + f" (reported by {outlets(facts)})"
    value = format_value(facts[0])
    head = {"quantity": value if label in {"percent", "percentage points"}
            or is_currency(label) else f"{value} {label}",
            "date": f"{label}: {value}" if value else f"{label} (date not resolved)"}.get(
        facts[0].claim.kind, label)
    # Dates resolved against an inferred anchor (decision 0404) are said to be inferred.
    inferred = [f for f in facts if f.claim.kind == "date" and f.date_inferred]
    note = (f"; date inferred for {outlets(inferred)} (no publication date)"
            if inferred else "")
    if verdict.status == "agree":
        return (f"{head}: {pages} pages, {k} independent source{'s' if k != 1 else ''} agree "
                f"({outlets(facts)}){note}")
    if len(verdict.sides) > 1:
        return f"{head}: values differ within one source ({outlets(facts)})"
    return f"{head}: stated by {outlets(facts)} only (1 independent source){note}"


def make_group(
    group_id: str, story_id: str, facts: Sequence[Facts], ctx: Context, s: ClaimSettings,
    articles: dict[str, Article], pool: Sequence[Facts] = (),
) -> ClaimGroup:
    """One claim group and its verdict; ``pool``: the storyline's other quantity claims, whose
    compatible figures of the same count tell which side of a conflict is the outlier (a
    third outlet's "118 killed", grouped elsewhere as a named dispute, backs "120", not
    "at least 12")."""
    event_size: dict[str, int] = {}
    for ev in ctx.event.values():
        event_size[ev] = event_size.get(ev, 0) + 1

    def corroboration(article_id: str) -> float:
        art = articles.get(article_id)
        ev = ctx.event.get(article_id)
        score = 1.0 if ev is not None and event_size.get(ev, 0) > 1 else 0.0
        if art is not None:
            score += 1.0 if art.published else 0.0
            score += 0.0 if art.machine_spun.label else 1.0
        return score

    inside = {id(f) for f in facts}

    def support(side: Sequence[Facts]) -> set[str]:
        head = side[0]
        return {ctx.lineage[f.claim.article] for f in pool
                if id(f) not in inside and f.claim.kind == "quantity" and not f.part
                and not f.update and f.unit_class == head.unit_class
                and f.event_class == head.event_class and all(compatible(f, g) for g in side)}

    verdict = judge(facts, ctx, s, corroboration, support)
    spun = frozenset(a for a in {f.claim.article for f in facts}
                     if a in articles and articles[a].machine_spun.label)
    names = {a: (articles[a].outlet or a) if a in articles else a
             for a in {f.claim.article for f in facts}}
    order = tuple(f.claim.id for side in verdict.order
                  for f in sorted(side, key=lambda f: (as_of(f) is None, as_of(f), f.claim.id)))
    current = None
    if verdict.order:
        last = verdict.order[-1]
        current = max(last, key=lambda f: (f.update, as_of(f) is not None,
                                           as_of(f) or dt.date.min, f.claim.id)).claim.id
    return ClaimGroup(
        id=group_id, claims=tuple(f.claim.id for f in facts), status=verdict.status,
        independent_sources=verdict.independent_sources,
        summary=summarise(verdict, facts, names, spun), story=story_id, outlier=verdict.outlier,
        ratio=verdict.ratio, order=order, current=current,
    )


def make_difference(
    group_id: str, story_id: str, first: Facts, second: Facts, reason: str, ctx: Context,
    articles: dict[str, Article],
) -> ClaimGroup:
    """A ``different-measure`` group (issue 14): two figures of one sentence that a reader
    may take for one fact ("3 killed", "80 injured"), shown apart with what tells them apart.
    Each figure also stays in its own group; this is never a conflict."""
    art = first.claim.article
    outlet = (articles[art].outlet or art) if art in articles else art

    def one(f: Facts) -> str:
        c = f.claim
        what = " ".join(x for x in (c.unit, c.event if c.event != c.unit else None) if x)
        return f"{format_value(f)} {what}".strip()

    return ClaimGroup(
        id=group_id, claims=(first.claim.id, second.claim.id), status="different-measure",
        independent_sources=len({ctx.lineage[f.claim.article] for f in (first, second)}),
        summary=f"different measures ({reason}), not one fact: {one(first)}; {one(second)} "
                f"({outlet})",
        story=story_id,
    )
