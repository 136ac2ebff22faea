"""The JSON API: /api/stories, /api/stories/{id}, /api/articles/{id}, /api/compare.

Every route declares its response model and its error responses, so FastAPI's
/openapi.json is a usable contract (and what the schemathesis test fuzzes).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query

from storylens.records import Analysis
from storylens.settings import Settings
from storylens.web import data as d
from storylens.web.models import (
    ArticleOut,
    ArticleSummaryOut,
    BriefOut,
    ClaimGroupOut,
    ClaimOut,
    CompareOut,
    ErrorOut,
    FramingOut,
    LineageOut,
    RelationOut,
    StoryDetailOut,
    StoryListOut,
    StorySummaryOut,
)

NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": ErrorOut}}


def _summary_fields(s: d.StorySummary) -> dict[str, Any]:
    st = s.view.story
    return {
        "id": st.id, "level": st.level, "parent": st.parent, "title": s.view.title,
        "articles": [a.id for a in s.view.articles], "outlets": list(s.outlets),
        "first_published": s.first, "last_published": s.last,
        "statuses": list(s.statuses), "relations": len(s.view.relations_all),
    }


def article_summary(analysis: Analysis, aid: str) -> ArticleSummaryOut:
    art = analysis.article(aid)
    assert art is not None
    return ArticleSummaryOut.model_validate(art.to_dict())


def story_detail(analysis: Analysis, s: d.StorySummary) -> StoryDetailOut:
    sv = s.view
    ids = {a.id for a in sv.articles}
    group_rows = [r.group for r in sv.claims.rows]
    claim_ids = {c for g in group_rows for c in g.claims}
    claims = [c for c in analysis.claims if c.id in claim_ids or
              (c.article in ids and not group_rows)]
    return StoryDetailOut(
        **_summary_fields(s),
        article_records=[ArticleSummaryOut.model_validate(a.to_dict()) for a in sv.articles],
        relation_records=[RelationOut.model_validate(r.to_dict()) for r in sv.relations_all],
        lineages=[LineageOut.model_validate(x.to_dict()) for x in sv.lineages],
        claims=[ClaimOut.model_validate(c.to_dict()) for c in claims],
        claim_groups=[ClaimGroupOut.model_validate(g.to_dict()) for g in group_rows],
        framing=[FramingOut.model_validate(f.to_dict()) for f in sv.framing],
        brief=BriefOut.model_validate(sv.brief.to_dict()) if sv.brief else None,
    )


def router(source: d.AnalysisSource, settings: Settings) -> APIRouter:
    r = APIRouter(prefix="/api", tags=["api"])

    @r.get("/stories", response_model=StoryListOut)
    def list_stories(
        q: Annotated[str, Query(max_length=500, description="text in titles/outlets")] = "",
        outlet: Annotated[str, Query(max_length=500)] = "",
        date_from: Annotated[str, Query(max_length=10, description="YYYY-MM-DD")] = "",
        date_to: Annotated[str, Query(max_length=10, description="YYYY-MM-DD")] = "",
        status: Annotated[str, Query(max_length=40, description="claim-group status")] = "",
    ) -> StoryListOut:
        """Stories (storylines and their events), filtered."""
        _, rv = source.get()
        f = d.Filters(q.strip(), outlet, date_from, date_to, status)
        rows = [StorySummaryOut(**_summary_fields(s)) for s in d.summaries(rv) if d.matches(s, f)]
        return StoryListOut(total=len(rows), stories=rows)

    @r.get("/stories/{story_id}", response_model=StoryDetailOut, responses=NOT_FOUND)
    def get_story(story_id: str) -> StoryDetailOut:
        """One story with its articles, relations, claims, framing and brief."""
        analysis, rv = source.get()
        for s in d.summaries(rv):
            if s.id == story_id:
                return story_detail(analysis, s)
        raise HTTPException(404, f"no story with id {story_id!r}")

    @r.get("/articles/{article_id}", response_model=ArticleOut, responses=NOT_FOUND)
    def get_article(article_id: str) -> ArticleOut:
        """One article's clean text and metadata."""
        analysis, _ = source.get()
        art = analysis.article(article_id)
        if art is None:
            raise HTTPException(404, f"no article with id {article_id!r}")
        return ArticleOut.model_validate(art.to_dict())

    @r.get("/compare", response_model=CompareOut, responses=NOT_FOUND)
    def compare(
        a: Annotated[str, Query(min_length=1, max_length=500, description="article id")],
        b: Annotated[str, Query(min_length=1, max_length=500, description="article id")],
    ) -> CompareOut:
        """How article a relates to article b, with aligned sentences."""
        analysis, _ = source.get()
        try:
            rel, origin = d.resolve_relation(analysis, a, b, settings)
        except d.CompareError as exc:
            raise HTTPException(404, str(exc)) from exc
        return CompareOut(
            a=article_summary(analysis, a), b=article_summary(analysis, b),
            relation=RelationOut.model_validate(rel.to_dict()),
            origin=origin,  # type: ignore[arg-type]
        )

    return r


