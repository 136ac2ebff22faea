"""Runs the stages in order over one :class:`~storylens.records.Analysis`.

Stages after extraction are pure functions ``run(analysis, settings) -> analysis``. Each is
registered below with what it requires and what it adds, so a mis-ordered pipeline is caught
before a run (as spaCy does). Per-page extraction runs in-process or in worker
processes (``settings.workers``), each page within a time budget (``settings.page_timeout``,
:mod:`storylens.budget`); the result is the same either way.
"""

from __future__ import annotations

import dataclasses
import functools
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from storylens import brief, claims, framing, provenance, stories
from storylens.budget import alarm_usable, run_supervised, run_with_alarm
from storylens.extract import extract
from storylens.parallel import resolve_workers
from storylens.progress import reporting
from storylens.records import Analysis, Article, Page, Rejection
from storylens.settings import Settings

StageFn = Callable[[Analysis, Settings], Analysis]


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    fn: StageFn
    requires: tuple[str, ...]
    adds: tuple[str, ...]


def _stories(a: Analysis, s: Settings) -> Analysis:
    return stories.run(a, s)


def _provenance(a: Analysis, s: Settings) -> Analysis:
    return provenance.run(a, s)


def _claims(a: Analysis, s: Settings) -> Analysis:
    return claims.run(a, s)


def _framing(a: Analysis, s: Settings) -> Analysis:
    return framing.run(a, s)


def _brief(a: Analysis, s: Settings) -> Analysis:
    return brief.run(a, s)


# Late-bound wrappers so tests can monkeypatch a stage module's ``run``; each stage package
# declares what it needs and what it adds (NEEDS / ADDS), checked before and after it runs.
STAGES: tuple[Stage, ...] = (
    Stage("stories", _stories, stories.NEEDS, stories.ADDS),
    Stage("provenance", _provenance, provenance.NEEDS, provenance.ADDS),
    Stage("claims", _claims, claims.NEEDS, claims.ADDS),
    Stage("framing", _framing, framing.NEEDS, framing.ADDS),
    Stage("brief", _brief, brief.NEEDS, brief.ADDS),
)


class PipelineError(RuntimeError):
    """The stage list is mis-ordered or a stage broke its contract."""


def check_order(stages: Sequence[Stage], available: Iterable[str] = ()) -> None:
    """Refuse a stage list in which a stage needs something no earlier stage provides
    (``available``: what the analysis already holds before the first of them)."""
    have = {"articles", "inputs", *available}
    for stage in stages:
        missing = [r for r in stage.requires if r not in have]
        if missing:
            raise PipelineError(f"stage {stage.name!r} needs {missing} before it runs")
        have.update(stage.adds)


def check_contract(stage: Stage, before: Analysis, after: Analysis) -> None:
    """Refuse a stage that changed a field of the analysis it does not declare it adds
    (``articles.x`` in ``adds``: it may set that field of the articles, ids unchanged)."""
    allowed = {name.split(".", 1)[0] for name in stage.adds} | {"meta"}
    for f in dataclasses.fields(before):
        if f.name.startswith("_") or f.name in allowed:
            continue
        old, new = getattr(before, f.name), getattr(after, f.name)
        if old is not new and old != new:
            raise PipelineError(f"stage {stage.name!r} changed {f.name!r}, which it does not add")


def _extract_one(page: Page, settings: Settings) -> Article | Rejection:
    try:
        return extract(page, settings)
    except Exception as exc:  # one bad page never stops a run: the reason is kept as data
        return Rejection(page.id, page.source, "failed", f"extraction error: {exc!r:.200}")


_WARM_PAGE = ("<html><head><title>Warm-up</title></head><body><article><h1>Warm-up</h1>"
              + "<p>The extraction libraries load on a first page, here in the parent "
              "process, so that every worker forked from it starts warm.</p>" * 4
              + "</article></body></html>")


_warmed: set[int] = set()  # processes that extracted the warm-up page


def _warm(settings: Settings) -> None:
    """Extract one small page in this process, once: the worker processes of
    :func:`storylens.budget.run_supervised` (forked once a run, and again for a worker
    killed on an overrun) would each import trafilatura, htmldate and inscriptis and compile
    the lexicons again (issue #17: the extraction CPU time of the 500-page scale pile was
    2.4x that of one process when a fresh pool was forked per batch)."""
    if os.getpid() in _warmed:
        return
    _warmed.add(os.getpid())
    page = Page(id="warm-up", source="warm-up.html", kind="html", content=_WARM_PAGE,
                content_hash="warm-up", url="https://example.org/2026/01/02/warm-up")
    _extract_one(page, settings)


def extract_pages(
    pages: Iterable[Page], settings: Settings
) -> Iterator[tuple[Page, Article | Rejection]]:
    """Extract every page, in order, each within ``settings.page_timeout`` seconds.
    ``pages`` is read as the extraction goes (a stream: one worker pool for the whole run).

    ``workers <= 1`` (setting 0: one per core) in the main thread: in-process, under a
    CPU-time timer. Otherwise (more workers, or a background thread such as the web app's
    job) in killable worker processes (:mod:`storylens.budget`).
    The results are the same either way.
    """
    budget = settings.page_timeout if settings.page_timeout > 0 else None
    workers = resolve_workers(settings.workers)
    if workers <= 1 and (budget is None or alarm_usable()):
        for page in pages:
            if budget is None:
                yield page, _extract_one(page, settings)
            else:
                yield page, run_with_alarm(_extract_one, page, settings, budget)
        return
    _warm(settings)
    yield from run_supervised(_extract_one, pages, settings, workers, budget)


def run_stages(
    analysis: Analysis,
    settings: Settings,
    stages: Sequence[Stage] = STAGES,
    on_stage: Callable[[str], None] | None = None,
    available: Iterable[str] = (),
    progress: Callable[[str, int, int | None], None] | None = None,
) -> Analysis:
    """Run the analysis stages in order; each must keep the articles it was given.
    ``progress(stage, done, total)``: what a stage reports through
    :func:`storylens.progress.track` (stories, storylines, candidate pairs...)."""
    check_order(stages, available)
    ids = {a.id for a in analysis.articles}
    for stage in stages:
        if on_stage is not None:
            on_stage(stage.name)
        reporter = None
        if progress is not None:
            reporter = functools.partial(progress, stage.name)
        with reporting(reporter):
            result = stage.fn(analysis, settings)
        if {a.id for a in result.articles} != ids:
            raise PipelineError(f"stage {stage.name!r} added or dropped articles")
        check_contract(stage, analysis, result)
        analysis = result
    return analysis


def replace(analysis: Analysis, **changes: object) -> Analysis:
    """``dataclasses.replace`` for Analysis, with lists turned into tuples."""
    fixed = {k: tuple(v) if isinstance(v, list) else v for k, v in changes.items()}
    return dataclasses.replace(analysis, **fixed)  # type: ignore[arg-type]
