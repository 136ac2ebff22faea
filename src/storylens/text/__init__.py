"""One text layer for every stage: sentences, word tokens, numbers (issue 17, decision 0608).

Before it, extract, provenance, claims and brief/report each split sentences their own way
with their own abbreviation list, so the stages disagreed on what a sentence is. This module
wraps what the best of them did (provenance's splitter: character spans, paragraph breaks,
CJK full stops, initials and dotted abbreviations) and adds the rule the claims and brief
splitters had and provenance lacked: a stop followed by a lower-case letter ends no sentence
("1:45 p.m. local time", "shrouds... that was"); a digit is not an initial ("Oct. 6. It").
The abbreviation list and number words are data (``storylens/data/text_layer.toml``).

- :func:`sentence_spans` / :func:`split_sentences`: sentences of a text; a paragraph break
  (a new line) always ends one; ``max_chars`` cuts a longer sentence at whitespace into
  pieces (issue 19: per-sentence work stays bounded on a page that is one long line).
- :func:`word_spans` / :func:`words`: word tokens (letters and digits joined by an inner
  apostrophe, hyphen, stop or comma: "don't", "U.S", "380,000", "3.7"), normalised by
  :func:`norm`.
- :func:`read_number`: the value of one token written in digits ("380,000", "3.7") or words
  ("thirteen", "twenty-five"); None otherwise.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data" / "text_layer.toml"


@dataclass(frozen=True, slots=True)
class TextData:
    abbreviations: frozenset[str]
    numbers: dict[str, int]


@functools.cache
def text_data(path: Path = DATA) -> TextData:
    """The abbreviation list and number words (read once per process)."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    nums = {**data["numbers"]["units"], **data["numbers"]["tens"]}
    return TextData(frozenset(data["sentences"]["abbreviations"]), nums)


# A sentence ends at . ! ? … (and closing quotes or brackets) before whitespace, and at a
# CJK full stop with or without a space. Not at a colon before a quotation (provenance's
# splitter did so): 'X said: "..."' is one sentence (decision 0608).
_SENT_END = re.compile(r"[.!?…]+[\"”’»)\]]*\s+|[。！？]+[”’」』）]*\s*")
_LAST_WORD = re.compile(r"(\w+(?:\.\w+)*)\W*$")
_TOKEN = re.compile(r"\w+(?:[’'\-.,]\w+)*", re.UNICODE)


def sentence_spans(text: str, max_chars: int = 0) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of the sentences of ``text``, in order; the end
    includes the stop and the space after it. ``max_chars > 0``: a longer sentence is given
    as pieces of at most that many characters, cut at whitespace."""
    abbreviations = text_data().abbreviations
    spans: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+", text):
        p_start = para.start()
        chunk = para.group()
        start = 0
        for m in _SENT_END.finditer(chunk):
            stop = chunk[m.start()]
            nxt = chunk[m.end():m.end() + 1]
            if stop in ".!?…" and nxt.isalpha() and nxt.islower():
                continue  # "p.m. local time", "shrouds... that was", "“Help!” she said"
            if stop == ".":
                # Only the last word before the stop: a bounded look-back.
                last = _LAST_WORD.search(chunk, max(start, m.start() - 40), m.start() + 1)
                word = last.group(1).lower() if last else ""
                if word in abbreviations or (len(word) == 1 and word.isalpha()):
                    continue  # "Mr. Smith", "U.S. envoy", "J. Smith"
            if chunk[start:m.end()].strip():
                spans.append((p_start + start, p_start + m.end()))
            start = m.end()
        if chunk[start:].strip():
            spans.append((p_start + start, p_start + len(chunk)))
    if max_chars <= 0:
        return spans
    return [piece for s, e in spans for piece in _pieces(text, s, e, max_chars)]


def _pieces(text: str, start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    """``text[start:end]`` cut at whitespace into spans of at most ``max_chars`` characters
    (a word longer than that is cut where it stands)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    out: list[tuple[int, int]] = []
    while end - start > max_chars:
        cut = text.rfind(" ", start + 1, start + max_chars + 1)
        if cut <= start:
            cut = start + max_chars
        out.append((start, cut))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        out.append((start, end))
    return out


def split_sentences(text: str, max_chars: int = 0) -> list[str]:
    """The sentences of ``text`` as strings, stripped (see :func:`sentence_spans`)."""
    return [s for a, b in sentence_spans(text, max_chars) if (s := text[a:b].strip())]


def word_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the word tokens of ``text`` (letters or digits, joined by an inner
    apostrophe, hyphen, stop or comma: "don't", "U.S", "380,000", "3.7", "well-known")."""
    return [m.span() for m in _TOKEN.finditer(text)]


def norm(token: str) -> str:
    """Lower case, curly apostrophes straightened, a possessive 's dropped."""
    t = token.lower().replace("’", "'")
    return t[:-2] if t.endswith("'s") else t


def words(text: str) -> list[str]:
    """The normalised word tokens of ``text``."""
    return [norm(m.group()) for m in _TOKEN.finditer(text)]


_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")


def read_number(token: str) -> float | None:
    """The value of one token: digits with thousands commas and a decimal point ("380,000",
    "3.7"), or a number word up to ninety-nine ("thirteen", "twenty-five"); else None."""
    t = token.strip().lower()
    if _DIGITS.fullmatch(t):
        return float(t.replace(",", ""))
    nums = text_data().numbers
    if t in nums:
        return float(nums[t])
    tens, _, unit = t.partition("-")
    if unit and nums.get(tens, 0) >= 20 and nums[tens] % 10 == 0 and 0 < nums.get(unit, 0) < 10:
        return float(nums[tens] + nums[unit])
    return None
