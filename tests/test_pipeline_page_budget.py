"""Issue 19: a page over the per-page time budget is failed with a reason, the run goes on.

Not a timing test: the budget is tiny and the runaway page never ends by itself, so the
assertion is only that the result comes back, failed with the reason, and the others kept.
"""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path
from typing import Any

import pytest

from storylens import budget, pipeline
from storylens.ingest.common import content_hash
from storylens.records import Article, Page, Rejection
from storylens.runner import analyze
from storylens.settings import Settings
from storylens.store import Store

BODY = ("The harbour board of Lusk approved a new breakwater on Monday after storms damaged "
        "the old one, the board's chair told reporters at the quay. ")


def _pages(markers: list[str]) -> list[Page]:
    return [Page(id=f"p{i}", source=f"p{i}.txt", kind="text",
                 content=f"Breakwater plan {i}\n\n{BODY * 3}{m}",
                 content_hash=content_hash(f"{i}{m}")) for i, m in enumerate(markers)]


@pytest.fixture
def runaway(monkeypatch: pytest.MonkeyPatch) -> None:
    real = pipeline.extract
    real(_pages([""])[0], Settings())  # lazy loads (lexicons, models) before the tiny budget

    def extract(page: Page, settings: Settings) -> Article | Rejection:
        if "RUNAWAY" in page.content:
            while True:  # a quadratic loop on a hostile page, in the limit
                pass
        if "CRASH" in page.content:
            import os
            os._exit(7)
        return real(page, settings)

    monkeypatch.setattr(pipeline, "extract", extract)
    # fork, so the worker processes see the patched extract
    monkeypatch.setattr(budget, "_context", lambda: multiprocessing.get_context("fork"))


@pytest.mark.usefixtures("runaway")
@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded")  # fork forced above
@pytest.mark.parametrize("workers", [1, 2])
def test_pipeline_runaway_page_failed_with_reason(workers: int) -> None:
    settings = Settings().with_overrides({"workers": workers, "page_timeout": 0.5})
    pages = _pages(["", "RUNAWAY", "", ""] + (["CRASH"] if workers > 1 else []))
    results = [r for _, r in pipeline.extract_pages(pages, settings)]
    assert [type(r) for r in results[:4]] == [Article, Rejection, Article, Article]
    assert isinstance(results[1], Rejection)
    assert results[1].reason.startswith("time budget exceeded")
    if workers > 1:
        assert isinstance(results[4], Rejection)
        assert "worker died: exit code 7" in results[4].reason


@pytest.mark.usefixtures("runaway")
def test_runner_goes_on_after_runaway_page(tmp_path: Path) -> None:
    pile = tmp_path / "pile"
    pile.mkdir()
    for page in _pages(["", "RUNAWAY"]):
        (pile / page.source).write_text(page.content, encoding="utf-8")
    (pile / "r.jsonl").write_text(json.dumps({"text": f"Plan two\n\n{BODY * 3} more",
                                              "published": 2024}) + "\n", encoding="utf-8")
    settings = Settings().with_overrides({"page_timeout": 0.5})
    with Store.open(tmp_path / "s.db") as store:
        result = analyze([str(pile)], settings, store)
    by: dict[str, Any] = {Path(i.source).name: i for i in result.inputs}
    assert by["p0.txt"].status == "ingested"
    assert by["p1.txt"].status == "failed" and "time budget" in by["p1.txt"].reason
    assert by["r.jsonl:1"].status == "ingested"
    assert "'published' dropped: 2024 is a JSON number" in by["r.jsonl:1"].reason


@pytest.mark.usefixtures("runaway")
@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded")  # fork forced above
def test_one_pool_for_a_stream_of_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 17: the workers are forked once for the whole stream (plus one replacing a
    worker that died), and pages are read from the stream as the workers take them."""
    spawned: list[int] = []
    real_spawn = budget._spawn

    def spawn(*args: Any) -> Any:
        spawned.append(1)
        return real_spawn(*args)

    monkeypatch.setattr(budget, "_spawn", spawn)
    pages = _pages([""] * 12 + ["CRASH"] + [""] * 12)
    read: list[int] = []

    def stream() -> Any:
        for k, page in enumerate(pages):
            read.append(k)
            yield page

    # a budget no ordinary page reaches on a loaded machine (the crash is the one failure)
    settings = Settings().with_overrides({"workers": 2, "page_timeout": 10})
    seen_at_first: list[int] = []
    results: list[tuple[str, Article | Rejection]] = []
    for page, result in pipeline.extract_pages(stream(), settings):
        if not results:
            seen_at_first.append(len(read))
        results.append((page.id, result))
    assert [pid for pid, _ in results] == [p.id for p in pages]
    failed = [(k, r) for k, (_, r) in enumerate(results) if isinstance(r, Rejection)]
    assert len(failed) == 1 and failed[0][0] == 12 and "worker died" in failed[0][1].reason
    assert len(spawned) == 3  # two workers, one replacing the worker that died
    assert seen_at_first[0] <= 8  # at most four pages a worker read ahead
