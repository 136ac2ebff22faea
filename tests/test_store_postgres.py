"""The PostgreSQL store (issue 20) against a real server started here, never a mock.

A session fixture runs Debian's PostgreSQL binaries (``/usr/lib/postgresql/<ver>/bin``;
``make test`` installs them as root): ``initdb`` in a throwaway temp folder, ``pg_ctl start``
on a free loopback port with its unix socket in that folder, stopped and deleted at the end.
As root the server runs as ``nobody`` (PostgreSQL refuses root). Without the binaries the
tests skip with that reason, or fail when STORYLENS_REQUIRE_POSTGRES=1 (.ci/run sets it).
"""

from __future__ import annotations

import glob
import html
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from storylens.records import Article
from storylens.runner import analyze, write_outputs
from storylens.settings import Settings
from storylens.store import Store, open_store

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "corpus"
RUN_DATE = __import__("datetime").date(2026, 12, 3)


def _missing(message: str) -> None:
    if os.environ.get("STORYLENS_REQUIRE_POSTGRES") == "1":
        pytest.fail(message + " and STORYLENS_REQUIRE_POSTGRES=1 is set")
    pytest.skip(message)


def _bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    which = shutil.which("initdb")
    return Path(which).parent if which else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """A throwaway PostgreSQL server; yields the URL of its maintenance database."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _missing("psycopg 3 (the cluster extra) is not installed")
    bindir = _bin_dir()
    if bindir is None:
        _missing("no PostgreSQL server binaries (initdb, pg_ctl): apt-get install postgresql "
                 "(make test does it as root)")
    assert bindir is not None
    root = Path(tempfile.mkdtemp(prefix="storylens-pg-"))
    data, sock, log = root / "data", root / "sock", root / "server.log"
    sock.mkdir()
    prefix: list[str] = []
    if os.geteuid() == 0:  # postgres refuses to run as root
        user = "nobody"
        shutil.chown(root, user)
        shutil.chown(sock, user)
        prefix = (["runuser", "-u", user, "--"] if shutil.which("runuser")
                  else ["su", "-s", "/bin/sh", user, "-c"])
    port = _free_port()

    def run(args: list[str]) -> None:
        cmd = prefix + args if prefix[:1] != ["su"] else [*prefix, " ".join(args)]
        subprocess.run(cmd, check=True, capture_output=True, timeout=120, cwd=root)

    run([str(bindir / "initdb"), "-D", str(data), "-U", "storylens", "--auth=trust",
         "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"])
    try:
        run([str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", "60",
             "-o", f"-p {port} -h 127.0.0.1 -k {sock} -c fsync=off", "start"])
    except subprocess.CalledProcessError as exc:
        detail = log.read_text(errors="replace") if log.exists() else exc.stderr
        shutil.rmtree(root, ignore_errors=True)
        raise RuntimeError(f"PostgreSQL did not start: {detail!s:.2000}") from exc
    try:
        yield f"postgresql://storylens@127.0.0.1:{port}/postgres"
    finally:
        run([str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"])
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A fresh database on the throwaway server for one test."""
    import psycopg

    name = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")  # type: ignore[arg-type]
    yield pg_server.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE {name} WITH (FORCE)")  # type: ignore[arg-type]


def _analysis_json(out: Path) -> dict[str, object]:
    doc: dict[str, object] = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    doc.pop("meta")
    return doc


def test_sample_corpus_same_in_sqlite_and_postgres_and_served(pg_url: str,
                                                               tmp_path: Path) -> None:
    settings = Settings(workers=1)
    for ref, out in ((str(tmp_path / "s.db"), tmp_path / "sqlite"), (pg_url, tmp_path / "pg")):
        with open_store(ref) as store:
            write_outputs(analyze([str(EXAMPLES)], settings, store, run_date=RUN_DATE), out)
    assert _analysis_json(tmp_path / "pg") == _analysis_json(tmp_path / "sqlite")
    with Store.open(tmp_path / "s.db") as lite, open_store(pg_url) as pg:
        a, b = lite.latest_analysis(), pg.latest_analysis()
        assert a.stories == b.stories and a.articles == b.articles and a.brief == b.brief
        assert [r["status"] for r in pg.runs()] == ["finished"]
        assert pg.run_inputs(1) == lite.run_inputs(1)
    # a second run of the same pages: every input a duplicate of the stored article
    with open_store(pg_url) as store:
        again = analyze([str(EXAMPLES)], settings, store, run_date=RUN_DATE)
    assert {r.status for r in again.inputs} == {"duplicate"}

    from fastapi.testclient import TestClient

    from storylens.web import create_app

    page = TestClient(create_app(pg_url, settings)).get("/")
    assert page.status_code == 200
    titles = {a.id: a.title for a in b.articles}
    shown = html.unescape(page.text)  # "Varesca's" is escaped as &#39;, not html.escape's &#x27;
    listed = [s for s in b.stories if (s.title or titles[s.articles[0]]) in shown]
    assert len(listed) == len(b.stories) >= 2, (len(listed), len(b.stories))


def test_two_concurrent_runs_into_one_store_lose_nothing(pg_url: str, tmp_path: Path) -> None:
    """Two `storylens analyze` processes at once into one database, their piles sharing a
    page: every input accounted for, every article stored once and in a story."""
    files = sorted(EXAMPLES.iterdir())
    piles = [files[:4], files[3:]]  # files[3] in both
    procs = []
    for k, pile in enumerate(piles):
        folder = tmp_path / f"pile{k}"
        folder.mkdir()
        for f in pile:
            shutil.copy(f, folder / f.name)
        procs.append(subprocess.Popen(
            [sys.executable, "-m", "storylens.cli", "analyze", str(folder), "--out",
             str(tmp_path / f"out{k}"), "--db", pg_url, "--workers", "1", "-q",
             "--run-date", "2026-12-03"],
            env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT))
    for p in procs:
        out, _ = p.communicate(timeout=600)
        assert p.returncode == 0, out.decode(errors="replace")[-2000:]
    with open_store(pg_url) as store:
        runs = store.runs()
        assert [r["status"] for r in runs] == ["finished", "finished"]
        stored = store.articles()
        ids = {a.id for a in stored}
        assert len({a.content_hash for a in stored}) == len(stored)  # no content twice
        accounted = [store.run_inputs(r["id"]) for r in runs]
        assert ({frozenset(Path(r.source).name.split(":")[0] for r in got)
                 for got in accounted} == {frozenset(f.name for f in pile) for pile in piles})
        # a page both runs extracted at once is the same stored article for both
        assert {r.article for got in accounted for r in got if r.status == "ingested"} == ids
        for recs in accounted:
            for r in recs:
                assert r.status in ("ingested", "duplicate", "skipped", "failed")
                if r.status in ("ingested", "duplicate"):
                    assert r.article in ids  # the article the input became is stored
        in_stories = {a for s in store.stories() if s.level == "event" for a in s.articles}
        assert ids <= in_stories  # the later run saw the earlier run's stories
        merged = store.latest_analysis()
    assert {a.id for a in merged.articles} == ids
    assert len(ids) == 8  # the sample corpus makes 8 articles in one run


def test_unreachable_server_and_missing_database_are_store_errors(pg_server: str) -> None:
    from storylens.store import StoreError

    with pytest.raises(StoreError, match="cannot open store"):
        open_store(pg_server.rsplit("/", 1)[0] + "/no_such_db")
    port = _free_port()
    with pytest.raises(StoreError, match="cannot open store"):
        open_store(f"postgresql://storylens:secret@127.0.0.1:{port}/x")


def test_articles_conflicts_keep_the_first_writer(pg_url: str) -> None:
    art = Article(id="a1", source="a.html", title="T", body="B", published=None,
                  content_hash="h1")
    with open_store(pg_url) as one, open_store(pg_url) as two:
        one.put_articles([(art, None)])
        two.put_articles([(Article(id="a1", source="b.html", title="X", body="Y",
                                   published=None, content_hash="h2"), None)])
        two.put_articles([(Article(id="a2", source="c.html", title="T", body="B",
                                   published=None, content_hash="h1"), None)])
        assert one.stored_ids(["h1", "h2"]) == {"h1": "a1"}
        got = two.get_article("a1")
        assert got is not None and got.source == "a.html"


def test_readers_see_a_consistent_store_while_a_run_commits(pg_url: str) -> None:
    """serve's reads (latest_analysis) go on while another session is inside a run's commit:
    they see the last finished state, then the new one, never half of it."""
    import dataclasses
    import hashlib

    import psycopg
    from test_report_sample import sample_analysis

    analysis = sample_analysis()
    arts = tuple(dataclasses.replace(a, content_hash=hashlib.sha1(a.id.encode()).hexdigest())
                 for a in analysis.articles)
    analysis = dataclasses.replace(analysis, articles=arts)
    with open_store(pg_url) as store:
        store.put_articles([(a, None) for a in arts])
        run = store.begin_run({"sources": ["fixture"]})
        store.lock_analysis()
        store.finish_run(run, analysis, list(analysis.stories))
    with open_store(pg_url) as reader, psycopg.connect(pg_url) as writer:
        before = reader.latest_analysis()
        assert len(before.stories) == len(analysis.stories) > 0
        with writer.transaction():  # a run's commit, half done
            writer.execute("DELETE FROM stories")
            writer.execute("INSERT INTO runs (started, status, args) "
                           "VALUES (0, 'finished', '{}')")
            during = reader.latest_analysis()
            assert during.stories == before.stories and during.meta == before.meta
            writer.execute("DELETE FROM runs WHERE analysis IS NULL")
        after = reader.latest_analysis()
        assert after.stories == () and after.meta["runs"] == 1


def test_reconcile_with_a_concurrent_writer(tmp_path: Path) -> None:
    """What a run does when another run stored the same content first (its input becomes a
    duplicate of that article) or took its id for other content (a suffixed id)."""
    from storylens.records import InputRecord
    from storylens.runner import _reconcile

    def art(aid: str, h: str) -> Article:
        return Article(id=aid, source=f"{aid}.html", title=aid, body="text", content_hash=h)

    with Store.open(tmp_path / "s.db") as store:
        store.put_articles([(art("theirs", "h1"), None), (art("mine2", "h9"), None),
                            (art("kept", "h3"), None)])
        mine = {"mine1": art("mine1", "h1"), "mine2": art("mine2", "h2"),
                "kept": art("kept", "h3")}
        inputs: list[InputRecord | None] = [
            InputRecord("mine1.html", "ingested", "", "mine1"),
            InputRecord("mine2.html", "ingested", "", "mine2"),
            InputRecord("kept.html", "ingested", "", "kept"), None]
        _reconcile(store, mine, inputs)
        assert set(mine) == {"theirs", "mine2-h2", "kept"}
        assert inputs[0] is not None and inputs[0].status == "duplicate"
        assert inputs[0].article == "theirs" and "another run" in inputs[0].reason
        assert inputs[1] == InputRecord("mine2.html", "ingested", "", "mine2-h2")
        assert inputs[2] == InputRecord("kept.html", "ingested", "", "kept")
        assert store.stored_ids(["h1", "h2", "h3", "h9"]) == {
            "h1": "theirs", "h2": "mine2-h2", "h3": "kept", "h9": "mine2"}
