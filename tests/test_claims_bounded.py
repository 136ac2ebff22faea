"""Bounded work per sentence (issue 19, defect 1): a page that is one long line.

Work is measured by counting the characters handed to each per-sentence step (attribution,
the speaker's name, dates, periods, quantities, content words), not by wall time: with the
sentence cap and the attribution window, four times the text means four times the work,
and no single step ever sees more than its cap.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

from storylens.claims import extract
from storylens.claims.extract import ATTRIBUTION_WINDOW, extract_claims, split_sentences
from storylens.claims.lexicon import load_lexicon
from storylens.records import Article
from storylens.settings import ClaimSettings

# Invented: a harbour board's statement repeated without a full stop, as one line.
LINE = "the harbour board said the tide came in fast and two ferries were held at the quay "

STEPS = ("find_attributions", "_subject", "find_dates", "find_periods", "find_quantities",
         "content_words")


def _work(monkeypatch: pytest.MonkeyPatch, chars: int) -> tuple[Counter[str], Counter[str]]:
    """(total characters per step, largest single call per step) for one page of ``chars``."""
    total: Counter[str] = Counter()
    largest: Counter[str] = Counter()

    def counted(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(text: str, *args: Any, **kwargs: Any) -> Any:
            total[name] += len(text)
            largest[name] = max(largest[name], len(text))
            return fn(text, *args, **kwargs)
        return wrapper

    for name in STEPS:
        monkeypatch.setattr(extract, name, counted(name, getattr(extract, name)))
    body = (LINE * (chars // len(LINE) + 1))[:chars]
    article = Article(id="a", source="a", title="", body=body, paragraphs=(body,))
    extract_claims(article, load_lexicon(), ClaimSettings())
    monkeypatch.undo()
    return total, largest


def test_one_long_line_costs_linear_work(monkeypatch: pytest.MonkeyPatch) -> None:
    cap = ClaimSettings().max_sentence_chars
    small, _ = _work(monkeypatch, 20_000)
    big, big_max = _work(monkeypatch, 80_000)
    for name in STEPS:
        assert big[name] > 0, name
        # Four times the text: about four times the work (quadratic would be sixteen).
        assert big[name] <= 4.5 * small[name], (name, small[name], big[name])
    for name in ("find_attributions", "find_dates", "find_periods", "find_quantities",
                 "content_words"):
        assert big_max[name] <= cap, (name, big_max[name])
    assert big_max["_subject"] <= ATTRIBUTION_WINDOW


def test_long_sentence_is_cut_at_whitespace() -> None:
    text = "word " * 500 + "end."
    pieces = split_sentences(text, 100)
    assert all(len(p) <= 100 for p in pieces)
    assert " ".join(pieces).split() == text.split()
    assert split_sentences(text) == [text.strip()]  # no cap: one sentence as before
    assert split_sentences("x" * 250, 100) == ["x" * 100, "x" * 100, "x" * 50]


def test_window_keeps_attributions() -> None:
    lex = load_lexicon()
    filler = "the weather was calm and " * 40
    sentence = f"{filler}the harbour board said two ferries were held."
    names = [a.source for a in extract.find_attributions(sentence, lex)]
    assert names == ["harbour board"]
