"""The side-by-side alignment view prints scraped text as-is (no Rich markup injection)."""

from __future__ import annotations

from rich.console import Console

from storylens.display import render_alignment
from storylens.provenance import relate
from storylens.records import Article
from storylens.settings import Settings


def test_provenance_render_escapes_markup_and_shows_both_sides() -> None:
    text = (
        "The [bold]committee[/bold] met on Friday in Lunden to vote on the harbour plan. "
        "Chair Ola Vintersand said the [red]vote[/red] was postponed to 14 May."
    )
    spun = text.replace("met", "gathered").replace("said", "stated")
    a = Article(id="a", source="a", title="Harbour vote", body=text)
    b = Article(id="b", source="b", title="Harbour vote", body=spun)
    rel = relate(a, b, Settings())
    console = Console(width=160, record=True, color_system=None)
    console.print(render_alignment(rel, a, b))
    out = console.export_text()
    assert "[bold]committee[/bold]" in out
    assert "gathered" in out and "met on Friday" in out
