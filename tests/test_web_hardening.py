"""Web hardening (issue 19): upload body cap, background jobs, access token for serve."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from test_report_sample import sample_analysis
from test_web_app import finished_job, seed_store
from typer.testing import CliRunner

from storylens.cli import app as cli_app
from storylens.records import Analysis, InputRecord
from storylens.settings import Settings
from storylens.web import create_app
from storylens.web.app import BodyLimit
from storylens.web.cli import is_loopback

TOKEN = "correct-horse-battery-staple-42"


def _client(tmp_path: Path, settings: Settings | None = None, **kw: Any) -> TestClient:
    db = tmp_path / "s.db"
    seed_store(db, sample_analysis())
    return TestClient(create_app(db, settings or Settings(), **kw))


def _run_async(coro: Any) -> None:
    """asyncio.run in a fresh thread: the browser tests may leave a loop running here."""
    errors: list[BaseException] = []

    def target() -> None:
        try:
            asyncio.run(coro)
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(30)
    if errors:
        raise errors[0]


def test_web_body_limit_refuses_before_reading() -> None:
    # The app below must never run and the body must never be read.
    async def app(scope: Any, receive: Any, send: Any) -> None:
        raise AssertionError("the app ran")

    async def receive() -> Any:
        raise AssertionError("the body was read")

    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/upload",
             "headers": [(b"content-length", b"300000000")]}
    _run_async(BodyLimit(app, 100_000_000)(scope, receive, send))
    assert sent[0]["status"] == 413
    chunked = {**scope, "headers": [(b"transfer-encoding", b"chunked")]}
    sent.clear()
    _run_async(BodyLimit(app, 100_000_000)(chunked, receive, send))
    assert sent[0]["status"] == 411


def test_web_upload_over_cap_is_413(tmp_path: Path) -> None:
    settings = Settings().with_overrides({"web.max_upload_bytes": 2000})
    c = _client(tmp_path, settings)
    r = c.post("/upload", files={"files": ("big.html", b"<p>" + b"x" * 5000, "text/html")})
    assert r.status_code == 413
    assert "too large" in r.text
    assert "default-src 'none'" in r.headers["content-security-policy"]


def test_web_upload_runs_in_background_and_app_stays_responsive(tmp_path: Path) -> None:
    release = threading.Event()

    def slow_analyze(sources: Sequence[str], settings: Settings, store: Any) -> Analysis:
        assert release.wait(30)
        names = sorted(p.name for p in Path(sources[0]).iterdir())
        return Analysis(inputs=tuple(InputRecord(n, "skipped", "fake") for n in names))

    c = _client(tmp_path, analyze_fn=slow_analyze)
    started = time.monotonic()
    r = c.post("/upload", files={"files": ("a.html", b"<p>a</p>", "text/html")})
    assert time.monotonic() - started < 5  # the request does not wait for the analysis
    assert r.status_code == 200 and ("Analysing" in r.text or "Waiting" in r.text)
    assert 'http-equiv="refresh"' in r.text and 'role="status"' not in r.text
    assert c.get("/").status_code == 200  # the app answers meanwhile
    release.set()
    done = finished_job(c, r)
    assert 'role="status"' in done.text and "a.html" in done.text
    assert c.get("/jobs/not-a-job").status_code == 404


def test_web_upload_job_failure_is_shown_without_traceback(tmp_path: Path) -> None:
    def broken(sources: Sequence[str], settings: Settings, store: Any) -> Analysis:
        raise RuntimeError("disk full")

    c = _client(tmp_path, analyze_fn=broken)
    page = finished_job(c, c.post("/upload", files={"files": ("a.html", b"<p>a</p>",
                                                               "text/html")}))
    assert "disk full" in page.text and "Traceback" not in page.text


def test_web_upload_job_status_survives_a_restart(tmp_path: Path) -> None:
    release = threading.Event()

    def analyze(sources: Sequence[str], settings: Settings, store: Any) -> Analysis:
        if Path(sources[0], "slow.html").exists():
            assert release.wait(30)
        return Analysis(inputs=(InputRecord("kept.html", "skipped", "too short: 3 characters"),))

    c = _client(tmp_path, analyze_fn=analyze)
    done = finished_job(c, c.post("/upload", files={"files": ("a.html", b"<p>a</p>",
                                                               "text/html")}))
    slow = c.post("/upload", files={"files": ("slow.html", b"<p>b</p>", "text/html")})
    status_files = sorted((tmp_path / "s.jobs").glob("*.json"))
    assert len(status_files) == 2
    slow_id = slow.url.path.rsplit("/", 1)[1]
    left = Path(json.loads((tmp_path / "s.jobs" / f"{slow_id}.json").read_text())["folder"])
    assert (left / "slow.html").exists()  # the running job's upload folder, as a crash leaves it
    # a new server over the same store: the ended job keeps its result, the unfinished one
    # is failed as interrupted (its temporary upload folder is gone with the old server)
    again = TestClient(create_app(tmp_path / "s.db", Settings(), analyze_fn=analyze))
    page = again.get(done.url.path)
    assert page.status_code == 200 and "too short: 3 characters" in page.text
    page = again.get(slow.url.path)
    assert page.status_code == 200 and "interrupted" in page.text
    assert 'http-equiv="refresh"' not in page.text
    assert not left.exists()  # the interrupted job's leftover upload folder is deleted
    release.set()


def test_web_token_required_everywhere(tmp_path: Path) -> None:
    c = _client(tmp_path, token=TOKEN)
    r = c.get("/", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login"
    assert c.get("/api/stories").status_code == 401
    assert c.get("/openapi.json").status_code == 401
    assert c.post("/upload", files={"files": ("a.html", b"x", "text/html")}).status_code == 401
    assert c.get("/login").status_code == 200
    ok = c.get("/api/stories", headers={"Authorization": f"Bearer {TOKEN}"})
    assert ok.status_code == 200
    # the login form sets a session cookie (an HMAC, not the token itself)
    r = c.post("/login", data={"token": TOKEN}, follow_redirects=False)
    assert r.status_code == 303
    cookie = r.headers["set-cookie"]
    assert TOKEN not in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert c.get("/").status_code == 200
    assert c.get("/api/stories").status_code == 200


def test_web_token_failures_are_rate_limited(tmp_path: Path) -> None:
    c = _client(tmp_path, token=TOKEN)
    for _ in range(5):
        assert c.post("/login", data={"token": "wrong-token-123"}).status_code == 401
    r = c.post("/login", data={"token": TOKEN})
    assert r.status_code == 429 and "Retry-After" in r.headers
    bad = c.get("/api/stories", headers={"Authorization": f"Bearer {TOKEN}"})
    assert bad.status_code == 429  # even the right token waits out the window


def test_web_no_token_on_loopback_keeps_open_app(tmp_path: Path) -> None:
    assert _client(tmp_path).get("/").status_code == 200


def test_web_serve_refuses_public_address_without_token(monkeypatch: pytest.MonkeyPatch,
                                                        tmp_path: Path) -> None:
    monkeypatch.delenv("STORYLENS_TOKEN", raising=False)
    started: list[Any] = []
    monkeypatch.setattr("uvicorn.run", lambda *a, **k: started.append(k))
    runner = CliRunner()
    r = runner.invoke(cli_app, ["serve", "--host", "0.0.0.0", "--db", str(tmp_path / "d.db")])
    assert r.exit_code == 2 and "without an access token" in r.output and not started
    monkeypatch.setenv("STORYLENS_TOKEN", "short")
    r = runner.invoke(cli_app, ["serve", "--host", "0.0.0.0", "--db", str(tmp_path / "d.db")])
    assert r.exit_code == 2 and not started
    monkeypatch.setenv("STORYLENS_TOKEN", TOKEN)
    r = runner.invoke(cli_app, ["serve", "--host", "0.0.0.0", "--db", str(tmp_path / "d.db")])
    assert r.exit_code == 0, r.output
    assert started and "sign-in required" in r.output
    monkeypatch.delenv("STORYLENS_TOKEN")
    r = runner.invoke(cli_app, ["serve", "--host", "127.0.0.1", "--db", str(tmp_path / "d.db")])
    assert r.exit_code == 0, r.output


def test_web_is_loopback() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("[::1]")
    assert is_loopback("localhost") and is_loopback("127.9.9.9")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.4")
    assert not is_loopback("example.org")


def test_web_job_of_another_live_server_is_left_alone(tmp_path: Path) -> None:
    from storylens.web.jobs import JobQueue

    state = tmp_path / "s.jobs"
    state.mkdir()
    upload = tmp_path / "storylens-upload-x"
    upload.mkdir()
    status = {"id": "abcdefgh12", "pid": 1, "folder": str(upload), "files": ["a.html"],
              "status": "running", "created": 1.0}
    (state / "abcdefgh12.json").write_text(json.dumps(status), encoding="utf-8")
    jobs = JobQueue(lambda folder: Analysis(), state_dir=state)
    job = jobs.get("abcdefgh12")
    assert job is not None and job.status == "running"  # pid 1 is alive: not ours to fail
    assert upload.exists()
