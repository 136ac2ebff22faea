"""Runs the stages in order over one :class:`~storylens.records.Analysis`.

Stages after extraction are pure functions ``run(analysis, settings) -> analysis``. Each is
registered below with what it requires and what it adds, so a mis-ordered pipeline is caught
before a run (as spaCy does). Per-page extraction runs in-process or in a process pool
(``settings.workers``); the result is the same either way.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from storylens import brief, claims, framing, provenance, stories
from storylens.extract import extract
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


# Late-bound wrappers so tests can monkeypatch a stage module's ``run``.
STAGES: tuple[Stage, ...] = (
    Stage("stories", _stories, ("articles",), ("stories",)),
    Stage("provenance", _provenance, ("articles", "stories"), ("relations", "lineages")),
    Stage("claims", _claims, ("articles", "stories", "lineages"), ("claims", "claim_groups")),
    Stage("framing", _framing, ("articles", "stories", "relations"), ("framing",)),
    Stage(
        "brief", _brief,
        ("articles", "stories", "relations", "lineages", "claims", "claim_groups"), ("brief",),
    ),
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


def _extract_one(args: tuple[Page, Settings]) -> Article | Rejection:
    page, settings = args
    try:
        return extract(page, settings)
    except Exception as exc:  # one bad page never stops a run: the reason is kept as data
        return Rejection(page.id, page.source, "failed", f"extraction error: {exc!r:.200}")


def extract_pages(
    pages: Iterable[Page], settings: Settings
) -> Iterator[tuple[Page, Article | Rejection]]:
    """Extract every page, in order, in-process or in ``settings.workers`` processes."""
    if settings.workers <= 1:
        for page in pages:
            yield page, _extract_one((page, settings))
        return
    page_list = list(pages)
    with ProcessPoolExecutor(max_workers=settings.workers) as pool:
        results = pool.map(_extract_one, [(p, settings) for p in page_list], chunksize=8)
        yield from zip(page_list, results, strict=True)


def run_stages(
    analysis: Analysis,
    settings: Settings,
    stages: Sequence[Stage] = STAGES,
    on_stage: Callable[[str], None] | None = None,
    available: Iterable[str] = (),
) -> Analysis:
    """Run the analysis stages in order; each must keep the articles it was given."""
    check_order(stages, available)
    ids = {a.id for a in analysis.articles}
    for stage in stages:
        if on_stage is not None:
            on_stage(stage.name)
        result = stage.fn(analysis, settings)
        if {a.id for a in result.articles} != ids:
            raise PipelineError(f"stage {stage.name!r} added or dropped articles")
        analysis = result
    return analysis


def replace(analysis: Analysis, **changes: object) -> Analysis:
    """``dataclasses.replace`` for Analysis, with lists turned into tuples."""
    fixed = {k: tuple(v) if isinstance(v, list) else v for k, v in changes.items()}
    return dataclasses.replace(analysis, **fixed)  # type: ignore[arg-type]
