"""Quantities in a sentence: digits, number words, scales, hyphenated counts, ranges,
qualifiers and the counted noun.

``find_quantities`` reads one sentence left to right over word tokens. A number is digits
("380,000", "3.7") or number words ("thirteen", "twenty-five", "a million"), optionally
followed by a scale word ("3.7 million"); "13-15", "13 to 15" and "between 13 and 15" are
ranges; "100-vehicle" is a count whose unit is the hyphenated word. The words before the
number give the qualifier (longest phrase in the lexicon); the words after give the counted
noun, up to a function word, an event word or punctuation. Counts of time units ("nine-year
war", "24 hours") are periods, not quantities, and are skipped, as are years, day numbers
inside dates (masked by the caller) and numbers glued to letters ("M5", "G20", "17th").

Money and percentages (decision 0406) are measures, not counts: a currency symbol or code
before the number ("$2 billion", "US$5m", "EUR 40 million") or a currency word after it ("2
billion dollars", "1.5 million euros") makes a money figure whose unit is the ISO currency
code; a scale suffix glued to it ("$2bn", "£300m") is read only beside a currency. "%",
"percent", "per cent" make a percentage level; "percentage points", "points" a change in points.
``Quantity.measure`` says which ("money:USD", "percent", "points"; None for a count).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from storylens.claims.lexicon import Lexicon, lemmatise

# Digits with thousands commas only where three digits follow ("3,000, most" -> "3,000" ",");
# thousands separated by a space or a (narrow) no-break space ("1 800", SI and French style)
# when no further digit follows ("June 10 2019" stays two numbers).
# A vulgar fraction glued to whole digits is part of the number ("2½ years" = 2.5).
_TOKEN = re.compile(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d|[.,]\d)"
                    r"|\d+(?:,\d{3})*(?:\.\d+)?[½¼¾]?"
                    r"|[A-Za-z]+(?:[-'’][A-Za-z]+)*|%|\S")
_VULGAR = {"½": 0.5, "¼": 0.25, "¾": 0.75}
_SPACES = re.compile(r"[ \u00a0\u202f]")
# Clock times (issue 14): "8:44 a.m.", "8.44am", "11pm", "at 6:04 pm", "18:04", "1234 GMT".
_CLOCK_12 = re.compile(r"\b(1[0-2]|0?[1-9])(?:[:.]([0-5]\d))?\s?(a\.m\.|p\.m\.|a\.m|p\.m|am|pm)"
                       r"(?![A-Za-z])", re.I)
_CLOCK_24 = re.compile(r"\b([01]?\d|2[0-3]):([0-5]\d)\b(?!:\d)")
_CLOCK_ZONE_4 = re.compile(r"\b([01]\d|2[0-3])([0-5]\d)(?=\s?(?:GMT|UTC)\b)")
# A race or flight time "2:00:35" (hours:minutes:seconds): a duration in seconds.
_HMS = re.compile(r"(?<![\d:])(\d{1,2}):([0-5]\d):([0-5]\d)(?![\d:])")
_ZONE_AFTER = re.compile(r"\s*\(?\s*(GMT|UTC)\b", re.I)
_ORDINAL_SUFFIX = frozenset({"st", "nd", "rd", "th"})
_YEAR_PREFIX = frozenset(
    {"in", "since", "of", "by", "from", "until", "to", "before", "after", "early", "late",
     "mid", "during", "and", "between", "year", "spring", "summer", "autumn", "winter", "fall"}
)


@dataclass(frozen=True, slots=True)
class Quantity:
    value: float
    high: float | None  # upper bound of a range
    qualifier: str | None
    unit: str | None  # counted noun phrase as written
    start: int  # char offsets of the number phrase in the sentence
    end: int
    text: str
    rounding: float  # half the unit of the last significant digit
    # "money:<ISO code>", "percent", "points", "age", "duration" (unit: the time unit);
    # None: a count
    measure: str | None = None


@dataclass(frozen=True, slots=True)
class _Tok:
    text: str
    start: int
    end: int


def _tokens(sentence: str) -> list[_Tok]:
    return [_Tok(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(sentence)]


def _digits_value(text: str) -> tuple[float, float] | None:
    """("380,000") -> (380000, 5000): value and half its last-significant-digit unit."""
    clean = _SPACES.sub("", text.rstrip(",").replace(",", ""))
    if clean and clean[-1] in _VULGAR:  # "2½": to the quarter
        whole = _digits_value(clean[:-1])
        return (whole[0] + _VULGAR[clean[-1]], 0.125) if whole else None
    try:
        value = float(clean)
    except ValueError:
        return None
    if "." in clean:
        decimals = len(clean.split(".")[1])
        return value, 0.5 * 10 ** (-decimals)
    stripped = clean.rstrip("0")
    zeros = len(clean) - len(stripped) if stripped else 0
    return value, 0.5 * 10**zeros


def _glued(sentence: str, tok: _Tok) -> bool:
    """Digits touching letters ("M5", "17th", "G20") or a letter-hyphen ("M-5")."""
    before = sentence[tok.start - 1] if tok.start > 0 else " "
    after = sentence[tok.end] if tok.end < len(sentence) else " "
    if before.isalpha() or after.isalpha():
        return True
    return before == "-" and tok.start > 1 and sentence[tok.start - 2].isalpha()


def _parse_number(
    toks: Sequence[_Tok], i: int, sentence: str, lex: Lexicon
) -> tuple[float, float, int] | None:
    """Number starting at token i: (value, rounding, index after it), or None."""
    t = toks[i].text
    low = t.lower()
    if t[0].isdigit():
        if _glued(sentence, toks[i]):
            return None
        parsed = _digits_value(t)
        if parsed is None:
            return None
        value, rounding = parsed
        j = i + 1
        if j < len(toks) and toks[j].text.lower() in lex.scales:
            scale = lex.scales[toks[j].text.lower()]
            return value * scale, rounding * scale, j + 1
        return value, rounding, j
    # Number words: "thirteen", "twenty-five", "a million", "one hundred and twenty".
    if low in ("a", "an", "half") and i + 1 < len(toks) and toks[i + 1].text.lower() in (
        "million", "billion", "thousand", "hundred", "dozen"
    ):
        word = toks[i + 1].text.lower()
        base = 0.5 if low == "half" else 1.0
        if low == "half" and i + 2 < len(toks) and toks[i + 2].text.lower() == "a":
            return None
        value = base * (lex.scales.get(word) or lex.units.get(word, 1))
        return value, value / 2, i + 2
    if low in ("a", "an") and i + 1 < len(toks) and toks[i + 1].text.islower() \
            and lemmatise(toks[i + 1].text) in DURATION_DAYS \
            and toks[i + 1].text.lower() != "second":
        if [t.text.lower() for t in toks[i + 2:i + 5]] == ["and", "a", "half"]:
            return None  # "a month and a half": not one month
        return 1.0, 0.5, i + 1  # "a year of protests", "for more than a year"
    if low == "half" and i + 2 < len(toks) and toks[i + 1].text.lower() == "a":
        word = toks[i + 2].text.lower()
        if word in lex.scales:
            value = 0.5 * lex.scales[word]
            return value, value / 2, i + 3
        return None
    first = lex.number_word(low)
    if first is None:
        return None
    total, current, j = 0.0, float(first), i + 1
    last_scale = 1.0
    while j < len(toks):
        w = toks[j].text.lower()
        n = lex.number_word(w)
        if w in lex.scales:
            scale = lex.scales[w]
            if scale == 100:
                current *= 100
            else:
                total += current * scale
                current = 0.0
            last_scale = float(scale)
        elif n is not None and current % 100 == 0 and n < 100 and j > i:
            current += n
        elif w == "and" and j + 1 < len(toks) and lex.number_word(toks[j + 1].text) is not None \
                and toks[j - 1].text.lower() in lex.scales:
            pass
        else:
            break
        j += 1
    value = total + current
    if value == 1 and j == i + 1 and not (
            j < len(toks) and lemmatise(toks[j].text) in DURATION_DAYS):
        return None  # bare "one" is an article/pronoun far more often than a count
    return value, 0.5 * last_scale, j


def _qualifier(sentence: str, start: int, number_text: str, lex: Lexicon) -> str | None:
    before = re.sub(r"\s+", " ", sentence[max(0, start - 30):start].lower()).rstrip()
    if number_text.lower().startswith(("a ", "an ")) and re.search(r"\bmore$", before):
        return lex.qualifiers.get("more a", "more than")
    best: tuple[int, str] | None = None
    for phrase, canonical in lex.qualifiers.items():
        if (before == phrase or before.endswith(" " + phrase)) and (
            best is None or len(phrase) > best[0]
        ):
            best = (len(phrase), canonical)
    return best[1] if best else None


def _unit(toks: Sequence[_Tok], j: int, lex: Lexicon) -> tuple[str | None, int]:
    """Counted-noun phrase starting at token j: (phrase, index after it)."""
    words: list[str] = []
    k = j
    while k < len(toks) and len(words) < 5:
        w = toks[k].text
        low = w.lower()
        if not (w[0].isalpha() or w == "%"):
            break
        if w == "%":
            return "percent", k + 1
        if low == "and" and words and k + 1 < len(toks):
            nxt = toks[k + 1].text.lower()
            if nxt in lex.unit_classes or lemmatise(nxt) in lex.unit_classes:
                words.append(low)
                k += 1
                continue
            break
        if low in lex.stop or (lex.event_class(low) is not None and words):
            break
        if words and (low.endswith("ing") or low.endswith("ed")) and low not in lex.unit_classes:
            break
        if lex.number_word(low) is not None or low in lex.scales:
            break
        words.append(w)
        k += 1
        # A plural or known counted noun ends the phrase ("hamlets overnight" -> "hamlets"),
        # unless "and" joins another counted noun ("towns and villages").
        if (low in lex.unit_classes or (low.endswith("s") and w.islower() and len(low) > 3)) \
                and not (k + 1 < len(toks) and toks[k].text.lower() == "and"):
            break
    if not words:
        return None, j
    while words and words[-1].lower() == "and":
        words.pop()
    # A spinner's "villages and villages" (synonym swapped onto its own conjunct): one noun.
    if len(words) == 3 and words[1].lower() == "and" and words[0].lower() == words[2].lower():
        words = words[:1]
    return " ".join(words), k


def _is_year(toks: Sequence[_Tok], i: int, value: float, raw: str,
             lex: Lexicon | None = None) -> bool:
    if not (len(raw) == 4 and raw.isdigit() and 1800 <= value <= 2100):
        return False
    prev = toks[i - 1].text.lower() if i > 0 else ""
    nxt = toks[i + 1].text if i + 1 < len(toks) else "."
    if prev in {"the", "its", "their", "his", "her"} or (lex is not None and prev in lex.months):
        return True  # "the 2015 vote", "September 2021"
    return prev in _YEAR_PREFIX or not nxt[0].isalpha() or nxt[0].isupper() or nxt in {
        "de-escalation", "agreement", "deal", "election", "elections", "war", "memorandum"
    }


def _currency_before(toks: Sequence[_Tok], i: int, lex: Lexicon) -> str | None:
    """ISO code of a currency symbol or code right before token i ("$", "US$", "EUR")."""
    if i == 0:
        return None
    prev = toks[i - 1]
    if prev.text in lex.currency_codes:
        return prev.text
    if prev.text not in lex.currency_symbols:
        return None
    if i >= 2 and toks[i - 2].end == prev.start:
        joined = toks[i - 2].text + prev.text  # "US$", "A$", "HK$"
        if joined in lex.currency_symbols:
            return lex.currency_symbols[joined]
        if toks[i - 2].text.isalpha():
            return None  # "XY$": a currency we do not know is no US dollar
    return lex.currency_symbols[prev.text]


@functools.lru_cache(maxsize=4096)
def _phrase_parts(phrase: str) -> tuple[str, ...]:
    """The tokens of a lexicon phrase, lower-cased (read once per phrase)."""
    return tuple(p.lower() for p in _TOKEN.findall(phrase))


def _phrase_after(toks: Sequence[_Tok], j: int, phrases: Sequence[str]) -> tuple[str, int] | None:
    """The first of ``phrases`` (longest first) spelled by the tokens from j: (phrase, index
    after it)."""
    for phrase in phrases:
        parts = _phrase_parts(phrase)
        end = j + len(parts)
        if end <= len(toks) and all(
                toks[j + k].text.lower() == p for k, p in enumerate(parts)):
            return phrase, end
    return None


def _currency_after(toks: Sequence[_Tok], j: int, scaled: bool,
                    lex: Lexicon) -> tuple[str, int] | None:
    """ISO code of a currency word or code after the number, and the index after it;
    "pounds" only after a scale word ("2 million pounds", not "300 pounds of flour")."""
    if j < len(toks) and toks[j].text in lex.currency_codes:
        return toks[j].text, j + 1
    words = dict(lex.currency_words)
    if scaled:
        words.update(lex.currency_scaled_only)
    hit = _phrase_after(toks, j, sorted(words, key=lambda w: (-len(w), w)))
    return (words[hit[0]], hit[1]) if hit else None


def _glued_scale(toks: Sequence[_Tok], i: int, sentence: str, lex: Lexicon,
                 currency: str | None) -> tuple[float, float, int] | None:
    """A money figure with its scale glued on ("$2bn", "£300m", "2.5bn euros")."""
    tok = toks[i]
    if not tok.text[0].isdigit() or i + 1 >= len(toks):
        return None
    suffix = toks[i + 1]
    if suffix.start != tok.end or suffix.text.lower() not in lex.glued_scales:
        return None
    if suffix.end < len(sentence) and sentence[suffix.end].isalnum():
        return None
    if currency is None and _currency_after(toks, i + 2, True, lex) is None:
        return None  # "300m" alone is as likely metres
    parsed = _digits_value(tok.text)
    if parsed is None:
        return None
    scale = lex.glued_scales[suffix.text.lower()]
    return parsed[0] * scale, parsed[1] * scale, i + 2


_YEARS_OLD = re.compile(r"\s*years?[- ]old\b", re.I)
# A quake's magnitude (issue 14: agencies give rival readings of one quake): "magnitude 6.9",
# "a magnitude of 7.1", "a magnitude-6.8", before the figure; "6.8-magnitude", "2.9
# magnitude", "6.1 on the Richter scale" after it. Values on these scales stay below 10.
_MAGNITUDE_BEFORE = re.compile(r"\bmagnitude(?:\s+of)?[\s-]+$", re.I)
_MAGNITUDE_AFTER = re.compile(r"^(?:[\s-]+magnitude\b|\s+on\s+the\s+richter\b)", re.I)
MAGNITUDE_MAX = 10.0
# Length of a time unit in days (calendar averages), for durations and ages (issue 14).
DURATION_DAYS: dict[str, float] = {
    "second": 1 / 86400, "minute": 1 / 1440, "hour": 1 / 24, "day": 1.0, "week": 7.0,
    "month": 30.44, "year": 365.25, "decade": 3652.5, "century": 36525.0,
}


def _age_apposition(toks: Sequence[_Tok], i: int, j: int, value: float, sentence: str) -> bool:
    """A bare whole number set off by commas right after a capitalised name ("Abe, 65, said"
    or "... Kiptum, 24."): a person's age in news style (AP Stylebook "ages")."""
    if not (i >= 2 and j == i + 1 and value == int(value) and 1 <= value <= 120):
        return False
    if toks[i - 1].text != "," or not toks[i - 2].text[:1].isupper():
        return False
    after = toks[j].text if j < len(toks) else "."
    return after in {",", ".", ";"} and "(" not in sentence[toks[i - 2].start:toks[i].start]


# Kinds of physical measure (lexicon [physical]); their figures compare in the base unit.
PHYSICAL_KINDS = frozenset({"length", "speed", "area", "mass"})


def _zone(sentence: str, end: int, lex: Lexicon) -> tuple[str, int]:
    """The time zone written right after a clock time ("1234 GMT", "6 pm (1300 UTC" is
    not one), and where it ends; local time when none."""
    m = _ZONE_AFTER.match(sentence, end)
    if m and "(" not in m.group(0):
        return lex.clock_zones.get(m.group(1).lower(), m.group(1).upper()), m.end()
    return "local time", end


def _clock_times(sentence: str, lex: Lexicon,
                 masked: Sequence[tuple[int, int]]) -> list[Quantity]:
    """Clock times (value: minutes after midnight, unit: the zone or "local time") and
    hours:minutes:seconds durations (value: seconds), in text order (issue 14)."""
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = list(masked)

    def free(a: int, b: int) -> bool:
        return not any(s < b and a < e for s, e in taken)

    for m in _HMS.finditer(sentence):
        if free(m.start(), m.end()):
            secs = int(m.group(1)) * 3600 + int(m.group(2)) * 60 + int(m.group(3))
            found.append(Quantity(
                float(secs), None, _qualifier(sentence, m.start(), m.group(), lex), "second",
                m.start(), m.end(), m.group(), 0.5, "duration"))
            taken.append((m.start(), m.end()))
    for pattern in (_CLOCK_12, _CLOCK_ZONE_4, _CLOCK_24):
        for m in pattern.finditer(sentence):
            if not free(m.start(), m.end()):
                continue
            hours, minutes = int(m.group(1)), int(m.group(2) or 0)
            if pattern is _CLOCK_12:
                pm = m.group(3).lower().startswith("p")
                hours = hours % 12 + (12 if pm else 0)
            zone, end = _zone(sentence, m.end(), lex)
            text = sentence[m.start():end]
            found.append(Quantity(float(hours * 60 + minutes), None,
                                  _qualifier(sentence, m.start(), text, lex), zone,
                                  m.start(), end, text, 0.5, f"time:{zone}"))
            taken.append((m.start(), end))
    return sorted(found, key=lambda q: q.start)


def _ordinal(toks: Sequence[_Tok], i: int, sentence: str,
             lex: Lexicon) -> tuple[Quantity, int] | None:
    """A ranking with its noun ("the third attempt", "for the 15th time"), not a date's day
    ("15th October", "October 15th")."""
    tok = toks[i]
    low = tok.text.lower()
    if low in lex.ordinals:
        value, j = float(lex.ordinals[low]), i + 1
    elif tok.text.isdigit() and i + 1 < len(toks) and toks[i + 1].start == tok.end \
            and toks[i + 1].text.lower() in _ORDINAL_SUFFIX:
        value, j = float(tok.text), i + 2
    else:
        return None
    near = [toks[k].text.lower().rstrip(".") for k in (i - 1, j, j + 1) if 0 <= k < len(toks)]
    if any(w in lex.months for w in near):
        return None
    noun, k = _unit(toks, j, lex)
    if noun is None or lemmatise(noun.split()[-1]) in lex.months:
        return None
    end = toks[k - 1].end
    q = Quantity(value, None, None, noun, tok.start, end, sentence[tok.start:end], 0.5,
                 f"ordinal:{lemmatise(noun.split()[-1])}")
    return q, k


def _fraction(toks: Sequence[_Tok], i: int, sentence: str,
              lex: Lexicon) -> tuple[Quantity, int] | None:
    """A fraction of something as a share ("two-thirds of the population": 66.7%), rounded
    to the nearest 5 points."""
    if not lex.fractions or toks[i].text[0].isdigit():
        return None
    if toks[i].text.lower() not in {_phrase_parts(p)[0] for p in lex.fractions}:
        return None
    hit = _phrase_after(toks, i, sorted(lex.fractions, key=lambda w: (-len(w), w)))
    if hit is None or hit[1] >= len(toks) or toks[hit[1]].text.lower() != "of":
        return None
    end = toks[hit[1] - 1].end
    text = sentence[toks[i].start:end]
    return Quantity(lex.fractions[hit[0]], None, _qualifier(sentence, toks[i].start, text, lex),
                    "percent", toks[i].start, end, text, 2.5, "percent"), hit[1]


def _glued_physical(toks: Sequence[_Tok], i: int, sentence: str, lex: Lexicon,
                    physical: Sequence[str]) -> tuple[Quantity, int] | None:
    """A figure with its unit glued on ("62km", "200kph", "100m"), not beside a currency."""
    tok = toks[i]
    if not tok.text[0].isdigit() or i + 1 >= len(toks) or toks[i + 1].start != tok.end:
        return None
    if _currency_before(toks, i, lex) is not None:
        return None
    hit = _phrase_after(toks, i + 1, physical)
    if hit is None:
        return None
    end = toks[hit[1] - 1].end
    if end < len(sentence) and sentence[end].isalnum():
        return None
    parsed = _digits_value(tok.text)
    if parsed is None:
        return None
    text = sentence[tok.start:end]
    q = Quantity(parsed[0], None, _qualifier(sentence, tok.start, text, lex), hit[0],
                 tok.start, end, text, parsed[1], lex.physical[hit[0]][0])
    return q, hit[1]


def unit_after(toks: Sequence[_Tok], j: int, word: str) -> bool:
    """Whether token ``j`` is ``word`` (the unit read after a figure)."""
    return j < len(toks) and toks[j].text.lower() == word


def find_quantities(
    sentence: str, lex: Lexicon, masked: Sequence[tuple[int, int]] = ()
) -> list[Quantity]:
    """All quantities in ``sentence``; ``masked`` char spans (dates) are skipped.

    >>> from storylens.claims.lexicon import load_lexicon
    >>> qs = find_quantities("thirteen villages and 3.7 million people", load_lexicon())
    >>> [q.value for q in qs]
    [13.0, 3700000.0]
    """
    toks = _tokens(sentence)
    out = _clock_times(sentence, lex, masked)
    masked = [*masked, *((q.start, q.end) for q in out)]
    physical = sorted(lex.physical, key=lambda w: (-len(w), w))
    i = 0
    while i < len(toks):
        tok = toks[i]
        if any(s <= tok.start < e for s, e in masked):
            i += 1
            continue
        special = _ordinal(toks, i, sentence, lex) or _fraction(toks, i, sentence, lex) \
            or _glued_physical(toks, i, sentence, lex, physical)
        if special is not None:
            q, i = special
            out.append(q)
            continue
        currency = _currency_before(toks, i, lex) if tok.text[0].isdigit() else None
        parsed = _glued_scale(toks, i, sentence, lex, currency) \
            or _parse_number(toks, i, sentence, lex)
        compound_unit = None
        if parsed is None and "-" in tok.text:
            # A number word and its unit in one token: "thirteen-member", "nine-year".
            first, _, rest = tok.text.partition("-")
            n = lex.number_word(first)
            if n is not None and n > 1 and lex.number_word(tok.text) is None:
                parsed, compound_unit = (float(n), 0.5, i + 1), rest.split("-")[0]
        if parsed is None:
            i += 1
            continue
        value, rounding, j = parsed
        physical_unit = ""
        if currency is None and _is_year(toks, i, value, tok.text, lex):
            # A calendar year is a value of its own (issue 14: "formed in 1955", "the 2015
            # vote"), compared only with years.
            out.append(Quantity(
                value=value, high=None, qualifier=_qualifier(sentence, tok.start, tok.text, lex),
                unit="calendar year", start=tok.start, end=tok.end, text=tok.text,
                rounding=0.5, measure="year"))
            i = j
            continue
        high: float | None = None
        between = i > 0 and toks[i - 1].text.lower() == "between"
        # Range: "13-15", "13 to 15", "13 or 15", "between 13 and 15".
        if j + 1 < len(toks) and (
            (toks[j].text in {"-", "–", "—"} and toks[j].end == toks[j + 1].start)
            or toks[j].text.lower() in {"to", "or"}
            or (toks[j].text.lower() == "and" and between)
        ):
            second = _glued_scale(toks, j + 1, sentence, lex, currency) \
                or _parse_number(toks, j + 1, sentence, lex)
            if second is not None and j == i + 1 and second[2] > j + 2 \
                    and toks[second[2] - 1].text.lower() in lex.scales | lex.glued_scales:
                # "2-3 million": the scale of the second number is the first's too.
                scale = (lex.scales | lex.glued_scales)[toks[second[2] - 1].text.lower()]
                if value * scale <= second[0]:
                    value, rounding = value * scale, rounding * scale
            if second is not None and second[0] > value:
                high, j = second[0], second[2]
        measure: str | None = None
        scaled = j > i + 1
        after = _currency_after(toks, j, scaled, lex)
        if currency is None and after is not None:
            currency, j = after
        if currency is not None:
            measure = f"money:{currency}"
        elif (pct := _phrase_after(toks, j, lex.percent_words)) is not None:
            measure, j = "percent", pct[1]
        elif (pts := _phrase_after(toks, j, lex.point_words)) is not None:
            measure, j = "points", pts[1]
        elif (phys := _phrase_after(toks, j, [w for w in physical if w != "m"])) is not None:
            measure, j = lex.physical[phys[0]][0], phys[1]
            physical_unit = phys[0]
        unit: str | None
        # Hyphenated count: "100-vehicle convoy", "nine-year war".
        hyphen_unit = (
            j < len(toks) and toks[j].text == "-" and toks[j].start == toks[j - 1].end
            and j + 1 < len(toks) and toks[j + 1].text[0].isalpha()
            and toks[j + 1].start == toks[j].end
        )
        if measure in PHYSICAL_KINDS:
            unit = physical_unit
        elif measure is not None:
            unit = {"percent": "percent", "points": "percentage points"}.get(
                measure, measure.partition(":")[2])
        elif hyphen_unit:
            unit = toks[j + 1].text.split("-")[0]
            j += 2
        elif compound_unit:
            unit = compound_unit
        else:
            unit, _ = _unit(toks, j, lex)
        head = lemmatise(unit.split()[-1]) if unit else ""
        if measure is None and high is None and 0 < value < MAGNITUDE_MAX and (
                _MAGNITUDE_BEFORE.search(sentence[max(0, tok.start - 20):tok.start])
                or _MAGNITUDE_AFTER.match(sentence[tok.end:tok.end + 24])):
            measure, unit = "magnitude", "magnitude"  # a point on the quake's scale
            if _MAGNITUDE_AFTER.match(sentence[tok.end:tok.end + 24]) and unit_after(
                    toks, j, "magnitude"):
                j += 1
        elif measure is None and _YEARS_OLD.match(sentence[toks[j - 1].end:]):
            measure, unit = "age", "years old"  # "The 70 year old former cricketer"
        elif measure is None and head in DURATION_DAYS:
            # Ages ("the 37-year-old", "37 years old") and durations ("45 days", "a
            # two-year deal") are measures of their own (issue 14), in days for comparing.
            after_number = sentence[toks[j - 1].end:]
            if head == "year" and (toks[j - 1].text.lower().endswith("-old")
                                   or _YEARS_OLD.match(after_number)):
                measure, unit = "age", "years old"
            else:
                measure, unit = "duration", head
        elif measure is None and unit and len(unit.split()) > 1 \
                and lemmatise(unit.split()[0].lower()) in DURATION_DAYS:
            # A time unit before a noun: "a 2 year deal", "a 2½ year contract" (issue 14).
            measure, unit = "duration", lemmatise(unit.split()[0].lower())
        elif measure is None and unit is None and _age_apposition(toks, i, j, value, sentence):
            measure, unit = "age", "years old"  # "Khan, 72," (AP style)
        if measure is None and (head in lex.time_units
                                or (unit or "").lower() in lex.ignore_units):
            i = j
            continue
        text = sentence[tok.start:toks[j - 1].end] if j > i else tok.text
        out.append(Quantity(
            value=value, high=high, qualifier=_qualifier(sentence, tok.start, text, lex),
            unit=unit, start=tok.start, end=toks[j - 1].end, text=text, rounding=rounding,
            measure=measure,
        ))
        i = j
    return _conversions(out, sentence)


_OPEN_PAREN = re.compile(r"\s*\(\s*")


def _conversions(found: list[Quantity], sentence: str) -> list[Quantity]:
    """A figure in parentheses right after a figure of the same kind is that figure in
    other units ("roughly 100 miles (160 km)", "about $75m (£61m)"): it takes its
    qualifier, which the parenthesis leaves unsaid (issue 14)."""
    out = sorted(found, key=lambda q: q.start)
    for k in range(1, len(out)):
        prev, q = out[k - 1], out[k]
        if q.qualifier is not None or prev.qualifier is None or not prev.measure \
                or not q.measure or prev.measure.split(":")[0] != q.measure.split(":")[0]:
            continue
        if _OPEN_PAREN.fullmatch(sentence[prev.end:q.start]):
            out[k] = dataclasses.replace(q, qualifier=prev.qualifier)
    return out
