"""The local web app: story list with search and filters, story / compare / article pages,
input accounting, page upload, and a typed JSON API (``/openapi.json``).

No JavaScript at all: filters are GET forms, upload is a plain multipart form. Every
response carries a strict Content-Security-Policy; Jinja2 autoescapes all scraped text.
Requests with a foreign Host header (DNS rebinding) or a cross-site Origin on POST are refused.
"""

from __future__ import annotations

import re
import tempfile
import threading
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode, urlsplit

import jinja2
from fastapi import FastAPI, File, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response

from storylens.records import Analysis
from storylens.report import view as v
from storylens.report.render import TEMPLATES as REPORT_TEMPLATES
from storylens.report.render import common_globals, load_css, make_env
from storylens.settings import Settings
from storylens.web import api
from storylens.web import data as d
from storylens.web.data import AnalysisSource, OpenStore, StoreLike, default_open_store

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


def create_app(
    db_path: Path,
    settings: Settings,
    *,
    open_store: OpenStore | None = None,
    analyze_fn: AnalyzeFn | None = None,
    allowed_hosts: Sequence[str] = DEFAULT_HOSTS,
) -> FastAPI:
    """The web app over the store at ``db_path``.

    ``open_store`` and ``analyze_fn`` default to :class:`storylens.store.Store` and
    :func:`storylens.runner.analyze`; tests pass fakes. ``allowed_hosts`` are the Host
    header values accepted (add the address given to ``--host`` when it is not loopback).
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
    app.state.source = source
    app.state.settings = settings

    @app.middleware("http")
    async def guard(request: Request, call_next: Callable[[Request], Awaitable[Response]]
                    ) -> Response:
        host = (request.headers.get("host") or "").lower()
        hostname = urlsplit("//" + host).hostname or ""
        if hostname not in hosts:
            return PlainTextResponse("unknown host", status_code=400)
        origin = request.headers.get("origin")
        unsafe = request.method not in ("GET", "HEAD", "OPTIONS")
        if unsafe and origin and (urlsplit(origin).netloc or "").lower() != host:
            return PlainTextResponse("cross-site request refused", status_code=403)
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        # same-origin, not no-referrer: with no-referrer chromium sends "Origin: null" on
        # same-site form posts, which the guard above must refuse
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    def page(name: str, code: int = 200, **ctx: Any) -> HTMLResponse:
        analysis, rv = source.get()
        html = env.get_template(name).render(
            analysis=analysis, view=rv, computed=rv.computed, labels=rv.labels,
            db_path=str(db_path), **ctx)
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
    def upload(files: Annotated[list[UploadFile], File()]) -> HTMLResponse:
        files = [f for f in files if f.filename]
        if not files:
            return page("upload.html", code=400, title="Upload pages", result=None,
                        error="Choose at least one file.")
        if len(files) > MAX_UPLOAD_FILES:
            return page("upload.html", code=413, title="Upload pages", result=None,
                        error=f"At most {MAX_UPLOAD_FILES} files per upload.")
        limit = settings.ingest.max_bytes
        with tempfile.TemporaryDirectory(prefix="storylens-upload-") as tmp:
            used: set[str] = set()
            for f in files:
                data = f.file.read(limit + 1)
                if len(data) > limit:
                    return page("upload.html", code=413, title="Upload pages", result=None,
                                error=f"{f.filename} is larger than {limit} bytes.")
                (Path(tmp) / safe_name(f.filename or "page", used)).write_bytes(data)
            with upload_lock:
                store: StoreLike = opener(db_path)
                try:
                    result = (analyze_fn or default_analyze)([tmp], settings, store)
                finally:
                    store.close()
            source.invalidate()
        return page("upload.html", title="Upload pages", result=result, error="")

    app.include_router(api.router(source, settings))

    @app.exception_handler(404)
    async def missing(request: Request, exc: Exception) -> Response:
        detail = getattr(exc, "detail", "Not found")
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": detail}, status_code=404)
        return not_found(str(detail))

    return app

