"""Ingest of local files: every file accounted for, with a clear reason for each refusal."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from storylens.ingest.common import content_hash, decode_bytes, page_id_for_name
from storylens.ingest.files import iter_inputs
from storylens.records import InputRecord, Page
from storylens.settings import Settings

PAGE = (
    "Harbour council votes to rebuild the old pier\n\n"
    "The council of Port Elsany voted on Tuesday to rebuild the old pier, "
    "which storms damaged last winter, at a cost of 2.4 million crowns.\n"
)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _items(paths: list[Path], settings: Settings | None = None) -> list[Page | InputRecord]:
    return list(iter_inputs([str(p) for p in paths], settings or Settings()))


def test_ingest_bad_files_each_get_a_reason(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.html").write_bytes(PNG)
    full = gzip.compress(("<html><body><p>" + "word " * 400 + "</p></body></html>").encode())
    (tmp_path / "cut.html.gz").write_bytes(full[: len(full) // 2])
    (tmp_path / "latin1.txt").write_bytes(("Café crème à la gare de Noël. " * 5).encode("latin-1"))
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04rest")
    items = _items([tmp_path])
    by_name = {Path(i.source).name: i for i in items}
    assert set(by_name) == {"empty.txt", "image.html", "cut.html.gz", "latin1.txt", "notes.docx"}
    empty, image, cut = by_name["empty.txt"], by_name["image.html"], by_name["cut.html.gz"]
    assert isinstance(empty, InputRecord) and empty.status == "skipped"
    assert "empty" in empty.reason
    assert isinstance(image, InputRecord) and image.status == "failed"
    assert "PNG" in image.reason
    assert isinstance(cut, InputRecord) and cut.status == "failed"
    assert "truncated gzip" in cut.reason
    latin = by_name["latin1.txt"]
    assert isinstance(latin, Page) and "Café crème" in latin.content
    docx = by_name["notes.docx"]
    assert isinstance(docx, InputRecord) and "unsupported" in docx.reason


def test_ingest_missing_path_and_oversized(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text(PAGE * 50, encoding="utf-8")
    settings = Settings().with_overrides({"ingest.max_bytes": 1000})
    items = _items([tmp_path / "nope.txt", big], settings)
    assert [i.status for i in items if isinstance(i, InputRecord)] == ["failed", "skipped"]
    assert "no such file" in items[0].reason  # type: ignore[union-attr]
    assert "too large" in items[1].reason  # type: ignore[union-attr]


def test_ingest_kinds_and_ids(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "b.html").write_text(f"<html><body><p>{PAGE}</p></body></html>", encoding="utf-8")
    (tmp_path / "c.htm.gz").write_bytes(gzip.compress(f"<html><p>{PAGE}</p></html>".encode()))
    pages = [i for i in _items([tmp_path]) if isinstance(i, Page)]
    assert [(p.id, p.kind) for p in pages] == [("a", "text"), ("b", "html"), ("c", "html")]


def test_ingest_jsonl_records_and_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps({"url": "https://news.example/a", "html": f"<p>{PAGE}</p>",
                    "published": "2025-03-10", "outlet": "Example News"}),
        "{not json",
        json.dumps({"url": "https://news.example/b"}),
        json.dumps({"text": PAGE}),
    ]
    path = tmp_path / "pile.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = _items([path])
    assert len(items) == 4
    first, bad, nobody, text = items
    assert isinstance(first, Page) and first.url == "https://news.example/a"
    assert first.published_hint == "2025-03-10" and first.outlet_hint == "Example News"
    assert isinstance(bad, InputRecord) and bad.status == "failed" and "line 2" in bad.reason
    assert isinstance(nobody, InputRecord) and nobody.status == "skipped"
    assert isinstance(text, Page) and text.kind == "text" and text.id == "pile-4"


def test_ingest_jsonl_binary_line_loses_only_that_line(tmp_path: Path) -> None:
    good = json.dumps({"url": "https://news.example/c", "text": PAGE})
    path = tmp_path / "pile.jsonl"
    path.write_bytes(good.encode() + b"\n\x00\x01garbage\x00\r\n" + json.dumps(
        {"text": PAGE + " \u2028 kept whole"}, ensure_ascii=False).encode() + b"\r\n")
    first, bad, last = _items([path])
    assert isinstance(first, Page) and first.source == f"{path}:1"
    assert isinstance(bad, InputRecord) and bad.status == "failed"
    assert bad.source == f"{path}:2" and "line 2" in bad.reason and "NUL" in bad.reason
    # a raw U+2028 inside a JSON string is no line break: the record stays one line
    assert isinstance(last, Page) and last.source == f"{path}:3"
    assert last.content.endswith("kept whole")


def test_ingest_jsonl_mostly_binary_is_one_input(tmp_path: Path) -> None:
    path = tmp_path / "pile.jsonl"
    path.write_bytes(json.dumps({"text": PAGE}).encode() + b"\n\x00a\n\x00b\n")
    (item,) = _items([path])
    assert isinstance(item, InputRecord) and item.source == str(path)
    assert item.status == "failed" and "NUL" in item.reason
    png = tmp_path / "image.jsonl"
    png.write_bytes(PNG)
    (item,) = _items([png])
    assert isinstance(item, InputRecord) and "PNG" in item.reason


def test_ingest_content_hash_ignores_whitespace() -> None:
    assert content_hash("a  b\r\nc ") == content_hash("a b\nc")
    assert content_hash("a b") != content_hash("a c")


def test_ingest_decode_utf16_and_ids() -> None:
    text, reason = decode_bytes("Grüße aus Bern".encode("utf-16"), Settings().ingest)
    assert text == "Grüße aus Bern" and reason is None
    assert page_id_for_name("000_abc.txt") == "000_abc"
    assert page_id_for_name("page.html.gz") == "page"
