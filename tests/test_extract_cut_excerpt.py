"""A page excerpt cut with "..." after whole sentences is article text, not a teaser."""

from __future__ import annotations

from storylens.extract import extract
from storylens.ingest.common import content_hash
from storylens.records import Article, Page, Rejection
from storylens.settings import Settings

CUT = (
    "Harbour fire closes the old quay\n\n"
    "PORTVALE - A fire broke out in a timber store on the old quay on Tuesday night and burned "
    "until dawn, the harbour authority said. Four crews fought the blaze and nobody was hurt, "
    "a spokeswoman told reporters. The cause of the fire was not yet known, and the quay will "
    "stay closed while engineers check the wooden piers that hold up the western end of…\n"
    "Read More\n"
)

LISTING = (
    "Latest news\n\n"
    "Harbour fire closes the old quay\n"
    "A timber store burned overnight on the old quay...\n"
    "Council votes on new bus lanes\n"
    "Councillors meet on Thursday to decide on the plan...\n"
    "School roof repairs finished early\n"
    "Pupils return to classrooms a week before...\n"
)


def _page(text: str) -> Page:
    return Page(id="p", source="p.txt", kind="text", content=text,
                content_hash=content_hash(text))


def test_cut_paragraph_is_kept() -> None:
    art = extract(_page(CUT), Settings())
    assert isinstance(art, Article)
    assert art.body.startswith("PORTVALE - A fire broke out")
    assert "nobody was hurt" in art.body


def test_listing_teasers_still_skipped() -> None:
    result = extract(_page(LISTING), Settings())
    assert isinstance(result, Rejection)


_LONG_TEASERS = [
    "A fire broke out in a timber store on the old quay on Tuesday night and burned until "
    "dawn, the harbour authority said. Four crews fought the blaze and nobody was hurt. The "
    "cause was not yet known, and the quay will stay closed while engineers check the...",
    "Councillors meet on Thursday to decide on the plan for new bus lanes on the ring road. "
    "The plan has split the council for a year. Shop owners on the ring road say the lanes "
    "would cost them parking spaces that their customers need, while the bus company says...",
    "Pupils returned to their classrooms a week before the date the school had given, after "
    "the roof repairs finished early. The work cost less than planned. The head teacher said "
    "the builders had been lucky with the weather, and that the gym would reopen after the...",
]


def test_listing_of_long_cut_paragraphs_is_not_an_article() -> None:
    """On a page with three or more lines cut with "...", every cut line is a teaser, however
    long (a listing page of long teasers, dragnet T83, is not an article)."""
    titles = ["Harbour fire closes the old quay", "Council votes on new bus lanes",
              "School roof repairs finished early"]
    text = "Latest news\n\n" + "\n\n".join(f"{t}\n\n{p}" for t, p in zip(titles, _LONG_TEASERS,
                                                                         strict=True)) + "\n"
    result = extract(_page(text), Settings())
    assert isinstance(result, Rejection), result
    one = extract(_page(f"{titles[0]}\n\n{_LONG_TEASERS[0]}\n"), Settings())
    assert isinstance(one, Article)  # alone, the same cut paragraph is article text
