"""Sentences, tokens with character offsets, quoted spans and word weights.

Everything the provenance stage compares is built here, once per article, into a
:class:`Doc`: the sentences of ``Article.text`` with their tokens (surface form, normalised
form, character offsets) and, per token, whether it sits inside quoted speech.

Word weights are an IDF surrogate that needs no corpus: ``7.5 - zipf`` from wordfreq's English
list (rare words, names and numbers weigh most; "the" weighs almost nothing), so two reports
that share only function words never look related.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass

import wordfreq


def wordset(words: str) -> frozenset[str]:
    """A frozen set of the whitespace-separated words of ``words``."""
    return frozenset(words.split())


_TOKEN = re.compile(r"\w+(?:[’'\-.]\w+)*", re.UNICODE)
# A sentence ends at . ! ? (optionally followed by closing quotes/brackets) before whitespace.
# Chinese and Japanese full stops end a sentence without a following space.
_SENT_END = re.compile(r"[.!?]+[\"”’»)\]]*\s+|[:;]\s+(?=[\"“«])|[。！？]+[”’」』）]*\s*")
_ABBREV = wordset(
    "mr mrs ms dr prof gen col lt sgt st jr sr inc ltd co corp no vs etc jan feb mar apr jun "
    "jul aug sep sept oct nov dec u.s u.k u.n e.g i.e rep sen gov pres maj capt cmdr adm"
)
_OPEN_QUOTES = "“\"«„"
_CLOSE_QUOTES = "”\"»“"


def norm(token: str) -> str:
    """Normalised token: lower case, curly apostrophes straightened, possessive 's dropped."""
    t = token.lower().replace("’", "'")
    if t.endswith("'s"):
        t = t[:-2]
    return t


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: its text, offsets in the article text, tokens and quote flags."""

    text: str
    start: int
    tokens: tuple[str, ...]  # normalised
    spans: tuple[tuple[int, int], ...]  # character offsets of each token in ``text``
    quoted: tuple[bool, ...]  # token inside quoted speech

    def surface(self, i: int, j: int) -> str:
        """The verbatim text covering tokens ``i`` .. ``j-1`` (empty when i >= j)."""
        if i >= j:
            return ""
        return self.text[self.spans[i][0] : self.spans[j - 1][1]]


@dataclass(frozen=True, slots=True)
class Doc:
    """An article split for comparison."""

    id: str
    text: str
    sentences: tuple[Sentence, ...]
    # Indices of sentences that are site boilerplate in this pile (:mod:`.boilerplate`):
    # left out of the copied-prose and chain measures.
    boilerplate: frozenset[int] = frozenset()

    @property
    def n_tokens(self) -> int:
        return sum(len(s.tokens) for s in self.sentences)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text`` (paragraph breaks always end one)."""
    spans: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+", text):
        p_start = para.start()
        chunk = para.group()
        start = 0
        for m in _SENT_END.finditer(chunk):
            before = chunk[start : m.start() + 1]
            last = re.search(r"(\w+(?:\.\w+)*)\W*$", before)
            word = last.group(1).lower() if last else ""
            if chunk[m.start()] == "." and (word in _ABBREV or len(word) == 1):
                continue  # "U.S. envoy", "Mr. Smith", initials
            end = m.end()
            if chunk[start:end].strip():
                spans.append((p_start + start, p_start + end))
            start = end
        if chunk[start:].strip():
            spans.append((p_start + start, p_start + len(chunk)))
    return spans


MAX_QUOTE_CHARS = 800  # a quotation longer than this (about 5 sentences) is a stray mark


def _quote_mask(text: str) -> list[bool]:
    """Per character: inside a quotation (straight, curly or ``TeX'' double quotes). An opening mark
    with no closing mark within ``MAX_QUOTE_CHARS`` in the same paragraph is ignored."""
    # TeX-style ``quotes'' (broadcast wires) read as straight marks; same length, so the
    # character positions of the mask stay those of ``text``.
    text = text.replace("``", '" ').replace("''", ' "')
    mask = [False] * len(text)
    i = 0
    n = len(text)
    while i < n:
        if text[i] not in _OPEN_QUOTES:
            i += 1
            continue
        end = i + 1
        limit = min(n, i + MAX_QUOTE_CHARS)
        while end < limit and text[end] not in _CLOSE_QUOTES and text[end] != "\n":
            end += 1
        if end < limit and text[end] in _CLOSE_QUOTES:
            for k in range(i, end + 1):
                mask[k] = True
            i = end + 1
        else:
            i += 1
    return mask


# Memory: a Doc holds a few pointers per token, not a few objects. Normalised tokens are
# interned (one string per distinct word in the process; freed with the last Doc using it)
# and span tuples are shared through ``_SPANS`` (an immutable (start, end) pair is the same
# whoever holds it). Bounded: offsets past ``_SPAN_CACHE_END`` and tokens longer than
# ``_SPAN_CACHE_LEN`` get their own tuple, so the cache never exceeds 4096 x 32 entries.
_SPAN_CACHE_END = 4096
_SPAN_CACHE_LEN = 32
_SPANS: dict[tuple[int, int], tuple[int, int]] = {}


def _span(start: int, end: int) -> tuple[int, int]:
    pair = (start, end)
    if end > _SPAN_CACHE_END or end - start > _SPAN_CACHE_LEN:
        return pair
    return _SPANS.setdefault(pair, pair)


def make_doc(article_id: str, text: str) -> Doc:
    """Split ``text`` into sentences and tokens (quotes tracked across a paragraph)."""
    mask = _quote_mask(text)
    sentences: list[Sentence] = []
    for s_start, s_end in split_sentences(text):
        raw = text[s_start:s_end]
        lead = len(raw) - len(raw.lstrip())
        body = raw.strip()
        start = s_start + lead
        toks: list[str] = []
        spans: list[tuple[int, int]] = []
        quoted: list[bool] = []
        for m in _TOKEN.finditer(body):
            surface = m.group().rstrip(".")
            toks.append(sys.intern(norm(surface)))
            spans.append(_span(m.start(), m.start() + len(surface)))
            quoted.append(mask[start + m.start()])
        if toks:
            sentences.append(Sentence(body, start, tuple(toks), tuple(spans), tuple(quoted)))
    return Doc(article_id, text, tuple(sentences))


def frequencies() -> Mapping[str, float]:
    """wordfreq's English frequency list (the library keeps it loaded after the first call)."""
    freqs: Mapping[str, float] = wordfreq.get_frequency_dict("en", wordlist="best")
    return freqs


def zipf(token: str, freqs: Mapping[str, float]) -> float:
    """Zipf frequency (log10 per billion words) of a normalised token; 0 if unknown."""
    f = freqs.get(token)
    if f is None and "-" in token:
        parts = [freqs.get(p, 0.0) for p in token.split("-")]
        f = min(parts) / 10 if all(parts) else None
    if not f:
        return 0.0
    return max(0.0, math.log10(f) + 9.0)


def weight(token: str, freqs: Mapping[str, float]) -> float:
    """Token weight for similarity: numbers 5, otherwise ``7.5 - zipf`` clipped to [0.2, 6].

    7.5 is just above the zipf of "the" (7.7 -> clipped to 0.2), so function words count a
    little and names (zipf < 3) count about as much as a number.
    """
    if token[:1].isdigit():
        return 5.0
    return min(6.0, max(0.2, 7.5 - zipf(token, freqs)))


class WordStats:
    """Word frequencies with memoised weights: one explicit object per run or comparison
    (never a module global), passed to every function that weighs tokens."""

    __slots__ = ("_weights", "freqs")

    def __init__(self, freqs: Mapping[str, float]) -> None:
        self.freqs = freqs
        self._weights: dict[str, float] = {}

    def zipf(self, token: str) -> float:
        return zipf(token, self.freqs)

    def weight(self, token: str) -> float:
        w = self._weights.get(token)
        if w is None:
            w = self._weights[token] = weight(token, self.freqs)
        return w


def word_stats() -> WordStats:
    """A fresh :class:`WordStats` over wordfreq's English list."""
    return WordStats(frequencies())


# Function words ("was", "says", "would", "the") sit above zipf 6; content words below 5.5.
CONTENT_MAX_ZIPF = 5.5


def content_swap(x: str, y: str, stats: WordStats) -> bool:
    """A substitution ``x`` -> ``y`` that changes wording, not grammar: each side has a
    content word (letters, wordfreq zipf below :data:`CONTENT_MAX_ZIPF`), and it is not a
    change of names or numbers alone (all capitalised or digits on one side)."""

    def content(phrase: str) -> bool:
        words = phrase.split()
        if not words or all(w[:1].isupper() or w[:1].isdigit() for w in words):
            return False
        return any(w.isalpha() and stats.zipf(norm(w)) < CONTENT_MAX_ZIPF for w in words)

    return x.lower() != y.lower() and content(x) and content(y)
