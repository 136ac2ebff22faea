"""Article metadata from text: language, stopwords, dates, byline, outlet.

Pure functions over strings. Language detection is a stopword-ratio vote over wordfreq's
most-frequent-word lists (no model, no download); dates come from explicit datelines or from
"today, February 17"-style phrases whose year is taken from context, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from urllib.parse import urlparse

from wordfreq import top_n_list, word_frequency, zipf_frequency

from storylens.segment import SEGMENTED_LANGUAGES, WIDE_WEIGHT, segment

_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|" \
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
# "February 17, 2020", "Feb. 17 2020", "17 February 2020", "2020-02-17"
_FULL_MDY = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)\b")
_FULL_DMY = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+((?:19|20)\d\d)\b")
_ISO = re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b")
# "today, February 17" / "today (Monday, 17 February)" / "on Monday, February 17"
_TODAY_MD = re.compile(
    rf"\b(?:today|this (?:morning|afternoon|evening))[,\s(]+(?:{_WEEKDAY},?\s+)?{_MONTH}\s+"
    rf"(\d{{1,2}})(?!\d|,?\s+(?:19|20)\d\d)", re.IGNORECASE)
_TODAY_DM = re.compile(
    rf"\b(?:today|this (?:morning|afternoon|evening))[,\s(]+(?:{_WEEKDAY},?\s+)?(\d{{1,2}})\s+"
    rf"{_MONTH}(?!,?\s+(?:19|20)\d\d)", re.IGNORECASE)
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](\d\d)(?:[/-](\d\d))?/")
# a capitalised name word that does not start a date ("Jan. 13", "March 18") and is not a
# weekday or byline-furniture word ("Updated", "Follow")
_MONTH_WORD = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|" \
    r"aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_NAME_WORD = rf"(?!(?i:{_MONTH_WORD}\s+\d|(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|" \
    r"updated\b|published\b|posted\b|follow\b|last\b))[A-Z][\w'’.-]+"
_NAME = rf"{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|de|da|van|von|al|el|bin|ibn|la|le)){{0,3}}"
# "By Name", also after a list bullet and in the byline words of other languages (par, por,
# von, door), ending where a role, a date, a handle or another name starts
_BY_LINE = re.compile(rf"^[\s*•·/+-]*(?i:by|written by|author|words by|reporting by|par|por|"
                      rf"von|door)\s*:?\s+({_NAME})"
                      rf"(?:\s*(?:,|;|\||•|·|@|\(|(?i:and|et|y|und)\b|-|–|—|\bin\b|\d|"
                      rf"(?i:{_MONTH_WORD}\s+\d|updated\b|published\b|posted\b|follow\b)|$)"
                      rf".*)?$")
# "Name - Apr 16, 2015 8:02 pm": a name and then only a date
_NAME_DATE = re.compile(rf"^[\s*•·]*({_NAME})\s*(?:[-–—|•·,]\s*)?")
_BIO = re.compile(rf"^({_NAME})\s+(?:is|was|has been|works as)\s+(?:a|an|the|our|senior|"
                  rf"chief|currently)\b")
# under an "About the author" header a bio may also open "Jane Roe writes about ..."
_BIO_HEADED = re.compile(rf"^({_NAME})\s+(?:(?:is|was|has been|works as)\b|(?:writes|reports|"
                         rf"blogs)\s+(?:about|for|on|from)\b|covers\b)")
_BIO_CUE = re.compile(
    r"\b(he|she|they|his|her|their)\b|\b(journalist|writer|reporter|editor|correspondent|"
    r"author|contributor|columnist|analyst|advocate|freelance|blogger|researcher|graduate|"
    r"covers|writes)\b", re.IGNORECASE)


# Japanese without a segmenter: every hiragana is a token of its own (particles and endings,
# の に て は が を ..., are one or two hiragana and fill wordfreq's top-100 Japanese list),
# runs of katakana or of ideographs are one token each. A line's stopword share then says
# how much of it is grammar, as it does for spaced languages.
_JA_TOKEN = re.compile("[\u3040-\u309f]|[\u30a0-\u30ff]+|[\u3400-\u4dbf\u4e00-\u9fff]+|"
                       "[^\\W\\d_\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]+")


def tokens(text: str, language: str | None = None) -> list[str]:
    """Lower-case word tokens (letters only, inner apostrophes kept); Chinese is segmented
    into words (storylens.segment) when ``language`` says so; Japanese is cut by script
    (``_JA_TOKEN``: one token per hiragana, per katakana run, per ideograph run)."""
    if language in SEGMENTED_LANGUAGES:
        return [t for t in segment(text, language) if _TOKEN.fullmatch(t)]
    if language == "ja":
        return _JA_TOKEN.findall(text.lower())
    return [t.replace("’", "'") for t in _TOKEN.findall(text.lower())]


def stopwords(language: str | None, top_n: int) -> frozenset[str]:
    """The ``top_n`` most frequent words of ``language`` (wordfreq), used as a stoplist."""
    try:
        return frozenset(top_n_list(language or "en", top_n))
    except (LookupError, ValueError):
        return frozenset(top_n_list("en", top_n))


@lru_cache(maxsize=64)
def _stoplist_mass(language: str, top_n: int) -> float:
    """Share of running text that the ``top_n`` commonest words of ``language`` make up
    (sum of their wordfreq frequencies); 0.0 when wordfreq cannot list the language."""
    try:
        return sum(word_frequency(w, language) for w in top_n_list(language, top_n))
    except Exception:  # no word list, or a tokenizer that is not installed (MeCab for ja/ko)
        return 0.0


def stop_scale(language: str | None, top_n: int, measured: Mapping[str, float],
               exponent: float) -> float:
    """How much of English's stopword share a news line in ``language`` usually has: the
    measured factor when there is one, else (stoplist mass of the language / English's) **
    ``exponent``, capped at 1 (languages whose lists cover more than English's keep the
    English thresholds, as the measured es/fr/de did); 1.0 when wordfreq has no list."""
    lang = language or "en"
    if lang in measured:
        return measured[lang]
    own, en = _stoplist_mass(lang, top_n), _stoplist_mass("en", top_n)
    if own <= 0 or en <= 0:
        return 1.0
    return float(min(1.0, (own / en) ** exponent))


def kana_share(text: str) -> float:
    """Share of kana (hiragana, katakana) among the kana and CJK ideographs of ``text``."""
    kana = han = 0
    for ch in text:
        o = ord(ch)
        if 0x3040 <= o <= 0x30FF:
            kana += 1
        elif 0x4E00 <= o <= 0x9FFF:
            han += 1
    return kana / (kana + han) if kana + han else 0.0


def detect_language(text: str, candidates: Sequence[str], top_n: int,
                    min_ratio: float, scale: Mapping[str, float] | None = None,
                    kana_min: float = 0.1) -> str | None:
    """ISO 639-1 code of the candidate whose stoplist covers most tokens, or None.

    Non-Latin scripts are named by script first (Cyrillic -> ru/uk/bg vote, Arabic -> ar/fa,
    CJK -> zh/ja, ...), since stoplists of Latin languages never match them. Within CJK,
    kana decide: Japanese writes its particles and endings in hiragana, so a page whose kana
    are at least ``kana_min`` of its kana + ideographs is Japanese, else Chinese (wordfreq's
    stoplists cannot vote there: unsegmented runs of ideographs are not words).
    """
    sample = text[:20_000]
    words = tokens(sample)
    if len(words) < 3:
        return None
    script = _script(sample)
    if script == "cjk" and ("ja" in candidates or "zh" in candidates):
        ja = kana_share(sample) >= kana_min
        return "ja" if ja and "ja" in candidates else "zh" if "zh" in candidates else "ja"
    pool = [c for c in candidates if _LANG_SCRIPT.get(c, "latin") == script]
    if script in _SCRIPT_DEFAULT and not pool:
        return _SCRIPT_DEFAULT[script]
    best, best_ratio = None, 0.0
    for lang in pool:
        try:
            stop = frozenset(top_n_list(lang, top_n))
        except (LookupError, ValueError):
            continue
        ratio = sum(1 for w in words if w in stop) / len(words)
        if ratio > best_ratio:
            best, best_ratio = lang, ratio
    if script in _SCRIPT_DEFAULT:
        # The script already names the family; words of another script on the page (an
        # English menu around an Arabic article) only dilute the ratio, so no minimum here.
        return best if best is not None and best_ratio > 0 else _SCRIPT_DEFAULT[script]
    # The winner must reach min_ratio once its share is divided by its language's usual share
    # relative to English (ExtractSettings.stop_scale: Turkish prose has a third of English's
    # stopwords). Only the threshold is scaled: scaling the vote itself let Turkish, whose
    # list holds "de", "en" and "ne", beat French on 4 of 60 French pages.
    return best if best is not None and \
        best_ratio / (scale or {}).get(best, 1.0) >= min_ratio else None


_LANG_SCRIPT = {"ru": "cyrillic", "uk": "cyrillic", "bg": "cyrillic", "sr": "cyrillic",
                "mk": "cyrillic", "ar": "arabic", "fa": "arabic", "ur": "arabic",
                "he": "hebrew", "el": "greek", "zh": "cjk", "ja": "cjk", "ko": "hangul"}
_SCRIPT_DEFAULT = {"cyrillic": "ru", "arabic": "ar", "hebrew": "he", "greek": "el",
                   "cjk": "zh", "hangul": "ko"}


def _script(text: str) -> str:
    counts = {"latin": 0, "cyrillic": 0, "arabic": 0, "hebrew": 0, "greek": 0, "cjk": 0,
              "hangul": 0}
    for ch in text[:5000]:
        o = ord(ch)
        if ch.isascii():
            if ch.isalpha():
                counts["latin"] += 1
        elif 0x0400 <= o <= 0x04FF:
            counts["cyrillic"] += 1
        elif 0x0600 <= o <= 0x06FF:
            counts["arabic"] += 1
        elif 0x0590 <= o <= 0x05FF:
            counts["hebrew"] += 1
        elif 0x0370 <= o <= 0x03FF:
            counts["greek"] += 1
        elif 0x3040 <= o <= 0x30FF or 0x4E00 <= o <= 0x9FFF:
            counts["cjk"] += WIDE_WEIGHT  # one ideograph says about three letters' worth
        elif 0xAC00 <= o <= 0xD7AF:
            counts["hangul"] += WIDE_WEIGHT
        elif ch.isalpha():
            counts["latin"] += 1
    return max(counts, key=lambda k: counts[k])


@dataclass(frozen=True, slots=True)
class DateFinding:
    published: str
    evidence: str
    inferred: bool


def _mk(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def explicit_date(text: str) -> tuple[str, str] | None:
    """The first full date (with year) in ``text``: (YYYY-MM-DD, the words it came from)."""
    found: list[tuple[int, str, str]] = []
    for m in _FULL_MDY.finditer(text):
        iso = _mk(int(m.group(3)), MONTHS[m.group(1).lower().rstrip(".")], int(m.group(2)))
        if iso:
            found.append((m.start(), iso, m.group(0)))
    for m in _FULL_DMY.finditer(text):
        iso = _mk(int(m.group(3)), MONTHS[m.group(2).lower().rstrip(".")], int(m.group(1)))
        if iso:
            found.append((m.start(), iso, m.group(0)))
    for m in _ISO.finditer(text):
        iso = _mk(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if iso:
            found.append((m.start(), iso, m.group(0)))
    if not found:
        return None
    _, iso, words = min(found)
    return iso, words


def url_date(url: str | None) -> tuple[int, int, int | None] | None:
    """(year, month, day or None) from a /2020/02/17/ style URL path."""
    if not url:
        return None
    m = _URL_DATE.search(urlparse(url).path + "/")
    if not m:
        return None
    return int(m.group(1)), int(m.group(2)), int(m.group(3)) if m.group(3) else None


def text_date(head: str, lead: Sequence[str], url: str | None,
              hint_year: int | None) -> DateFinding | None:
    """Publication date from page text.

    ``head`` is the text above the body (dateline zone), ``lead`` the first body paragraphs.
    1. A full date in the head, or at the start of the first paragraph (a dateline).
    2. "today, February 17" in the lead, with the year from (in order) the hint, the URL path,
       a year written in the title/lead paragraphs. No year in context -> None (no guess).
    """
    first = lead[0][:160] if lead else ""
    for zone, label in ((head, "dateline"), (first, "dateline")):
        found = explicit_date(zone)
        if found:
            return DateFinding(found[0], f"{label}: {found[1]!r}", False)
    lead_text = " ".join(lead)
    for rx, md in ((_TODAY_MD, True), (_TODAY_DM, False)):
        m = rx.search(lead_text)
        if not m:
            continue
        if md:
            month, day = MONTHS[m.group(1).lower().rstrip(".")], int(m.group(2))
        else:
            day, month = int(m.group(1)), MONTHS[m.group(2).lower().rstrip(".")]
        year, source = _context_year(head, lead_text, url, hint_year)
        if year is None:
            return None
        iso = _mk(year, month, day)
        if iso:
            return DateFinding(iso, f"text: {m.group(0).strip()!r}, year from {source}", True)
    return None


def _context_year(head: str, lead_text: str, url: str | None,
                  hint_year: int | None) -> tuple[int | None, str]:
    if hint_year:
        return hint_year, "published hint"
    from_url = url_date(url)
    if from_url:
        return from_url[0], "url"
    years = [int(y) for y in _YEAR.findall(head + " " + lead_text)]
    if years:
        return max(years), "lead text"
    return None, ""


def byline_from_lines(lines: Iterable[str]) -> str | None:
    """A "By Name" / "Author: Name" / "Par Name" line's name, or the name of a line that is
    only a name (two to four capitalised words) and a full date."""
    for line in lines:
        text = line.strip()
        if len(text) >= 120:
            continue
        m = _BY_LINE.match(text)
        if m:
            return m.group(1).strip(" ,.")
        m = _NAME_DATE.match(text)
        if m and 2 <= len(m.group(1).split()) <= 4:
            found = explicit_date(text[m.end():])
            if found and text[m.end():].lstrip().startswith(found[1].split()[0]):
                return m.group(1).strip(" ,.")
    return None


# a line that is only a person's name (a list bullet or number before it, a handle or a
# relative time after it): "Jane Roe", "* Jane Roe", "1. Jane Roe", "Jane Roe, @janeroe",
# "Jane Roe • 8h", "Jane Roe 1 day ago"
_NAME_ONLY = re.compile(rf"^[\s*•·+-]*(?:\d{{1,2}}[.)]\s+)?({_NAME})"
                        r"(?:\s*,?\s*@\w+|\s*[•·|-]?\s*\d{1,2}\s*(?:h|m|min|d)\b|"
                        r"\s+\d{1,2}\s+\w+\s+ago)?\s*$")
_DIGIT = re.compile(r"\d")


def _common_words_only(name: str, language: str | None, max_zipf: float) -> bool:
    """Every word of ``name`` is a common word of the language (wordfreq Zipf >= max_zipf):
    a section name ("Top Stories", "Latest News"), not a person, whose surname is rarer."""
    words = [w.lower().strip(".") for w in name.split() if len(w.strip(".")) > 1]
    try:
        return bool(words) and min(zipf_frequency(w, language or "en") for w in words) \
            >= max_zipf
    except (LookupError, ValueError, ImportError):  # ja/ko need MeCab, not installed
        return False


def name_line_byline(lines: Sequence[str], max_words: int = 8, language: str | None = None,
                     max_zipf: float = 4.5) -> str | None:
    """The name of the first line of ``lines`` that is only a person's name (two to four
    capitalised words, see ``_NAME_ONLY``) with a short line holding a digit (a date, a
    time, "4 min read", "2 hours ago" in any language) within two lines of it, or with a
    time on the line itself (such a line first), unless every word of it is a common word of
    ``language`` (Zipf >= ``max_zipf``: "Top Stories"). Meant for the lines just under a
    headline, where sites set the author's name without "By"."""
    found: list[tuple[bool, str]] = []  # (timed on its own line, name), in line order
    for i, line in enumerate(lines):
        m = _NAME_ONLY.match(line.strip())
        if not m or not 2 <= len(m.group(1).split()) <= 4 \
                or _common_words_only(m.group(1), language, max_zipf):
            continue
        timed = bool(_DIGIT.search(line.strip()[m.end(1):]))
        near = any(0 <= j < len(lines) and j != i and _DIGIT.search(lines[j])
                   and len(lines[j].split()) <= max_words for j in range(i - 2, i + 3))
        if timed or near:
            found.append((timed, m.group(1).strip(" ,.")))
    # a name with its own time ("Jane Roe 1 day ago") wins over a section name above it
    timed_names = [name for timed, name in found if timed]
    return timed_names[0] if timed_names else found[0][1] if found else None


def bio_author(line: str, headed: bool = False) -> str | None:
    """The person a short author-bio paragraph is about ("Jane Roe is a writer ..."), or None.

    ``headed``: the paragraph sits under an "About the author" header, so looser openings
    ("Jane Roe writes about ...") count too.
    """
    m = (_BIO_HEADED if headed else _BIO).match(line.strip())
    if not m:
        return None
    name = m.group(1)
    parts = name.split()
    if len(parts) < 2 or len(parts) > 4:
        return None
    rest = line[m.end():]
    surname_again = re.search(rf"\b{re.escape(parts[-1])}\b", rest) is not None
    if surname_again or _BIO_CUE.search(rest):
        return name
    return None


_COPYRIGHT = re.compile(
    r"^[\s*•·+-]*(?:(?:©|\(c\)|copyright|&copy;)\s*)+"
    r"(?:(?:19|20)\d\d(?:\s*[-–—]\s*(?:19|20)\d\d)?\s*,?\s*)?(?:by\s+)?(.*)$",
    re.IGNORECASE)
_OWNER_WORD = re.compile(r"^(?:[A-Z][\w&.'’!-]*|&|of|the|and|de|du|des|la|le|el|di|der)$")
_OWNER_CONNECTOR = frozenset({"&", "of", "the", "and", "de", "du", "des", "la", "le", "el",
                              "di", "der"})
_OWNER_SUFFIX = re.compile(r"(?:,?\s+(?:Inc|LLC|Ltd|Limited|Corp|Corporation|GmbH|AG|plc|"
                           r"S\.?A|a\.s|N\.?V|B\.?V)\.?)+$", re.IGNORECASE)


def copyright_holder(lines: Sequence[str], max_words: int) -> str | None:
    """The name in the last site copyright line ("© 2019 Name Inc. All rights reserved."),
    without years and company-form suffixes; None when no such line names anyone. Only lines
    that open with the copyright sign or word count: "AP articles: Copyright ..." credits a
    wire, not the site."""
    for line in reversed(lines):
        m = _COPYRIGHT.match(line)
        if not m:
            continue
        words: list[str] = []
        for w in m.group(1).split():
            if not _OWNER_WORD.match(w.rstrip(".,;:|")) or len(words) >= max_words + 2:
                break
            words.append(w)
            if re.search(r"[.,;:|]$", w) and not re.fullmatch(r"(?:Inc|Co|Corp|Ltd)\.", w):
                break
        while words and words[-1].lower().strip(".,;:|") in _OWNER_CONNECTOR:
            words.pop()
        name = _OWNER_SUFFIX.sub("", " ".join(words).rstrip(".,;:|")).strip(" ,")
        if name and len(name.split()) <= max_words \
                and name.split()[0].lower() not in {"&", "of", "and", "all"}:
            return name
    return None


def outlet_from(url: str | None, site_name: str | None, hint: str | None) -> str | None:
    """Site name, else the outlet hint (a JSONL/feed field, written for people), else the
    URL's domain (without www.)."""
    if site_name and site_name.strip():
        return site_name.strip()
    if hint and hint.strip():
        return hint.strip()
    if url:
        host = urlparse(url if "//" in url else "//" + url).hostname
        if host:
            return host[4:] if host.startswith("www.") else host
    return hint or None
