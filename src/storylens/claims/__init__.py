"""The claims stage: facts lined up across sources (issue 6).

``run(analysis, settings)`` extracts claims from every article (quantities, dates, attributed
statements; see :mod:`.extract`), groups the claims that state the same fact within each
storyline (:mod:`.align`) and judges each group (:mod:`.compare`): agree, conflict (with the
outlier article and how far off it is), attributed-dispute (named sources disagree) or single
(one lineage only). Copies count once: ``independent_sources`` counts lineages. Pages
without a publication date may get an inferred anchor date from their event
(:mod:`.anchor`, decision 0404), always marked as inferred in the claims' date evidence.

Also public: ``timeline(analysis, story_id)`` (dated events with their sources, for the brief);
the Rich table of ``storylens claims STORY`` is :func:`storylens.display.render_matrix`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Collection, Sequence

from storylens.claims.align import (
    Context,
    _kind,
    different_measures,
    link_groups,
    merge_disputes,
    merge_measures,
    merge_stated_updates,
)
from storylens.claims.align import _may_be_same as may_be_same
from storylens.claims.anchor import infer_anchors
from storylens.claims.compare import make_difference, make_group
from storylens.claims.extract import Facts, extract_claims
from storylens.claims.lexicon import Lexicon, load_lexicon
from storylens.claims.measure import MeasureSpace, context, load_measure_encoder
from storylens.claims.render import timeline
from storylens.deadline import Overrun, add_overruns, bounded
from storylens.parallel import map_ordered, resolve_workers
from storylens.records import Analysis, Article, Claim, ClaimGroup
from storylens.settings import ClaimSettings, Settings

__all__ = ["build_context", "run", "storylines", "timeline"]

# The stage contract (checked by storylens.pipeline): the analysis fields it reads,
# and the ones it fills ("articles.x": it sets that field of every article).
NEEDS = ("articles", "stories", "lineages")
ADDS = ("claims", "claim_groups")


def storylines(analysis: Analysis) -> list[tuple[str, tuple[str, ...]]]:
    """(storyline id, article ids); all articles form one storyline when there are none.
    Articles in no storyline are each their own."""
    ids = [a.id for a in analysis.articles]
    lines = [(s.id, s.articles) for s in analysis.stories if s.level == "storyline"]
    if not lines:
        return [("all", tuple(ids))]
    covered = {a for _, arts in lines for a in arts}
    return lines + [(f"solo:{a}", (a,)) for a in ids if a not in covered]


def build_context(analysis: Analysis) -> Context:
    lineage = {a.id: f"solo:{a.id}" for a in analysis.articles}
    for lin in analysis.lineages:
        for a in lin.articles:
            lineage[a] = lin.id
    event = {a: s.id for s in analysis.stories if s.level == "event" for a in s.articles}
    return Context(lineage=lineage, event=event)


def measure_space(facts: Sequence[Facts], s: ClaimSettings,
                  wanted: Collection[str] | None = None) -> MeasureSpace:
    """Context vectors of quantity claims (decision 0407): ``wanted`` (default: all) encoded
    in one encoder batch, any other on first use."""
    items = [(f.claim.id, context(f.sentence, f.span, s.context_words_before,
                                  s.context_words_after))
             for f in facts if f.claim.kind == "quantity" and f.sentence]
    return MeasureSpace.build(items, load_measure_encoder(s) if items else None, wanted)


def comparable(facts: Sequence[Facts], analysis: Analysis) -> set[str]:
    """Ids of the quantity claims that have a candidate partner in their storyline (a figure
    on another page that the aligner's lexical guards let through): the only ones whose
    context vectors the aligner reads (issue #17; any other is encoded on first use)."""
    by_article: dict[str, list[Facts]] = {}
    for f in facts:
        if f.claim.kind == "quantity" and f.sentence:
            by_article.setdefault(f.claim.article, []).append(f)
    out: set[str] = set()
    for _, arts in storylines(analysis):
        if len(arts) < 2:
            continue
        buckets: dict[tuple[str, object], list[Facts]] = {}
        for aid in dict.fromkeys(arts):
            for f in by_article.get(aid, ()):
                buckets.setdefault((_kind(f), f.part), []).append(f)
        for bucket in buckets.values():
            for i, a in enumerate(bucket):
                for b in bucket[i + 1:]:
                    if a.claim.id in out and b.claim.id in out:
                        continue
                    if may_be_same(a, b) or may_be_same(b, a):
                        out.add(a.claim.id)
                        out.add(b.claim.id)
    return out


def group_claims(
    facts: Sequence[Facts], analysis: Analysis, settings: Settings, lex: Lexicon | None = None,
    space: MeasureSpace | None = None, overruns: list[Overrun] | None = None,
) -> list[ClaimGroup]:
    """Claim groups per storyline, ids ``<story>:g<NNN>`` in text order. A storyline over
    its time budget (``settings.unit_timeout`` per article) gets no groups; it is listed
    in ``overruns``."""
    lex = lex or load_lexicon(settings.claims)
    ctx = dataclasses.replace(build_context(analysis), space=space,
                              growing=lex.growing_events)
    for f in facts:
        if f.claim.kind == "quantity":
            ctx.quantities.setdefault(f.claim.article, []).append(f)
    articles: dict[str, Article] = {a.id: a for a in analysis.articles}
    position = {aid: k for k, aid in enumerate(articles)}
    facts_of: dict[str, list[int]] = {}  # article id -> positions in facts (issue #17)
    for k, f in enumerate(facts):
        facts_of.setdefault(f.claim.article, []).append(k)

    def storyline_groups(story_id: str, mine: list[Facts]) -> list[ClaimGroup]:
        groups: list[list[Facts]] = []
        quantities: list[list[Facts]] = []
        for kind in ("quantity", "date", "statement"):
            found = link_groups([f for f in mine if f.claim.kind == kind], ctx, settings.claims)
            if kind == "statement":  # lone statements are not facts to reconcile
                found = [g for g in found if len(g) > 1]
            if kind == "quantity":
                found = merge_disputes(found, ctx, settings.claims, lex.growing_events)
                found = merge_measures(found, ctx, settings.claims)
                found = merge_stated_updates(found, ctx)
                quantities = found
            groups.extend(found)
        groups.sort(key=lambda g: min(_order(f.claim, position) for f in g))
        made = [make_group(f"{story_id}:g{n:03d}", story_id, group, ctx, settings.claims,
                           articles, pool=mine) for n, group in enumerate(groups)]
        # Figures a reader may take for one fact, shown apart (issue 14), after the groups.
        made.extend(make_difference(f"{story_id}:d{m:03d}", story_id, a, b, reason, ctx,
                                    articles)
                    for m, (a, b, reason) in enumerate(different_measures(quantities, ctx)))
        return made

    budget = settings.unit_timeout
    cap = settings.claims.max_grouped_per_article

    def one(line: tuple[str, tuple[str, ...]]) -> tuple[list[ClaimGroup] | None, list[Overrun]]:
        story_id, arts = line
        notes: list[Overrun] = []
        mine = [facts[k] for k in sorted({k for a in arts for k in facts_of.get(a, ())})]
        crowded = {a for a in arts if len(facts_of.get(a, ())) > cap}
        if crowded:  # bounded work per input: only an article's first `cap` claims
            first = {a: set(facts_of[a][:cap]) for a in crowded}  # text order
            mine = [facts[k] for k in sorted({k for a in arts for k in facts_of.get(a, ())})
                    if facts[k].claim.article not in crowded
                    or k in first[facts[k].claim.article]]
            notes.extend(Overrun(
                "claims", f"grouping of its claims after the first {cap}", (a,), 0.0,
                "claims.max_grouped_per_article",
                f"{len(facts_of[a]):,} claims in one article") for a in sorted(crowded))
        found = bounded("claims.storyline", budget * len(arts), storyline_groups, story_id,
                        mine)
        if found is None:  # its claims stay, ungrouped
            notes.append(Overrun("claims", "claim groups of the storyline", tuple(arts),
                                 budget * len(arts), "unit_timeout"))
        return found, notes

    # Storyline by storyline, on every core (storylens.parallel: same groups for any count).
    out: list[ClaimGroup] = []
    for found, notes in map_ordered(one, storylines(analysis),
                                    resolve_workers(settings.workers)):
        out.extend(found or ())
        if overruns is not None:
            overruns.extend(notes)
    return out


def _order(claim: Claim, position: dict[str, int]) -> tuple[int, str]:
    """Text order of a claim: its article's place in the analysis, then its id."""
    return (position.get(claim.article, len(position)), claim.id)


def _run_year(analysis: Analysis) -> int:
    """The year of the run date the job recorded in ``meta["run_date"]`` (the clock is read
    at the edge, not here); today's year when the analysis carries none."""
    run_date = str(analysis.meta.get("run_date") or "")
    return int(run_date[:4]) if run_date[:4].isdigit() else dt.date.today().year


def run(analysis: Analysis, settings: Settings) -> Analysis:
    """Fill ``claims`` and ``claim_groups``; articles are kept as they are (an inferred
    anchor date for an undated article, decision 0404, only resolves its claims' dates)."""
    s = settings.claims
    lex = load_lexicon(s)
    anchors = infer_anchors(analysis, lex, s, s.anchor_latest_year or _run_year(analysis)) \
        if s.infer_anchor else {}
    # Article by article, on every core (storylens.parallel: same claims for any count).
    per_article = map_ordered(
        lambda a: bounded("claims.article", settings.unit_timeout, extract_claims, a, lex, s,
                          anchors.get(a.id)),
        analysis.articles, resolve_workers(settings.workers), chunk=16)
    facts: list[Facts] = []
    overruns: list[Overrun] = []
    for a, got in zip(analysis.articles, per_article, strict=True):
        if got is None:
            overruns.append(Overrun("claims", "claims of the article", (a.id,),
                                    settings.unit_timeout, "unit_timeout"))
        else:
            facts.extend(got)
    space = measure_space(facts, s, comparable(facts, analysis))
    groups = group_claims(facts, analysis, settings, lex, space, overruns)
    return dataclasses.replace(
        analysis, claims=tuple(f.claim for f in facts), claim_groups=tuple(groups),
        meta=add_overruns(analysis.meta, overruns),
    )
