"""The store: versioned schema, resumable runs, consistent after a killed run."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from storylens.pipeline import STAGES, PipelineError, check_order
from storylens.records import Analysis, Article, Page
from storylens.runner import analyze
from storylens.settings import Settings
from storylens.store import Store, StoreError

TEXT = (
    "Ferry service to Orrin island resumes\n\n"
    "The ferry between Lusk and Orrin island resumed on Friday after a six-day halt caused "
    "by a broken propeller shaft, the operator Bluewake Lines said in a statement.\n\n"
    "About 400 islanders had been without a link to the mainland except for a weekly "
    "supply boat, the island's council said.\n"
)


def _page(pid: str, text: str = TEXT) -> Page:
    from storylens.ingest.common import content_hash

    return Page(id=pid, source=f"{pid}.txt", kind="text", content=text,
                content_hash=content_hash(text))


def test_store_killed_run_resumes_without_reextracting(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    settings = Settings()
    with Store.open(db) as store:
        # A run that stored one article and was killed before finishing.
        store.begin_run({"sources": ["x"]})
        page = _page("a")
        art = Article(id="a", source="a.txt", title="t", body="b" * 200,
                      content_hash=page.content_hash)
        store.put_article(art, page)
    with Store.open(db) as store:
        assert store.runs()[0]["status"] == "running"
        assert store.latest_analysis().claims == ()
        result = analyze([], settings, store, items=[_page("a"), _page("b", TEXT + "More.\n")])
        assert [i.status for i in result.inputs] == ["duplicate", "ingested"]
        assert store.runs()[-1]["status"] == "finished"
        assert {a.id for a in store.latest_analysis().articles} == {"a", "b"}


def test_store_refuses_newer_schema(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    Store.open(db).close()
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE meta SET value='99' WHERE key='schema_version'")
    conn.close()
    with pytest.raises(StoreError, match="newer storylens"):
        Store.open(db)


def test_store_refuses_non_sqlite_file(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    db.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError):
        Store.open(db)


def test_store_same_stem_other_content_gets_distinct_id(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.db") as store:
        result = analyze([], Settings(), store,
                         items=[_page("a"), _page("a", TEXT + "\nA later edit of the page.\n")])
        ids = [i.article for i in result.inputs]
        assert ids[0] == "a" and ids[1] is not None and ids[1].startswith("a-")


def test_pipeline_refuses_misordered_stages() -> None:
    check_order(STAGES)
    with pytest.raises(PipelineError, match="needs"):
        check_order(STAGES[1:])


def test_pipeline_stage_may_not_drop_articles() -> None:
    from storylens.pipeline import Stage, run_stages

    def bad(a: Analysis, s: Settings) -> Analysis:
        return Analysis()

    art = Article(id="x", source="x", title="t", body="b")
    with pytest.raises(PipelineError, match="dropped"):
        run_stages(Analysis(articles=(art,)), Settings(), [Stage("bad", bad, (), ())])
