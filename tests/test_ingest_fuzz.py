"""Property-based fuzzing of the ingest and extract entry points (issue 19).

Random bytes under every supported suffix, random text in random encodings, and random
JSONL shapes (any JSON value per line, wrong-typed fields, broken lines) go through
``iter_inputs`` and then ``extract``: nothing raises, every document gives exactly one item
with a reason when it is not a page, and a record with a usable text is never lost.
Bounded (max_examples, no per-example deadline) so `make test` stays fast.
"""

from __future__ import annotations

import gzip
import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storylens.extract import extract
from storylens.ingest.common import sniff_format
from storylens.ingest.files import iter_inputs
from storylens.records import Article, InputRecord, Page, Rejection
from storylens.settings import Settings

DEFAULTS = Settings()
SUFFIXES = [".txt", ".html", ".htm", ".jsonl", ".txt.gz", ".html.gz", ".warc", ".warc.gz",
            ".bin"]
ENCODINGS = ["utf-8", "utf-16", "latin-1", "cp1252", "shift_jis", "gb18030", "koi8-r"]
FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                 max_size=3),
    max_leaves=8,
)
records = st.fixed_dictionaries(
    {},
    optional={"url": json_values | st.just("https://news.example/a"),
              "text": st.text(max_size=400) | json_values,
              "html": st.text(max_size=200) | json_values,
              "published": json_values | st.just("2024-03-12"),
              "title": json_values, "outlet": json_values},
)
jsonl_lines = st.lists(
    st.one_of(records.map(json.dumps), json_values.map(json.dumps), st.text(max_size=60)),
    max_size=6,
)


def _run(name: str, data: bytes) -> list[Page | InputRecord]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        items = list(iter_inputs([path], DEFAULTS))
        for item in items:
            if isinstance(item, Page):
                result = extract(item, DEFAULTS)
                assert isinstance(result, Article | Rejection)
                if isinstance(result, Rejection):
                    assert result.reason
            else:
                assert item.reason and item.status in ("skipped", "failed")
        return items


@given(st.binary(max_size=3000), st.sampled_from(SUFFIXES), st.booleans())
@FUZZ
def test_ingest_fuzz_random_bytes_any_suffix(data: bytes, suffix: str, gz: bool) -> None:
    if suffix.endswith(".gz") and gz:
        data = gzip.compress(data)
    assert _run("page" + suffix, data)


@given(st.text(max_size=1500), st.sampled_from(ENCODINGS),
       st.sampled_from([".txt", ".html"]), st.booleans())
@FUZZ
def test_ingest_fuzz_text_in_encodings(text: str, encoding: str, suffix: str,
                                       markup: bool) -> None:
    if markup:
        text = f"<html><head><meta charset='{encoding}'></head><body><p>{text}</p></body></html>"
    data = text.encode(encoding, errors="replace")
    assert _run("page" + suffix, data)


@given(jsonl_lines)
@FUZZ
def test_ingest_fuzz_jsonl_shapes(lines: list[str]) -> None:
    joined = "\n".join(lines)
    data = joined.encode("utf-8", "surrogatepass")
    items = _run("pile.jsonl", data)
    for item in items:
        if isinstance(item, Page):
            assert item.source.rsplit(":", 1)[1].isdigit()  # named file:line
    # the file's own lines: JSONL splits at "\n" only (a raw U+2028 inside a text is no break)
    file_lines = [line.removesuffix("\r") for line in joined.split("\n")]
    used = [n for n, line in enumerate(file_lines, 1) if line.strip()]
    nul = [n for n in used if "\x00" in file_lines[n - 1]]
    try:
        data.decode("utf-8")
        utf8 = True
    except UnicodeDecodeError:
        utf8 = False  # lone surrogates: the encoding guess may change the text
    if len(items) == 1 and items[0].source.endswith("pile.jsonl"):
        # refused whole only when empty, mostly binary, of a binary format, or not UTF-8
        assert isinstance(items[0], InputRecord)
        assert not used or 2 * len(nul) > len(used) or not utf8 or sniff_format(data)
        return
    if not utf8:
        return
    # exactly one item per non-blank line, named by its line
    assert sorted(int(i.source.rsplit(":", 1)[1]) for i in items) == used
    for n in used:
        line = file_lines[n - 1]
        (item,) = [i for i in items if i.source.endswith(f":{n}")]
        if n in nul:
            # a binary line is lost alone, with a reason naming it; the others are kept
            assert isinstance(item, InputRecord) and item.status == "failed"
            assert f"line {n}" in item.reason
            continue
        try:
            rec: Any = json.loads(line)
        except ValueError:
            continue
        text = rec.get("text") if isinstance(rec, dict) else None
        html = rec.get("html") if isinstance(rec, dict) else None
        usable = (isinstance(html, str) and html.strip()) or (
            not isinstance(html, str) and isinstance(text, str) and text.strip())
        if usable:
            # a record with a usable text is kept whatever its other fields hold
            assert isinstance(item, Page), (line, item)
