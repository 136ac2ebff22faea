"""Helpers that keep a run near-linear (issue #17): per-story scopes, the article index,
stage progress, batched store writes."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from storylens.pipeline import Stage, run_stages
from storylens.progress import track
from storylens.records import (
    Analysis,
    Article,
    Claim,
    ClaimGroup,
    Lineage,
    Relation,
    Story,
)
from storylens.scope import Scope
from storylens.settings import Settings
from storylens.store import Store


def _art(aid: str) -> Article:
    return Article(id=aid, source=f"{aid}.txt", title=f"Title {aid}", body=f"Body of {aid}.")


def _analysis() -> Analysis:
    arts = tuple(_art(x) for x in ("a", "b", "c", "d", "e"))
    stories = (
        Story("line1", "storyline", ("a", "b", "c")),
        Story("ev1", "event", ("a", "b"), parent="line1"),
        Story("ev2", "event", ("c",), parent="line1"),
        Story("line2", "storyline", ("d", "e")),
        Story("ev3", "event", ("d", "e"), parent="line2"),
    )
    rels = (Relation("a", "b", "duplicate", 1.0), Relation("c", "d", "independent", 0.1),
            Relation("d", "e", "rewrite", 0.7))
    claims = tuple(Claim(f"{x}1", x, f"claim of {x}", "event") for x in "abcde")
    groups = (ClaimGroup("g1", ("a1", "b1"), "agree", 2, ""),
              ClaimGroup("g2", ("d1", "e1"), "agree", 1, ""),
              ClaimGroup("g3", ("c1", "d1"), "conflict", 2, ""))
    lins = (Lineage("l1", ("a", "b"), "a"), Lineage("l2", ("d", "e"), None))
    return Analysis(articles=arts, stories=stories, relations=rels, lineages=lins,
                    claims=claims, claim_groups=groups)


def test_scope_keeps_only_what_touches_the_story_in_run_order() -> None:
    a = _analysis()
    sub = Scope(a).of(a.stories[0])  # line1: a, b, c and its events
    assert [x.id for x in sub.articles] == ["a", "b", "c"]
    assert [s.id for s in sub.stories] == ["line1", "ev1", "ev2"]
    assert [(r.a, r.b) for r in sub.relations] == [("a", "b"), ("c", "d")]
    assert [lin.id for lin in sub.lineages] == ["l1"]
    assert [c.id for c in sub.claims] == ["a1", "b1", "c1"]
    assert [g.id for g in sub.claim_groups] == ["g1", "g3"]
    ev3 = Scope(a).of(a.stories[4])
    assert [x.id for x in ev3.articles] == ["d", "e"]
    assert [s.id for s in ev3.stories] == ["ev3"]


def test_article_index_follows_replace_and_is_not_serialised() -> None:
    a = _analysis()
    b_art = a.article("b")
    assert b_art is not None and b_art.title == "Title b"
    assert a.article("zz") is None
    renamed = dataclasses.replace(a, articles=(dataclasses.replace(_art("b"), title="New"),))
    b_new = renamed.article("b")
    assert b_new is not None and b_new.title == "New"
    assert renamed.article("a") is None
    assert "_by_id" not in a.to_dict()
    assert Analysis.from_dict(a.to_dict()) == a


def test_stage_progress_reaches_the_caller() -> None:
    seen: list[tuple[str, int, int | None]] = []

    def stage(a: Analysis, s: Settings) -> Analysis:
        for _ in track(a.stories):
            pass
        return a

    run_stages(_analysis(), Settings(), [Stage("fake", stage, ("articles",), ())],
               progress=lambda name, done, total: seen.append((name, done, total)))
    assert seen[0] == ("fake", 0, 5) and seen[-1] == ("fake", 5, 5)
    assert list(track([1, 2, 3])) == [1, 2, 3]  # no reporter: plain iteration


def test_store_batch_write_is_one_transaction_and_readable(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "s.db")
    try:
        arts = [dataclasses.replace(_art(x), content_hash=f"h{x}") for x in "abc"]
        store.put_articles([(x, None) for x in arts])
        assert [x.id for x in store.articles()] == ["a", "b", "c"]
        assert store.find_by_hash("hb") == "b"
    finally:
        store.close()


def test_streamed_analysis_json_is_the_same_document() -> None:
    import io
    import json

    from storylens.runner import write_analysis_json

    lines = dataclasses.replace(_analysis(), meta={"run": 3, "note": "a\nb", "x": [1]})
    for a in (_analysis(), Analysis(), lines):
        buf = io.StringIO()
        write_analysis_json(a, buf)
        assert buf.getvalue() == json.dumps(a.to_dict(), ensure_ascii=False, indent=2)


def test_large_report_is_an_index_and_one_page_per_story(tmp_path: Path) -> None:
    import re

    from test_report_sample import sample_analysis

    from storylens.report import write_report

    a = sample_analysis()
    write_report(a, tmp_path / "single.html", split_over=len(a.articles))
    assert not (tmp_path / "single-stories").exists()
    write_report(a, tmp_path / "report.html", split_over=1)
    index = (tmp_path / "report.html").read_text(encoding="utf-8")
    links = re.findall(r'href="(report-stories/[^"]+\.html)"', index)
    assert links and len(links) == len(set(links))
    assert "<script" not in index and 'id="articles"' not in index
    seen = set()
    for link in links:
        page = (tmp_path / link).read_text(encoding="utf-8")
        assert 'href="../report.html"' in page and "<script" not in page
        seen.update(re.findall(r'<details class="article" id="(article-[^"]+)"', page))
    assert len(seen) == len({x.id for x in a.articles})  # every article on some story page


def test_stage_contract_refuses_an_undeclared_change() -> None:
    import pytest

    from storylens.pipeline import STAGES, PipelineError, check_order

    check_order(STAGES)

    def sneaky(a: Analysis, s: Settings) -> Analysis:
        return dataclasses.replace(a, relations=())

    with pytest.raises(PipelineError, match="relations"):
        run_stages(_analysis(), Settings(), [Stage("sneaky", sneaky, ("articles",), ())])
    ok = run_stages(_analysis(), Settings(),
                    [Stage("fine", sneaky, ("articles",), ("relations",))])
    assert ok.relations == ()


def test_claims_take_the_year_from_the_run_date() -> None:
    from storylens.claims import _run_year

    assert _run_year(Analysis(meta={"run_date": "2031-05-02"})) == 2031
    assert _run_year(Analysis()) >= 2026


def test_store_keeps_the_run_analysis_compressed_and_reads_old_text(tmp_path: Path) -> None:
    import json

    a = _analysis()
    store = Store.open(tmp_path / "s.db")
    try:
        run = store.begin_run({})
        store.finish_run(run, a, list(a.stories))
        raw = store._conn.execute("SELECT analysis FROM runs").fetchone()[0]
        assert isinstance(raw, bytes)
        assert [c.id for c in store.latest_analysis().claims] == [c.id for c in a.claims]
        with store._conn:  # a store written before compression holds the JSON as text
            store._conn.execute("UPDATE runs SET analysis=?", (json.dumps(a.to_dict()),))
        assert len(store.latest_analysis().relations) == len(a.relations)
    finally:
        store.close()
