"""Which claims state the same fact: candidate pairs and complete-linkage grouping.

Two quantity claims are about the same fact only if they count the same kind of thing (the
synonym class of the counted noun, its capitalised modifiers), with the same event class, and
their dates and periods do not contradict. When their values agree that is enough (a missed
difference costs little). When their values disagree we ask for more, because a false conflict
is worse than a missed one (decision 0402): dates both absent or equal, periods of the same
scale, and for incidents (no multi-month period) either the same date or the same event story
plus a content-word overlap above the settings' thresholds. Two values in one article only
disagree as the same fact when different named sources give them (an attributed dispute);
different named sources on two pages are never linked pairwise, only by ``merge_disputes``
with the guards of decision 0406 (one event story, same count, scope, date, place, no
growing toll published days apart). Disagreeing figures need the same scope words; money
and percentages (units: currency code, "percent", "points") need the same measured subject,
names and years (decision 0406).

Groups are built by complete linkage: pairs are merged strongest first, and two groups join
only if every cross pair is the same fact, so no chain of loose links can put an incident and a
two-week total in one group.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from storylens.claims.extract import Facts
from storylens.claims.measure import MeasureSpace
from storylens.deadline import checkpoint
from storylens.settings import ClaimSettings


@dataclass(frozen=True, slots=True)
class Context:
    """Where each article sits: its lineage and its event story."""

    lineage: dict[str, str]  # article id -> lineage id (own id when in none)
    event: dict[str, str]  # article id -> event story id (absent when unknown)
    # article id -> its quantity claims (filled by claims.group_claims; empty: no check)
    quantities: dict[str, list[Facts]] = field(default_factory=dict)
    # Context vectors of the quantity claims (issue 14, decision 0407); None: lexical only.
    space: MeasureSpace | None = None
    # Counts that grow while a story runs (lexicon scope.growing_events: tolls, injured).
    growing: frozenset[str] = frozenset()


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def compatible(a: Facts, b: Facts) -> bool:
    """Value intervals overlap (both quantities). Intervals that only touch do not: exact
    counts 6 and 7 meet at 6.5 under half-unit rounding, yet are different figures. Money in
    two currencies never agrees (the same amount in pounds and in euros is a conflict)."""
    if a.unit_class != b.unit_class and is_measure(a) and is_measure(b):
        return False
    if a.low is None or b.low is None or a.high is None or b.high is None:
        return True
    if a.claim.value == b.claim.value and a.claim.value_high == b.claim.value_high:
        return True
    pa, pb = point(a), point(b)
    if pa is not None and pb is not None and None in (a.claim.qualifier, b.claim.qualifier):
        # Two stated figures agree when one is the other rounded: 60.8 within "about 61"
        # (60.5-61.5), 586,000 within 590,000 (585,000-595,000); 2,700 and 2,750, or 280
        # and 290, are two figures (issue 14).
        return b.low < pa < b.high or a.low < pb < a.high
    return a.low < b.high and b.low < a.high


def point(f: Facts) -> float | None:
    """The figure a claim states, on its interval's scale (durations in days), when it states
    one: exact or "about", not a range and not a bound ("more than", "up to"). Two "about"
    figures compare by their intervals (both are estimates)."""
    if f.low is None or f.high is None or f.claim.value_high is not None:
        return None
    if f.claim.qualifier not in (None, "about"):
        return None
    return (f.low + f.high) / 2


def gap_ratio(a: Facts, b: Facts) -> float:
    """How many times apart the nearest ends of two value intervals are (1.0 = touching)."""
    if a.low is None or b.low is None or a.high is None or b.high is None:
        return 1.0
    lo_side, hi_side = (a, b) if a.high < b.low else (b, a)
    assert lo_side.high is not None and hi_side.low is not None
    scale = a.gap_scale or b.gap_scale
    if scale:  # points on a scale (years, clock times, ranks): by their difference
        return max(1.0, 1.0 + (hi_side.low - lo_side.high) / scale)
    if lo_side.high <= 0:
        return float("inf")
    return max(1.0, hi_side.low / lo_side.high)


def is_measure(f: Facts) -> bool:
    """A money figure or a percentage (level or points), not a count (decision 0406)."""
    return f.unit_class is not None and (
        f.unit_class.startswith("money:") or f.unit_class in {"percent", "points"})


def _same_kind(a: Facts, b: Facts, agreeing: bool) -> bool:
    """Same counted thing. Agreeing values may leave the event unnamed on one side ("14
    villages were flooded" vs "sending floodwater through 14 villages"); disagreeing ones
    need the same event class. Money and percentages always need the same named subject
    ("turnout", "aid"): a bare "$2 billion" or "48%" says too little to be any fact."""
    if a.unit_class is None or a.unit_class != b.unit_class:
        return False
    if is_measure(a) and (a.event_class is None or a.event_class != b.event_class):
        return False
    if a.modifiers and b.modifiers and not (a.modifiers & b.modifiers):
        return False
    if agreeing and (a.event_class is None or b.event_class is None):
        return True
    return a.event_class == b.event_class


def same_place(a: str | None, b: str | None) -> bool:
    """Places that do not contradict: either unknown, or one's words inside the other's
    ("Orla" ~ "Nordia's Orla")."""
    if not a or not b:
        return True

    def words(p: str) -> set[str]:
        return {re.sub(r"['’]s$", "", w) for w in p.lower().split()}

    wa, wb = words(a), words(b)
    return wa <= wb or wb <= wa


def different_weekdays(a: Facts, b: Facts) -> bool:
    """Facts dated by different weekdays ("on Monday" / "on Wednesday") when at least one of
    them has no computed date: different days, though neither may be resolvable."""
    if a.fact_date and b.fact_date:
        return False
    return a.weekday is not None and b.weekday is not None and a.weekday != b.weekday


def outlier_pair(a: Facts, b: Facts, ctx: Context, s: ClaimSettings) -> bool:
    """Two headline totals of the same event count, an order of magnitude apart, from
    different lineages: the same fact with one wrong figure (a tenfold death toll), whatever
    the wording or the (possibly imperfect) event stories. Conservative: both are their
    article's first total of this count, neither a part nor an update, the count is tied to
    an event class, dates, periods and places do not contradict."""
    if a.event_class is None or not (a.lead and b.lead) or _kind(a) != "count":
        return False
    if a.part or b.part or a.update or b.update:
        return False
    if ctx.lineage.get(a.claim.article) == ctx.lineage.get(b.claim.article):
        return False
    if ctx.event and ctx.event.get(a.claim.article) != ctx.event.get(b.claim.article):
        return False  # another event of the storyline (a derailment beside the crash)
    if a.fact_date and b.fact_date and a.fact_date != b.fact_date:
        return False
    if different_weekdays(a, b):
        return False
    if a.period_bucket != b.period_bucket or not same_place(a.place, b.place):
        return False
    if a.source and b.source and a.source != b.source:
        return False  # named sources disagreeing: a dispute, handled by merge_disputes
    low, high = (a, b) if (a.claim.value or 0.0) < (b.claim.value or 0.0) else (b, a)
    if low.published and high.published and \
            (high.published - low.published).days > s.outlier_max_days_later:
        return False  # a higher figure published later may be a later count (tolls grow)
    if gap_ratio(a, b) < s.outlier_gap_ratio:
        return False
    # An article that itself also states the other side's figure for this count is not
    # contradicting it: its two figures measure different things ("the war, which has killed
    # more than 380,000" beside "12 people were killed" in today's strike).
    return not (_also_states(a, b, ctx) or _also_states(b, a, ctx))


def _also_states(a: Facts, b: Facts, ctx: Context) -> bool:
    """Whether a's article states, besides ``a``, a figure of the same count compatible with
    ``b``'s."""
    return any(f is not a and f.unit_class == a.unit_class and compatible(f, b)
               and (f.event_class is None or f.event_class == a.event_class)
               for f in ctx.quantities.get(a.claim.article, ()))


def same_quantity_fact(a: Facts, b: Facts, ctx: Context, s: ClaimSettings) -> float | None:
    """Strength (0..1) of the link between two quantity claims, or None if not the same:
    the lexical rules of decisions 0402-0406, else the measure by meaning (decision 0407)."""
    lexical = _lexical_same(a, b, ctx, s)
    if lexical is not None:
        return lexical
    return same_measure_by_meaning(a, b, ctx, s)


def as_of(f: Facts) -> dt.date | None:
    """When a figure holds: its own day-precise date, else its page's publication date."""
    return f.fact_date or f.published


_KINDS = frozenset({"money", "percent", "points", "age", "duration", "year", "time", "ordinal",
                    "length", "speed", "area", "mass", "magnitude"})


def grows(f: Facts, growing: frozenset[str]) -> bool:
    """A count of people that grows while a story runs (a toll, the injured): not the
    nationalities among the dead, not the coaches derailed."""
    return f.event_class in growing and f.unit_class in {None, "person"}


def same_day_order(sides: Sequence[Sequence[Facts]], s: ClaimSettings,
                   growing_events: frozenset[str]) -> tuple[tuple[Facts, ...], ...] | None:
    """The sides of a growing count (a toll, the injured) reported within one day, as an
    update, or None (issue 14: "at least 40" killed, then 49 the same evening).

    Pages carry a publication day, not a time, so ``update_order`` cannot order them. Here
    the order is the text's: a side marked by an update verb ("rose to", "climbed to") is the
    latest, the others follow the count's growth (a toll is not revised down within a day),
    provided every side counts a growing event, the known as-of dates never put a higher
    figure before a lower one, the known dates span at most ``same_day_max_days`` and the
    sides stand within ``same_day_max_ratio`` (a tenfold step is a wrong figure more often
    than a later count: the seed war toll). Two updated sides: no order."""
    facts = [f for side in sides for f in side]
    if any(f.claim.kind != "quantity" or f.part or f.change or not grows(f, growing_events)
           for f in facts):
        return None
    flagged = [k for k, side in enumerate(sides) if any(f.update for f in side)]
    if len(flagged) > 1:
        return None
    if max(gap_ratio(a, b) for i, sa in enumerate(sides) for sb in sides[i + 1:]
           for a in sa for b in sb) > s.same_day_max_ratio:
        return None
    known = [d for f in facts if (d := as_of(f)) is not None]
    if not known or (max(known) - min(known)).days > s.same_day_max_days:
        return None
    order = sorted(range(len(sides)), key=lambda k: (k in flagged, _median(sides[k])))
    for i, k in enumerate(order):
        for later in order[i + 1:]:
            if any((da := as_of(a)) is not None and (db := as_of(b)) is not None and da > db
                   for a in sides[k] for b in sides[later]):
                return None
    return tuple(tuple(sides[k]) for k in order)


def _median(side: Sequence[Facts]) -> float:
    values = sorted((f.claim.value or 0.0) for f in side)
    return values[len(values) // 2]


def _kind(f: Facts) -> str:
    """count, money, percent, points, age or duration: different kinds never compare."""
    head = (f.unit_class or "").split(":")[0]
    return head if head in _KINDS else "count"


def same_measure_by_meaning(a: Facts, b: Facts, ctx: Context,
                            s: ClaimSettings) -> float | None:
    """Two figures on different pages that measure the same thing by the words around them
    (decision 0407): the same kind of value, a counted thing and event that may be the same
    (one may be unnamed when the other side names it), no contradicting place, scope,
    modifiers, part or period, and a context cosine of at least ``measure_similarity_agree``
    (values agree) or ``measure_similarity_differ`` (values differ). Differing values must
    also stand within ``measure_ratio_max`` (or be an update, "rose to"), and a growing count
    (toll, injured) only differs as one measure across an as-of order (different dates or an
    update verb): two tolls of one day are as often two places as one wrong figure."""
    if ctx.space is None or not _may_be_same(a, b):
        return None
    sim = ctx.space.similarity(a.claim.id, b.claim.id)
    if sim is None:
        return None
    return _by_value(a, b, ctx, s, sim, s.measure_similarity_differ)


_POINTS = frozenset({"year", "time", "ordinal"})


def _unnamed_point(a: Facts, b: Facts) -> bool:
    """Differing years, clock times or ranks (issue 14) are one measure only when both name
    the same event: 8:38 (take-off) and 8:44 (contact lost) are two moments, not a dispute."""
    return _kind(a) in _POINTS and (a.event_class is None or a.event_class != b.event_class)


def _may_be_same(a: Facts, b: Facts) -> bool:
    """The lexical guards of ``same_measure_by_meaning``: nothing says two figures on two
    pages measure different things."""
    if a.claim.article == b.claim.article or _kind(a) != _kind(b) or a.part != b.part:
        return False
    if _kind(a) in {"time", "ordinal"} and a.unit_class != b.unit_class:
        return False  # another time zone, another ranked noun
    ua, ub, ea, eb = a.unit_class, b.unit_class, a.event_class, b.event_class
    if _kind(a) == "count":
        if ua is not None and ub is not None and ua != ub:
            return False
        if (ua is None or ub is None) and (ea is None or ea != eb):
            return False
    if ea is not None and eb is not None and ea != eb:
        return False
    if is_measure(a) and ea != eb:
        return False
    if a.modifiers and b.modifiers and not (a.modifiers & b.modifiers):
        return False
    if different_weekdays(a, b):
        return False  # "on Monday" and "on Friday": two events, whatever the words
    return same_place(a.place, b.place) and a.scope == b.scope \
        and a.period_bucket == b.period_bucket


def _by_value(a: Facts, b: Facts, ctx: Context, s: ClaimSettings, sim: float,
              differ: float) -> float | None:
    """Link strength of two figures that may be one measure, given their context cosine:
    agreeing values at ``measure_similarity_agree``, differing ones at ``differ`` with the
    guards of decision 0407 (ranked after agreeing links)."""
    ea = a.event_class
    if compatible(a, b):
        if a.fact_date and b.fact_date and a.fact_date != b.fact_date:
            return None
        return sim if sim >= s.measure_similarity_agree else None
    if sim < differ:
        return None
    if a.part or b.part:
        return None  # two different parts ("two men and a woman", "three men and a woman")
    if _unnamed_point(a, b):
        return None
    if is_measure(a) and (ea is None or not _same_measure(a, b)):
        return None  # a bare "$2 billion", 2024's budget against 2025's (decision 0406)
    dated = as_of(a) is not None and as_of(b) is not None and as_of(a) != as_of(b)
    flagged = a.update or b.update
    growing = grows(a, ctx.growing) or grows(b, ctx.growing)
    if a.fact_date and b.fact_date and a.fact_date != b.fact_date and not growing:
        return None  # two days' figures of a count that does not grow: two events
    if gap_ratio(a, b) > s.measure_ratio_max and not flagged:
        return None
    if growing and not (dated or flagged) and same_day_order([[a], [b]], s, ctx.growing) is None:
        return None  # two tolls of one day: one count as it grew, else two places
    # Ranked after every agreeing link: a figure first joins the figures it agrees with.
    return sim - 1.0


def _lexical_same(a: Facts, b: Facts, ctx: Context, s: ClaimSettings) -> float | None:
    """The lexical rules (decisions 0402-0406)."""
    agreeing = compatible(a, b)
    if not _same_kind(a, b, agreeing):
        return None
    if a.part != b.part or (a.part and not agreeing):
        return None  # a part of a total is never the total; two different parts differ
    if a.update != b.update and not agreeing:
        return None  # "rose to seven" updates the earlier six, it does not contradict it
    sim = 1.0 if (a.claim.article, a.sentence_index) == (b.claim.article, b.sentence_index) \
        else jaccard(a.words, b.words)
    if a.fact_date and b.fact_date and a.fact_date != b.fact_date:
        return None
    if different_weekdays(a, b):
        return None
    if a.period_bucket and b.period_bucket and a.period_bucket != b.period_bucket:
        return None
    if agreeing:
        return sim
    if _unnamed_point(a, b):
        return None
    if a.scope != b.scope:
        return None  # "in Leeds" vs "nationwide", a province vs the nation (decision 0406)
    if _kind(a) == "magnitude":
        return _one_quake(a, b, ctx)
    if is_measure(a):
        if not _same_measure(a, b):
            return None
    elif outlier_pair(a, b, ctx, s):
        return sim
    # Disagreeing values: be strict.
    if a.claim.article == b.claim.article and not (
        a.source and b.source and a.source != b.source
    ):
        return None
    if a.claim.article != b.claim.article and a.source and b.source and a.source != b.source:
        return None  # named parties on two pages: only merge_disputes, with all its guards
    if (a.fact_date is None) != (b.fact_date is None):
        return None
    if (a.period_bucket is None) != (b.period_bucket is None):
        return None
    if a.period_bucket in {"months", "years", "open"}:
        return sim  # cumulative totals over the same scale: one fact per story
    if not same_place(a.place, b.place):
        return None
    same_event = ctx.event.get(a.claim.article) == ctx.event.get(b.claim.article)
    if a.fact_date is not None:
        return sim if sim >= s.incident_similarity_dated else None
    if same_event and sim >= s.incident_similarity_undated:
        return sim
    return None


_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")


def _years_near(f: Facts, width: int = 40) -> frozenset[str]:
    """Calendar years written within ``width`` characters of the figure ("the 2010 quake of
    magnitude 7.0"); a year elsewhere in the sentence dates another clause."""
    start, end = f.span
    return frozenset(_YEAR.findall(f.sentence[max(0, start - width):end + width]))


def _one_quake(a: Facts, b: Facts, ctx: Context) -> float | None:
    """Differing magnitudes are rival readings of one quake (issue 14: agencies' 6.8, 6.9
    and 7.1) when their pages are in one known event story, neither is an aftershock unless
    both are (``modifiers``: lexicon ``shock_words``), and their places and the years
    written beside them do not differ. Whatever the wording or the named sources: one quake
    has one magnitude. Ranked below agreeing links."""
    ea, eb = ctx.event.get(a.claim.article), ctx.event.get(b.claim.article)
    if ea is None or ea != eb or a.modifiers != b.modifiers or _years_near(a) != _years_near(b):
        return None
    if not same_place(a.place, b.place) or different_weekdays(a, b):
        return None
    return 0.0


def _same_measure(a: Facts, b: Facts) -> bool:
    """Disagreeing money figures or percentages (decision 0406) may be one fact only when
    their clauses name the same parties and places ("Japan pledged" is not "donors
    pledged") and their sentences the same years and months, and neither is a change in
    points (two poll swings are rarely one fact). No outlier shortcut: a tenfold gap between
    two amounts is as often a part against a total as a wrong figure."""
    if a.unit_class == "points":
        return False
    return a.names == b.names and a.when == b.when


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
        checkpoint()  # quadratic in the storyline's claims (storylens.deadline)
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


def _named(group: Sequence[Facts]) -> set[str]:
    return {f.source for f in group if f.source}


def _dispute_pair(g1: Sequence[Facts], g2: Sequence[Facts]) -> bool:
    """Two groups that are one disputed figure: the same count (unit and event class, no
    parts or updates), every value of one incompatible with every value of the other, named
    sources on both sides and none on both, no contradicting dates, and at least one article
    that reports both figures from different named sources (the outlet itself presents them
    as rival figures for one fact)."""
    both = [*g1, *g2]
    if any(f.claim.kind != "quantity" or f.part or f.update for f in both):
        return False
    units = {f.unit_class for f in both}
    events = {f.event_class for f in both}
    if len(units) != 1 or None in units or len(events) != 1 or None in events:
        return False
    if any(compatible(a, b) for a in g1 for b in g2):
        return False
    n1, n2 = _named(g1), _named(g2)
    if not n1 or not n2 or n1 & n2:
        return False
    dates = {f.fact_date for f in both if f.fact_date}
    if len(dates) > 1:
        return False
    periods = {f.period_bucket for f in both}
    if len(periods) > 1:
        return False
    return any(
        a.claim.article == b.claim.article and a.source and b.source and a.source != b.source
        for a in g1 for b in g2
    )


def same_party(a: str, b: str) -> bool:
    """Source keys that may name one party: equal, or one's words inside the other's
    ("police" ~ "police spokesman")."""
    wa, wb = set(a.split()), set(b.split())
    return wa <= wb or wb <= wa


def _one_side_per_article(group: Sequence[Facts], ctx: Context) -> bool:
    """Every article of ``group`` states only figures of this count compatible with its own
    (an article that also gives another figure of the same count may be giving a part, a
    region or an earlier count: left alone)."""
    for f in group:
        for g in ctx.quantities.get(f.claim.article, ()):
            if g is not f and g.unit_class == f.unit_class and g.event_class == f.event_class \
                    and not compatible(f, g):
                return False
    return True


def _rival_parties(g1: Sequence[Facts], g2: Sequence[Facts], ctx: Context, s: ClaimSettings,
                   growing: frozenset[str]) -> bool:
    """Two groups on different pages that are one figure disputed between named parties
    (decision 0406): "police said 5,000 marched" on one page, "organisers said 20,000" on
    another, no page carrying both. Every guard must hold:

    - the same count: one unit class and one event class (or measured subject), every figure
      its article's lead total of that count, none a part, baseline or update, no change in
      points, and no article also giving another figure of the count;
    - every figure attributed to a named, specific party (``source_key`` is None for
      "officials", "a spokesman": lexicon ``unspecific_heads``), no party on both sides, and
      the sides on different pages and lineages;
    - all pages in one known event story;
    - no contradicting date, weekday, period, place, scope words ("nationwide"), modifiers,
      or (money, percentages) names and years;
    - a count that grows (lexicon ``growing_events``: tolls, the wounded, the displaced)
      only when both sides are dated the same day, or every page has a publication date
      within ``outlier_max_days_later`` days of the others; any other count only when the
      pages' known publication dates are that close;
    - the two sentences share at least ``dispute_similarity`` of their content words.
    """
    both = [*g1, *g2]
    if any(f.claim.kind != "quantity" or f.part or f.update or not f.lead
           or f.unit_class == "points" or f.source is None for f in both):
        return False
    units = {f.unit_class for f in both}
    events = {f.event_class for f in both}
    if len(units) != 1 or None in units or len(events) != 1 or None in events:
        return False
    n1, n2 = _named(g1), _named(g2)
    if any(same_party(x, y) for x in n1 for y in n2):
        return False
    arts1, arts2 = {f.claim.article for f in g1}, {f.claim.article for f in g2}
    if arts1 & arts2:
        return False  # one page reporting both figures: the rule of _dispute_pair
    if {ctx.lineage.get(a) for a in arts1} & {ctx.lineage.get(a) for a in arts2}:
        return False
    stories = {ctx.event.get(a) for a in arts1 | arts2}
    if len(stories) != 1 or None in stories:
        return False
    if any(compatible(a, b) for a in g1 for b in g2):
        return False
    if not (_one_side_per_article(g1, ctx) and _one_side_per_article(g2, ctx)):
        return False
    if len({f.fact_date for f in both if f.fact_date}) > 1:
        return False
    if len({f.period_bucket for f in both}) > 1 or len({f.scope for f in both}) > 1:
        return False
    for a in g1:
        for b in g2:
            if different_weekdays(a, b) or not same_place(a.place, b.place):
                return False
            if a.modifiers and b.modifiers and not (a.modifiers & b.modifiers):
                return False
            if is_measure(a) and not _same_measure(a, b):
                return False
    published = [f.published for f in both]
    close = None not in published and (
        max(p for p in published if p) - min(p for p in published if p)
    ).days <= s.outlier_max_days_later
    known = [p for p in published if p]
    if known and (max(known) - min(known)).days > s.outlier_max_days_later:
        return False  # a later page may give a later count
    if next(iter(events)) in growing:
        same_day = all(f.fact_date for f in both) and len({f.fact_date for f in both}) == 1
        if not (same_day or close):
            return False
    sim = max(jaccard(a.words, b.words) for a in g1 for b in g2)
    return sim >= s.dispute_similarity


def merge_disputes(groups: list[list[Facts]], ctx: Context | None = None,
                   s: ClaimSettings | None = None,
                   growing: frozenset[str] = frozenset()) -> list[list[Facts]]:
    """Join groups that state rival figures for one fact from different named sources
    (an attributed dispute may be reported across several articles, each linking only to
    the figure it agrees with): either one page reports both (``_dispute_pair``, decision
    0403) or, given ``ctx`` and ``s``, named parties on different pages of one event
    (``_rival_parties``, decision 0406)."""
    out = [list(g) for g in groups]

    def rivals(g1: list[Facts], g2: list[Facts]) -> bool:
        if _dispute_pair(g1, g2):
            return True
        return ctx is not None and s is not None and _rival_parties(g1, g2, ctx, s, growing)

    merged = True
    while merged:
        merged = False
        for i in range(len(out)):
            checkpoint()
            for j in range(i + 1, len(out)):
                if rivals(out[i], out[j]):
                    out[i] = sorted(out[i] + out[j], key=lambda f: f.claim.id)
                    del out[j]
                    merged = True
                    break
            if merged:
                break
    return out


def merge_measures(groups: list[list[Facts]], ctx: Context,
                   s: ClaimSettings) -> list[list[Facts]]:
    """Join two groups that state one measure with values that differ (decision 0407): a
    figure repeated on two or more pages and another figure on other pages ("35
    nationalities" on three pages, "32" on one; 732 dead, later 761), each group one value
    and at least one cross pair of values that differ. Pairwise links miss
    these, since the rival figure's words often differ from each page's: here it is enough
    that one group is established (two or more pages, one value), every cross pair passes
    the guards of ``same_measure_by_meaning`` and its value rules, at least one cross pair
    reaches ``measure_similarity_rival``, and no page of either group also states a figure
    of this kind compatible with the other group's (a page giving both figures may be giving
    two measures)."""
    if ctx.space is None:
        return groups
    out = [list(g) for g in groups]

    def one_side(g: list[Facts]) -> bool:
        return all(compatible(a, b) for i, a in enumerate(g) for b in g[i + 1:])

    def score(g1: list[Facts], g2: list[Facts]) -> float | None:
        checkpoint()  # called for every pair of groups, again after each merge
        if any(f.claim.kind != "quantity" for f in (*g1, *g2)):
            return None
        pages1, pages2 = {f.claim.article for f in g1}, {f.claim.article for f in g2}
        if pages1 & pages2 or max(len(pages1), len(pages2)) < 2:
            return None
        if not (one_side(g1) and one_side(g2)):
            return None
        best, differ = -1.0, False
        assert ctx.space is not None
        for a in g1:
            for b in g2:
                if not _may_be_same(a, b):
                    return None
                sim = ctx.space.similarity(a.claim.id, b.claim.id)
                if sim is None:
                    return None
                if not compatible(a, b):  # ("more than 30" may agree with both sides)
                    differ = True
                    if _by_value(a, b, ctx, s, 1.0, 0.0) is None:
                        return None
                best = max(best, sim)
        if not differ or best < s.measure_similarity_rival:
            return None
        if any(_also_states(a, b, ctx) for a in g1 for b in g2) or \
                any(_also_states(b, a, ctx) for a in g1 for b in g2):
            return None
        return best

    merged = True
    while merged:
        merged = False
        pairs = [(sc, i, j) for i in range(len(out)) for j in range(i + 1, len(out))
                 if (sc := score(out[i], out[j])) is not None]
        if pairs:
            _, i, j = max(pairs, key=lambda p: (p[0], -p[1], -p[2]))
            out[i] = sorted(out[i] + out[j], key=lambda f: f.claim.id)
            del out[j]
            merged = True
    return out


def measure_difference(a: Facts, b: Facts, ctx: Context) -> str | None:
    """Why two figures that a reader may take for one are different measures (issue 14), or
    None: two figures of one sentence that count one thing (or people under two events)
    under another event, scope, place or period: "12 killed and 45 injured", "900 injured
    in one province, 150 in the next". Parts, updates and differences are left out (they have
    their own rules), and so are figures of different kinds (a count and a sum of money).
    Look-alike figures across sentences ("13 villages", "13 cities") are not flagged: their
    nouns are as often synonyms as different things."""
    if a.claim.kind != "quantity" or b.claim.kind != "quantity" or _kind(a) != _kind(b):
        return None
    if a.part or b.part or a.update or b.update or a.change or b.change:
        return None
    if a.claim.article != b.claim.article or a.sentence_index != b.sentence_index \
            or a.span == b.span:
        return None
    ua, ub, ea, eb = a.unit_class, b.unit_class, a.event_class, b.event_class
    if ua != ub and not {ea, eb} <= ctx.growing:  # "three protesters killed, 80 others hurt"
        return None
    if ea and eb and ea != eb:
        return f"{ea} vs {eb}"
    if a.scope != b.scope:
        return "different scope"
    if a.place and b.place and not same_place(a.place, b.place):
        return f"{a.place} vs {b.place}"
    if a.period_bucket and b.period_bucket and a.period_bucket != b.period_bucket:
        return "different period"
    return None


def different_measures(groups: Sequence[Sequence[Facts]],
                       ctx: Context) -> list[tuple[Facts, Facts, str]]:
    """Pairs of figures from two different quantity groups that state different measures a
    reader may confuse (``measure_difference``), with the reason: the first such pair per
    pair of groups."""
    out: list[tuple[Facts, Facts, str]] = []
    for i, g1 in enumerate(groups):
        for j in range(i + 1, len(groups)):
            g2 = groups[j]
            if {id(f) for f in g1} & {id(f) for f in g2}:
                continue
            found = next(((a, b, r) for a in g1 for b in g2
                          if (r := measure_difference(a, b, ctx)) is not None), None)
            if found is not None:
                out.append(found)
    return out


def merge_stated_updates(groups: list[list[Facts]], ctx: Context) -> list[list[Facts]]:
    """Join two groups of one growing count when a page orders them itself (issue 14): one
    sentence reports a figure of one group as a change ("the toll jumped to 96") and a
    figure of the other as where it came from ("from a first report of 40"). Every cross
    pair must still be one count (``_may_be_same`` apart from the page rule), each group
    one value; the verdict (``compare.update_order``) then lists them as an update."""
    out = [list(g) for g in groups]

    def stated(g1: list[Facts], g2: list[Facts]) -> bool:
        if any(f.claim.kind != "quantity" or not grows(f, ctx.growing) for f in (*g1, *g2)):
            return False
        if not any(a.earlier and b.update and a.claim.article == b.claim.article
                   and a.sentence_index == b.sentence_index for a in g1 for b in g2):
            return False
        if any(compatible(a, b) for a in g1 for b in g2):
            return False
        if not all(compatible(a, b) for g in (g1, g2) for i, a in enumerate(g)
                   for b in g[i + 1:]):
            return False
        return all(a.claim.article == b.claim.article or _may_be_same(a, b)
                   for a in g1 for b in g2)

    merged = True
    while merged:
        merged = False
        for i in range(len(out)):
            for j in range(len(out)):
                if i != j and stated(out[i], out[j]):
                    out[i] = sorted(out[i] + out[j], key=lambda f: f.claim.id)
                    del out[j]
                    merged = True
                    break
            if merged:
                break
    return out
