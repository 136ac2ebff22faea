"""Dates and periods in a sentence, resolved against the article's publication date.

Absolute dates ("17 February", "February 17, 2020", "2020-02-17") take the publication year
when they carry none. Relative ones are resolved against ``published``: "today", "yesterday",
"tomorrow"; "(on) Monday" is the Monday of the publication week, looking back for past tense
and forward when the clause speaks of the future ("will", "could", "scheduled"); "last week",
"this week" and "last month" resolve to the start of that week/month with a coarse
precision; "over the past 24 hours" ends at publication. With no publication date, relative
dates stay unresolved (date None) and the evidence is kept, unless an inferred
:class:`Anchor` is given (decision 0404, claims/anchor.py): then year-less dates take the
anchor's year, a bare weekday is the nearest such weekday to the anchor day (+-3 days), and
"today"/"yesterday"/"last week" resolve only when the page dated itself ("today, February
17"); every such date is marked ``inferred``. A date right after a reporting verb ("said on
Friday") dates the statement, not the fact, and is flagged as such.

Periods ("in two weeks", "fourteen days", "since December", "in nine years", "over the past
24 hours") are measured in days and put into a scale bucket (day, weeks, months, years) so an
incident is never compared with a multi-year total.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from storylens.claims.lexicon import Lexicon

MONTHS = {
    m: i + 1 for i, names in enumerate((
        ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
        ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
        ("october", "oct"), ("november", "nov"), ("december", "dec"),
    )) for m in names
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:" + "|".join(WEEKDAYS) + r")"
_ABS_DM = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH})(?:,?\s+(\d{{4}}))?\b", re.I
)
_ABS_MD = re.compile(rf"\b({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b", re.I)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_REL_WEEKDAY = re.compile(
    rf"\b(?:(last|next|this|on|by|until|from)\s+)?({_WEEKDAY})(?:'s|’s)?\b", re.I
)
_REL_WORD = re.compile(
    r"\b(yesterday|today|tonight|tomorrow|this morning|this evening|earlier today|"
    r"(?:earlier |later )?this week|last week|next week|last month|this month|next month|"
    r"(?:over|in|during) the (?:past|last) (?:24|twenty-four) hours)\b", re.I,
)
_FUTURE = re.compile(
    r"\b(will|would|could|shall|scheduled|expected to|plans? to|due to|upcoming|going to|"
    r"set to|to be held|to hold|to meet)\b", re.I,
)
_NUM = r"(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|" \
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|twenty-four|thirty|forty|" \
    r"fifty|sixty|several|few)"
_PERIOD_SPAN = re.compile(
    rf"\b(?:in|over|during|within|for|across|after)\s+(?:the\s+)?(?:past\s+|last\s+|previous\s+|"
    rf"first\s+)?{_NUM}\s+(hours?|days?|weeks?|months?|years?|decades?)\b", re.I,
)
_PERIOD_PAST = re.compile(
    r"\b(?:the\s+)?(?:past|last)\s+(hour|day|week|fortnight|month|year|decade)\b", re.I
)
_PERIOD_SINCE = re.compile(
    rf"\bsince\s+(?:the\s+)?(?:(?:beginning|start|end|middle)\s+of\s+)?(?:(?:early|late|mid)[-\s])?"
    rf"(?:({_MONTH})(?:\s+(\d{{4}}))?|(\d{{4}})|(the\s+war|the\s+conflict|the\s+start\w*))", re.I,
)
_UNIT_DAYS = {"hour": 1 / 24, "day": 1, "week": 7, "fortnight": 14, "month": 30, "year": 365,
              "decade": 3650}
_SAY_BEFORE = re.compile(r"\b(?:said|stated|says|reported|announced|told|added|asserted|claimed)"
                         r"\s+(?:\w+\s+)?$", re.I)


INFERRED = "; inferred: "
"""Marks a Claim.date_evidence whose date was resolved against an inferred Anchor."""


@dataclass(frozen=True, slots=True)
class DateMention:
    date: dt.date | None
    evidence: str
    start: int
    end: int
    precision: str  # day | week | month
    statement: bool  # dates the saying ("said on Friday"), not the fact
    inferred: bool = False  # resolved against an inferred Anchor, not a publication date


@dataclass(frozen=True, slots=True)
class Anchor:
    """A stand-in for a missing publication date, inferred from the page's event (decision
    0404). It resolves dates only; ``Article.published`` stays null."""

    ref: dt.date  # picks the year of year-less dates ("17 February")
    day: dt.date | None  # the page's day to within days (None: only the year is known)
    self_dated: bool  # the page states its own day ("today, February 17"): known to the day
    evidence: str  # what it was inferred from, for Claim.date_evidence


@dataclass(frozen=True, slots=True)
class Period:
    text: str
    days: float | None
    bucket: str  # day | weeks | months | years | open
    start: int
    end: int


def parse_iso(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _with_year(month: int, day: int, year: int | None, published: dt.date | None) -> dt.date | None:
    if year is None:
        if published is None:
            return None
        year = published.year
        # "December 30" in a January paper is last year's.
        if month - published.month > 6:
            year -= 1
        elif published.month - month > 6:
            year += 1
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def bucket(days: float | None) -> str:
    """Scale of a period: an incident, weeks, months or years (decision 0402)."""
    if days is None:
        return "open"
    if days <= 2:
        return "day"
    if days <= 45:
        return "weeks"
    if days <= 400:
        return "months"
    return "years"


def nearest_weekday(day: dt.date, weekday: int) -> dt.date:
    """The date with ``weekday`` (0 = Monday) nearest ``day``: within +-3 days."""
    shift = (weekday - day.weekday()) % 7
    return day + dt.timedelta(days=shift if shift <= 3 else shift - 7)


def find_dates(
    sentence: str, published: dt.date | None, anchor: Anchor | None = None
) -> list[DateMention]:
    """Every date expression in ``sentence`` with its resolution (None when unresolvable).
    ``anchor`` is used only when ``published`` is None (see the module docstring)."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    if published is not None:
        anchor = None
    # Relative words need the page's own day: a publication date or the page dating itself.
    base = published if published is not None else (
        anchor.day if anchor is not None and anchor.self_dated else None)
    year_ref = published if published is not None else (anchor.ref if anchor else None)

    def add(m: re.Match[str], date: dt.date | None, precision: str,
            inferred: bool = False) -> None:
        if any(s < m.end() and m.start() < e for s, e in taken):
            return
        taken.append((m.start(), m.end()))
        statement = bool(_SAY_BEFORE.search(sentence[max(0, m.start() - 25):m.start()]))
        found.append(DateMention(date, m.group(0), m.start(), m.end(), precision, statement,
                                 inferred=inferred and date is not None))

    for m in _ISO.finditer(sentence):
        add(m, parse_iso(m.group(0)), "day")
    for m in _ABS_DM.finditer(sentence):
        year = int(m.group(3)) if m.group(3) else None
        add(m, _with_year(MONTHS[m.group(2).lower().rstrip(".")], int(m.group(1)), year,
                          year_ref), "day", inferred=anchor is not None and year is None)
    for m in _ABS_MD.finditer(sentence):
        if m.group(1).lower().rstrip(".") == "may" and not m.group(0)[0].isupper():
            continue
        year = int(m.group(3)) if m.group(3) else None
        add(m, _with_year(MONTHS[m.group(1).lower().rstrip(".")], int(m.group(2)), year,
                          year_ref), "day", inferred=anchor is not None and year is None)
    for m in _REL_WORD.finditer(sentence):
        if any(s >= m.end() and s - m.end() < 4 for s, _ in taken):
            continue  # "today, February 17": the absolute date carries it
        word = m.group(1).lower()
        date: dt.date | None = None
        precision = "day"
        if base is not None:
            if word == "yesterday":
                date = base - dt.timedelta(days=1)
            elif word == "tomorrow":
                date = base + dt.timedelta(days=1)
            elif "week" in word:
                precision = "week"
                shift = {"last": -7, "next": 7}.get(word.split()[0], 0)
                date = base - dt.timedelta(days=base.weekday()) + dt.timedelta(shift)
            elif "month" in word:
                precision = "month"
                first = base.replace(day=1)
                if word.startswith("last"):
                    date = (first - dt.timedelta(days=1)).replace(day=1)
                elif word.startswith("next"):
                    date = (first + dt.timedelta(days=32)).replace(day=1)
                else:
                    date = first
            else:  # today, tonight, this morning, over the past 24 hours
                date = base
        add(m, date, precision, inferred=anchor is not None)
    for m in _REL_WEEKDAY.finditer(sentence):
        # "Monday, February 10": the absolute date that follows carries it.
        if any(s >= m.end() and s - m.end() < 4 for s, _ in taken):
            continue
        if any(e <= m.start() and m.start() - e < 3 for _, e in taken):
            continue  # "today, Monday" etc.
        if base is not None:
            add(m, _resolve_weekday(m, sentence, base), "day", inferred=anchor is not None)
        elif anchor is not None and anchor.day is not None and \
                (m.group(1) or "").lower() not in ("last", "next"):
            # The page's day is only known to within days: the nearest such weekday, not
            # the tense rule ("last/next Monday" need the exact day and stay unresolved).
            add(m, nearest_weekday(anchor.day, WEEKDAYS.index(m.group(2).lower())), "day",
                inferred=True)
        else:
            add(m, None, "day")
    found.sort(key=lambda d: d.start)
    return found


def _resolve_weekday(m: re.Match[str], sentence: str, published: dt.date | None) -> dt.date | None:
    if published is None:
        return None
    target = WEEKDAYS.index(m.group(2).lower())
    modifier = (m.group(1) or "").lower()
    back = (published.weekday() - target) % 7  # days since the last such weekday (0 = today)
    ahead = (target - published.weekday()) % 7
    if modifier == "last":
        return published - dt.timedelta(days=back or 7)
    if modifier == "next":
        return published + dt.timedelta(days=ahead or 7)
    # Tense of the clause holding the weekday; a sentence-initial "On Monday," takes the
    # tense of the clause after it.
    clauses = [(c.start(), c.end()) for c in re.finditer(r"[^,;:.]+", sentence)]
    k = next((i for i, (s, e) in enumerate(clauses) if s <= m.start() < e), 0)
    text = sentence[clauses[k][0]:clauses[k][1]] if clauses else sentence
    if k + 1 < len(clauses) and re.fullmatch(r"\s*(?:on|by|until|from|this)?\s*", text.replace(
            m.group(0), "", 1), re.I):
        text = sentence[clauses[k + 1][0]:clauses[k + 1][1]]
    future = bool(_FUTURE.search(text))
    if future:
        return published + dt.timedelta(days=ahead)
    return published - dt.timedelta(days=back)


def _count(word: str, lex: Lexicon | None) -> float | None:
    w = word.lower()
    if w.isdigit():
        return float(w)
    if w in ("a", "an"):
        return 1.0
    if w in ("several", "few"):
        return 3.0
    if lex is not None:
        n = lex.number_word(w)
        return float(n) if n is not None else None
    return None


def find_periods(
    sentence: str, published: dt.date | None, lex: Lexicon | None = None
) -> list[Period]:
    """Periods ("in two weeks", "since December") with their length in days when known."""
    out: list[Period] = []
    for m in _PERIOD_SPAN.finditer(sentence):
        n = _count(m.group(1), lex)
        unit = m.group(2).lower().rstrip("s")
        days = n * _UNIT_DAYS[unit] if n is not None else None
        text = re.sub(r"^(in|over|during|within|for|across|after)\s+(the\s+)?", "", m.group(0),
                      flags=re.I)
        out.append(Period(text, days, bucket(days), m.start(), m.end()))
    for m in _PERIOD_PAST.finditer(sentence):
        if any(p.start <= m.start() < p.end for p in out):
            continue
        days = float(_UNIT_DAYS[m.group(1).lower()])
        out.append(Period(m.group(0), days, bucket(days), m.start(), m.end()))
    for m in _PERIOD_SINCE.finditer(sentence):
        days: float | None = None  # type: ignore[no-redef]
        if m.group(1):
            month = MONTHS[m.group(1).lower().rstrip(".")]
            if m.group(2):
                start = dt.date(int(m.group(2)), month, 1)
                days = float((published - start).days) if published else None
                b = bucket(days) if days is not None else ("months" if published is None
                                                           else "years")
            elif published is not None:
                year = published.year if month <= published.month else published.year - 1
                days = float((published - dt.date(year, month, 1)).days)
                b = bucket(days)
            else:
                b = "months"
        elif m.group(3):
            year = int(m.group(3))
            if published is not None:
                days = float((published - dt.date(year, 1, 1)).days)
                b = bucket(days)
            else:
                b = "years"
        else:
            b = "open"
        out.append(Period(m.group(0).rstrip("."), days, b, m.start(), m.end()))
    out.sort(key=lambda p: p.start)
    return out
