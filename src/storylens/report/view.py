"""Pure view model: what the report and the web app show, computed from an Analysis.

Nothing here escapes or formats HTML: templates do that (autoescape on), so scraped text is
always treated as text. Every section distinguishes "not computed" (the stage produced nothing
for the whole analysis) from "none found" (the stage ran but found nothing for this story).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from storylens.claims.dates import INFERRED
from storylens.records import (
    DERIVED_RELATIONS,
    Alignment,
    Analysis,
    Article,
    Brief,
    Claim,
    ClaimGroup,
    Framing,
    Lineage,
    Relation,
    Story,
)
from storylens.settings import Settings
from storylens.text import split_sentences

UNASSIGNED_ID = "unassigned"

RELATION_LABELS: dict[str, str] = {
    "duplicate": "duplicate",
    "spun-copy": "spun copy",
    "rewrite": "rewrite",
    "shared-source": "shared source",
    "quotes-only": "quotes only",
    "independent": "independent",
}
STATUS_LABELS: dict[str, str] = {
    "agree": "agree",
    "conflict": "conflict",
    "attributed-dispute": "dispute",
    "update": "update",
    "different-measure": "different measure",
    "single": "single source",
}

_TOKEN = re.compile(r"\w+(?:[’'.,-]\w+)*|[^\w\s]", re.UNICODE)


def label_relation(kind: str) -> str:
    return RELATION_LABELS.get(kind, kind)


def article_label(article: Article | None, fallback: str) -> str:
    """A short human label: the outlet, else the article id."""
    if article is None:
        return fallback
    return article.outlet or article.id


# --------------------------------------------------------------------------- relations


def orient(relation: Relation, a: str, b: str) -> Relation:
    """Return ``relation`` seen from (a, b): swaps sides, texts and direction if needed."""
    if relation.a == a and relation.b == b:
        return relation
    flipped = {"a->b": "b->a", "b->a": "a->b", None: None}[relation.direction]
    return Relation(
        a=relation.b, b=relation.a, relation=relation.relation, score=relation.score,
        direction=flipped,  # type: ignore[arg-type]
        alignments=tuple(
            Alignment(
                a_text=al.b_text, b_text=al.a_text, similarity=al.similarity,
                substitutions=tuple((t, f) for f, t in al.substitutions),
                verbatim_share=al.verbatim_share, a_index=al.b_index, b_index=al.a_index,
                meaning=al.meaning, kind=al.kind,
            )
            for al in relation.alignments
        ),
        evidence=relation.evidence,
    )


def find_relation(analysis: Analysis, a: str, b: str) -> Relation | None:
    """The stored relation between a and b (either order), oriented as (a, b)."""
    for rel in analysis.relations:
        if {rel.a, rel.b} == {a, b} and rel.a != rel.b:
            return orient(rel, a, b)
    return None


def source_of(relation: Relation) -> tuple[str, str] | None:
    """(origin, derived) when the relation has a direction; a->b means b derives from a."""
    if relation.direction == "a->b":
        return relation.a, relation.b
    if relation.direction == "b->a":
        return relation.b, relation.a
    return None


# --------------------------------------------------------------------------- compare


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text in an aligned sentence: same (verbatim), sub (substituted) or only."""

    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class AlignedRow:
    a: tuple[Segment, ...]
    b: tuple[Segment, ...]
    similarity: float
    verbatim_share: float
    substitutions: tuple[tuple[str, str], ...]
    kind: str = ""  # "translation": the two sides are in different languages


@dataclass(frozen=True, slots=True)
class CompareView:
    a: Article | None
    b: Article | None
    a_id: str
    b_id: str
    relation: Relation | None
    rows: tuple[AlignedRow, ...]
    only_a: tuple[str, ...]
    only_b: tuple[str, ...]
    origin: str | None  # article id of the source side, if the direction is known


def _tokens_with_space(text: str) -> list[str]:
    """Tokens that keep their trailing whitespace so joining them restores the text."""
    return re.findall(r"\S+\s*", text)


def _norm(tok: str) -> str:
    return re.sub(r"\W+", "", tok.lower())


_MAX_COMPARE_TOKENS = Settings().report_compare_max_tokens


def _segments(
    mine: list[str], theirs: list[str], subs_mine: set[str], side: str,
    max_tokens: int = _MAX_COMPARE_TOKENS,
) -> tuple[Segment, ...]:
    """Mark each token of ``mine`` as verbatim in ``theirs``, substituted, or only here.
    Only the first ``max_tokens`` of each side are compared; the rest follows, muted."""
    rest = mine[max_tokens:]
    mine, theirs = mine[:max_tokens], theirs[:max_tokens]
    head = _compared_segments(mine, theirs, subs_mine, side)
    if not rest:
        return head
    return (*head, Segment("muted", "".join(rest)))


def _compared_segments(
    mine: list[str], theirs: list[str], subs_mine: set[str], side: str
) -> tuple[Segment, ...]:
    matcher = difflib.SequenceMatcher(
        a=[_norm(t) for t in mine], b=[_norm(t) for t in theirs], autojunk=False
    )
    if side == "b":
        matcher = difflib.SequenceMatcher(
            a=[_norm(t) for t in theirs], b=[_norm(t) for t in mine], autojunk=False
        )
    kinds = ["only"] * len(mine)
    for block in matcher.get_matching_blocks():
        start = block.a if side == "a" else block.b
        for i in range(start, start + block.size):
            kinds[i] = "same"
    for i, tok in enumerate(mine):
        if kinds[i] == "only" and _norm(tok) and _in_phrases(i, mine, subs_mine):
            kinds[i] = "sub"
    out: list[Segment] = []
    for tok, kind in zip(mine, kinds, strict=True):
        if out and out[-1].kind == kind:
            out[-1] = Segment(kind, out[-1].text + tok)
        else:
            out.append(Segment(kind, tok))
    return tuple(out)


def _in_phrases(i: int, tokens: list[str], phrases: set[str]) -> bool:
    """Whether token i lies inside one of the substitution phrases (word-wise match)."""
    for phrase in phrases:
        words = [_norm(w) for w in phrase.split() if _norm(w)]
        n = len(words)
        if not n:
            continue
        for start in range(max(0, i - n + 1), i + 1):
            window = [_norm(t) for t in tokens[start:start + n]]
            if window == words:
                return True
    return False


def aligned_row(al: Alignment) -> AlignedRow:
    a_toks, b_toks = _tokens_with_space(al.a_text), _tokens_with_space(al.b_text)
    subs_a = {f for f, _ in al.substitutions}
    subs_b = {t for _, t in al.substitutions}
    return AlignedRow(
        a=_segments(a_toks, b_toks, subs_a, "a"),
        b=_segments(b_toks, a_toks, subs_b, "b"),
        similarity=al.similarity, verbatim_share=al.verbatim_share,
        substitutions=al.substitutions, kind=al.kind,
    )


def _uncovered(article: Article | None, covered: Iterable[str]) -> tuple[str, ...]:
    if article is None:
        return ()
    pool = " ".join(_norm(w) for text in covered for w in text.split())
    out = []
    for sent in split_sentences(article.body):
        key = " ".join(_norm(w) for w in sent.split() if _norm(w))
        if key and key not in pool:
            out.append(sent)
    return tuple(out)


def compare_view(
    analysis: Analysis, a_id: str, b_id: str, relation: Relation | None = None
) -> CompareView:
    """Side-by-side view of two articles from their relation's alignments."""
    rel = relation if relation is not None else find_relation(analysis, a_id, b_id)
    if rel is not None:
        rel = orient(rel, a_id, b_id)
    a, b = analysis.article(a_id), analysis.article(b_id)
    alignments = rel.alignments if rel else ()
    so = source_of(rel) if rel else None
    return CompareView(
        a=a, b=b, a_id=a_id, b_id=b_id, relation=rel,
        rows=tuple(aligned_row(al) for al in alignments),
        only_a=_uncovered(a, (al.a_text for al in alignments)) if alignments else (),
        only_b=_uncovered(b, (al.b_text for al in alignments)) if alignments else (),
        origin=so[0] if so else None,
    )


# --------------------------------------------------------------------------- sources


@dataclass(frozen=True, slots=True)
class Badge:
    kind: str  # relation kind
    label: str
    other: str  # other article id
    other_label: str
    role: str  # "copy of", "source of", "" (undirected)

    @property
    def text(self) -> str:
        """'spun copy of X', 'source of X (rewrite)' or 'independent of X'."""
        if self.role == "source of":
            return f"source of {self.other_label} ({self.label})"
        if self.role == "copy of":
            return f"{self.label} of {self.other_label}"
        return f"{self.label} {'of' if self.kind == 'independent' else 'with'} {self.other_label}"


@dataclass(frozen=True, slots=True)
class SourceRow:
    article: Article
    badges: tuple[Badge, ...]
    original_share: float | None  # share of the article's words not copied verbatim
    original_note: str
    lineage: str | None


def _word_count(text: str) -> int:
    return len(text.split())


def original_share(article: Article, relations: Sequence[Relation]) -> tuple[float | None, str]:
    """Share of the article's words that are its own, from the alignments of relations in
    which it is the derived side (or an undirected copy)."""
    copied = 0.0
    derived = False
    for rel in relations:
        if rel.relation not in DERIVED_RELATIONS or article.id not in (rel.a, rel.b):
            continue
        so = source_of(rel)
        if so is not None and so[1] != article.id:
            continue
        derived = True
        r = orient(rel, article.id, rel.b if rel.a == article.id else rel.a)
        copied = max(copied, sum(al.verbatim_share * _word_count(al.a_text)
                                 for al in r.alignments))
    total = _word_count(article.body)
    if not derived:
        return None, "no source found"
    if total == 0:
        return None, "no body text"
    return max(0.0, 1.0 - copied / total), ""


def source_rows(
    articles: Sequence[Article], relations: Sequence[Relation], lineages: Sequence[Lineage],
    labels: dict[str, str],
) -> tuple[SourceRow, ...]:
    lineage_of = {aid: lin.id for lin in lineages for aid in lin.articles if len(lin.articles) > 1}
    rows = []
    for art in articles:
        badges = []
        for rel in relations:
            if art.id not in (rel.a, rel.b) or rel.a == rel.b:
                continue
            other = rel.b if rel.a == art.id else rel.a
            so = source_of(rel)
            role = "" if so is None else ("copy of" if so[1] == art.id else "source of")
            badges.append(Badge(rel.relation, label_relation(rel.relation), other,
                                labels.get(other, other), role))
        share, note = original_share(art, relations)
        rows.append(SourceRow(art, tuple(badges), share, note, lineage_of.get(art.id)))
    return tuple(rows)


# --------------------------------------------------------------------------- claims


@dataclass(frozen=True, slots=True)
class ClaimRow:
    group: ClaimGroup
    cells: tuple[tuple[Claim, ...], ...]  # per source column
    status_label: str


@dataclass(frozen=True, slots=True)
class ClaimMatrix:
    columns: tuple[Article, ...]
    rows: tuple[ClaimRow, ...]


def claim_value(claim: Claim) -> str:
    """A compact rendering of a claim's value: 'more than 380,000 people killed'."""
    if claim.value is None:
        if claim.date:
            inferred = INFERRED in (claim.date_evidence or "")
            return f"{claim.date} (inferred)" if inferred else claim.date
        return claim.text
    num = f"{claim.value:,.0f}" if float(claim.value).is_integer() else f"{claim.value:,}"
    if claim.value_high is not None:
        high = claim.value_high
        num += "–" + (f"{high:,.0f}" if float(high).is_integer() else f"{high:,}")
    parts = [claim.qualifier or "", num, claim.unit or ""]
    return " ".join(p for p in parts if p)


def claim_matrix(
    groups: Sequence[ClaimGroup], claims: dict[str, Claim], articles: Sequence[Article]
) -> ClaimMatrix:
    col_ids = [a.id for a in articles]
    col_of: dict[str, int] = {}
    for k, aid in enumerate(col_ids):
        col_of.setdefault(aid, k)
    rows = []
    for g in groups:
        cells: list[list[Claim]] = [[] for _ in col_ids]
        for cid in g.claims:
            c = claims.get(cid)
            if c is not None and c.article in col_of:
                cells[col_of[c.article]].append(c)
        rows.append(ClaimRow(g, tuple(tuple(c) for c in cells),
                             STATUS_LABELS.get(g.status, g.status)))
    # What a reader must see first: conflicts, disputes, agreement; one-source facts last.
    rows.sort(key=lambda r: (STATUS_ORDER.get(r.group.status, len(STATUS_ORDER)),
                             -r.group.independent_sources))
    return ClaimMatrix(tuple(articles), tuple(rows))


STATUS_ORDER = {"conflict": 0, "attributed-dispute": 1, "update": 2, "agree": 3,
                "different-measure": 4, "single": 5}


# --------------------------------------------------------------------------- stories


@dataclass(frozen=True, slots=True)
class StoryView:
    story: Story
    title: str
    articles: tuple[Article, ...]
    sources: tuple[SourceRow, ...]
    relations: tuple[Relation, ...]  # not already shown in a child event's Compare
    relations_all: tuple[Relation, ...]  # every relation between this story's articles
    compare: tuple[CompareView, ...]
    claims: ClaimMatrix
    framing: tuple[Framing, ...]
    brief: Brief | None
    lineages: tuple[Lineage, ...]
    children: tuple[StoryView, ...] = ()
    unassigned: bool = False


@dataclass(frozen=True, slots=True)
class Computed:
    """Which stages produced anything at all (to say 'not computed' honestly)."""

    stories: bool
    relations: bool
    claims: bool
    framing: bool
    brief: bool


@dataclass(frozen=True, slots=True)
class ReportView:
    analysis: Analysis
    stories: tuple[StoryView, ...]
    computed: Computed
    labels: dict[str, str] = field(default_factory=dict)
    input_counts: dict[str, int] = field(default_factory=dict)


def computed(analysis: Analysis) -> Computed:
    return Computed(
        stories=bool(analysis.stories), relations=bool(analysis.relations),
        claims=bool(analysis.claims or analysis.claim_groups), framing=bool(analysis.framing),
        brief=bool(analysis.brief),
    )


def _rel_order(rel: Relation) -> tuple[int, float]:
    order = list(RELATION_LABELS)
    idx = order.index(rel.relation) if rel.relation in order else len(order)
    return idx, -rel.score


@dataclass(frozen=True, slots=True)
class ReportIndex:
    """Lookups over the whole analysis, built once per report: without them every story
    scanned every relation, claim group, lineage and brief of the run (quadratic, #17)."""

    labels: dict[str, str]
    claims_by_id: dict[str, Claim]
    relations_of: dict[str, list[int]]  # article id -> positions in analysis.relations
    groups_of_story: dict[str, list[int]]  # story id -> positions of groups naming it
    groups_of_article: dict[str, list[int]]  # article id -> positions of story-less groups
    lineages_of: dict[str, list[int]]
    framing_of: dict[str, list[Framing]]
    brief_of: dict[str, Brief]


def report_index(analysis: Analysis) -> ReportIndex:
    claims_by_id = {c.id: c for c in analysis.claims}
    relations_of: dict[str, list[int]] = {}
    for k, r in enumerate(analysis.relations):
        relations_of.setdefault(r.a, []).append(k)
        if r.b != r.a:
            relations_of.setdefault(r.b, []).append(k)
    groups_of_story: dict[str, list[int]] = {}
    groups_of_article: dict[str, list[int]] = {}
    for k, g in enumerate(analysis.claim_groups):
        if g.story is not None:
            groups_of_story.setdefault(g.story, []).append(k)
            continue
        for aid in {claims_by_id[c].article for c in g.claims if c in claims_by_id}:
            groups_of_article.setdefault(aid, []).append(k)
    lineages_of: dict[str, list[int]] = {}
    for k, lin in enumerate(analysis.lineages):
        for aid in set(lin.articles):
            lineages_of.setdefault(aid, []).append(k)
    framing_of: dict[str, list[Framing]] = {}
    for f in analysis.framing:
        framing_of.setdefault(f.story, []).append(f)
    brief_of: dict[str, Brief] = {}
    for b in analysis.brief:
        brief_of.setdefault(b.story, b)
    return ReportIndex(
        labels={a.id: article_label(a, a.id) for a in analysis.articles},
        claims_by_id=claims_by_id, relations_of=relations_of,
        groups_of_story=groups_of_story, groups_of_article=groups_of_article,
        lineages_of=lineages_of, framing_of=framing_of, brief_of=brief_of,
    )


def _positions(table: dict[str, list[int]], ids: Iterable[str]) -> list[int]:
    """Positions listed under any of ``ids``, once each, in the analysis' order."""
    return sorted({k for i in ids for k in table.get(i, ())})


def story_view(
    analysis: Analysis, story: Story, children: tuple[StoryView, ...] = (),
    unassigned: bool = False, index: ReportIndex | None = None,
) -> StoryView:
    ix = index if index is not None else report_index(analysis)
    ids = set(story.articles)
    members = {aid: a for aid in ids if (a := analysis.article(aid)) is not None}
    articles = tuple(sorted(members.values(), key=lambda a: (a.published or "9999", a.id)))
    labels = ix.labels
    rels = sorted((r for r in (analysis.relations[k] for k in _positions(ix.relations_of, ids))
                   if r.a in ids and r.b in ids and r.a != r.b),
                  key=_rel_order)
    shown_in_children = {frozenset((r.a, r.b)) for c in children for r in c.relations}
    own_rels = tuple(r for r in rels if frozenset((r.a, r.b)) not in shown_in_children)
    claims_by_id = ix.claims_by_id
    groups = []
    child_groups = {g.id for c in children for g in (row.group for row in c.claims.rows)}
    candidates = sorted({*ix.groups_of_story.get(story.id, ()),
                         *_positions(ix.groups_of_article, ids)})
    for g in (analysis.claim_groups[k] for k in candidates):
        if g.id in child_groups:
            continue
        if g.story is not None:
            if g.story == story.id:
                groups.append(g)
            continue
        arts = {claims_by_id[c].article for c in g.claims if c in claims_by_id}
        if arts and arts <= ids and not any(arts <= set(c.story.articles) for c in children):
            groups.append(g)
    brief = ix.brief_of.get(story.id)
    lineages = tuple(analysis.lineages[k] for k in _positions(ix.lineages_of, ids))
    title = story.title or (articles[0].title if articles else story.id)
    return StoryView(
        story=story, title=title, articles=articles,
        sources=source_rows(articles, rels, lineages, labels),
        relations=own_rels, relations_all=tuple(rels),
        compare=tuple(compare_view(analysis, r.a, r.b, r) for r in own_rels
                      if r.relation != "independent" or r.alignments),
        claims=claim_matrix(groups, claims_by_id, articles),
        framing=tuple(ix.framing_of.get(story.id, ())),
        brief=brief,
        lineages=lineages,
        children=children, unassigned=unassigned,
    )


def iter_story_views(analysis: Analysis, ix: ReportIndex | None = None) -> Iterator[StoryView]:
    """Top-level story views one at a time (storylines with their events nested, then
    stand-alone events, then unassigned articles): a caller that renders each and lets it go
    never holds every view of a large run."""
    ix = ix if ix is not None else report_index(analysis)
    events_by_parent: dict[str, list[Story]] = {}
    # Biggest storylines (and events) first: that is where the copies and conflicts are.
    storylines = sorted((s for s in analysis.stories if s.level == "storyline"),
                        key=lambda s: (-len(s.articles), s.id))
    storyline_ids = {s.id for s in storylines}
    for s in analysis.stories:
        if s.level == "event" and s.parent in storyline_ids:
            events_by_parent.setdefault(s.parent or "", []).append(s)
    for sl in storylines:
        events = sorted(events_by_parent.get(sl.id, []), key=lambda e: (-len(e.articles), e.id))
        kids = tuple(story_view(analysis, e, index=ix) for e in events)
        yield story_view(analysis, sl, kids, index=ix)
    for s in analysis.stories:
        if s.level == "event" and s.parent not in storyline_ids:
            yield story_view(analysis, s, index=ix)
    assigned = {aid for s in analysis.stories for aid in s.articles}
    rest = tuple(a.id for a in analysis.articles if a.id not in assigned)
    if rest:
        pseudo = Story(id=UNASSIGNED_ID, level="event", articles=rest,
                       title="Articles not assigned to any story")
        yield story_view(analysis, pseudo, unassigned=True, index=ix)


def input_counts(analysis: Analysis) -> dict[str, int]:
    counts: dict[str, int] = {}
    for rec in analysis.inputs:
        counts[rec.status] = counts.get(rec.status, 0) + 1
    return counts


def report_view(analysis: Analysis) -> ReportView:
    """Storylines with their events nested, then stand-alone events, then unassigned articles."""
    ix = report_index(analysis)
    return ReportView(
        analysis=analysis, stories=tuple(iter_story_views(analysis, ix)),
        computed=computed(analysis), labels=ix.labels, input_counts=input_counts(analysis),
    )


def framing_outlets(framings: Sequence[Framing]) -> list[str]:
    """Outlet columns of a framing table, in first-seen order."""
    seen: dict[str, None] = {}
    for f in framings:
        for o in f.outlets:
            seen.setdefault(o.outlet, None)
    return list(seen)


def find_story_view(view: ReportView, story_id: str) -> StoryView | None:
    stack = list(view.stories)
    while stack:
        sv = stack.pop()
        if sv.story.id == story_id:
            return sv
        stack.extend(sv.children)
    return None


def all_story_views(view: ReportView) -> list[StoryView]:
    out: list[StoryView] = []
    for sv in view.stories:
        out.append(sv)
        out.extend(sv.children)
    return out
