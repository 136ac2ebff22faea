"""Flattened page text -> title, dek, body lines, captions, author bio.

The text a browser shows for a news page, one block per line. Every non-empty line gets a
label from its own features (length, stopword density, sentence punctuation, lexicon patterns
for boilerplate, photo credits, teasers ending in "..."), then context decides:

1. lines after a sidebar header ("Latest", "Don't miss", "Check also", ...) are a link list
   until the next long prose line; lines repeated on the page are site furniture;
2. the *core* is the cluster of prose lines (jusText-style "good" lines, small gaps allowed)
   with the most text; body = the prose, near-prose and short lines inside the core span;
   a page with no "good" line at all (a one- or two-sentence brief) takes its full-sentence
   lines as prose instead (decision 0104);
3. the masthead is a short title-cased brand line above the body whose name recurs in the
   site furniture (copyright/footer line, a promo sentence, the author bio) or the URL host; it
   names the outlet and is never the title, nor is a tagline next to it;
4. the title is the headline line nearest above the core (a line repeated elsewhere on the page,
   e.g. in a breadcrumb, or matching the feed/JSONL title wins); when that line reads as a dek
   of the headline-like line just above it (longer, unpunctuated) and that line shares content
   words with the first body paragraphs, the line above is the title;
5. a long unpunctuated line between title and body is the dek, the line under an "About the
   author" header or a person-bio paragraph closing the core is the author bio, and promo
   sentences glued to the end of a paragraph are cut off.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from urllib.parse import urlparse

from rapidfuzz import fuzz

from storylens.extract.gate import is_sentence
from storylens.extract.lexicon import Lexicon
from storylens.extract.meta import (
    bio_author,
    byline_from_lines,
    copyright_holder,
    explicit_date,
    name_line_byline,
    stop_scale,
    tokens,
)
from storylens.segment import text_length
from storylens.settings import ExtractSettings

_SENT_END = re.compile(r"[.!?…:;\"”’)»。！？؟」]\s*$")
_QUOTED_END = re.compile(r"[.!?…]['\"]+\s*$")
_TEASER_END = re.compile(r"(\.\.\.|…|\[…\]|\[\.\.\.\])\s*$")
_BREADCRUMB_SEP = re.compile(r"\s(?:/|›|»|>|\\|\|)\s")
_SENT_SPLIT = re.compile(r"(?<=[.!?…])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")
_LIST_ITEM = re.compile(r"^(?:[-+*•–]|\d{1,2}[.)])\s")
_LETTER = re.compile(r"[^\W\d_]")
# a time-stamp row of a comment list or a live blog: "* 12:23 PM", "13:54 headline", "10h05"
_STAMP = re.compile(r"^[\s*•·+-]*\d{1,2}(?::|h)\d{2}(?:\s*[ap]\.?m\.?)?(?:\s|$)",
                    re.IGNORECASE)
# a picture-gallery counter opening a caption row: "3/50 caption", "* 12 of 40"
_COUNTER = re.compile(r"^[\s*•·+-]*(\d{1,3})\s*(?:/|of)\s*(\d{1,3})(?:\s|$)", re.IGNORECASE)
# a site footer line ("(c) 2025 X. All rights reserved.") is not a photo caption/credit
_SITE_FOOTER = re.compile(r"rights reserved|powered by|privacy|terms of|reproduction",
                          re.IGNORECASE)
# masthead + tagline on one line: "BRAND - the valley's independent voice"
_BRAND_SPLIT = re.compile(r"\s+[-–—|:·•]\s+")
_BRAND_WORD = re.compile(r"^(?:[A-Z][\w&.'’-]*|&|of|the|and|for|on|de|del|la|le|el|du|des|der|"
                         r"die|das|di|da|van|von)$")
# a tagline: "the valley's independent voice", "your number one source for ..."
_TAGLINE = re.compile(r"\b(?:the|your|our)\s+(?:[\w’'#-]+\s+){0,3}(?:voice|source|destination|"
                      r"newspaper|home)\b", re.IGNORECASE)

GOOD, NEAR, SHORT, LOW = "good", "near", "short", "low"
BAD, CREDIT, CAPTION, CRUMB, TEASER, SIDEBAR, HEADER, REPEATED, COMMENTS = (
    "bad", "credit", "caption", "breadcrumb", "teaser", "sidebar", "header", "repeated",
    "comments")
BIO_HEAD, BIO = "bio-header", "bio"
_NOISE = frozenset({BAD, CREDIT, CAPTION, CRUMB, TEASER, SIDEBAR, HEADER, REPEATED, COMMENTS,
                    BIO_HEAD, BIO})
_BREAKS = frozenset({HEADER, COMMENTS})
_SOFT = frozenset({SHORT, LOW, CAPTION, CREDIT})


@dataclass(frozen=True, slots=True)
class Line:
    no: int  # 1-based line number in the input
    text: str
    words: int
    stop: float  # share of tokens in the stoplist
    label: str


@dataclass(frozen=True, slots=True)
class Layout:
    """What the classifier found on one flattened page."""

    title_line: int | None
    title: str
    dek: str | None
    body: tuple[tuple[int, str], ...]  # (line number, cleaned paragraph)
    captions: tuple[str, ...]
    author_bio: str | None
    byline: str | None
    head: str  # text above the body (title, dek, dateline zone), for date finding
    labels: tuple[tuple[int, str], ...]  # (line number, final label), for debugging/benches
    outlet: str | None = None  # the masthead's brand name, when the page shows one
    owner: str | None = None  # the name in the site's copyright line below the article


def _base_label(text: str, words: int, stop: float, lex: Lexicon,
                cfg: ExtractSettings, listing: bool = False, wrapped: bool = False) -> str:
    if lex.is_credit(text) and words <= 12:
        return CREDIT
    if lex.is_bio_header(text):
        return BIO_HEAD
    if lex.is_section_header(text):
        return HEADER
    if lex.is_comments_start(text):
        return COMMENTS
    if lex.is_boilerplate(text):
        return BAD
    if (len(_BREADCRUMB_SEP.findall(text)) >= 2 and not _SENT_END.search(text)) \
            or re.match(r"^home\s*(/|›|»|>|\|)", text, re.IGNORECASE):
        return CRUMB
    if _TEASER_END.search(text) and (listing or not _cut_paragraph(text, words, cfg)):
        return TEASER
    if text_length(text) < cfg.length_low:
        return SHORT
    if stop >= cfg.stop_high:
        # a short line that does not finish a sentence is a headline or a link, not prose
        # (unless the text is hard-wrapped: the next line goes on in lower case)
        if words <= cfg.open_line_max_words and not _ends_sentence(text) \
                and not wrapped and not _LIST_ITEM.match(text):
            return NEAR
        return GOOD
    if stop >= cfg.stop_low:
        return NEAR
    return LOW


def _cut_paragraph(text: str, words: int, cfg: ExtractSettings) -> bool:
    """A long paragraph of whole sentences that the page cut off with "...", not a teaser."""
    if words < cfg.teaser_prose_min_words:
        return False
    whole = _SENT_SPLIT.split(_TEASER_END.sub("", text))[:-1]  # the last piece is the cut one
    ends = sum(1 for s in whole if re.search(r"[.!?][\"”’)]?$", s))
    return ends >= cfg.teaser_prose_min_sentences


def label_lines(text: str, stop: frozenset[str], lex: Lexicon,
                cfg: ExtractSettings, language: str | None = None) -> list[Line]:
    """Label every non-empty line of ``text`` from its own features and its neighbours."""
    raw: list[tuple[int, str]] = []
    for no, line in enumerate(text.splitlines(), start=1):
        s = " ".join(line.split())
        if s:
            raw.append((no, s))
    raw = _unwrap(raw, cfg)
    norm = [re.sub(r"\W+", " ", s.lower()).strip() for _, s in raw]
    scale = stop_scale(language, cfg.stoplist_size, dict(cfg.stop_scale), cfg.stop_scale_exponent)
    counts = Counter(n for n in norm if len(n) >= cfg.repeat_min_chars)
    # a page with several lines cut with "..." is a listing: its cut paragraphs are teasers
    listing = sum(1 for _, s in raw if _TEASER_END.search(s)) >= cfg.listing_min_cut_lines
    lines: list[Line] = []
    # CJK prose lines often end without punctuation; the open-line rule is for spaced scripts
    unspaced = (language or "") in ("zh", "ja", "ko")
    repeated_prose: list[int] = []
    for k, ((no, s), n) in enumerate(zip(raw, norm, strict=True)):
        toks = tokens(s, language)
        ratio = sum(1 for t in toks if t in stop) / len(toks) / scale if toks else 0.0
        wrapped = unspaced or (k + 1 < len(raw) and raw[k + 1][1][:1].islower())
        label = _base_label(s, len(toks), ratio, lex, cfg, listing, wrapped)
        if label in (GOOD, NEAR, SHORT, LOW) and counts.get(n, 0) >= 2:
            if label == GOOD:
                repeated_prose.append(k)
            label = REPEATED
        lines.append(Line(no, s, len(toks), ratio, label))
    if repeated_prose and not any(x.label in (GOOD, NEAR, LOW) for x in lines):
        # Furniture repeats around a text; when the only prose of the page is repeated (one
        # paragraph shown four times, issue 19), the repetition is the text: each such
        # line is kept once (its first showing), the other showings stay "repeated".
        first: dict[str, int] = {}
        for k in repeated_prose:
            first.setdefault(norm[k], k)
        for k in first.values():
            lines[k] = _replace(lines[k], GOOD)
    for i, cand in enumerate(lines):  # "Agency/First Last" next to a caption sentence
        if cand.label == SHORT and lex.is_weak_credit(cand.text) and any(
                0 <= j < len(lines) and lines[j].label in (GOOD, NEAR, SHORT, LOW)
                and lines[j].words <= 40 and re.search(r"[.!?]\s*$", lines[j].text)
                and len(_SENT_SPLIT.split(lines[j].text)) == 1
                for j in (i - 1, i + 1)):
            lines[i] = _replace(cand, CREDIT)
    _mark_sidebars(lines)
    _mark_captions(lines, lex, cfg)
    for i in range(1, len(lines)):  # the paragraph under "About the author" is the bio
        if lines[i - 1].label == BIO_HEAD and lines[i].label in (GOOD, NEAR, SHORT, LOW):
            lines[i] = _replace(lines[i], BIO)
    return lines


def _unwrap(raw: list[tuple[int, str]], cfg: ExtractSettings) -> list[tuple[int, str]]:
    """Join the lines of hard-wrapped text (a <pre> block, a plain-text RFC or mail: lines of
    about one width that go on in lower case on the next line) into paragraphs, each keeping
    its first line number. Only on pages where at least ``wrap_min_pairs`` such breaks occur;
    a line is joined to the next when they are adjacent and it is at least
    ``wrap_fill`` of the page's usual wrapped-line length."""
    breaks = [len(s) for (no, s), (no2, s2) in pairwise(raw)
              if no2 == no + 1 and len(s) >= cfg.wrap_min_chars and s2[:1].islower()]
    if len(breaks) < cfg.wrap_min_pairs:
        return raw
    width = sorted(breaks)[len(breaks) // 2]
    out: list[tuple[int, str]] = []
    prev_no = -2
    joinable = False
    for no, s in raw:
        if out and joinable and no == prev_no + 1:
            out[-1] = (out[-1][0], out[-1][1] + " " + s)
        else:
            out.append((no, s))
        joinable = len(s) >= cfg.wrap_fill * width
        prev_no = no
    return out


def _replace(line: Line, label: str) -> Line:
    return Line(line.no, line.text, line.words, line.stop, label)


def _mark_sidebars(lines: list[Line]) -> None:
    """After a sidebar header, headline/teaser lines are a link list until long prose."""
    in_list = False
    for i, line in enumerate(lines):
        if line.label == HEADER:
            in_list = True
        elif in_list:
            if line.label == GOOD and line.words >= 25:
                in_list = False
            elif line.label in (GOOD, NEAR, SHORT, LOW, REPEATED, TEASER):
                lines[i] = _replace(line, SIDEBAR)
    # a headline immediately followed by a teaser is a link-list entry too
    for i in range(len(lines) - 1):
        if lines[i + 1].label == TEASER and lines[i].label in (SHORT, NEAR, LOW, REPEATED) \
                and not _SENT_END.search(lines[i].text):
            lines[i] = _replace(lines[i], SIDEBAR)


def _paragraph_not_caption(line: Line, cfg: ExtractSettings) -> bool:
    """A prose paragraph next to a photo credit: a "good" line of at least
    ``caption_prose_min_words`` words holding at least ``caption_prose_min_sentences`` whole
    sentences (how-to steps under their photos); a caption is one or two short sentences."""
    if line.label != GOOD or line.words < cfg.caption_prose_min_words:
        return False
    return len([x for x in _SENT_SPLIT.split(line.text) if x.strip()]) \
        >= cfg.caption_prose_min_sentences


def _mark_captions(lines: list[Line], lex: Lexicon, cfg: ExtractSettings) -> None:
    """A line next to a photo credit that reads like a caption is a caption."""
    for i, line in enumerate(lines):
        if line.label != CREDIT:
            continue
        for j in (i + 1, i - 1):
            if 0 <= j < len(lines) and _paragraph_not_caption(lines[j], cfg):
                break
            if 0 <= j < len(lines) and lines[j].label in (GOOD, NEAR, SHORT, LOW) \
                    and lines[j].words <= 80 and (
                        lex.has_caption_cue(lines[j].text) or _SENT_END.search(lines[j].text)
                        or j == i + 1):
                lines[j] = _replace(lines[j], CAPTION)
                break
    for i, line in enumerate(lines):
        if line.label in (SHORT, NEAR) and lex.has_caption_cue(line.text) and line.words <= 40:
            lines[i] = _replace(line, CAPTION)


def _ends_sentence(text: str) -> bool:
    """Sentence punctuation at the end, also before a closing straight quote (".'")."""
    return bool(_SENT_END.search(text) or _QUOTED_END.search(text))


def _open_line(line: Line) -> bool:
    """A headline- or link-like line: a few words, no sentence end, not a list item."""
    return line.words >= 3 and not _ends_sentence(line.text) \
        and not _LIST_ITEM.match(line.text)


def _stamp_line(line: Line, max_words: int) -> bool:
    """A time-stamp row: a clock time opening a line of at most ``max_words`` words (a time
    over a headline or alone; a live blog's timed paragraphs are the article), or a line that
    is only a date (bullets, punctuation and a time aside: "* April 10, 2018 at 7:36 AM", not
    "Retrieved 2014-03-27"), or a comment head "Name · <date>", or a picture-gallery counter
    opening a short caption row ("3/50 Harbour at dawn", "* 12 of 40")."""
    if _STAMP.match(line.text):  # a time over a headline or alone, not a timed paragraph
        return line.words <= max_words
    if (m := _COUNTER.match(line.text)) and int(m.group(1)) <= int(m.group(2)):
        return line.words <= max_words  # a gallery slide's counter over its caption
    return line.words <= 8 and _date_row(line.text)


def _date_row(text: str) -> bool:
    """A line that is only a date (and a time), or a comment head "Name · <date>"."""
    found = explicit_date(text)
    if found is None:
        return False
    head, _, tail = text.partition(found[1])
    if re.search(r"[^\W\d_]{4,}", tail):
        return False
    # "at", "AM", "PM" around a time may stay; a comment head may name its writer first
    # ("Name · March 10, 2017 at 1:26 AM")
    words = [w for w in re.findall(r"[^\W\d_]+", head) if len(w) > 3]
    return not words or (len(words) <= 3 and bool(re.search(r"[·•|–—]\s*$", head.strip())))


def _prose_edge(line: Line, cfg: ExtractSettings) -> bool:
    """A near-prose line that may extend the core at its edges."""
    if line.label == NEAR:
        return True
    return line.label == LOW and line.words > cfg.title_max_words \
        and line.stop >= cfg.stop_edge and bool(_SENT_END.search(line.text))


def _brief_line(line: Line, cfg: ExtractSettings) -> bool:
    """A short or stopword-poor line that is still a full sentence (decision 0104): on a
    page without any jusText-good line, such lines are the body of a brief."""
    return line.label in (SHORT, NEAR, LOW) and is_sentence(line.text, cfg.brief_min_words)


def find_core(lines: Sequence[Line], cfg: ExtractSettings,
              weights: list[float] | None = None) -> list[tuple[int, int]]:
    """Index span (first, last) of the best cluster of prose lines.

    A cluster is a run of "good" lines with gaps of at most ``max_gap`` (noise lines count 1,
    short/low lines ``soft_gap_weight``); a sidebar header or a comment-section marker ends
    it. Score: good chars + ``near_weight`` x near chars, times ``title_bonus`` when a
    repeated headline line sits just above it, times ``comments_penalty`` after a comment
    marker.
    """
    texts = [ln.text.lower() for ln in lines]
    stamp = [_stamp_line(ln, cfg.open_line_max_words) for ln in lines]
    clusters: list[tuple[float, int, int, bool]] = []
    start = last = -1
    score = gap = 0.0
    after_comments = in_comments = False

    def close() -> None:
        if start < 0:
            return
        value = score
        top = max(0, start - cfg.max_gap - 2)
        if any(_title_like(lines[j], cfg) and _is_strong(lines, j, texts, cfg)
               for j in range(top, start)):
            value *= cfg.title_bonus
        if after_comments:
            value *= cfg.comments_penalty
        # a link rail (headline + summary pairs, "most read" lists) is mostly open lines
        span = [ln for ln in lines[start: last + 1] if ln.label in (GOOD, NEAR, SHORT, LOW)]
        heads = sum(1 for ln in span if _open_line(ln))
        prose = sum(1 for ln in span if ln.label == GOOD)
        rail = bool(heads + prose) and heads / (heads + prose) >= cfg.rail_open_share
        # a comment list or live blog: entries under time-stamp rows (a comment section
        # already marked as one keeps its own penalty)
        stamps = sum(stamp[start: last + 1])
        ticker = not in_comments and stamps >= cfg.stamp_min_rows \
            and stamps / (stamps + prose) >= cfg.stamp_share
        cut = _before_stamps(lines, stamp, start, last, cfg) if ticker and not rail else last
        if start <= cut < last:
            # an article with a ticker or gallery glued under it: the article part competes
            # on its own score (the span is cut there below as well)
            part = lines[start: cut + 1]
            value = sum(len(ln.text) for ln in part if ln.label == GOOD) \
                + cfg.near_weight * sum(len(ln.text) for ln in part if ln.label == NEAR)
            if any(_title_like(lines[j], cfg) and _is_strong(lines, j, texts, cfg)
                   for j in range(top, start)):
                value *= cfg.title_bonus
            if after_comments:
                value *= cfg.comments_penalty
            clusters.append((value, start, cut, False))
            return
        rail = rail or ticker
        if rail:
            value *= cfg.rail_penalty
        clusters.append((value, start, last, rail))

    for i, line in enumerate(lines):
        # an author bio is prose: it holds the cluster together but is never body
        if line.label == GOOD or (line.label == BIO and line.stop >= cfg.stop_high):
            if start < 0:
                start, score = i, 0.0
            score += len(line.text)
            last, gap = i, 0.0
        elif line.label in _BREAKS:
            # a comment marker above all prose may be a counter under the headline ("0
            # comments") rather than the comment section: the penalty stays (every cluster
            # gets it), the time-stamp test still runs
            seen_prose = bool(clusters) or start >= 0
            close()
            start, gap = -1, 0.0
            after_comments = after_comments or line.label == COMMENTS
            in_comments = in_comments or (line.label == COMMENTS and seen_prose)
        elif start >= 0:
            gap += cfg.soft_gap_weight if line.label in _SOFT else 1.0
            if line.label == NEAR:
                score += cfg.near_weight * len(line.text)
            if gap > cfg.max_gap:
                close()
                start, gap = -1, 0.0
    close()
    if not clusters:
        return []
    best = max(clusters)
    kept = [best] + [c for c in clusters if c != best and c[0] >= cfg.secondary_ratio * best[0]]
    spans = []
    if weights is not None:  # each kept span's score relative to the main one
        weights[:] = [c[0] / best[0] if best[0] > 0 else 1.0 for c in kept]
    for _, first, end, _rail in kept:  # the main span first
        # grow over adjacent near-prose lines (jusText "near-good" next to good)
        while end + 1 < len(lines) and _prose_edge(lines[end + 1], cfg):
            end += 1
        while first - 1 >= 0 and _prose_edge(lines[first - 1], cfg) \
                and re.search(r"[.!?\"”]\s*$", lines[first - 1].text):
            first -= 1
        spans.append((first, _before_stamps(lines, stamp, first, end, cfg)))
    return spans


def _on_topic(lines: Sequence[Line], spans: list[tuple[int, int]], weights: Sequence[float],
              stop: frozenset[str], cfg: ExtractSettings) -> list[tuple[int, int]]:
    """The main span and the other spans whose prose shares at least
    ``secondary_min_shared`` of its content-word stems with the main span's prose, or that
    score at least ``secondary_offtopic_max_weight`` of the main span (``weights``): when two
    spans are near in size the main one may be the furniture."""
    def prose(a: int, b: int) -> set[str]:
        return content_stems(" ".join(ln.text for ln in lines[a: b + 1]
                                      if ln.label in (GOOD, NEAR)), stop)

    main = prose(*spans[0])
    kept = [spans[0]]
    for (a, b), weight in zip(spans[1:], weights[1:], strict=True):
        own = prose(a, b)
        if weight >= cfg.secondary_offtopic_max_weight or (
                own and len(own & main) / len(own) >= cfg.secondary_min_shared):
            kept.append((a, b))
    return kept


def _before_stamps(lines: Sequence[Line], stamp: Sequence[bool], first: int, end: int,
                   cfg: ExtractSettings) -> int:
    """The end of a span with a comment list or live-blog ticker glued under its article cut
    off: the first time-stamp row (``stamp``: per line) from which on the rows make
    ``stamp_share`` of the stamp + good lines (at least ``stamp_min_rows`` of them), when at
    least two good lines stand above it; else ``end``. A span under a comment-section marker
    keeps that marker's penalty (find_core) and is not cut; a marker above all prose (a "0
    comments" counter under the headline) does not count."""
    if any(ln.label == COMMENTS and any(x.label == GOOD for x in lines[:k])
           for k, ln in enumerate(lines[:first])):
        return end
    stamps_from = [0] * (end - first + 2)  # stamp / good rows from k to end
    good_from = [0] * (end - first + 2)
    for k in range(end, first - 1, -1):
        stamps_from[k - first] = stamps_from[k - first + 1] + stamp[k]
        good_from[k - first] = good_from[k - first + 1] + (lines[k].label == GOOD)
    good_above = 0
    for k in range(first, end + 1):
        if stamp[k] and good_above >= 2:
            stamps, good = stamps_from[k - first], good_from[k - first]
            if stamps >= cfg.stamp_min_rows and stamps / (stamps + good) >= cfg.stamp_share:
                return k - 1
        good_above += lines[k].label == GOOD
    return end


def _title_like(line: Line, cfg: ExtractSettings) -> bool:
    if line.label in _NOISE - {REPEATED} or not _LETTER.search(line.text):
        return False
    if not (cfg.title_min_words <= line.words <= cfg.title_max_words):
        return False
    if line.text.endswith((":", ",")) or byline_from_lines([line.text]):
        return False
    return not (explicit_date(line.text) and line.words <= 8)


def _is_strong(lines: Sequence[Line], i: int, texts: Sequence[str],
               cfg: ExtractSettings) -> bool:
    """A headline repeated on the page: a repeated line, or one contained in a breadcrumb,
    page-title or other short non-prose line."""
    if lines[i].label == REPEATED:
        return True
    t = texts[i]
    return any(t in o for j, o in enumerate(texts)
               if j != i and (lines[j].label in _NOISE or lines[j].words <= 2 * cfg.title_max_words)
               and lines[j].label != GOOD)


def _brand(text: str, cfg: ExtractSettings) -> str | None:
    """The brand-name part of a masthead-like line (title-cased or all capitals, no digits,
    at most ``masthead_max_words`` words), or None. "BRAND - tagline" gives BRAND."""
    part = _BRAND_SPLIT.split(text, maxsplit=1)[0].strip()
    words = part.split()
    if not words or len(words) > cfg.masthead_max_words or any(c.isdigit() for c in part):
        return None
    if not words[0][:1].isupper() or re.search(r"[.!?,;]$", part):
        return None
    if not all(_BRAND_WORD.match(w) for w in words):
        return None
    return part


def _host_label(url: str | None) -> str:
    host = urlparse(url if url and "//" in url else "//" + (url or "")).hostname or ""
    parts = [p for p in host.split(".") if p not in ("www", "m", "amp")]
    return parts[-2] if len(parts) >= 2 else ""


def find_masthead(lines: Sequence[Line], first: int, lex: Lexicon, cfg: ExtractSettings,
                  url: str | None = None) -> tuple[int, str] | None:
    """(index, outlet name) of the masthead line above the core ``first``, or None.

    A masthead is a short brand line (see :func:`_brand`) whose name recurs in the site's own
    furniture: a footer/copyright or other noise line (not a sidebar teaser or breadcrumb), a
    promo sentence, the author bio, or the URL host. A mention in plain body prose is not
    enough ("told the X" also fits a ministry or a rival paper). The name is taken from the
    other mention when the masthead is set in capitals.
    """
    host = _host_label(url)
    best: tuple[int, str] | None = None
    for i in range(min(first, len(lines))):
        line = lines[i]
        if line.label not in (SHORT, LOW, NEAR, REPEATED) or byline_from_lines([line.text]) \
                or explicit_date(line.text):
            continue
        brand = _brand(line.text, cfg)
        if brand is None:
            continue
        squashed = re.sub(r"\W+", "", brand.lower())
        if host and len(host) >= 4 and squashed in (host, "the" + host):
            return i, brand
        rx = re.compile(rf"(?<!\w){re.escape(brand)}(?!\w)", re.IGNORECASE)
        for j, other in enumerate(lines):
            if j == i or other.label in (CRUMB, SIDEBAR, TEASER):
                continue
            m = rx.search(other.text)
            if not m or len(brand) > 0.6 * len(other.text):
                continue
            furniture = other.label in _NOISE or any(
                rx.search(sent) and lex.is_promo(sent.strip())
                for sent in _SENT_SPLIT.split(other.text))
            if not furniture:
                continue
            name = brand
            if brand.isupper() and not m.group(0).isupper():
                name = m.group(0)
            if best is None:
                best = (i, name)
            break
    return best


def content_stems(text: str, stop: frozenset[str]) -> set[str]:
    """Content-word stems (first 5 letters of non-stopwords of 3+ letters)."""
    return {t[:5] for t in tokens(text) if len(t) >= 3 and t not in stop}


def _summary_headline(lines: Sequence[Line], first: int, window: int,
                      headline: Callable[[int], bool], strong: list[int], article: set[str],
                      stop: frozenset[str], cfg: ExtractSettings) -> int | None:
    """The headline-like line above the article (up to ``title_search_lines`` lines up, or its
    first line; a line inside its top only when repeated on the page; never a quotation
    ending in .” ) whose
    content words the article's prose repeats most: a headline says what the text is about,
    while menus, share bars, kickers and captions standing between it and the text do not.
    Score = share of the line's content stems found in the article; a line repeated on the
    page (headline + breadcrumb) wins over any line that is not; None when
    no line shares ``title_body_min_shared`` stems and ``title_min_cover`` of its own."""
    best: tuple[float, int] | None = None
    for i in range(window - 1, max(-1, first - cfg.title_search_lines - 1), -1):
        if not headline(i) or re.search(r"[.!?][\"”’)]+\s*$", lines[i].text) \
                or (i > first and i not in strong):
            continue
        own = content_stems(lines[i].text, stop)
        shared = len(own & article)
        if not own or shared < cfg.title_body_min_shared or shared / len(own) < cfg.title_min_cover:
            continue
        score = shared / len(own) + (1.0 if i in strong else 0.0)  # a repeated line first
        if best is None or score > best[0] + 1e-9:  # ties: the nearest line (scanned first)
            best = (score, i)
    return best[1] if best else None


def _pick_title(lines: Sequence[Line], first: int, hint: str | None,
                cfg: ExtractSettings, excluded: frozenset[int] = frozenset(),
                lead: set[str] | None = None, stop: frozenset[str] = frozenset(),
                article: set[str] | None = None) -> int | None:
    """Index of the title line: a line matching the hint, else a repeated headline line near
    the top of the core, else the first core line when it reads as a headline, else the
    nearest headline-like line above the core. Masthead/tagline lines (``excluded``) are
    never the title. A pick that reads as the dek of the headline-like line just above it is
    replaced by that line when it shares ``title_body_min_shared`` content stems with the
    body lead (``lead``)."""
    if hint:
        scored = [(fuzz.ratio(hint.lower(), ln.text.lower()), i)
                  for i, ln in enumerate(lines[: first + cfg.max_gap + 1])]
        if scored:
            best_score, best_i = max(scored)
            if best_score >= cfg.title_hint_ratio:
                return best_i
    texts = [ln.text.lower() for ln in lines]
    window = min(len(lines), first + cfg.max_gap + 1)

    def headline(i: int) -> bool:  # a list item is a menu, rail or contents entry
        return i not in excluded and _title_like(lines[i], cfg) \
            and not _LIST_ITEM.match(lines[i].text) \
            and not re.search(r"[.!?]\s*$", lines[i].text) \
            and texts.count(texts[i]) < cfg.furniture_repeats

    def on_topic(i: int) -> bool:
        """A headline names something the article is about: a line sharing no content stem
        with the article's prose is page furniture ("Listen to the audio version of the
        article", "Skip to main content") however headline-like it looks."""
        return article is None or bool(content_stems(lines[i].text, stop) & article)

    # a repeated line inside the article's top, under more than title_inside_max_good prose
    # lines, is a contents entry repeated as a section heading, not the headline
    strong = [i for i in range(window - 1, -1, -1)
              if headline(i) and _is_strong(lines, i, texts, cfg)
              and sum(1 for j in range(first, i) if lines[j].label == GOOD)
              <= cfg.title_inside_max_good]
    pick = None if article is None else \
        _summary_headline(lines, first, window, headline, strong, article, stop, cfg)
    if pick is not None:
        pass
    elif strong:
        pick = min(strong, key=lambda i: abs(i - first))
    elif headline(first) and on_topic(first):
        pick = first
    else:
        cands = [i for i in range(first - 1, -1, -1)
                 if i not in excluded and _title_like(lines[i], cfg)
                 and not _LIST_ITEM.match(lines[i].text) and on_topic(i)]
        pick = cands[0] if cands else None
    if pick is None or lead is None:
        return pick
    above = [j for j in range(pick - 1, -1, -1) if lines[j].label not in _NOISE]
    if above and headline(above[0]) and _dek_like(lines[pick], lines[above[0]], cfg) \
            and len(lead & content_stems(lines[above[0]].text, stop)) >= cfg.title_body_min_shared:
        return above[0]
    return pick


def _dek_like(line: Line, title: Line, cfg: ExtractSettings) -> bool:
    """A subheading: longer than the title, not a finished sentence, not a byline."""
    return (line.words >= cfg.dek_min_words and line.words > title.words
            and line.words <= 3 * cfg.title_max_words
            and not re.search(r"[.!?\"”。！？؟」]\s*$", line.text))


def strip_promo(paragraph: str, lex: Lexicon) -> str:
    """Cut promo sentences ("Watch more about X Latest, Y News.") off a paragraph's end."""
    sentences = _SENT_SPLIT.split(paragraph)
    while len(sentences) > 1 and lex.is_promo(sentences[-1].strip()):
        sentences.pop()
    if len(sentences) == 1 and lex.is_promo(sentences[0].strip()):
        return ""
    return " ".join(s.strip() for s in sentences)


def classify(text: str, stop: frozenset[str], lex: Lexicon, cfg: ExtractSettings,
             title_hint: str | None = None, url: str | None = None,
             language: str | None = None) -> Layout:
    """Classify the lines of one flattened page (see the module docstring)."""
    lines = label_lines(text, stop, lex, cfg, language)
    weights: list[float] = []
    spans = find_core(lines, cfg, weights)
    if not spans:  # no prose line long enough for jusText: a brief's short sentences count
        lines = [_replace(ln, GOOD) if _brief_line(ln, cfg) else ln for ln in lines]
        spans = find_core(lines, cfg, weights)
    if spans and sum(len(lines[i].text) for a, b in spans
                     for i in range(a, b + 1)) < cfg.min_body_chars:
        first, end = spans[0]  # a brief: its other short sentences belong to it
        while end + 1 < len(lines) and _brief_line(lines[end + 1], cfg):
            end += 1
        while first - 1 >= 0 and _brief_line(lines[first - 1], cfg):
            first -= 1
        spans[0] = (first, end)
    if not spans:
        return Layout(None, "", None, (), (), None, None, "", tuple((ln.no, ln.label)
                                                                  for ln in lines))
    if len(spans) > 1 and cfg.secondary_min_shared > 0:
        spans = _on_topic(lines, spans, weights, stop, cfg)
    first, end = spans[0]
    masthead = find_masthead(lines, first, lex, cfg, url)
    excluded: set[int] = set()
    if masthead is not None:
        m = masthead[0]
        excluded.add(m)
        for j in (m - 1, m + 1):  # a tagline next to the masthead
            if 0 <= j < len(lines) and _TAGLINE.search(lines[j].text) \
                    and lines[j].words <= cfg.title_max_words // 2 \
                    and not any(c.isdigit() for c in lines[j].text):
                excluded.add(j)
    lead_lines = [ln.text for ln in lines[first: end + 1] if ln.label == GOOD][:3]
    lead = content_stems(" ".join(lead_lines), stop)
    # the headline stands above the article: above its topmost part, not the biggest one
    top = min(a for a, _ in spans)
    article = content_stems(" ".join(lines[i].text for a, b in spans for i in range(a, b + 1)
                              if lines[i].label == GOOD), stop)
    title_i = _pick_title(lines, top, title_hint, cfg, frozenset(excluded), lead, stop, article)
    in_spans = sorted({i for a, b in spans for i in range(a, b + 1)})
    end = max(b for _, b in spans)
    body_idx = [i for i in in_spans
                if lines[i].label in (GOOD, NEAR, SHORT, LOW) and i != title_i]
    if title_i is not None and title_i > first:
        body_idx = [i for i in body_idx if i > title_i]
    body_idx = [i for i in body_idx if not (lines[i].words <= 8
                                            and byline_from_lines([lines[i].text]))]
    dek: str | None = None
    if title_i is not None:
        after = [i for i in range(title_i + 1, first + 1)
                 if lines[i].label not in _NOISE and i not in excluded]
        if after and _dek_like(lines[after[0]], lines[title_i], cfg) \
                and (after[0] not in body_idx or len(body_idx) > 1):
            dek = lines[after[0]].text
            body_idx = [i for i in body_idx if i != after[0]]
    bio: str | None = None
    byline: str | None = None
    bio_lines = [ln.text for ln in lines if ln.label == BIO]
    if bio_lines:
        bio, byline = bio_lines[0], bio_author(bio_lines[0], headed=True)
    for k in range(len(body_idx) - 1, max(len(body_idx) - 3, 0) - 1, -1):
        if bio is not None:
            break
        name = bio_author(lines[body_idx[k]].text)
        if name and k > 0:
            bio, byline = lines[body_idx[k]].text, name
            body_idx = body_idx[:k] + body_idx[k + 1:]
            break
    head_end = body_idx[0] if body_idx else first
    if byline is None:
        # the byline stands under the headline: look there first, then anywhere above
        if title_i is not None and title_i < head_end:
            byline = byline_from_lines(ln.text for ln in lines[title_i: head_end + 1])
        if byline is None:
            byline = byline_from_lines(ln.text for ln in lines[: head_end + 1])
        if byline is None:
            byline = byline_from_lines(ln.text for ln in lines[end + 1: end + 4])
        if byline is None and title_i is not None:
            # a bare name line under the headline, next to a date or time
            under_title = lines[title_i + 1: min(head_end, title_i + 1 + cfg.byline_name_lines)]
            byline = name_line_byline([ln.text for ln in under_title], language=language,
                                      max_zipf=cfg.byline_name_max_zipf)
    body: list[tuple[int, str]] = []
    for i in body_idx:
        cleaned = strip_promo(lines[i].text, lex)
        if cleaned:
            body.append((lines[i].no, cleaned))
    captions = tuple(ln.text for ln in lines if ln.label in (CAPTION, CREDIT)
                     and not _SITE_FOOTER.search(ln.text))
    labels = {ln.no: ln.label for ln in lines}
    for i in body_idx:
        labels[lines[i].no] = "body"
    if title_i is not None:
        labels[lines[title_i].no] = "title"
    if masthead is not None:
        labels[lines[masthead[0]].no] = "masthead"
    in_body = set(body_idx)

    def dateline(k: int) -> bool:  # a date-only line that is not body, a rail or a crumb
        ln = lines[k]
        return k not in in_body and ln.label not in (SIDEBAR, TEASER, CRUMB) \
            and ln.words <= cfg.dateline_max_words and _date_row(ln.text)

    # the head: what stands above the body, without furniture; a bare date line counts even
    # when the page shows it twice (a dateline over the headline and under it), and so does
    # a short date line under the headline or among the first lines of the article (under
    # the dek or the lead photo) whatever its label
    under = title_i + 1 if title_i is not None and title_i < head_end else head_end
    head_idx = [k for k, ln in enumerate(lines[:head_end]) if ln.label not in _NOISE or (
        ln.label == REPEATED and ln.words <= 8 and explicit_date(ln.text))
        or (k >= under and dateline(k))]
    head_idx += [k for k in range(head_end, min(len(lines), head_end + cfg.date_lines_below))
                 if dateline(k)]
    head_lines = [lines[k].text for k in head_idx]
    head = "\n".join(head_lines)
    owner = copyright_holder([ln.text for ln in lines[end + 1:]], cfg.masthead_max_words)
    return Layout(
        title_line=lines[title_i].no if title_i is not None else None,
        title=lines[title_i].text if title_i is not None else "",
        dek=dek, body=tuple(body), captions=captions, author_bio=bio, byline=byline,
        head=head, labels=tuple(sorted(labels.items())),
        outlet=masthead[1] if masthead else None,
        owner=owner,
    )
