"""PostgreSQL store (issue 20, decision 0009): the methods of the SQLite :class:`Store`, for a
team sharing one store (``--db postgresql://USER@HOST:PORT/DB``). Needs the ``cluster`` extra
(psycopg 3).

Concurrency (several ``analyze`` runs and ``serve`` readers on one database):

- Articles are written a batch per transaction with ``INSERT ... ON CONFLICT DO NOTHING``
  (id and content hash are both unique); a row that was not inserted is updated only when it
  holds the same content (a re-extraction by a newer storylens). A run that lost a race (the
  same content stored by another run under another id, or its id taken by other content)
  sees it in :meth:`stored_ids` and the runner reconciles before its stages run.
- A run's analysis holds a session advisory lock (:meth:`lock_analysis`) from reading the
  stored stories to committing its own (:meth:`finish_run`), so the second of two runs
  clusters its pages against the first one's stories and replaces none of them. The lock
  goes with the session: a killed run releases it.
- Readers (:meth:`latest_analysis`) read in one REPEATABLE READ, READ ONLY transaction: a
  consistent snapshot while a run commits.
- A batch that meets a deadlock or a serialization failure is retried (``RETRIES``).

Text ids sort with ``COLLATE "C"`` (code point order), as SQLite sorts them: the stored
stories feed the next run in that order, so both stores give the same analysis.
"""

from __future__ import annotations

import json
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from types import TracebackType
from typing import Any, TypeVar

from storylens import __version__
from storylens.records import Analysis, Article, InputRecord, Page, Story
from storylens.store import (
    SCHEMA_VERSION,
    StoreError,
    _packed,
    display_name,
    merge_runs,
)

T = TypeVar("T")

RETRIES = 5
# pg_advisory_lock keys (bigint): the schema creation and a run's analysis.
_SCHEMA_LOCK = 0x5354_4F52_5953_0001  # "STORYS" + 1
_ANALYSIS_LOCK = 0x5354_4F52_5953_0002

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    version TEXT NOT NULL,
    data TEXT NOT NULL,
    page BYTEA
);
CREATE TABLE IF NOT EXISTS runs (
    id BIGSERIAL PRIMARY KEY,
    started DOUBLE PRECISION NOT NULL,
    finished DOUBLE PRECISION,
    status TEXT NOT NULL,
    args TEXT NOT NULL,
    analysis BYTEA
);
CREATE TABLE IF NOT EXISTS inputs (
    run BIGINT NOT NULL REFERENCES runs(id),
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


def _text(value: str | None) -> str | None:
    """PostgreSQL text cannot hold NUL; a NUL in a source name or reason becomes U+FFFD."""
    return None if value is None else value.replace("\x00", "\ufffd")


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False)  # NUL is escaped as \\u0000 by json


class PostgresStore:
    """One PostgreSQL database. Use ``PostgresStore.open(url)``; close it, or use it as a
    context manager."""

    def __init__(self, conn: Any, url: str) -> None:
        self._conn = conn
        self.url = url
        self.path = display_name(url)
        self._locked = False

    # -- opening -------------------------------------------------------------------------
    @classmethod
    def open(cls, url: str) -> PostgresStore:
        try:
            import psycopg
        except ImportError as exc:
            raise StoreError("a postgresql:// store needs the cluster extra: pip install "
                             f"'storylens[cluster]' (psycopg 3; {exc})") from exc
        try:
            conn = psycopg.connect(url, autocommit=True, connect_timeout=10,
                                   application_name="storylens")
        except psycopg.Error as exc:
            raise StoreError(f"cannot open store {display_name(url)}: {exc}") from exc
        try:
            with conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        conn.execute(statement)  # type: ignore[call-overload]
                row = conn.execute(
                    "SELECT value FROM meta WHERE key='schema_version'").fetchone()
                if row is None:
                    conn.execute("INSERT INTO meta VALUES ('schema_version', %s)",
                                 (str(SCHEMA_VERSION),))
                elif int(row[0]) > SCHEMA_VERSION:
                    raise StoreError(
                        f"{display_name(url)} was written by a newer storylens (schema "
                        f"{row[0]}, this version reads {SCHEMA_VERSION})")
        except psycopg.Error as exc:
            conn.close()
            raise StoreError(f"cannot open store {display_name(url)}: {exc}") from exc
        except StoreError:
            conn.close()
            raise
        return cls(conn, url)

    def close(self) -> None:
        self._conn.close()  # ends the session: releases the analysis lock if held

    def __enter__(self) -> PostgresStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _retrying(self, work: Callable[[Any], T]) -> T:
        """``work(conn)`` in one transaction, retried on deadlock / serialization failure."""
        import psycopg.errors

        for attempt in range(RETRIES):
            try:
                with self._conn.transaction():
                    return work(self._conn)
            except (psycopg.errors.DeadlockDetected,
                    psycopg.errors.SerializationFailure):
                if attempt == RETRIES - 1:
                    raise
                time.sleep(0.05 * (attempt + 1))
        raise AssertionError("unreachable")

    @contextmanager
    def _snapshot(self) -> Iterator[Any]:
        """A consistent read of several tables while runs commit."""
        with self._conn.transaction():
            self._conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield self._conn

    # -- articles --------------------------------------------------------------------------
    def find_by_hash(self, content_hash: str) -> str | None:
        """Id of the stored article made from this content by this storylens version."""
        row = self._conn.execute(
            "SELECT id FROM articles WHERE content_hash=%s AND version=%s",
            (content_hash, __version__)).fetchone()
        return str(row[0]) if row else None

    def stored_ids(self, hashes: Iterable[str]) -> dict[str, str]:
        """Content hash -> id of the stored article made by this storylens version."""
        wanted = list(dict.fromkeys(hashes))
        out: dict[str, str] = {}
        for k in range(0, len(wanted), 1000):
            rows = self._conn.execute(
                "SELECT content_hash, id FROM articles WHERE content_hash = ANY(%s) "
                "AND version=%s", (wanted[k:k + 1000], __version__)).fetchall()
            out.update({str(h): str(i) for h, i in rows})
        return out

    def id_taken(self, article_id: str, content_hash: str) -> bool:
        """True when ``article_id`` already names an article with other content."""
        row = self._conn.execute("SELECT content_hash FROM articles WHERE id=%s",
                                 (article_id,)).fetchone()
        return row is not None and row[0] != content_hash

    def put_article(self, article: Article, page: Page | None = None) -> None:
        self.put_articles([(article, page)])

    def put_articles(self, items: Sequence[tuple[Article, Page | None]]) -> None:
        """Insert articles (with their pages) in one transaction; a stored row with the same
        id and content is updated; any other conflict leaves the stored row as it is."""
        if not items:
            return
        rows = sorted(
            ((a.id, a.content_hash, _text(a.source), __version__,
              _dumps(a.to_dict()),
              zlib.compress(p.content.encode("utf-8")) if p is not None else None)
             for a, p in items), key=lambda r: r[1])  # one lock order for every writer

        def work(conn: Any) -> None:
            for row in rows:
                cur = conn.execute(
                    "INSERT INTO articles (id, content_hash, source, version, data, page) "
                    "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING", row)
                if cur.rowcount == 0:
                    conn.execute(
                        "UPDATE articles SET source=%s, version=%s, data=%s, "
                        "page=COALESCE(%s, page) WHERE id=%s AND content_hash=%s",
                        (row[2], row[3], row[4], row[5], row[0], row[1]))

        self._retrying(work)

    def get_article(self, article_id: str) -> Article | None:
        row = self._conn.execute("SELECT data FROM articles WHERE id=%s",
                                 (article_id,)).fetchone()
        return Article.from_dict(json.loads(row[0])) if row else None

    def articles(self) -> list[Article]:
        rows = self._conn.execute('SELECT data FROM articles ORDER BY id COLLATE "C"').fetchall()
        return [Article.from_dict(json.loads(r[0])) for r in rows]

    # -- runs ------------------------------------------------------------------------------
    def begin_run(self, args: dict[str, Any]) -> int:
        row = self._conn.execute(
            "INSERT INTO runs (started, status, args) VALUES (%s, 'running', %s) RETURNING id",
            (time.time(), json.dumps(args, default=str))).fetchone()
        return int(row[0])

    def lock_analysis(self) -> None:
        """Wait until no other run of this database is between reading the stored stories
        and committing its own; held until :meth:`finish_run` or :meth:`close`."""
        if not self._locked:
            self._conn.execute("SELECT pg_advisory_lock(%s)", (_ANALYSIS_LOCK,))
            self._locked = True

    def _unlock_analysis(self) -> None:
        if self._locked:
            self._conn.execute("SELECT pg_advisory_unlock(%s)", (_ANALYSIS_LOCK,))
            self._locked = False

    def finish_run(self, run_id: int, analysis: Analysis, stories: list[Story]) -> None:
        """Commit a run's result in one transaction (as the SQLite store), then release
        :meth:`lock_analysis`."""
        packed = _packed(analysis)

        def work(conn: Any) -> None:
            with conn.cursor() as cur:
                cur.executemany(
                    "INSERT INTO inputs VALUES (%s, %s, %s, %s, %s, %s) "
                    "ON CONFLICT (run, seq) DO UPDATE SET source=excluded.source, "
                    "status=excluded.status, reason=excluded.reason, "
                    "article=excluded.article",
                    [(run_id, seq, _text(r.source), r.status, _text(r.reason), r.article)
                     for seq, r in enumerate(analysis.inputs)])
                cur.execute("DELETE FROM stories")
                cur.executemany(
                    "INSERT INTO stories VALUES (%s, %s, %s, %s)",
                    [(s.id, s.level, s.parent, _dumps(s.to_dict())) for s in stories])
                cur.executemany(
                    "UPDATE articles SET data=%s WHERE id=%s",
                    [(_dumps(a.to_dict()), a.id) for a in analysis.articles])
                cur.execute(
                    "UPDATE runs SET finished=%s, status='finished', analysis=%s WHERE id=%s",
                    (time.time(), packed, run_id))

        try:
            self._retrying(work)
        finally:
            self._unlock_analysis()

    def stories(self) -> list[Story]:
        rows = self._conn.execute('SELECT data FROM stories ORDER BY id COLLATE "C"').fetchall()
        return [Story.from_dict(json.loads(r[0])) for r in rows]

    def runs(self) -> list[dict[str, Any]]:
        rows = self._conn.execute(
            "SELECT id, started, finished, status, args FROM runs ORDER BY id").fetchall()
        return [{"id": r[0], "started": r[1], "finished": r[2], "status": r[3],
                 "args": json.loads(r[4])} for r in rows]

    def run_inputs(self, run_id: int) -> list[InputRecord]:
        rows = self._conn.execute(
            "SELECT source, status, reason, article FROM inputs WHERE run=%s ORDER BY seq",
            (run_id,)).fetchall()
        return [InputRecord(r[0], r[1], r[2], r[3]) for r in rows]

    def latest_analysis(self) -> Analysis:
        """The merged view of every finished run (as the SQLite store), read from one
        snapshot."""
        with self._snapshot() as conn:
            rows = conn.execute(
                "SELECT analysis FROM runs WHERE status='finished' AND analysis IS NOT NULL "
                "ORDER BY id").fetchall()
            arts = [Article.from_dict(json.loads(r[0])) for r in conn.execute(
                'SELECT data FROM articles ORDER BY id COLLATE "C"').fetchall()]
            stories = [Story.from_dict(json.loads(r[0])) for r in conn.execute(
                'SELECT data FROM stories ORDER BY id COLLATE "C"').fetchall()]
        return merge_runs((bytes(r[0]) for r in rows), arts, stories, {"store": self.path})

    def stamp(self) -> tuple[int, ...]:
        """Changes when a run finishes (the web app's cache key)."""
        row = self._conn.execute(
            "SELECT count(*), coalesce(max(id), 0) FROM runs WHERE status='finished'"
        ).fetchone()
        return (int(row[0]), int(row[1]))

