"""A page whose only prose is one paragraph shown several times keeps it once (issue 19, item
3 of session 6): repeated prose is not navigation. Repeated lines around other prose are still
site furniture."""

from __future__ import annotations

from storylens.extract import extract
from storylens.records import Article, Page
from storylens.settings import Settings

_PARA = ("The lighthouse keepers of Varna Point agreed on Friday to hand the old lamp to the "
         "town museum after the coast guard installed a solar beacon, the keepers' union said.")


def _page(html: str) -> Page:
    return Page(id="p", source="p.html", kind="html", content=html, content_hash="h")


def test_extract_repeated_paragraph_in_deep_nesting_is_kept_once() -> None:
    html = ("<html><body>" + "<div>" * 50_000 + f"<p>{_PARA}</p>" * 4 + "</div>" * 50_000
            + "</body></html>")
    art = extract(_page(html), Settings())
    assert isinstance(art, Article), art
    assert art.body.count("solar beacon") == 1


def test_extract_repeated_line_beside_other_prose_stays_furniture() -> None:
    other = ("The museum will show the lamp from June in a room of its own, next to the "
             "keepers' logbooks from the nineteenth century, the director told the council. ")
    furniture = "Subscribe to our newsletter for the latest coastal news every single morning."
    text = f"Lamp goes to museum\n\n{furniture}\n\n{other * 3}\n\n{other}more\n\n{furniture}\n"
    page = Page(id="t", source="t.txt", kind="text", content=text, content_hash="t")
    art = extract(page, Settings())
    assert isinstance(art, Article), art
    assert "newsletter" not in art.body
