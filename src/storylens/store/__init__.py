"""SQLite store: articles by content hash, story assignments, and every run's analysis.

Consistency when a run is killed: extracted articles are committed a batch at a time (one
transaction per batch of the runner's extraction, :meth:`Store.put_articles`), so a re-run
finds them and resumes: their inputs are reported as duplicates of the stored articles and
nothing is extracted twice (at most one batch is redone); the run's analysis
(analysis.json, zlib-compressed; older stores' plain text is still read), input accounting
and story assignment are committed together in one transaction at the end.
A run that never finished stays marked "running" and is ignored by :meth:`latest_analysis`.
WAL journaling keeps readers (``storylens serve``) working while a run writes.

Schema versioned in ``meta.schema_version``; a store written by a newer storylens is refused.

:func:`open_store` opens this SQLite store for a path, or the PostgreSQL store of
:mod:`storylens.store.postgres` for a ``postgresql://`` URL (issue 20, decision 0009): the
same methods (:class:`StoreAPI`). A run's analysis (from reading the stored stories to
committing its own) holds :meth:`Store.lock_analysis`, so two runs into one store extract at
the same time but cluster their stories one after the other.
"""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
import time
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol

from storylens import __version__
from storylens.records import Analysis, Article, InputRecord, Page, Story

if TYPE_CHECKING:
    from storylens.store.postgres import PostgresStore

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    version TEXT NOT NULL,
    data TEXT NOT NULL,
    page BLOB
);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started REAL NOT NULL,
    finished REAL,
    status TEXT NOT NULL,
    args TEXT NOT NULL,
    analysis TEXT
);
CREATE TABLE IF NOT EXISTS inputs (
    run INTEGER NOT NULL REFERENCES runs(id),
    seq INTEGER NOT NULL,
    source TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT NOT NULL,
    article TEXT,
    PRIMARY KEY (run, seq)
);
CREATE TABLE IF NOT EXISTS stories (
    id TEXT PRIMARY KEY,
    level TEXT NOT NULL,
    parent TEXT,
    data TEXT NOT NULL
);
"""


def _packed(analysis: Analysis) -> bytes:
    """A run's analysis.json, zlib-compressed, written record by record: the whole document
    never exists as one string (a large run's JSON is gigabytes; compressed, a tenth)."""
    from storylens.runner import write_analysis_json

    class _Sink:
        def __init__(self) -> None:
            self.z = zlib.compressobj(6)
            self.parts: list[bytes] = []

        def write(self, text: str) -> int:
            self.parts.append(self.z.compress(text.encode("utf-8")))
            return len(text)

    sink = _Sink()
    write_analysis_json(analysis, sink)
    sink.parts.append(sink.z.flush())
    return b"".join(sink.parts)


def _unpacked(raw: str | bytes) -> str:
    """Stored analysis JSON: text (stores written before compression) or zlib bytes."""
    if isinstance(raw, bytes):
        return zlib.decompress(raw).decode("utf-8")
    return raw


class StoreError(RuntimeError):
    """The store cannot be opened or used (wrong version, corrupt file)."""


class StoreAPI(Protocol):
    """What the runner, the CLI and the web app use of a store (SQLite or PostgreSQL)."""

    @property
    def path(self) -> Path | str: ...
    def close(self) -> None: ...
    def find_by_hash(self, content_hash: str) -> str | None: ...
    def stored_ids(self, hashes: Iterable[str]) -> dict[str, str]: ...
    def id_taken(self, article_id: str, content_hash: str) -> bool: ...
    def put_articles(self, items: Sequence[tuple[Article, Page | None]]) -> None: ...
    def get_article(self, article_id: str) -> Article | None: ...
    def articles(self) -> list[Article]: ...
    def begin_run(self, args: dict[str, Any]) -> int: ...
    def lock_analysis(self) -> None: ...
    def finish_run(self, run_id: int, analysis: Analysis, stories: list[Story]) -> None: ...
    def stories(self) -> list[Story]: ...
    def runs(self) -> list[dict[str, Any]]: ...
    def run_inputs(self, run_id: int) -> list[InputRecord]: ...
    def latest_analysis(self) -> Analysis: ...


def is_url(ref: str | Path) -> bool:
    """True for a PostgreSQL URL (``postgresql://`` or ``postgres://``)."""
    return isinstance(ref, str) and ref.startswith(("postgresql://", "postgres://"))


def open_store(ref: str | Path) -> Store | PostgresStore:
    """The store named by ``ref``: a PostgreSQL URL, else the path of an SQLite file."""
    if is_url(ref):
        from storylens.store.postgres import PostgresStore

        return PostgresStore.open(str(ref))
    return Store.open(Path(ref))


def display_name(ref: str | Path) -> str:
    """``ref`` for messages and ``meta["store"]``: a URL without its password."""
    if not is_url(ref):
        return str(ref)
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(str(ref))
    if parts.password is None:
        return str(ref)
    host = parts.hostname or ""
    user = f"{parts.username}@" if parts.username else ""
    port = f":{parts.port}" if parts.port else ""
    return urlunsplit((parts.scheme, f"{user}{host}{port}", parts.path, parts.query, ""))


def merge_runs(raw_analyses: Iterable[str | bytes], articles: list[Article],
               stories: list[Story], meta: dict[str, Any]) -> Analysis:
    """The merged view of finished runs (oldest first): all stored articles and stories; for
    relations, claims, framing and briefs the most recent run that covered them wins."""
    relations: dict[tuple[str, str], Any] = {}
    lineages: dict[frozenset[str], Any] = {}
    claims: dict[str, Any] = {}
    groups: dict[str, Any] = {}
    framing: dict[tuple[str, str], Any] = {}
    briefs: dict[str, Any] = {}
    inputs: list[InputRecord] = []
    runs = 0
    for raw in raw_analyses:
        runs += 1
        a = Analysis.from_dict(json.loads(_unpacked(raw)))
        inputs.extend(a.inputs)
        for r in a.relations:
            relations[(r.a, r.b)] = r
        for lin in a.lineages:
            members = frozenset(lin.articles)
            for key in [k for k in lineages if k & members]:
                del lineages[key]
            lineages[members] = lin
        covered = {c.article for c in a.claims}
        for cid in [k for k, c in claims.items() if c.article in covered]:
            del claims[cid]
        claims.update({c.id: c for c in a.claims})
        groups.update({g.id: g for g in a.claim_groups})
        framing.update({(f.story, f.referent): f for f in a.framing})
        briefs.update({b.story: b for b in a.brief})
    live = set(claims)
    return Analysis(
        articles=tuple(articles),
        inputs=tuple(inputs),
        stories=tuple(stories),
        relations=tuple(relations.values()),
        lineages=tuple(lineages.values()),
        claims=tuple(claims.values()),
        claim_groups=tuple(g for g in groups.values() if set(g.claims) <= live),
        framing=tuple(framing.values()),
        brief=tuple(briefs.values()),
        meta={**meta, "runs": runs},
    )


class Store:
    """One SQLite file. Use ``Store.open(path)``; close it, or use it as a context manager."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path
        self._lock_fd: int | None = None

    # -- opening -------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path) -> Store:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            conn = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA foreign_keys=ON")
            with conn:
                conn.executescript(_SCHEMA)
                row = conn.execute(
                    "SELECT value FROM meta WHERE key='schema_version'"
                ).fetchone()
                if row is None:
                    conn.execute(
                        "INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
                    )
                elif int(row[0]) > SCHEMA_VERSION:
                    raise StoreError(
                        f"{path} was written by a newer storylens (schema {row[0]}, "
                        f"this version reads {SCHEMA_VERSION})"
                    )
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open store {path}: {exc}") from exc
        return cls(conn, path)

    def close(self) -> None:
        self._unlock_analysis()
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._conn:
            yield self._conn

    # -- articles --------------------------------------------------------------------------
    def find_by_hash(self, content_hash: str) -> str | None:
        """Id of the stored article made from this content by this storylens version."""
        row = self._conn.execute(
            "SELECT id FROM articles WHERE content_hash=? AND version=?",
            (content_hash, __version__),
        ).fetchone()
        return str(row[0]) if row else None

    def id_taken(self, article_id: str, content_hash: str) -> bool:
        """True when ``article_id`` already names an article with other content."""
        row = self._conn.execute(
            "SELECT content_hash FROM articles WHERE id=?", (article_id,)
        ).fetchone()
        return row is not None and row[0] != content_hash

    def put_article(self, article: Article, page: Page | None = None) -> None:
        """Insert or replace one article, committed at once (resumable runs)."""
        self.put_articles([(article, page)])

    def put_articles(self, items: Sequence[tuple[Article, Page | None]]) -> None:
        """Insert or replace articles (with the page each came from), in one transaction."""
        if not items:
            return
        with self._tx() as conn:
            for article, page in items:
                blob = (zlib.compress(page.content.encode("utf-8")) if page is not None
                        else None)
                conn.execute("DELETE FROM articles WHERE content_hash=? AND id<>?",
                             (article.content_hash, article.id))
                conn.execute(
                    "INSERT INTO articles (id, content_hash, source, version, data, page) "
                    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
                    "content_hash=excluded.content_hash, source=excluded.source, "
                    "version=excluded.version, data=excluded.data, "
                    "page=COALESCE(excluded.page, articles.page)",
                    (article.id, article.content_hash, article.source, __version__,
                     json.dumps(article.to_dict(), ensure_ascii=False), blob),
                )

    def stored_ids(self, hashes: Iterable[str]) -> dict[str, str]:
        """Content hash -> id of the stored article made by this storylens version."""
        out: dict[str, str] = {}
        for h in dict.fromkeys(hashes):
            found = self.find_by_hash(h)
            if found is not None:
                out[h] = found
        return out

    def get_article(self, article_id: str) -> Article | None:
        row = self._conn.execute("SELECT data FROM articles WHERE id=?", (article_id,)).fetchone()
        return Article.from_dict(json.loads(row[0])) if row else None

    def articles(self) -> list[Article]:
        rows = self._conn.execute("SELECT data FROM articles ORDER BY id").fetchall()
        return [Article.from_dict(json.loads(r[0])) for r in rows]

    # -- runs ------------------------------------------------------------------------------
    def begin_run(self, args: dict[str, Any]) -> int:
        with self._tx() as conn:
            cur = conn.execute(
                "INSERT INTO runs (started, status, args) VALUES (?, 'running', ?)",
                (time.time(), json.dumps(args, default=str)),
            )
            return int(cur.lastrowid or 0)

    def lock_analysis(self) -> None:
        """Wait until no other run of this store is between reading the stored stories and
        committing its own (an exclusive ``flock`` on ``<store>.lock``); held until
        :meth:`finish_run` or :meth:`close`."""
        if self._lock_fd is not None:
            return
        fd = os.open(str(self.path) + ".lock", os.O_RDWR | os.O_CREAT, 0o644)
        fcntl.flock(fd, fcntl.LOCK_EX)
        self._lock_fd = fd

    def _unlock_analysis(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # releases the flock
            self._lock_fd = None

    def finish_run(self, run_id: int, analysis: Analysis, stories: list[Story]) -> None:
        """Commit a run's result in one transaction: analysis, inputs, story assignment,
        and the articles as the stages left them (e.g. with their spin assessment); then
        release :meth:`lock_analysis`."""
        try:
            self._finish_run(run_id, analysis, stories)
        finally:
            self._unlock_analysis()

    def _finish_run(self, run_id: int, analysis: Analysis, stories: list[Story]) -> None:
        with self._tx() as conn:
            for seq, rec in enumerate(analysis.inputs):
                conn.execute(
                    "INSERT OR REPLACE INTO inputs VALUES (?, ?, ?, ?, ?, ?)",
                    (run_id, seq, rec.source, rec.status, rec.reason, rec.article),
                )
            conn.execute("DELETE FROM stories")
            conn.executemany(
                "INSERT INTO stories VALUES (?, ?, ?, ?)",
                [(s.id, s.level, s.parent, json.dumps(s.to_dict())) for s in stories],
            )
            for article in analysis.articles:
                conn.execute(
                    "UPDATE articles SET data=? WHERE id=?",
                    (json.dumps(article.to_dict(), ensure_ascii=False), article.id),
                )
            conn.execute(
                "UPDATE runs SET finished=?, status='finished', analysis=? WHERE id=?",
                (time.time(), _packed(analysis), run_id),
            )

    def stories(self) -> list[Story]:
        rows = self._conn.execute("SELECT data FROM stories ORDER BY id").fetchall()
        return [Story.from_dict(json.loads(r[0])) for r in rows]

    def runs(self) -> list[dict[str, Any]]:
        rows = self._conn.execute(
            "SELECT id, started, finished, status, args FROM runs ORDER BY id"
        ).fetchall()
        return [
            {"id": r[0], "started": r[1], "finished": r[2], "status": r[3],
             "args": json.loads(r[4])}
            for r in rows
        ]

    def run_inputs(self, run_id: int) -> list[InputRecord]:
        rows = self._conn.execute(
            "SELECT source, status, reason, article FROM inputs WHERE run=? ORDER BY seq",
            (run_id,),
        ).fetchall()
        return [InputRecord(r[0], r[1], r[2], r[3]) for r in rows]

    def latest_analysis(self) -> Analysis:
        """The merged view of every finished run: all stored articles and stories; for
        relations, claims, framing and briefs the most recent run that covered them wins."""
        rows = self._conn.execute(
            "SELECT analysis FROM runs WHERE status='finished' AND analysis IS NOT NULL "
            "ORDER BY id"
        ).fetchall()
        return merge_runs((r[0] for r in rows), self.articles(), self.stories(),
                          {"store": str(self.path)})

