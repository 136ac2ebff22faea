"""The single-file HTML report: one document, CSS inline (allowed by hash), no JavaScript.

Jinja2 autoescape is on for every template, so scraped text (titles, bodies, outlets, claims,
alignments) is always rendered as text. The Content-Security-Policy forbids every script and
every fetch; the one inline stylesheet is allowed by its SHA-256 hash.
"""

from __future__ import annotations

import base64
import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from storylens.records import Analysis
from storylens.report import view as v
from storylens.report.graph import provenance_svg
from storylens.settings import Settings

TEMPLATES = Path(__file__).parent / "templates"


def load_css() -> str:
    return (TEMPLATES / "storylens.css").read_text(encoding="utf-8")


def csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def report_csp(css: str) -> str:
    return (
        "default-src 'none'; script-src 'none'; style-src " + csp_hash(css) + "; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )


def anchor(kind: str, *ids: str) -> str:
    """A safe, stable HTML id for a story/article/pair (ids are arbitrary input text)."""
    digest = hashlib.sha1("\x1f".join(ids).encode("utf-8")).hexdigest()[:12]
    return f"{kind}-{digest}"


def common_globals() -> dict[str, Any]:
    return {
        "anchor": anchor,
        "provenance_svg": provenance_svg,
        "relation_label": v.label_relation,
        "claim_value": v.claim_value,
        "framing_outlets": v.framing_outlets,
    }


def make_env(loader: jinja2.BaseLoader, globals_: dict[str, Any]) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=loader,
        autoescape=True,  # every template, whatever its extension
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(globals_)
    return env


def report_env() -> jinja2.Environment:
    def article_href(aid: str) -> str:
        return "#" + anchor("article", aid)

    def story_href(sid: str) -> str:
        return "#" + anchor("story", sid)

    def compare_href(a: str, b: str) -> str:
        return "#" + anchor("compare", a, b)

    links: dict[str, Callable[..., str]] = {
        "article_href": article_href, "story_href": story_href, "compare_href": compare_href,
    }
    return make_env(jinja2.FileSystemLoader(str(TEMPLATES)),
                    {**common_globals(), **links, "mode": "report"})


def render_report(analysis: Analysis) -> str:
    """The whole analysis as one self-contained HTML document (no script, no fetch)."""
    css = load_css()
    rv = v.report_view(analysis)
    template = report_env().get_template("report.html")
    return template.render(
        analysis=analysis, view=rv, computed=rv.computed, labels=rv.labels,
        css=Markup(css), csp=report_csp(css), pages=None, pages_dir="",
    )


@dataclass(frozen=True, slots=True)
class StoryPage:
    href: str
    title: str
    articles: int
    events: int


def _write_atomic(path: Path, chunks: Iterable[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".report-", suffix=".html", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            for chunk in chunks:
                fh.write(chunk)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_report(analysis: Analysis, path: Path, split_over: int | None = None) -> None:
    """Write the report to ``path`` atomically (temp file, then rename).

    Up to ``split_over`` articles (default: ``Settings().report_split_articles``) it is one
    self-contained file (:func:`render_report`). Above, ``path`` is an index (counts, the
    story list, input accounting) and each top-level story (a storyline with its events, an
    event, the unassigned articles) is its own page, with its articles' text, in the folder
    ``<stem>-stories`` beside it: each page is rendered and written on its own, so a large
    run never builds one giant document."""
    limit = Settings().report_split_articles if split_over is None else split_over
    if len(analysis.articles) <= limit:
        _write_atomic(path, [render_report(analysis)])
        return
    css = load_css()
    csp = report_csp(css)
    env = report_env()
    page_tpl = env.get_template("story_page.html")
    folder = path.parent / f"{path.stem}-stories"
    ix = v.report_index(analysis)
    pages: list[StoryPage] = []
    for sv in v.iter_story_views(analysis, ix):
        name = anchor("story", sv.story.id) + ".html"
        _write_atomic(folder / name, page_tpl.generate(
            sv=sv, labels=ix.labels, css=Markup(css), csp=csp,
            index_href=f"../{path.name}", computed=v.computed(analysis)))
        pages.append(StoryPage(f"{folder.name}/{name}", sv.title, len(sv.articles),
                               len(sv.children)))
    rv = v.ReportView(analysis=analysis, stories=(), computed=v.computed(analysis),
                      labels=ix.labels, input_counts=v.input_counts(analysis))
    _write_atomic(path, env.get_template("report.html").generate(
        analysis=analysis, view=rv, computed=rv.computed, labels=rv.labels,
        css=Markup(css), csp=csp, pages=pages, pages_dir=folder.name,
    ))
