"""Records passed between pipeline stages.

Every record is a frozen, slotted dataclass with ``to_dict``/``from_dict`` so it can be stored,
sent to a worker process, and written to analysis.json. Stages never mutate a record: they
return new ones (``dataclasses.replace``). Field names follow the analysis.json contract in
DESIGN.md; fields marked "extra" are additions the contract allows.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

InputStatus = Literal["ingested", "duplicate", "skipped", "failed"]
PageKind = Literal["html", "text"]
StoryLevel = Literal["event", "storyline"]
RelationKind = Literal[
    "duplicate", "spun-copy", "rewrite", "shared-source", "quotes-only", "independent"
]
ClaimKind = Literal["quantity", "date", "event", "statement"]
GroupStatus = Literal[
    "agree", "conflict", "attributed-dispute", "update", "different-measure", "single"
]

RELATION_KINDS: tuple[str, ...] = (
    "duplicate", "spun-copy", "rewrite", "shared-source", "quotes-only", "independent",
)
DERIVED_RELATIONS: frozenset[str] = frozenset(
    {"duplicate", "spun-copy", "rewrite", "shared-source"}
)
"""Relations that put two articles in the same lineage (one source, counted once)."""

T = TypeVar("T")


def _plain(value: Any) -> Any:
    """Turn tuples (of records) into JSON-ready lists and dicts."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)
                if not f.name.startswith("_")}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


class _Record:
    """Mixin: ``to_dict`` for every record."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        out = _plain(self)
        assert isinstance(out, dict)
        return out


def _tup(items: Any) -> tuple[Any, ...]:
    return tuple(items or ())


@dataclass(frozen=True, slots=True)
class InputRecord(_Record):
    """What happened to one input file, URL or JSONL line."""

    source: str
    status: InputStatus
    reason: str = ""
    article: str | None = None  # the article id it became or duplicates
    kind: str = ""  # txt, html, jsonl, warc, url, feed
    url: str | None = None  # the record's URL when its source is a file:line (JSONL)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> InputRecord:
        return cls(
            source=d["source"], status=d["status"], reason=d.get("reason", ""),
            article=d.get("article"), kind=d.get("kind", ""), url=d.get("url"),
        )


@dataclass(frozen=True, slots=True)
class Page(_Record):
    """One decoded input document, before extraction.

    ``content`` is HTML for kind "html" and flattened page text for kind "text". ``id`` is
    derived from the input (file stem, or URL) and made unique by the ingest stage.
    """

    id: str
    source: str
    kind: PageKind
    content: str
    content_hash: str
    url: str | None = None
    published_hint: str | None = None  # from a JSONL/feed record or WARC header
    outlet_hint: str | None = None
    title_hint: str | None = None
    # Ingest warnings that did not stop the page (a hint field of the wrong type, dropped);
    # the runner puts them in the input's reason.
    warnings: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Page:
        known: dict[str, Any] = {f.name: d.get(f.name) for f in dataclasses.fields(cls)}
        known["warnings"] = tuple(d.get("warnings") or ())
        return cls(**known)


@dataclass(frozen=True, slots=True)
class SpinAssessment(_Record):
    """Machine-spun score for one article: 0..1, a label, and the phrases that show it."""

    score: float = 0.0
    label: bool = False
    evidence: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> SpinAssessment:
        d = d or {}
        return cls(
            score=float(d.get("score", 0.0)), label=bool(d.get("label", False)),
            evidence=_tup(d.get("evidence")),
        )


@dataclass(frozen=True, slots=True)
class Article(_Record):
    """Clean article text and metadata (the analysis.json ``articles[]`` entry)."""

    id: str
    source: str
    title: str
    body: str
    paragraphs: tuple[str, ...] = ()
    published: str | None = None  # YYYY-MM-DD
    published_evidence: str | None = None  # e.g. "meta: article:published_time", "text: ..."
    published_inferred: bool = False  # extra: date resolved from text, not stated as such
    byline: str | None = None
    outlet: str | None = None
    language: str | None = None
    kept_lines: tuple[int, ...] = ()  # 1-based input lines kept as title/body (text inputs)
    machine_spun: SpinAssessment = field(default_factory=SpinAssessment)
    dek: str | None = None  # extra: subheading
    captions: tuple[str, ...] = ()  # extra: photo captions / credits (metadata, not body)
    author_bio: str | None = None  # extra
    content_hash: str = ""  # extra: hash of the page content it came from
    url: str | None = None  # extra
    # extra: what was repaired in the page text before extraction, e.g. "mojibake repaired
    # (ftfy: encode sloppy-windows-1252, decode utf-8)"; None when the text was used as is
    text_repair: str | None = None

    @property
    def text(self) -> str:
        """Title and body, for stages that compare whole articles."""
        return f"{self.title}\n\n{self.body}" if self.title else self.body

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Article:
        return cls(
            id=d["id"], source=d["source"], title=d.get("title") or "", body=d.get("body") or "",
            paragraphs=_tup(d.get("paragraphs")), published=d.get("published"),
            published_evidence=d.get("published_evidence"),
            published_inferred=bool(d.get("published_inferred", False)),
            byline=d.get("byline"), outlet=d.get("outlet"), language=d.get("language"),
            kept_lines=_tup(d.get("kept_lines")),
            machine_spun=SpinAssessment.from_dict(d.get("machine_spun")),
            dek=d.get("dek"), captions=_tup(d.get("captions")), author_bio=d.get("author_bio"),
            content_hash=d.get("content_hash", ""), url=d.get("url"),
            text_repair=d.get("text_repair"),
        )


@dataclass(frozen=True, slots=True)
class Rejection(_Record):
    """A page that yielded no article, and why (rejections are data, not exceptions)."""

    page: str
    source: str
    status: Literal["skipped", "failed"]
    reason: str


@dataclass(frozen=True, slots=True)
class Story(_Record):
    """An event (articles on the same happening) or a storyline (events over weeks)."""

    id: str
    level: StoryLevel
    articles: tuple[str, ...]
    parent: str | None = None  # storyline id, for an event
    title: str = ""  # extra: a readable label (the most central article's title)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Story:
        return cls(
            id=d["id"], level=d["level"], articles=_tup(d.get("articles")),
            parent=d.get("parent"), title=d.get("title", ""),
        )


@dataclass(frozen=True, slots=True)
class Alignment(_Record):
    """Two aligned passages (sentences, possibly split/merged) from articles a and b."""

    a_text: str
    b_text: str
    similarity: float
    substitutions: tuple[tuple[str, str], ...] = ()
    verbatim_share: float = 0.0  # extra: share of tokens copied verbatim
    a_index: tuple[int, ...] = ()  # extra: sentence indices in a
    b_index: tuple[int, ...] = ()  # extra: sentence indices in b
    meaning: float = 0.0  # extra: sentence-encoder cosine of the two sides (0: not computed)
    kind: str = ""  # extra: "translation" (one side translates the other), "paraphrase" (one
    # language, sentences meaning the same in order, decision 0310), "": the usual alignment

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Alignment:
        return cls(
            a_text=d["a_text"], b_text=d["b_text"], similarity=float(d["similarity"]),
            substitutions=tuple(tuple(s) for s in d.get("substitutions", ())),  # type: ignore[misc]
            verbatim_share=float(d.get("verbatim_share", 0.0)),
            a_index=_tup(d.get("a_index")), b_index=_tup(d.get("b_index")),
            meaning=float(d.get("meaning", 0.0)), kind=str(d.get("kind", "")),
        )


@dataclass(frozen=True, slots=True)
class Relation(_Record):
    """How article a relates to article b (the analysis.json ``relations[]`` entry)."""

    a: str
    b: str
    relation: RelationKind
    score: float
    direction: Literal["a->b", "b->a"] | None = None
    alignments: tuple[Alignment, ...] = ()
    evidence: tuple[str, ...] = ()  # extra: short reasons for the relation and direction

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Relation:
        return cls(
            a=d["a"], b=d["b"], relation=d["relation"], score=float(d["score"]),
            direction=d.get("direction"),
            alignments=tuple(Alignment.from_dict(x) for x in d.get("alignments", ())),
            evidence=_tup(d.get("evidence")),
        )


@dataclass(frozen=True, slots=True)
class Lineage(_Record):
    """Articles connected by derivation: one independent source however many copies."""

    id: str
    articles: tuple[str, ...]
    origin: str | None = None  # extra: the earliest / least-distorted member, if known

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Lineage:
        return cls(id=d["id"], articles=_tup(d.get("articles")), origin=d.get("origin"))


@dataclass(frozen=True, slots=True)
class Claim(_Record):
    """One fact stated by one article."""

    id: str
    article: str
    text: str
    kind: ClaimKind
    value: float | None = None
    unit: str | None = None  # unit or counted noun ("towns and villages", "people killed")
    qualifier: str | None = None  # more than, nearly, about, at least, up to
    date: str | None = None  # resolved YYYY-MM-DD
    period: str | None = None  # "two weeks", "since December"
    attributed_to: str | None = None
    date_evidence: str | None = None  # extra: the words the date was resolved from
    place: str | None = None  # extra
    event: str | None = None  # extra: the action/event words ("seized", "killed")
    value_high: float | None = None  # extra: upper bound of a range
    # extra (issue 14): when the figure holds, YYYY-MM-DD (its own date, else its page's
    # publication date); None when it cannot be resolved.
    as_of: str | None = None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Claim:
        known: dict[str, Any] = {f.name: d.get(f.name) for f in dataclasses.fields(cls)}
        return cls(**known)


@dataclass(frozen=True, slots=True)
class ClaimGroup(_Record):
    """Claims about the same fact across articles, with a verdict."""

    id: str
    claims: tuple[str, ...]
    status: GroupStatus
    independent_sources: int
    summary: str
    story: str | None = None  # extra
    outlier: str | None = None  # extra: article id whose value stands apart (conflict)
    ratio: float | None = None  # extra: how far the outlier is from the others
    # An update (issue 14): the claim ids in as-of order, and the claim of the latest value.
    order: tuple[str, ...] = ()
    current: str | None = None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ClaimGroup:
        return cls(
            id=d["id"], claims=_tup(d.get("claims")), status=d["status"],
            independent_sources=int(d.get("independent_sources", 0)),
            summary=d.get("summary", ""), story=d.get("story"), outlier=d.get("outlier"),
            ratio=d.get("ratio"), order=_tup(d.get("order")), current=d.get("current"),
        )


@dataclass(frozen=True, slots=True)
class OutletTerms(_Record):
    """The terms one outlet uses for one referent, with loaded-term flags."""

    outlet: str
    articles: tuple[str, ...]
    terms: tuple[str, ...]
    loaded: tuple[tuple[str, str], ...] = ()  # (term, category)
    counts: tuple[int, ...] = ()  # how often each term is used (same order as terms)
    evidence: tuple[str, ...] = ()  # sentences in which the outlet uses the terms


@dataclass(frozen=True, slots=True)
class Framing(_Record):
    """How outlets name one referent (an actor or an action) within a story."""

    story: str
    referent: str
    outlets: tuple[OutletTerms, ...]
    # person | organisation | government | armed group | group of people | country | action
    kind: str = ""

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Framing:
        return cls(
            story=d["story"], referent=d["referent"],
            outlets=tuple(
                OutletTerms(
                    outlet=o["outlet"], articles=_tup(o.get("articles")), terms=_tup(o["terms"]),
                    loaded=tuple(tuple(x) for x in o.get("loaded", ())),  # type: ignore[misc]
                    counts=tuple(int(x) for x in o.get("counts", ())),
                    evidence=_tup(o.get("evidence")),
                )
                for o in d.get("outlets", ())
            ),
            kind=d.get("kind", ""),
        )


@dataclass(frozen=True, slots=True)
class BriefSentence(_Record):
    """One sentence of a brief: a source's words (plus any wording of ours, marked)."""

    text: str
    sources: tuple[str, ...]  # outlets
    articles: tuple[str, ...] = ()  # extra: the article ids behind each source
    # claim group ids of conflicts / attributed disputes whose figure the sentence states
    contested: tuple[str, ...] = ()
    # extra: [start, end) character spans of ``text`` that are our wording (an attribution
    # such as ", the ministry said" or a connective), not a source's; shown as ours
    ours: tuple[tuple[int, int], ...] = ()
    # extra: our notes shown next to the sentence: the rival figure and who gives it (for a
    # contested figure), the earlier figures of an update with their as-of dates
    notes: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> BriefSentence:
        return cls(
            d["text"], _tup(d.get("sources")), _tup(d.get("articles")),
            _tup(d.get("contested")),
            tuple((int(a), int(b)) for a, b in d.get("ours", ())),
            _tup(d.get("notes")),
        )

    def parts(self) -> list[tuple[str, bool]]:
        """``text`` cut into (piece, is_ours) runs, in order, for renderers."""
        out: list[tuple[str, bool]] = []
        pos = 0
        for a, b in sorted(self.ours):
            a, b = max(a, pos), min(b, len(self.text))
            if a >= b:
                continue
            if a > pos:
                out.append((self.text[pos:a], False))
            out.append((self.text[a:b], True))
            pos = b
        if pos < len(self.text):
            out.append((self.text[pos:], False))
        return out


@dataclass(frozen=True, slots=True)
class TimelineEntry(_Record):
    date: str
    text: str
    sources: tuple[str, ...]
    articles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Brief(_Record):
    """A consolidated account of one story in which every sentence names its sources."""

    story: str
    sentences: tuple[BriefSentence, ...]
    disputes: tuple[BriefSentence, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Brief:
        def sent(x: dict[str, Any]) -> BriefSentence:
            return BriefSentence.from_dict(x)

        return cls(
            story=d["story"],
            sentences=tuple(sent(x) for x in d.get("sentences", ())),
            disputes=tuple(
                sent(x) if isinstance(x, dict) else BriefSentence(str(x), ())
                for x in d.get("disputes", ())
            ),
            timeline=tuple(
                TimelineEntry(x["date"], x["text"], _tup(x.get("sources")), _tup(x.get("articles")))
                for x in d.get("timeline", ())
            ),
        )


@dataclass(frozen=True, slots=True)
class Analysis(_Record):
    """Everything one run produced: the analysis.json document."""

    articles: tuple[Article, ...] = ()
    inputs: tuple[InputRecord, ...] = ()
    stories: tuple[Story, ...] = ()
    relations: tuple[Relation, ...] = ()
    lineages: tuple[Lineage, ...] = ()
    claims: tuple[Claim, ...] = ()
    claim_groups: tuple[ClaimGroup, ...] = ()
    framing: tuple[Framing, ...] = ()
    brief: tuple[Brief, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict)
    # Articles by id, built on the first ``article()`` call (not serialised, not compared;
    # ``dataclasses.replace`` starts a new one). Stages look articles up inside per-story
    # loops: a scan there made them quadratic in the pile (issue #17).
    _by_id: dict[str, Article] | None = field(default=None, init=False, repr=False,
                                              compare=False)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Analysis:
        return cls(
            articles=tuple(Article.from_dict(x) for x in d.get("articles", ())),
            inputs=tuple(InputRecord.from_dict(x) for x in d.get("inputs", ())),
            stories=tuple(Story.from_dict(x) for x in d.get("stories", ())),
            relations=tuple(Relation.from_dict(x) for x in d.get("relations", ())),
            lineages=tuple(Lineage.from_dict(x) for x in d.get("lineages", ())),
            claims=tuple(Claim.from_dict(x) for x in d.get("claims", ())),
            claim_groups=tuple(ClaimGroup.from_dict(x) for x in d.get("claim_groups", ())),
            framing=tuple(Framing.from_dict(x) for x in d.get("framing", ())),
            brief=tuple(Brief.from_dict(x) for x in d.get("brief", ())),
            meta=dict(d.get("meta", {})),
        )

    def article(self, article_id: str) -> Article | None:
        """The article with this id (the first one, should ids repeat), or None."""
        index = self._by_id
        if index is None:
            index = {}
            for a in self.articles:
                index.setdefault(a.id, a)
            object.__setattr__(self, "_by_id", index)
        return index.get(article_id)
