"""What the web app reads: the store's merged analysis (cached while the file is unchanged),
story summaries with search and filters, and pair comparison."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from storylens.records import Analysis, Article, Relation
from storylens.report import view as v
from storylens.settings import Settings

log = logging.getLogger(__name__)


class StoreLike(Protocol):
    def latest_analysis(self) -> Analysis: ...
    def get_article(self, article_id: str) -> Article | None: ...
    def close(self) -> None: ...


OpenStore = Callable[[Path | str], StoreLike]
"""Opens the store named by the app's ``db_path`` (a Path, or a postgresql:// URL string)."""


def default_open_store(path: Path | str) -> StoreLike:
    from storylens.store import open_store

    return open_store(path)


class AnalysisSource:
    """Opens the store per read; keeps the last merged analysis while the SQLite files
    (main file and WAL) are unchanged, so listing pages does not re-read every run."""

    def __init__(self, db_path: Path | str, open_store: OpenStore) -> None:
        self.db_path = db_path
        self.open_store = open_store
        self._lock = threading.Lock()
        self._key: tuple[int, ...] | None = None
        self._cached: tuple[Analysis, v.ReportView] | None = None

    def _stamp(self) -> tuple[int, ...] | None:
        if isinstance(self.db_path, str):  # a PostgreSQL store: the finished runs
            store = self.open_store(self.db_path)
            try:
                stamp = getattr(store, "stamp", None)
                return stamp() if stamp is not None else None
            finally:
                store.close()
        out: list[int] = []
        for suffix in ("", "-wal"):
            p = Path(str(self.db_path) + suffix)
            try:
                st = os.stat(p)
            except OSError:
                out += [0, 0]
                continue
            out += [st.st_mtime_ns, st.st_size]
        return tuple(out) if any(out) else None

    def invalidate(self) -> None:
        with self._lock:
            self._cached, self._key = None, None

    def get(self) -> tuple[Analysis, v.ReportView]:
        with self._lock:
            key = self._stamp()
            if self._cached is not None and key is not None and key == self._key:
                return self._cached
            store = self.open_store(self.db_path)
            try:
                analysis = store.latest_analysis()
            finally:
                store.close()
            self._cached, self._key = (analysis, v.report_view(analysis)), key
            return self._cached


# --------------------------------------------------------------------------- listing


@dataclass(frozen=True, slots=True)
class StorySummary:
    view: v.StoryView
    outlets: tuple[str, ...]
    first: str | None
    last: str | None
    statuses: tuple[str, ...]
    depth: int

    @property
    def id(self) -> str:
        return self.view.story.id


def summaries(rv: v.ReportView) -> list[StorySummary]:
    out: list[StorySummary] = []

    def add(sv: v.StoryView, depth: int, parent: v.StoryView | None = None) -> None:
        dates = sorted(a.published for a in sv.articles if a.published)
        outlets = tuple(dict.fromkeys(a.outlet for a in sv.articles if a.outlet))
        statuses: set[str] = {row.group.status for row in sv.claims.rows}
        for child in sv.children:
            statuses |= {row.group.status for row in child.claims.rows}
        if not sv.claims.rows and parent is not None:
            # Claim groups are made per storyline: an event shows the statuses of the
            # storyline's groups that its own articles take part in.
            statuses |= _involving(parent.claims, {a.id for a in sv.articles})
        out.append(StorySummary(sv, outlets, dates[0] if dates else None,
                                dates[-1] if dates else None, tuple(sorted(statuses)), depth))
        for child in sv.children:
            add(child, depth + 1, sv)

    for sv in rv.stories:
        add(sv, 0)
    return out


def _involving(matrix: v.ClaimMatrix, article_ids: set[str]) -> set[str]:
    cols = [k for k, a in enumerate(matrix.columns) if a.id in article_ids]
    return {row.group.status for row in matrix.rows if any(row.cells[k] for k in cols)}


@dataclass(frozen=True, slots=True)
class Filters:
    q: str = ""
    outlet: str = ""
    date_from: str = ""
    date_to: str = ""
    status: str = ""


def matches(s: StorySummary, f: Filters) -> bool:
    if f.q:
        needle = f.q.casefold()
        hay = " ".join([s.view.title, s.id, *s.outlets,
                        *(a.title for a in s.view.articles)]).casefold()
        if needle not in hay:
            return False
    if f.outlet and f.outlet not in s.outlets:
        return False
    # a story matches a date range when any of its articles was published inside it
    if f.date_from or f.date_to:
        dates = [a.published for a in s.view.articles if a.published]
        if not any((not f.date_from or d >= f.date_from) and (not f.date_to or d <= f.date_to)
                   for d in dates):
            return False
    return not f.status or f.status in s.statuses


def all_outlets(analysis: Analysis) -> list[str]:
    return sorted({a.outlet for a in analysis.articles if a.outlet})


# --------------------------------------------------------------------------- compare


class CompareError(LookupError):
    """No article or no relation for a requested pair (the message says which)."""


def resolve_relation(
    analysis: Analysis, a: str, b: str, settings: Settings
) -> tuple[Relation, str]:
    """The relation between articles a and b, oriented (a, b), and where it came from:
    ``provenance.relate`` when that stage provides it, else the stored analysis."""
    art_a, art_b = analysis.article(a), analysis.article(b)
    missing = [x for x, art in ((a, art_a), (b, art_b)) if art is None]
    if missing:
        raise CompareError(f"no article with id {', '.join(map(repr, missing))}")
    assert art_a is not None and art_b is not None
    if a == b:
        raise CompareError("a and b are the same article")
    from storylens import provenance

    relate = getattr(provenance, "relate", None)
    if callable(relate):
        try:
            rel = relate(art_a, art_b, settings)
            if isinstance(rel, Relation):
                return v.orient(rel, a, b), "computed"
        except Exception:  # a stage bug must not hide the stored result
            log.exception("provenance.relate failed for %r, %r", a, b)
    stored = v.find_relation(analysis, a, b)
    if stored is None:
        raise CompareError(f"no relation computed between {a!r} and {b!r}")
    return stored, "stored"
