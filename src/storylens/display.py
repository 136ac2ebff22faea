"""Terminal display for the CLI (Rich): progress bars of a run, per phase.

Stages report progress as plain numbers (:mod:`storylens.progress`, the runner's
``progress(phase, done, total)`` callback); how it looks lives here, next to the CLI, so the
stage packages never draw anything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

PHASE_LABELS = {
    "extract": "extracting pages",
    "ingest": "inputs accounted",
    "stories": "stories: articles featurised",
    "provenance": "provenance: candidate pairs",
    "claims": "claims: storylines",
    "framing": "framing: stories",
    "brief": "brief: stories",
    "store": "saving the run",
}
UNITS = {"extract": "pages", "stories": "articles", "provenance": "pairs",
         "claims": "storylines", "framing": "stories", "brief": "stories"}


class CountColumn(ProgressColumn):
    """``done/total`` (or ``done`` while the total is unknown)."""

    def render(self, task: Task) -> Text:
        done = int(task.completed)
        return Text(f"{done:,}/{int(task.total):,}" if task.total is not None else f"{done:,}")


class RateColumn(ProgressColumn):
    """Items per second (``pages/s``, ``pairs/s``...) once there is a rate to show."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        if speed is None:
            return Text("")
        unit = str(task.fields.get("unit", "items"))
        return Text(f"{speed:,.1f} {unit}/s" if speed < 100 else f"{speed:,.0f} {unit}/s")


@contextmanager
def progress_bars(
    console: Console, quiet: bool = False
) -> Iterator[Callable[[str, int, int | None], None]]:
    """A ``progress(phase, done, total)`` callback drawing one bar per phase: count, rate and
    time left (when the total is known), elapsed time. A phase is closed when the next
    starts."""
    if quiet:
        yield lambda phase, done, total: None
        return
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                  CountColumn(), RateColumn(), TimeRemainingColumn(), TimeElapsedColumn(),
                  console=console, transient=True) as bar:
        tasks: dict[str, Any] = {}
        current: list[str] = []

        def update(phase: str, done: int, total: int | None) -> None:
            if phase not in tasks:
                if current:  # close the previous phase (a count-only bar shows full)
                    last = tasks[current[-1]]
                    task = next((t for t in bar.tasks if t.id == last), None)
                    if task is not None and task.total is None:
                        bar.update(last, total=task.completed or 1)
                    bar.stop_task(last)
                tasks[phase] = bar.add_task(PHASE_LABELS.get(phase, f"stage: {phase}"),
                                            total=total, unit=UNITS.get(phase, "items"))
                current.append(phase)
            bar.update(tasks[phase], completed=done, total=total)

        yield update
