"""Inferred anchor dates for pages without a publication date (decision 0404).

Many copied pages lose their date line; then "in Moscow on Monday" and "17 February" cannot be
resolved. This module infers an :class:`~storylens.claims.dates.Anchor` for such a page from
its event (the ``event`` story holding it; the page alone when it is in none), under strict
rules, and always says what it was inferred from. ``Article.published`` is never changed.

1. The event's year. If a member has a publication date (or states a full date of its own,
   "today, February 17, 2020"), the year comes from them (their median). Otherwise from the
   weekday + month-day pairs stated in the members' text ("Monday, February 10"): the years
   in which each such date falls on that weekday, from the latest year mentioned in the text
   (a lower bound; years after "by", "until", "©" ... do not count) up to
   ``anchor_year_window`` years later and never after the current year. Exactly one such
   year, or no inference.
2. A page's day. Its own "today, February 17" (year from step 1), else the event's day: the
   median of the members' publication dates and self-dates, provided they span at most
   ``anchor_max_spread_days`` days; a page saying only "today (Monday)" takes the nearest
   Monday to that day. Without a day the page still gets the year.
3. Resolution (claims/dates.py): year-less dates take the year; a bare weekday is the
   nearest such weekday to the day (+-3 days), except on a page that dates itself, where the
   usual tense rule applies; "today", "yesterday", "last week" only on a page that dates
   itself. Every such date is marked inferred and its evidence names the anchor's sources.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from storylens.claims.dates import Anchor, nearest_weekday, parse_iso
from storylens.claims.lexicon import Lexicon
from storylens.records import Analysis, Article
from storylens.settings import ClaimSettings

__all__ = ["SelfDate", "WeekdayDate", "infer_anchors", "infer_year", "self_dates", "weekday_dates",
           "years_mentioned"]


@dataclass(frozen=True, slots=True)
class WeekdayDate:
    """A date stated with its weekday and without a year ("Monday, February 10")."""

    weekday: int  # 0 = Monday
    month: int
    day: int
    text: str
    article: str = ""

    def fits(self, year: int) -> bool:
        try:
            return dt.date(year, self.month, self.day).weekday() == self.weekday
        except ValueError:
            return False


@dataclass(frozen=True, slots=True)
class SelfDate:
    """A page dating itself: "today, February 17", "today (Monday)", "today, 17 Feb 2020"."""

    text: str
    weekday: int | None
    month: int | None
    day: int | None
    year: int | None


@dataclass(frozen=True, slots=True)
class _Patterns:
    pair: re.Pattern[str]
    today: re.Pattern[str] | None
    year: re.Pattern[str]


def _alternation(words: Sequence[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _patterns(lex: Lexicon) -> _Patterns:
    month = rf"(?:{_alternation(list(lex.months))})\.?"
    weekday = rf"(?:{_alternation(list(lex.weekdays))})"
    date = (rf"(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>{month})"
            rf"|(?P<m2>{month})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?)\b"
            r"(?:,?\s+(?P<year>\d{4})\b)?")
    pair = re.compile(rf"\b(?P<wd>{weekday})\b\s*[,(]?\s*(?:the\s+)?{date}", re.I)
    today = None
    if lex.today_words:
        today = re.compile(
            rf"\b(?:{_alternation(lex.today_words)})\b\s*[,(]\s*"
            rf"(?:(?P<wd>{weekday})\b\s*[,)]?\s*)?(?:{date})?", re.I)
    year = re.compile(r"(?<![\d,.$£€#])\b(1[89]\d\d|20\d\d)\b(?![,.]?\d|%)")
    return _Patterns(pair, today, year)


def _month_day(m: re.Match[str], lex: Lexicon) -> tuple[int, int] | None:
    name = m.group("m1") or m.group("m2")
    day = m.group("d1") or m.group("d2")
    if not name or not day:
        return None
    month = lex.months.get(name.lower().rstrip("."))
    return (month, int(day)) if month else None


def weekday_dates(text: str, lex: Lexicon, article: str = "") -> list[WeekdayDate]:
    """Year-less dates stated with their weekday ("Monday, February 10", "Monday 10 Feb");
    those with a year ("Monday, February 10, 2020") are left out: their year is stated."""
    out: list[WeekdayDate] = []
    for m in _patterns(lex).pair.finditer(text):
        md = _month_day(m, lex)
        if md is None or m.group("year"):
            continue
        weekday = lex.weekdays[m.group("wd").lower()]
        out.append(WeekdayDate(weekday, md[0], md[1], " ".join(m.group(0).split()), article))
    return out


def years_mentioned(text: str, lex: Lexicon, latest: int) -> list[int]:
    """Four-digit years 1900..``latest`` in ``text``, except targets and footers ("by 2030",
    "© 2024": the words in the lexicon's ``year_not_after``)."""
    out: list[int] = []
    for m in _patterns(lex).year.finditer(text):
        year = int(m.group(1))
        before = text[max(0, m.start() - 12):m.start()].lower().split()
        if not 1900 <= year <= latest or (before and before[-1] in lex.year_not_after):
            continue
        if text[max(0, m.start() - 2):m.start()].strip() in lex.year_not_after:
            continue  # "©2024"
        out.append(year)
    return out


def self_dates(text: str, lex: Lexicon) -> list[SelfDate]:
    """Where the page states its own day: "today" followed by a weekday and/or a date."""
    pattern = _patterns(lex).today
    if pattern is None:
        return []
    out: list[SelfDate] = []
    for m in pattern.finditer(text):
        md = _month_day(m, lex)
        wd = lex.weekdays[m.group("wd").lower()] if m.group("wd") else None
        if md is None and wd is None:
            continue
        year = int(m.group("year")) if md and m.group("year") else None
        out.append(SelfDate(" ".join(m.group(0).strip(" ,(").split()), wd,
                            md[0] if md else None, md[1] if md else None, year))
    return out


def infer_year(
    pairs: Sequence[WeekdayDate], lower: int | None, window: int, latest: int
) -> int | None:
    """The one year in ``lower`` .. min(``lower`` + ``window``, ``latest``) in which every
    weekday-date pair holds; None when there are no pairs, no lower bound, or zero or
    several such years."""
    if not pairs or lower is None:
        return None
    years = [y for y in range(lower, min(lower + window, latest) + 1)
             if all(p.fits(y) for p in pairs)]
    return years[0] if len(years) == 1 else None


def _median(dates: Sequence[dt.date]) -> dt.date:
    """The lower median: always one of the dates."""
    ordered = sorted(dates)
    return ordered[(len(ordered) - 1) // 2]


def _with_year(month: int, day: int, ref: dt.date) -> dt.date | None:
    """``month``/``day`` in the year nearest ``ref`` ("December 30" near 2 January is last
    year's)."""
    best: dt.date | None = None
    for year in (ref.year - 1, ref.year, ref.year + 1):
        try:
            d = dt.date(year, month, day)
        except ValueError:
            continue
        if best is None or abs((d - ref).days) < abs((best - ref).days):
            best = d
    return best


def _text(article: Article) -> str:
    return "\n\n".join(x for x in (article.title, article.body) if x)


def _own_date(found: Sequence[SelfDate], ref: dt.date | None) -> tuple[dt.date, str] | None:
    """The page's day from its own "today, <date>" (year stated, else nearest ``ref``); None
    when it states none or two different ones."""
    days: dict[dt.date, str] = {}
    for s in found:
        if s.month is None or s.day is None:
            continue
        if s.year is not None:
            try:
                d: dt.date | None = dt.date(s.year, s.month, s.day)
            except ValueError:
                d = None
        else:
            d = _with_year(s.month, s.day, ref) if ref else None
        if d is None or (s.weekday is not None and d.weekday() != s.weekday):
            return None  # an impossible or self-contradicting date: trust none of them
        days.setdefault(d, s.text)
    if len(days) != 1:
        return None
    (day, text), = days.items()
    return day, text


def _names(ids: Sequence[str], names: dict[str, str]) -> str:
    return ", ".join(names.get(i, i) for i in ids)


def _event_anchors(
    members: Sequence[Article], lex: Lexicon, s: ClaimSettings, latest: int
) -> dict[str, Anchor]:
    """Anchors of the undated members of one event (see the module docstring)."""
    undated = [a for a in members if parse_iso(a.published) is None]
    if not undated:
        return {}
    names = {a.id: a.outlet or a.id for a in members}
    known = {a.id: d for a in members if (d := parse_iso(a.published)) is not None}
    found = {a.id: self_dates(_text(a), lex) for a in undated}
    # Pages giving themselves a full date ("today, 17 February 2020") count as known.
    own: dict[str, tuple[dt.date, str]] = {}
    for aid, sd in found.items():
        full = _own_date([x for x in sd if x.year is not None], None)
        if full is not None:
            own[aid] = full
    sources: list[str] = []
    if known:
        many = "s" if len(known) > 1 else ""
        sources.append(f"publication date{many} of {_names(sorted(known), names)}")
    year_note = ""
    if known or own:
        ref = _median([*known.values(), *(d for d, _ in own.values())])
    else:
        pairs = [p for a in members for p in weekday_dates(_text(a), lex, a.id)]
        years = [y for a in members for y in years_mentioned(_text(a), lex, latest)]
        lower = max(years) if years else None
        year = infer_year(pairs, lower, s.anchor_year_window, latest)
        if year is None:
            return {}
        ref = _median([dt.date(year, p.month, p.day) for p in pairs])
        more = f" and {len(pairs) - 1} more" if len(pairs) > 1 else ""
        year_note = (f"year {year} from '{pairs[0].text}' ({names[pairs[0].article]}){more}"
                     f" after the latest year mentioned, {lower}")
    # Pages giving their own day without a year take the event's.
    for aid, sd in found.items():
        if aid not in own and (given := _own_date(sd, ref)) is not None:
            own[aid] = given
    sources += [f"'{text}' ({names[aid]})" for aid, (_, text) in sorted(own.items())]
    days = [*known.values(), *(d for d, _ in own.values())]
    event_day = _median(days) if days and (max(days) - min(days)).days <= \
        s.anchor_max_spread_days else None
    origin = "; ".join(sources)

    def note(*parts: str) -> str:
        return ", ".join(x for x in (*parts, year_note) if x)

    out: dict[str, Anchor] = {}
    for a in undated:
        weekdays = {x.weekday for x in found[a.id] if x.month is None and x.weekday is not None}
        if a.id in own:
            day, text = own[a.id]
            out[a.id] = Anchor(day, day, True, note(
                f"page dated {day.isoformat()} by its own '{text}'"))
        elif event_day is not None and len(weekdays) == 1:
            day = nearest_weekday(event_day, weekdays.pop())
            text = next(x.text for x in found[a.id] if x.month is None)
            out[a.id] = Anchor(day, day, True, note(
                f"page dated {day.isoformat()} by its own '{text}', nearest to the event"
                f" date {event_day.isoformat()} from {origin}"))
        elif event_day is not None:
            out[a.id] = Anchor(event_day, event_day, False, note(
                f"event dated {event_day.isoformat()} from {origin}"))
        else:
            out[a.id] = Anchor(ref, None, False, year_note or f"year from {origin}")
    return out


def infer_anchors(
    analysis: Analysis, lex: Lexicon, s: ClaimSettings, latest: int
) -> dict[str, Anchor]:
    """Anchor per undated article id, for every event story (an article in none is its own
    event); ``latest`` is the latest year that may be inferred (the current year)."""
    articles = {a.id: a for a in analysis.articles}
    seen: set[str] = set()
    groups: list[list[Article]] = []
    for story in analysis.stories:
        if story.level != "event":
            continue
        members = [articles[x] for x in story.articles if x in articles and x not in seen]
        seen.update(a.id for a in members)
        if members:
            groups.append(members)
    groups += [[a] for a in analysis.articles if a.id not in seen]
    out: dict[str, Anchor] = {}
    for members in groups:
        out.update(_event_anchors(members, lex, s, latest))
    return out
