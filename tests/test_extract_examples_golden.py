"""Golden outputs for the bundled sample corpus (examples/corpus, examples/expected.json).

Every document of expected.json (the .txt/.html files by file stem, the .jsonl records by
URL) must come out of ingest + extract with the exact title, a body starting with
``body_first_words``, none of the boilerplate samples or glued promo sentences in the body,
the expected date (or null), outlet, byline, dek and caption. Needs nothing outside the repo.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from storylens.extract import extract
from storylens.ingest.files import iter_inputs
from storylens.records import Article, Page
from storylens.settings import Settings

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
EXPECTED: dict[str, Any] = json.loads((EXAMPLES / "expected.json").read_text(encoding="utf-8"))
DOCS: dict[str, dict[str, Any]] = EXPECTED["documents"]


def _key(page: Page) -> str:
    """expected.json keys: the URL for JSONL records, the file stem otherwise."""
    if page.url and page.url in DOCS:
        return page.url
    return Path(page.source).stem


@pytest.fixture(scope="module")
def articles() -> dict[str, Article]:
    settings = Settings()
    out: dict[str, Article] = {}
    for item in iter_inputs([EXAMPLES / "corpus"], settings):
        assert isinstance(item, Page), item
        art = extract(item, settings)
        assert isinstance(art, Article), art
        out[_key(item)] = art
    return out


def test_extract_examples_every_document_found(articles: dict[str, Article]) -> None:
    assert set(articles) == set(DOCS)


@pytest.mark.parametrize("key", sorted(DOCS))
def test_extract_examples_title_and_body(key: str, articles: dict[str, Article]) -> None:
    doc, art = DOCS[key], articles[key]
    assert art.title == doc["title"]
    assert " ".join(art.body.split()[:8]) == doc["body_first_words"]
    for junk in doc.get("boilerplate_samples", []):
        assert junk not in art.body, junk
    if doc.get("promo_glued_to_last_body_line"):
        assert doc["promo_glued_to_last_body_line"] not in art.body
        assert not art.paragraphs[-1].endswith(" ")
    assert len(art.paragraphs) == doc["body_paragraphs"]
    if "body_lines" in doc:
        assert sorted(set(art.kept_lines) - {doc["title_line"]}) == doc["body_lines"]
        assert doc["title_line"] in art.kept_lines


@pytest.mark.parametrize("key", sorted(DOCS))
def test_extract_examples_metadata(key: str, articles: dict[str, Article]) -> None:
    doc, art = DOCS[key], articles[key]
    assert art.published == doc["published"]
    if art.published is not None:
        assert art.published_evidence
    assert art.outlet == doc["outlet"]
    acceptable = {doc.get("byline")}
    if "null is acceptable" in doc.get("byline_note", ""):
        acceptable.add(None)
    assert art.byline in acceptable
    assert art.language == doc["language"]
    if doc.get("dek"):
        assert art.dek == doc["dek"]
    if doc.get("caption"):
        assert doc["caption"] in art.captions
        assert doc["caption"] not in art.body
    for caption in art.captions:  # captions and credits, never body text
        assert caption not in art.body
