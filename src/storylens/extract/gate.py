"""Keep or skip an extracted body: short briefs vs pages that are not articles (decision 0104).

Runs on the title and paragraphs either path found (trafilatura's, or the text cleaner's):

1. paragraphs that read as error-page, paywall or consent-wall text (lexicon sections
   ``error_page``, ``paywall``, ``consent_wall``) are dropped from the body; a title that reads
   as an error page ("Page not found", "404") marks the whole page as one;
2. a body of at least ``min_body_chars`` is an article, as before;
3. a shorter body is a *brief* (a one- or two-sentence wire flash) when it has at least
   ``min_brief_chars``, sits under a headline, holds a full sentence of at least
   ``brief_min_words`` words, and the page showed no error-page or paywall text (a cookie
   banner beside it is fine: consent text only sinks a page with nothing else on it);
4. anything else is skipped, and the reason says what the page looked like.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storylens.extract.lexicon import Lexicon
from storylens.segment import text_length
from storylens.settings import ExtractSettings

_SENTENCE_END = re.compile(r"[.!?][\"”’)»]?\s*$")
_SENTENCE_START = re.compile(r"[\"“‘('«]?[^\W_a-z]")
_CASELESS_END = re.compile(r"[.!?。！？؟][\"”’)»」』]?\s*$")
_TEASER = re.compile(r"(\.\.\.|…)[\"”’)»]?\s*$")
_WORD = re.compile(r"[^\W\d_][\w’'-]*")


@dataclass(frozen=True, slots=True)
class Verdict:
    """What to keep of a body, or why to skip the page (``reason`` None = keep)."""

    kept: tuple[int, ...]  # indices of the input paragraphs kept as body
    reason: str | None
    brief: bool = False  # kept although shorter than min_body_chars
    kind: str | None = None  # "error page", "paywall stub", "cookie or consent wall"


def is_sentence(text: str, min_words: int) -> bool:
    """A full sentence: starts with a capital, digit or quote, ends with . ! or ? (not a
    "..." teaser), has ``min_words`` words, at least three of them lower-case (headlines,
    menus and names are capitalised; a fragment of a wrapped line starts lower-case).

    In a script without letter case (Chinese, Arabic, Hebrew ...) case says nothing: there it
    is a line that ends a sentence (。！？؟ too) and is as long as ``min_words`` words of
    about five letters (ideographs count three letters each, storylens.segment)."""
    letters = [c for c in text if c.isalpha()]
    cased = sum(1 for c in letters if c.isupper() or c.islower())
    if letters and cased < 0.2 * len(letters):
        return bool(_CASELESS_END.search(text)) and not _TEASER.search(text) \
            and text_length(text) >= 5 * min_words
    if not _SENTENCE_END.search(text) or _TEASER.search(text) or not _SENTENCE_START.match(text):
        return False
    words = _WORD.findall(text)
    return len(words) >= min_words and sum(1 for w in words if w[0].islower()) >= 3


def _quote(text: str) -> str:
    return f'"{text[:60]}{"..." if len(text) > 60 else ""}"'


def judge(title: str, paragraphs: tuple[str, ...], lex: Lexicon,
          cfg: ExtractSettings) -> Verdict:
    """Keep the body (minus non-article paragraphs), keep it as a brief, or skip the page."""
    hits: list[tuple[str, str]] = []
    if title and (kind := lex.non_article_kind(title)) == "error page":
        hits.append((kind, title))
    kept: list[int] = []
    for i, p in enumerate(paragraphs):
        kind = lex.non_article_kind(p)
        if kind is None:
            kept.append(i)
        else:
            hits.append((kind, p))
    body = "\n\n".join(paragraphs[i] for i in kept)
    title_error = bool(hits) and hits[0][0] == "error page" and hits[0][1] == title
    if len(body) >= cfg.min_body_chars and not title_error:
        return Verdict(tuple(kept), None)
    brief = len(body) >= cfg.min_brief_chars and bool(title.strip()) \
        and " ".join(title.split()) != " ".join(body.split()) \
        and any(is_sentence(paragraphs[i], cfg.brief_min_words) for i in kept)
    # a cookie banner sits on real briefs too; error and paywall text never does
    if brief and all(kind == "cookie or consent wall" for kind, _ in hits):
        return Verdict(tuple(kept), None, brief=True)
    if hits:
        kind, text = next(((k, t) for k, t in hits if k != "cookie or consent wall"), hits[0])
        return Verdict((), f"{kind} ({_quote(text)}; {len(body)} chars of other text)",
                       kind=kind)
    return Verdict((), f"{len(body)} chars of body text (< {cfg.min_body_chars}, and not a "
                       f"brief of >= {cfg.min_brief_chars} chars with a full sentence under a "
                       "headline)")


def describe_layout(labels: tuple[tuple[int, str], ...]) -> str | None:
    """Why the text cleaner found no body, from its line labels: a listing page (three or
    more teasers ending in "...") or navigation only (menus, link lists, boilerplate, no
    prose); None when neither fits."""
    kinds = [label for _, label in labels]
    teasers = sum(1 for k in kinds if k == "teaser")
    prose = sum(1 for k in kinds if k in ("good", "near", "low", "body"))
    if teasers >= 3 and teasers >= prose:
        return f"listing page ({teasers} story teasers, no article body)"
    if prose == 0:
        return f"navigation only ({len(kinds)} menu, link-list or boilerplate lines, no prose)"
    return None
