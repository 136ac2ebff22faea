"""The flattened-text cleaner on the five seed pages against gold.json line annotations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from storylens.extract import extract
from storylens.records import Article, Page
from storylens.settings import Settings


def _articles(seeds_dir: Path, gold: dict[str, Any]) -> dict[str, Article]:
    out: dict[str, Article] = {}
    for name in gold["documents"]:
        path = seeds_dir / name
        page = Page(id=path.stem, source=str(path), kind="text",
                    content=path.read_text(encoding="utf-8"), content_hash="h")
        art = extract(page, Settings())
        assert isinstance(art, Article), art
        out[name] = art
    return out


@pytest.fixture
def extracted(seeds_dir: Path, gold: dict[str, Any]) -> dict[str, Article]:
    return _articles(seeds_dir, gold)


def test_extract_seeds_body_line_f1(gold: dict[str, Any], extracted: dict[str, Article]) -> None:
    tp = fp = fn = 0
    for name, doc in gold["documents"].items():
        kept = set(extracted[name].kept_lines) - {doc["title_line"]}
        body = set(doc["body_lines"])
        tp += len(kept & body)
        fp += len(kept - body)
        fn += len(body - kept)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    f1 = 2 * precision * recall / (precision + recall)
    assert f1 >= 0.97, (precision, recall)


def test_extract_seeds_no_boilerplate_kept(gold: dict[str, Any],
                                           extracted: dict[str, Article]) -> None:
    for name, doc in gold["documents"].items():
        bad = set(doc.get("boilerplate_lines", [])) | set(doc.get("related_headline_lines", []))
        bad |= set(doc.get("caption_lines", [])) | set(doc.get("author_bio_lines", []))
        assert not bad & set(extracted[name].kept_lines), name


def test_extract_seeds_title_line(seeds_dir: Path, gold: dict[str, Any],
                                  extracted: dict[str, Article]) -> None:
    for name, doc in gold["documents"].items():
        art = extracted[name]
        lines = (seeds_dir / name).read_text(encoding="utf-8").splitlines()
        assert doc["title_line"] in art.kept_lines, name
        assert art.title == " ".join(lines[doc["title_line"] - 1].split()), name


def test_extract_seeds_byline_and_metadata(gold: dict[str, Any],
                                           extracted: dict[str, Article]) -> None:
    for name, doc in gold["documents"].items():
        art = extracted[name]
        if doc.get("byline"):
            assert art.byline == doc["byline"], name
        assert art.language == doc.get("language", "en")
        if art.published is not None:  # never a wrong date: null rather than a guess
            assert art.published_evidence
        if "author_bio_lines" in doc:
            assert art.author_bio
        if "dek_lines" in doc:
            assert art.dek


def test_extract_seeds_promo_sentence_cut(gold: dict[str, Any],
                                          extracted: dict[str, Article]) -> None:
    for name in gold["documents"]:
        art = extracted[name]
        assert "Watch more about" not in art.body
