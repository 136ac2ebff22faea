"""Typed response models of the JSON API, so /openapi.json describes real shapes.

They mirror the records (and the analysis.json contract); each is built from
``record.to_dict()`` with ``model_validate``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class ErrorOut(BaseModel):
    detail: str


class SpinOut(BaseModel):
    score: float = 0.0
    label: bool = False
    evidence: list[str] = Field(default_factory=list)


class ArticleSummaryOut(BaseModel):
    id: str
    title: str
    outlet: str | None = None
    published: str | None = None
    source: str
    machine_spun: SpinOut = Field(default_factory=SpinOut)


class ArticleOut(ArticleSummaryOut):
    body: str
    paragraphs: list[str] = Field(default_factory=list)
    published_evidence: str | None = None
    published_inferred: bool = False
    byline: str | None = None
    language: str | None = None
    kept_lines: list[int] = Field(default_factory=list)
    dek: str | None = None
    url: str | None = None


class AlignmentOut(BaseModel):
    a_text: str
    b_text: str
    similarity: float
    substitutions: list[tuple[str, str]] = Field(default_factory=list)
    verbatim_share: float = 0.0
    kind: str = ""  # "translation": one side translates the other


class RelationOut(BaseModel):
    a: str
    b: str
    relation: Literal[
        "duplicate", "spun-copy", "rewrite", "shared-source", "quotes-only", "independent"
    ]
    score: float
    direction: Literal["a->b", "b->a"] | None = None
    alignments: list[AlignmentOut] = Field(default_factory=list)
    evidence: list[str] = Field(default_factory=list)


class LineageOut(BaseModel):
    id: str
    articles: list[str]
    origin: str | None = None


class ClaimOut(BaseModel):
    id: str
    article: str
    text: str
    kind: Literal["quantity", "date", "event", "statement"]
    value: float | None = None
    unit: str | None = None
    qualifier: str | None = None
    date: str | None = None
    period: str | None = None
    attributed_to: str | None = None
    as_of: str | None = None  # when the figure holds (issue 14); None: not resolved


class ClaimGroupOut(BaseModel):
    id: str
    claims: list[str]
    status: Literal["agree", "conflict", "attributed-dispute", "update", "different-measure",
                    "single"]
    independent_sources: int
    summary: str
    story: str | None = None
    outlier: str | None = None
    ratio: float | None = None
    order: list[str] = Field(default_factory=list)  # an update: claim ids in as-of order
    current: str | None = None  # an update: the claim of the latest value


class OutletTermsOut(BaseModel):
    outlet: str
    articles: list[str] = Field(default_factory=list)
    terms: list[str]
    loaded: list[tuple[str, str]] = Field(default_factory=list)
    counts: list[int] = Field(default_factory=list)
    evidence: list[str] = Field(default_factory=list)


class FramingOut(BaseModel):
    story: str
    referent: str
    outlets: list[OutletTermsOut]
    kind: str = ""


class BriefSentenceOut(BaseModel):
    text: str
    sources: list[str]
    articles: list[str] = Field(default_factory=list)
    contested: list[str] = Field(
        default_factory=list,
        description="claim group ids of conflicts or disputes whose figure the sentence states")
    ours: list[tuple[int, int]] = Field(
        default_factory=list, description="[start, end) spans of text that are our wording")
    notes: list[str] = Field(
        default_factory=list,
        description="our notes: the rival figure and who gives it; earlier figures of an update")


class TimelineEntryOut(BaseModel):
    date: str
    text: str
    sources: list[str]
    articles: list[str] = Field(default_factory=list)


class BriefOut(BaseModel):
    story: str
    sentences: list[BriefSentenceOut]
    disputes: list[BriefSentenceOut] = Field(default_factory=list)
    timeline: list[TimelineEntryOut] = Field(default_factory=list)


class StorySummaryOut(BaseModel):
    id: str
    level: Literal["event", "storyline"]
    parent: str | None = None
    title: str
    articles: list[str]
    outlets: list[str]
    first_published: str | None = None
    last_published: str | None = None
    statuses: list[str] = Field(description="claim-group statuses found in this story")
    relations: int


class StoryListOut(BaseModel):
    total: int
    stories: list[StorySummaryOut]


class StoryDetailOut(StorySummaryOut):
    article_records: list[ArticleSummaryOut]
    relation_records: list[RelationOut]
    lineages: list[LineageOut]
    claims: list[ClaimOut]
    claim_groups: list[ClaimGroupOut]
    framing: list[FramingOut]
    brief: BriefOut | None = None


class CompareOut(BaseModel):
    a: ArticleSummaryOut
    b: ArticleSummaryOut
    relation: RelationOut
    origin: Literal["computed", "stored"] = Field(
        description="computed now by provenance.relate, or found in the stored analysis"
    )
