"""Reports: a single-file HTML report, a Markdown summary, and a server-side SVG graph.

Public API::

    render_report(analysis) -> str          # self-contained HTML, no script, strict CSP
    write_report(analysis, path) -> None    # the same, written atomically
    render_markdown(analysis) -> str        # the same content as Markdown
    provenance_svg(articles, relations, lineages) -> Markup
"""

from __future__ import annotations

from storylens.report.graph import provenance_svg
from storylens.report.markdown import render_markdown
from storylens.report.render import render_report, write_report

__all__ = ["provenance_svg", "render_markdown", "render_report", "write_report"]
