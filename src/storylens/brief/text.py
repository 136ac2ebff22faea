"""Sentence splitting, tokens and the support measure shared by the brief and framing stages.

``support(brief_text, source_sentence)`` is the share of the brief sentence's tokens that the
source sentence contains (lower-cased word tokens, numbers written as words read as digits).
The brief cites an article only if one of its sentences supports the cited text at least at
``BriefSettings.support_min``: the property the held-out check tests.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from storylens.records import Article
from storylens.text import split_sentences as _split

_TOKEN = re.compile(r"[0-9][0-9.,]*[0-9]|[0-9]|[^\W\d_]+(?:['’-][^\W\d_]+)*")
_NUMBER_WORDS = {
    w: str(i)
    for i, w in enumerate((
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
        "eighteen", "nineteen", "twenty",
    ))
}
STOP_WORDS: frozenset[str] = frozenset(ENGLISH_STOP_WORDS)


def split_sentences(text: str) -> list[str]:
    """Split prose into sentences (the one splitter, storylens.text, decision 0608);
    paragraphs never join, runs of whitespace read as one space."""
    return list(_split_cached(text))


# Memoised (issue #17): an article's paragraphs are split again for every story and
# storyline it is in, by the candidates, the citations, the timeline and the pile's words
# (16,000 splits for 100 one-page events of the 4,000-page scale pile).
@functools.lru_cache(maxsize=1 << 15)
def _split_cached(text: str) -> tuple[str, ...]:
    return tuple(s for para in re.split(r"\n\s*\n|\n", text)
                 if (flat := " ".join(para.split())) for s in _split(flat))


def article_sentences(article: Article) -> list[str]:
    """Body sentences of an article, paragraph by paragraph (the title is not included)."""
    paras = article.paragraphs or tuple(p for p in article.body.split("\n\n") if p.strip())
    out: list[str] = []
    for p in paras:
        out.extend(split_sentences(p))
    return out


def tokens(text: str) -> list[str]:
    """Lower-cased word and number tokens; "thirteen" reads as "13", "380,000" as "380000"."""
    return list(_tokens(text))


# Memoised: choosing a brief compares every candidate sentence with every source sentence of
# its story, so the same sentences are tokenised again and again (3.5 million calls for 300
# pages before the cache; the brief stage then took more than half of an analyze run).
@functools.lru_cache(maxsize=1 << 16)
def _tokens(text: str) -> tuple[str, ...]:
    out: list[str] = []
    for t in _TOKEN.findall(text.lower().replace("’", "'")):
        t = _NUMBER_WORDS.get(t, t)
        if t[0].isdigit():
            t = t.replace(",", "").rstrip(".")
        out.append(t)
    return tuple(out)


@functools.lru_cache(maxsize=1 << 16)
def _token_set(text: str) -> frozenset[str]:
    return frozenset(_tokens(text))


@functools.lru_cache(maxsize=1 << 16)
def _content(text: str) -> frozenset[str]:
    return frozenset(t for t in _tokens(text) if t not in STOP_WORDS)


def content_tokens(text: str) -> set[str]:
    """Tokens that are not English stop words."""
    return set(_content(text))


# Memoised on the pair (issue #17): the citations, the claims a brief sentence states and the
# alignment links test the same (text, sentence) pairs again and again (1.4 million calls for
# 400 stories of the 4,000-page scale pile).
@functools.lru_cache(maxsize=1 << 18)
def support(claim_text: str, source_sentence: str) -> float:
    """Share of ``claim_text``'s tokens (all, and content-only; the lower) found in the source.

    1.0 when the source states every word of the claim text; the minimum of the all-token and
    content-token shares, so neither stop words nor a few shared names alone can pass.
    """
    ct = _tokens(claim_text)
    if not ct:
        return 0.0
    src = _token_set(source_sentence)
    all_share = sum(1 for t in ct if t in src) / len(ct)
    content = [t for t in ct if t not in STOP_WORDS]
    if not content:
        return all_share
    content_share = sum(1 for t in content if t in src) / len(content)
    return min(all_share, content_share)


def best_support(claim_text: str, sentences: Iterable[str]) -> float:
    """The best support any of ``sentences`` gives ``claim_text``."""
    return max((support(claim_text, s) for s in sentences), default=0.0)


def supported_by(
    text: str, sentences: Iterable[str], share_min: float, dice_min: float
) -> bool:
    """True if one of ``sentences`` contains ``share_min`` of ``text``'s tokens and is also
    similar to it overall (content Dice >= ``dice_min``), so a long source sentence that
    happens to hold a short text's few words does not count."""
    return any(
        support(text, s) >= share_min and similarity(text, s) >= dice_min for s in sentences
    )


def similarity(a: str, b: str) -> float:
    """Symmetric sentence similarity: Dice coefficient over content tokens."""
    ta, tb = _content(a), _content(b)
    if not ta or not tb:
        return 0.0
    return 2 * len(ta & tb) / (len(ta) + len(tb))
