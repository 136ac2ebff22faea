"""A time budget per unit of work in the stages after extraction (issue 19, decision 0607).

Extraction has its own per-page budget (:mod:`storylens.budget`, a CPU-time signal around a
whole page). The later stages work in units: claims per article and per storyline,
provenance per candidate pair, framing and brief per story. A hostile page (20,000 tiny
sentences, a giant number table) can make one unit very slow; the budget stops that unit,
drops its result with a reason, and the run goes on.

No signal and no thread kills code mid-write here: a unit runs under :func:`bounded`, which
sets a :class:`Deadline` in a context variable; the stage's inner loops call
:func:`checkpoint`, which raises :class:`OverBudget` once the unit's time is used up. Nothing
outside the unit has been changed yet when it raises (a unit's result is only kept when it
returns), so dropping it leaves no half-written state. A unit that returns over its budget
(a loop without a checkpoint) is dropped the same way, so the outcome does not depend on
where checkpoints sit.

The clock is the CPU time of the running thread (``time.thread_time``): not wall time, so a
busy machine does not drop units that pass on an idle one, and not the whole process, so the
threads of a library's pool (torch) do not count against one unit. Without a current deadline
:func:`checkpoint` only reads a context variable: stages stay usable on their own.

Each overrun is an :class:`Overrun` record; a stage lists them in ``meta["overruns"]``
(:func:`add_overruns`) and the runner folds them into the ``inputs[]`` reasons of the
articles concerned (:func:`overrun_reasons`).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import ParamSpec, TypeVar

from storylens.records import Analysis

T = TypeVar("T")
P = ParamSpec("P")


class OverBudget(BaseException):
    """Raised by :func:`checkpoint` when the current unit's budget is used up.

    A ``BaseException`` (like :class:`storylens.budget.PageTimeout`) so that a stage's own
    ``except Exception`` cannot swallow it."""


@dataclass(frozen=True, slots=True)
class Deadline:
    """``budget`` seconds of this thread's CPU time from ``start``."""

    budget: float
    start: float

    @classmethod
    def after(cls, budget: float) -> Deadline:
        return cls(budget, time.thread_time())

    def used(self) -> float:
        return time.thread_time() - self.start

    def passed(self) -> bool:
        return self.used() > self.budget


@dataclass(frozen=True, slots=True)
class Overrun:
    """One unit of a stage dropped for going over its budget."""

    stage: str  # "claims", "provenance", "framing", "brief"
    unit: str  # what was dropped: "claims of the article", "claim groups of the storyline"...
    articles: tuple[str, ...]  # the articles whose results are missing because of it
    budget: float
    setting: str  # the setting that holds the budget, named in the reason
    cause: str = ""  # another limit than time ("2,000 x 5,000 sentences"), else ""

    def reason(self) -> str:
        if self.cause:
            return f"{self.stage}: {self.unit} dropped: {self.cause} (settings {self.setting})"
        return (f"{self.stage}: {self.unit} dropped: over its time budget of "
                f"{self.budget:g} s of CPU time (settings {self.setting})")

    def to_dict(self) -> dict[str, object]:
        return {"stage": self.stage, "unit": self.unit, "articles": list(self.articles),
                "budget": self.budget, "setting": self.setting, "cause": self.cause}


_CURRENT: ContextVar[Deadline | None] = ContextVar("storylens_deadline", default=None)
Timing = tuple[str, float, float]
"""(label, CPU seconds used, budget) of one unit."""
_TIMINGS: ContextVar[list[Timing] | None] = ContextVar("storylens_unit_timings", default=None)


@contextmanager
def timings() -> Iterator[list[Timing]]:
    """Collect ``(label, CPU seconds, budget)`` of every :func:`bounded` unit run inside the
    block (for benchmarks: how close real units come to their budgets)."""
    got: list[Timing] = []
    token = _TIMINGS.set(got)
    try:
        yield got
    finally:
        _TIMINGS.reset(token)


def checkpoint() -> None:
    """Raise :class:`OverBudget` when the current unit is over its budget (a no-op outside
    :func:`bounded`). Cheap (one clock read): call it once per sentence, pair or item of a
    loop whose length the input decides, not per character."""
    deadline = _CURRENT.get()
    if deadline is not None and deadline.passed():
        raise OverBudget


@contextmanager
def _current(deadline: Deadline | None) -> Iterator[None]:
    token = _CURRENT.set(deadline)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def bounded(label: str, budget: float, fn: Callable[P, T], *args: P.args,
            **kwargs: P.kwargs) -> T | None:
    """``fn(*args, **kwargs)`` within ``budget`` seconds of CPU time (``<= 0``: no budget);
    ``None`` when it went over (stopped at a :func:`checkpoint`, or returned late).
    ``label`` names the kind of unit for :func:`timings` ("claims.article", ...).

    Units do not nest: an inner :func:`bounded` inside a unit gets the earlier of the two
    deadlines' ends, so an outer budget still holds."""
    sink = _TIMINGS.get()
    started = time.thread_time()
    try:
        if budget <= 0:
            return fn(*args, **kwargs)
        deadline = Deadline.after(budget)
        outer = _CURRENT.get()
        if outer is not None and outer.budget - outer.used() < budget:
            deadline = outer
        try:
            with _current(deadline):
                result = fn(*args, **kwargs)
        except OverBudget:
            if deadline is outer:
                raise
            return None
        if deadline.passed():
            if deadline is outer:
                raise OverBudget
            return None
        return result
    finally:
        if sink is not None:
            sink.append((label, time.thread_time() - started, budget))


def add_overruns(meta: Mapping[str, object], overruns: Sequence[Overrun]) -> dict[str, object]:
    """``meta`` with ``overruns`` appended to ``meta["overruns"]`` (a new dict)."""
    out = dict(meta)
    if overruns:
        earlier = out.get("overruns")
        listed = list(earlier) if isinstance(earlier, (list, tuple)) else []
        out["overruns"] = listed + [o.to_dict() for o in overruns]
    return out


def overrun_reasons(meta: Mapping[str, object]) -> dict[str, list[str]]:
    """Article id -> the reasons of the overruns that touched it (from ``meta["overruns"]``),
    in stage order, each once."""
    out: dict[str, list[str]] = {}
    listed = meta.get("overruns")
    for item in listed if isinstance(listed, (list, tuple)) else ():
        if not isinstance(item, dict):
            continue
        overrun = Overrun(str(item["stage"]), str(item["unit"]), tuple(item["articles"]),
                          float(item["budget"]), str(item["setting"]),
                          str(item.get("cause", "")))
        for aid in overrun.articles:
            reasons = out.setdefault(aid, [])
            if overrun.reason() not in reasons:
                reasons.append(overrun.reason())
    return out


def with_overrun_reasons(analysis: Analysis) -> Analysis:
    """The analysis with each overrun's reason added to the ``inputs[]`` record of every
    input that gave one of its articles (the runner calls this after the stages)."""
    reasons = overrun_reasons(analysis.meta)
    if not reasons:
        return analysis
    inputs = tuple(
        dataclasses.replace(rec, reason="; ".join(
            x for x in (rec.reason, *reasons[rec.article]) if x))
        if rec.article in reasons and rec.status == "ingested" else rec
        for rec in analysis.inputs)
    return dataclasses.replace(analysis, inputs=inputs)
