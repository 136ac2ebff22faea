"""No input bytes make ingest or extraction raise; the worker pool gives the same result."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storylens.extract import extract
from storylens.ingest.common import content_hash, decode_bytes
from storylens.pipeline import extract_pages
from storylens.records import Article, Page, Rejection
from storylens.settings import Settings

DEFAULTS = Settings()


@given(st.binary(max_size=2000))
@settings(max_examples=150, deadline=None)
def test_ingest_decode_never_raises(data: bytes) -> None:
    text, reason = decode_bytes(data, DEFAULTS.ingest)
    assert (text is None) != (reason is None)


@given(st.text(max_size=1500), st.sampled_from(["text", "html"]))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_extract_never_raises_on_any_text(text: str, kind: str) -> None:
    page = Page(id="p", source="p", kind=kind, content=text,  # type: ignore[arg-type]
                content_hash=content_hash(text))
    result = extract(page, DEFAULTS)
    assert isinstance(result, Article | Rejection)
    if isinstance(result, Rejection):
        assert result.reason


def test_pipeline_worker_pool_matches_in_process(tmp_path: Path) -> None:
    body = ("The harbour board of Lusk approved a new breakwater on Monday after storms "
            "damaged the old one, the board's chair told reporters at the quay.")
    pages = [
        Page(id=f"p{i}", source=f"p{i}.txt", kind="text",
             content=f"Breakwater plan number {i} approved\n\n{body} Plan {i}.\n",
             content_hash=content_hash(f"{i}{body}"))
        for i in range(6)
    ]
    serial = [r for _, r in extract_pages(pages, DEFAULTS)]
    pooled = [r for _, r in extract_pages(pages, DEFAULTS.with_overrides({"workers": 2}))]
    assert serial == pooled
