"""The local web app: story list with search and filters, story / compare / article pages,
input accounting, page upload, and a typed JSON API (``/openapi.json``).

No JavaScript at all: filters are GET forms, upload is a plain multipart form. Every
response carries a strict Content-Security-Policy; Jinja2 autoescapes all scraped text.
Requests with a foreign Host header (DNS rebinding) or a cross-site Origin on POST are refused.
A request body over ``settings.web.max_upload_bytes`` is refused (413) from its
Content-Length before it is read. An upload is analysed as a background job
(:mod:`storylens.web.jobs`) with a status page. With an access token (``token``), every
page and API call needs it (:mod:`storylens.web.auth`).
"""

from __future__ import annotations

import re
import shutil
import tempfile
import threading
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode, urlsplit

import jinja2
from fastapi import FastAPI, File, Form, Request, UploadFile
from fastapi.responses import (
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from storylens.records import Analysis
from storylens.report import view as v
from storylens.report.render import TEMPLATES as REPORT_TEMPLATES
from storylens.report.render import common_globals, load_css, make_env
from storylens.settings import Settings
from storylens.store import display_name
from storylens.web import api
from storylens.web import data as d
from storylens.web.auth import COOKIE, PUBLIC_PATHS, TokenGate
from storylens.web.data import AnalysisSource, OpenStore, StoreLike, default_open_store
from storylens.web.jobs import UPLOAD_PREFIX, JobQueue

WEB_TEMPLATES = Path(__file__).parent / "templates"
CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'")
DEFAULT_HOSTS = ("127.0.0.1", "localhost", "::1", "testserver")
MAX_UPLOAD_FILES = 200

AnalyzeFn = Callable[[Sequence[str], Settings, Any], Analysis]


def default_analyze(sources: Sequence[str], settings: Settings, store: Any) -> Analysis:
    from storylens.runner import analyze

    return analyze(sources, settings, store)


def _hrefs() -> dict[str, Callable[..., str]]:
    return {
        "article_href": lambda aid: "/articles/" + quote(aid, safe=""),
        "story_href": lambda sid: "/stories/" + quote(sid, safe=""),
        "compare_href": lambda a, b: "/compare?" + urlencode({"a": a, "b": b}),
        "qs": lambda **kw: urlencode({k: x for k, x in kw.items() if x}),
    }


def web_env() -> jinja2.Environment:
    loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(WEB_TEMPLATES)),
                                  jinja2.FileSystemLoader(str(REPORT_TEMPLATES))])
    return make_env(loader, {**common_globals(), **_hrefs(), "mode": "app"})


def safe_name(name: str, used: set[str]) -> str:
    """A plain file name from an uploaded one (no directories, no odd characters)."""
    base = re.sub(r"[^\w.\-]+", "_", Path(name.replace("\\", "/")).name).strip("._") or "page"
    base = base[:120]
    stem, dot, ext = base.rpartition(".")
    candidate, n = base, 1
    while candidate.lower() in used:
        n += 1
        candidate = f"{stem}-{n}{dot}{ext}" if dot else f"{base}-{n}"
    used.add(candidate.lower())
    return candidate


_SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"), (b"content-type", b"text/plain; charset=utf-8"),
]


class BodyLimit:
    """ASGI middleware: refuse a request body over ``limit`` bytes without reading it.

    A declared Content-Length over the cap gets 413 at once; a body without one (chunked)
    gets 411, so the cap never depends on reading; bytes are counted as they stream in too
    (the server already holds a client to its Content-Length), and past the cap the app sees
    a disconnect.
    """

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        declared = headers.get(b"content-length")
        if declared is None and b"transfer-encoding" in headers:
            await self._refuse(send, 411, "a request body needs a Content-Length")
            return
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await self._refuse(send, 413, f"request body too large (cap {self.limit:,} bytes;"
                               " use `storylens analyze` for bigger piles)")
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    return {"type": "http.disconnect"}
            return message

        await self.app(scope, counted, send)

    @staticmethod
    async def _refuse(send: Send, status: int, text: str) -> None:
        body = text.encode("utf-8")
        await send({"type": "http.response.start", "status": status,
                    "headers": [*_SECURITY_HEADERS, (b"connection", b"close"),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


def _jobs_dir(db_path: Path | str) -> Path:
    """Upload jobs' status files: beside an SQLite store; for a PostgreSQL store, in the
    working folder, named after the database."""
    if isinstance(db_path, str):
        name = re.sub(r"[^A-Za-z0-9_.-]", "_", urlsplit(db_path).path.strip("/") or "db")
        return Path(f"storylens-{name}.jobs")
    return db_path.with_name(db_path.stem + ".jobs")


def create_app(
    db_path: Path | str,
    settings: Settings,
    *,
    open_store: OpenStore | None = None,
    analyze_fn: AnalyzeFn | None = None,
    allowed_hosts: Sequence[str] = DEFAULT_HOSTS,
    token: str | None = None,
    jobs_dir: Path | None = None,
) -> FastAPI:
    """The web app over the store at ``db_path`` (an SQLite file, or a postgresql:// URL
    string: issue 20).

    ``open_store`` and ``analyze_fn`` default to :class:`storylens.store.Store` and
    :func:`storylens.runner.analyze`; tests pass fakes. ``allowed_hosts`` are the Host
    header values accepted (add the address given to ``--host`` when it is not loopback).
    ``token``: when given, every page and API call needs it (:mod:`storylens.web.auth`).
    ``jobs_dir``: where upload jobs keep their status files, so a restart keeps them;
    by default ``<store stem>.jobs`` beside the store.
    """
    app = FastAPI(
        title="storylens", version="0.1.0", docs_url=None, redoc_url=None,
        description="Stories, provenance, claims and framing of the pages in a storylens store.",
    )
    opener = open_store or default_open_store
    source = AnalysisSource(db_path, opener)
    env = web_env()
    css = load_css()
    upload_lock = threading.Lock()
    hosts = {h.lower().strip("[]") for h in allowed_hosts}
    web = settings.web
    gate = TokenGate(token, web.max_auth_failures, web.auth_window_seconds) if token else None

    def run_job(folder: Path) -> Analysis:
        with upload_lock:
            store: StoreLike = opener(db_path)
            try:
                return (analyze_fn or default_analyze)([str(folder)], settings, store)
            finally:
                store.close()

    env.globals["max_upload_mb"] = web.max_upload_bytes // 1_000_000
    jobs = JobQueue(run_job, keep=web.max_jobs_kept, on_done=source.invalidate,
                    state_dir=jobs_dir or _jobs_dir(db_path))
    app.state.source = source
    app.state.settings = settings
    app.state.jobs = jobs

    @app.middleware("http")
    async def guard(request: Request, call_next: Callable[[Request], Awaitable[Response]]
                    ) -> Response:
        host = (request.headers.get("host") or "").lower()
        hostname = urlsplit("//" + host).hostname or ""
        if hostname not in hosts and "*" not in hosts:
            return PlainTextResponse("unknown host", status_code=400)
        origin = request.headers.get("origin")
        unsafe = request.method not in ("GET", "HEAD", "OPTIONS")
        if unsafe and origin and (urlsplit(origin).netloc or "").lower() != host:
            return PlainTextResponse("cross-site request refused", status_code=403)
        if gate is not None and request.url.path not in PUBLIC_PATHS:
            refused = check_access(request)
            if refused is not None:
                refused.headers.setdefault("Content-Security-Policy", CSP)
                return refused
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        # same-origin, not no-referrer: with no-referrer chromium sends "Origin: null" on
        # same-site form posts, which the guard above must refuse
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    def client_of(request: Request) -> str:
        return request.client.host if request.client else "?"

    def check_access(request: Request) -> Response | None:
        """None when the request carries the token (header or session cookie)."""
        assert gate is not None
        client = client_of(request)
        wait = gate.blocked(client)
        if wait:
            return PlainTextResponse("too many failed attempts; try again later",
                                     status_code=429,
                                     headers={"Retry-After": str(int(wait) + 1)})
        auth = request.headers.get("authorization", "")
        cookie = request.cookies.get(COOKIE, "")
        if auth.lower().startswith("bearer "):
            if gate.token_ok(auth[7:].strip()):
                return None
            gate.failed(client)
        elif cookie:
            if gate.session_ok(cookie):
                return None
            gate.failed(client)
        api_call = request.url.path.startswith("/api/") or request.url.path == "/openapi.json"
        if api_call or request.method != "GET":
            return JSONResponse({"detail": "access token required"}, status_code=401,
                                headers={"WWW-Authenticate": "Bearer"})
        return RedirectResponse("/login", status_code=303)

    def page(name: str, code: int = 200, **ctx: Any) -> HTMLResponse:
        analysis, rv = source.get()
        html = env.get_template(name).render(
            analysis=analysis, view=rv, computed=rv.computed, labels=rv.labels,
            db_path=display_name(db_path), **ctx)
        return HTMLResponse(html, status_code=code)

    def not_found(message: str) -> HTMLResponse:
        return page("error.html", code=404, title="Not found", message=message)

    @app.get("/static/storylens.css", include_in_schema=False)
    def stylesheet() -> Response:
        return Response(css, media_type="text/css",
                        headers={"Cache-Control": "no-cache"})

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(q: str = "", outlet: str = "", date_from: str = "", date_to: str = "",
              status: str = "") -> HTMLResponse:
        analysis, rv = source.get()
        filters = d.Filters(q.strip(), outlet, date_from, date_to, status)
        stories = [s for s in d.summaries(rv) if d.matches(s, filters)]
        return page("index.html", title="Stories", stories=stories, filters=filters,
                    outlets=d.all_outlets(analysis),
                    statuses=list(v.STATUS_LABELS.items()))

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(story_id: str) -> HTMLResponse:
        _, rv = source.get()
        sv = v.find_story_view(rv, story_id)
        if sv is None:
            return not_found(f"No story with id {story_id!r}.")
        return page("story.html", title=sv.title, sv=sv)

    @app.get("/compare", response_class=HTMLResponse, include_in_schema=False)
    def compare_page(a: str = "", b: str = "") -> HTMLResponse:
        analysis, _ = source.get()
        if not a or not b:
            return page("compare.html", title="Compare", cv=None, a=a, b=b, origin="",
                        error="Choose two articles to compare.")
        try:
            rel, origin = d.resolve_relation(analysis, a, b, settings)
        except d.CompareError as exc:
            cv = v.compare_view(analysis, a, b) if analysis.article(a) and analysis.article(
                b) and a != b else None
            return page("compare.html", code=404, title="Compare", cv=cv, a=a, b=b,
                        origin="", error=str(exc))
        cv = v.compare_view(analysis, a, b, rel)
        return page("compare.html", title="Compare", cv=cv, a=a, b=b, origin=origin, error="")

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(article_id: str) -> HTMLResponse:
        analysis, rv = source.get()
        art = analysis.article(article_id)
        if art is None:
            return not_found(f"No article with id {article_id!r}.")
        stories = [s for s in v.all_story_views(rv) if article_id in s.story.articles]
        rels = [v.orient(r, article_id, r.b if r.a == article_id else r.a)
                for r in analysis.relations if article_id in (r.a, r.b) and r.a != r.b]
        return page("article.html", title=art.title or art.id, a=art, stories=stories,
                    rels=rels)

    @app.get("/inputs", response_class=HTMLResponse, include_in_schema=False)
    def inputs_page(status: str = "") -> HTMLResponse:
        analysis, _ = source.get()
        rows = [i for i in analysis.inputs if not status or i.status == status]
        return page("inputs.html", title="Inputs", rows=rows, status=status)

    @app.get("/upload", response_class=HTMLResponse, include_in_schema=False)
    def upload_form() -> HTMLResponse:
        return page("upload.html", title="Upload pages", result=None, error="")

    @app.post("/upload", response_class=HTMLResponse, include_in_schema=False)
    def upload(files: Annotated[list[UploadFile], File()]) -> Response:
        files = [f for f in files if f.filename]
        if not files:
            return page("upload.html", code=400, title="Upload pages", result=None,
                        error="Choose at least one file.")
        if len(files) > MAX_UPLOAD_FILES:
            return page("upload.html", code=413, title="Upload pages", result=None,
                        error=f"At most {MAX_UPLOAD_FILES} files per upload.")
        limit = settings.ingest.max_bytes
        folder = Path(tempfile.mkdtemp(prefix=UPLOAD_PREFIX))
        used: set[str] = set()
        names: list[str] = []
        try:
            for f in files:
                data = f.file.read(limit + 1)
                if len(data) > limit:
                    shutil.rmtree(folder, ignore_errors=True)
                    return page("upload.html", code=413, title="Upload pages", result=None,
                                error=f"{f.filename} is larger than {limit} bytes.")
                name = safe_name(f.filename or "page", used)
                (folder / name).write_bytes(data)
                names.append(name)
        except OSError:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        job = jobs.submit(folder, names)
        return RedirectResponse("/jobs/" + quote(job.id, safe=""), status_code=303)

    @app.get("/jobs/{job_id}", response_class=HTMLResponse, include_in_schema=False)
    def job_page(job_id: str) -> HTMLResponse:
        job = jobs.get(job_id)
        if job is None:
            return not_found("No such upload job (finished jobs are kept for a while only).")
        return page("job.html", title="Upload job", job=job)

    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_form() -> HTMLResponse:
        html = env.get_template("login.html").render(title="Sign in", error="")
        return HTMLResponse(html)

    @app.post("/login", response_class=HTMLResponse, include_in_schema=False)
    def login(request: Request, token: Annotated[str, Form()] = "") -> Response:
        if gate is None:
            return RedirectResponse("/", status_code=303)
        client = client_of(request)
        wait = gate.blocked(client)
        if wait:
            html = env.get_template("login.html").render(
                title="Sign in", error=f"Too many failed attempts: wait {int(wait) + 1} s.")
            return HTMLResponse(html, status_code=429,
                                headers={"Retry-After": str(int(wait) + 1)})
        if not gate.token_ok(token):
            gate.failed(client)
            html = env.get_template("login.html").render(title="Sign in",
                                                         error="Wrong access token.")
            return HTMLResponse(html, status_code=401)
        response = RedirectResponse("/", status_code=303)
        response.set_cookie(COOKIE, gate.session_value, httponly=True, samesite="strict",
                            secure=request.url.scheme == "https")
        return response

    app.include_router(api.router(source, settings))

    @app.exception_handler(404)
    async def missing(request: Request, exc: Exception) -> Response:
        detail = getattr(exc, "detail", "Not found")
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": detail}, status_code=404)
        return not_found(str(detail))

    app.add_middleware(BodyLimit, limit=web.max_upload_bytes)
    return app

