"""Quotations in a brief: which sentences lie inside one, and who speaks them.

A sentence taken from inside a quotation must keep its speaker ("..., the ministry said") or
stay out of the brief (issue 15). Per article line (a paragraph, or a line of one):

1. Quote state: curly quotes open/close, a straight double quote toggles; a sentence is
   *inside* when a quotation is open where it starts or it starts with an opening mark.
2. Attribution: outside the quoted spans, a speech verb (``SPEECH_VERBS``) with a speaker
   beside it (the words before it back to a quote or a comma, or after it up to one). The
   speaker is *named* when it holds a word that is not a pronoun.
3. The speaker of a quoted sentence: its own named attribution, else a named attribution
   later in the same line (where the quotation closes), else earlier in it or in one of the
   ``lookback`` lines before it (news style: the speaker
   is introduced, then quoted over several paragraphs). None when no name is found: the
   sentence is then left out.
4. Wording: a sentence that names its speaker stays as it is (a missing opening quote mark
   added); one whose attribution is a bare pronoun gets the name in brackets ("he [Modi]
   added"); one without attribution ends ``, NAME said.``. Every character we add is
   returned as a span, recorded in ``BriefSentence.ours`` and rendered as ours.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from storylens.brief.text import split_sentences
from storylens.records import Article

SPEECH_VERBS = (
    "said", "says", "say", "told", "tells", "added", "adds", "stated", "states", "announced",
    "announces", "wrote", "writes", "tweeted", "explained", "noted", "warned", "insisted",
    "declared", "confirmed", "confirms", "claimed", "argued", "asked", "replied", "recalled",
    "urged", "cautioned", "acknowledged", "admitted", "according to",
)
_VERB = re.compile(r"\b(?:" + "|".join(re.escape(v) for v in SPEECH_VERBS) + r")\b",
                   re.IGNORECASE)
PRONOUNS = frozenset({
    "he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "his", "its", "their",
    "this", "that", "who", "which", "also", "then", "later", "previously", "earlier", "had",
    "has", "have", "was", "were", "is", "reporters", "journalists", "media", "told", "in",
    "a", "an", "statement", "on", "at", "friday", "monday", "tuesday", "wednesday",
    "thursday", "saturday", "sunday",
})
_OPEN = "“«"
_CLOSE = "”»"
_BOUNDARY = re.compile(r"[,;:—–()\[\]]|\bQ\b")
_ENDING = re.compile(r"^(?P<body>.*?)(?P<punct>[.!?…]*)(?P<close>[\"”’»]*)\s*$", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Unit:
    """One sentence of an article with its place and quote state."""

    text: str
    line: int  # index of the article line (paragraph or line of one) it belongs to
    inside: bool  # lies inside a quotation (open at its start, or opens with a quote mark)
    open_at_start: bool  # a quotation is open where it starts (its opening mark is earlier)


def _step(depth: int, ch: str) -> int:
    if ch in _OPEN:
        return 1
    if ch in _CLOSE:
        return 0
    if ch == '"':
        return 0 if depth else 1
    return depth


def article_units(article: Article) -> list[Unit]:
    """The article's sentences (same split as ``text.article_sentences``) with quote state."""
    return list(_units(article.paragraphs, article.body))


# Memoised on the article's text (issue #17): an article's units are read again by every
# story and storyline it belongs to (strings cache their hash: the key costs little).
@functools.lru_cache(maxsize=1 << 12)
def _units(paragraphs: tuple[str, ...], body: str) -> tuple[Unit, ...]:
    paras = paragraphs or tuple(p for p in body.split("\n\n") if p.strip())
    out: list[Unit] = []
    line = 0
    for p in paras:
        for raw in re.split(r"\n\s*\n|\n", p):
            text = " ".join(raw.split())
            if not text:
                continue
            depth, pos = 0, 0
            for s in split_sentences(text):
                at = text.find(s, pos)
                at = pos if at < 0 else at
                for ch in text[pos:at]:
                    depth = _step(depth, ch)
                opens = s[:1] in _OPEN or s[:1] == '"'
                out.append(Unit(s, line, depth > 0 or opens, depth > 0 and not opens))
                for ch in s:
                    depth = _step(depth, ch)
                pos = at + len(s)
            line += 1
    return tuple(out)


def _outside_mask(text: str, open_at_start: bool) -> list[bool]:
    """Per character: True when it lies outside every quotation (quote marks are inside)."""
    mask: list[bool] = []
    depth = 1 if open_at_start else 0
    for ch in text:
        new = _step(depth, ch)
        mask.append(depth == 0 and new == 0)
        depth = new
    return mask


def outside_quotes(text: str, open_at_start: bool) -> str:
    """``text`` with every quoted span replaced by `` Q `` (a quote open at the start too)."""
    mask = _outside_mask(text, open_at_start)
    out: list[str] = []
    for ch, outside in zip(text, mask, strict=True):
        if outside:
            out.append(ch)
        elif not out or out[-1] != " Q ":
            out.append(" Q ")
    return "".join(out)


# Memoised (issue #17): ``speaker_for`` reads the attributions of a quoted sentence's whole
# line and the lines before it, for every quoted candidate, in every story of the page (35,000
# calls for 1,100 quoted candidates of 100 events of the 4,000-page scale pile).
@functools.lru_cache(maxsize=1 << 15)
def attribution(text: str, open_at_start: bool = False) -> tuple[str, bool] | None:
    """The speaker of ``text``'s attribution outside quotes and whether it is named
    (not a pronoun), or None when it has no speech verb with a speaker beside it."""
    rest = outside_quotes(text, open_at_start)
    found: tuple[str, bool] | None = None
    for m in _VERB.finditer(rest):
        before = _BOUNDARY.split(rest[:m.start()])[-1].split()[-8:]
        after_text = rest[m.end():]
        after = _BOUNDARY.split(after_text)[0].strip(" .!?").split()[:8]
        for words in (before, after):
            if not words:
                continue
            speaker = " ".join(words).strip(" .,")
            named = any(w.lower().strip(".,'’") not in PRONOUNS and w[:1].isalpha()
                        for w in words)
            if named:
                return speaker, True
            if found is None:
                found = (speaker, False)
    return found


def speaker_for(units: Sequence[Unit], index: int, lookback: int) -> str | None:
    """A named speaker for the quoted sentence ``units[index]``: its own attribution, else
    one in the same line, else in up to ``lookback`` lines before it."""
    u = units[index]
    own = attribution(u.text, u.open_at_start)
    if own is not None and own[1]:
        return own[0]
    after = [v for v in units[index + 1:] if v.line == u.line]  # where the quote closes
    before = [v for v in reversed(units[:index]) if u.line - lookback <= v.line <= u.line]
    for group in (after, before):
        for v in group:
            a = attribution(v.text, v.open_at_start)
            if a is not None and a[1]:
                return a[0]
    return None


def attributed(unit: Unit, speaker: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The sentence worded with its speaker, and the spans of the words we added."""
    text = unit.text
    ours: list[tuple[int, int]] = []
    own = attribution(text, unit.open_at_start)
    prefix = ""
    if unit.open_at_start:
        prefix = '"' if '"' in text else "“"
        ours.append((0, 1))
    if own is not None:
        if own[1]:
            return prefix + text, tuple(ours)
        # a bare pronoun: the name in brackets after it ("he [Modi] added")
        mask = _outside_mask(text, unit.open_at_start)
        for hit in re.finditer(rf"\b{re.escape(own[0])}\b", text):
            if all(mask[hit.start():hit.end()]):
                ins = f" [{speaker}]"
                new = prefix + text[:hit.end()] + ins + text[hit.end():]
                ours.append((len(prefix) + hit.end(), len(prefix) + hit.end() + len(ins)))
                return new, tuple(ours)
    end = _ENDING.match(text)
    assert end is not None  # the pattern matches any string
    body, punct, close = end.group("body"), end.group("punct"), end.group("close")
    quoted = unit.inside or bool(close)
    mark = "" if not quoted else ("”" if prefix == "“" or text[:1] in _OPEN else '"')
    tail_punct = punct if punct in ("?", "!") else ","
    added = f"{tail_punct}{mark} {speaker} said."
    new = prefix + body.rstrip() + added
    start = len(prefix) + len(body.rstrip())
    ours.append((start, len(new)))
    return new, tuple(ours)
