"""Figures as written in news sentences, read as numbers (for "does this sentence state the
figure of that claim").

A claim group holds figures as values; a brief sentence states them in words: "Forty-nine",
"1.8 million", "seven-million", "2½ years", "62km", "two-thirds", "$75m", "a dozen".
:func:`figures` reads each number of a sentence with the content word that follows it (the
counted thing: "people", "nationalities"); :func:`same_value` compares two values allowing
for the rounding of a written figure (decision 0507).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from storylens.brief.text import STOP_WORDS

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "dozen": 12,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
_SCALES = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12,
}
# Shares written as words, read as per cent (the claims stage's unit for shares).
_SHARES = {
    "half": 50.0, "third": 100 / 3, "thirds": 100 / 3, "quarter": 25.0, "quarters": 25.0,
}
_FRACTIONS = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3}
_PERCENT = {"%", "percent", "per cent", "pc"}

_WORD = re.compile(
    r"\d+(?:[.,]\d+)*(?:\s*[½¼¾⅓⅔]|-1/2)?|[½¼¾⅓⅔]|%|[^\W\d_]+", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class Figure:
    value: float
    word: str  # the counted thing: the next content word, singular ("" when none)


def _lemma(word: str) -> str:
    w = word.lower().strip("'’-")
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        return w[:-1]
    return w


def _digits(tok: str) -> float | None:
    frac = 0.0
    for sym, val in _FRACTIONS.items():
        if sym in tok:
            frac, tok = val, tok.replace(sym, "").strip()
    if tok.endswith("-1/2"):
        frac, tok = 0.5, tok[:-4]
    if not tok:
        return frac or None
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", tok):
        tok = tok.replace(",", "")
    tok = tok.replace(",", ".") if re.fullmatch(r"\d+,\d{1,2}", tok) else tok
    try:
        return float(tok) + frac
    except ValueError:
        return None


@functools.lru_cache(maxsize=1 << 14)
def figures(text: str) -> tuple[Figure, ...]:
    """Every number of ``text`` (digits, number words, with scale words and fractions) and
    the content word after it. "62km" gives (62, "km"), "seven-million people" (7e6,
    "people"), "two-thirds of the population" (66.67, "population"), "20%" (20, "percent")."""
    raw = re.sub(r"(\d)\s*-\s*1/2\b", "\\1½", text)  # "2-1/2 year deal"
    raw = raw.replace("-", " ").replace("–", " ")
    raw = re.sub(r"(\d)([^\W\d_]+)", r"\1 \2", raw)  # "62km", "175million", "$75m"
    toks = [t.lower() for t in _WORD.findall(raw)]
    out: list[Figure] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        value: float | None = None
        j = i + 1
        if t[0].isdigit() or t in _FRACTIONS:
            value = _digits(t)
        elif t in _TENS:
            value = float(_TENS[t])
            if j < len(toks) and toks[j] in _UNITS and _UNITS[toks[j]] < 10:
                value += _UNITS[toks[j]]
                j += 1
        elif t in _UNITS and t != "one":  # "one" is too often a pronoun ("one of the")
            value = float(_UNITS[t])
        elif t in ("a", "an") and j < len(toks) and toks[j] in ("dozen", "half", "third",
                                                                 "quarter"):
            value, j = (12.0 if toks[j] == "dozen" else 1.0), j + 1
            if toks[j - 1] != "dozen":
                value = _SHARES[toks[j - 1]]
                out.append(Figure(value, _next_word(toks, j)))
                i = j
                continue
        if value is None:
            i += 1
            continue
        # "two thirds": a share
        if j < len(toks) and toks[j] in ("thirds", "quarters", "third", "quarter") and value < 5:
            out.append(Figure(value * _SHARES[toks[j]], _next_word(toks, j + 1)))
            i = j + 1
            continue
        while j < len(toks) and toks[j] in _SCALES:
            value *= _SCALES[toks[j]]
            j += 1
        if j < len(toks) and toks[j] == "%":
            out.append(Figure(value, "percent"))
            i = j + 1
            continue
        if j + 1 < len(toks) and toks[j] == "per" and toks[j + 1] == "cent":
            out.append(Figure(value, "percent"))
            i = j + 2
            continue
        out.append(Figure(value, _next_word(toks, j)))
        i = j
    return tuple(out)


def _next_word(toks: list[str], j: int) -> str:
    """The first content word from ``j`` on, within three tokens ("people", "of them")."""
    for t in toks[j:j + 3]:
        if t[0].isdigit() or t == "%":
            return ""
        if t not in STOP_WORDS and t not in _SCALES:
            return _lemma(t)
    return ""


def same_value(a: float, b: float) -> bool:
    """The same figure: equal up to 0.5% of the larger ("two-thirds" and 66.7 per cent,
    "1.8 million" and 1,800,000). Not wider: rival figures of one conflict can be close
    (850 and 800 injured; 2,700 and 2,750 tonnes)."""
    if a == b:
        return True
    hi = max(abs(a), abs(b))
    return hi > 0 and abs(a - b) <= 0.005 * hi


def claim_values(value: float, unit: str | None) -> tuple[float, ...]:
    """A claim's value as a plain number: the claims stage may keep the scale in the unit
    (7, "million"; 240, "USD billion"), a sentence writes "7 million" (7e6)."""
    words = re.findall(r"[a-z]+", (unit or "").lower())
    scale = next((_SCALES[w] for w in words if w in _SCALES and len(w) > 1), None)
    return (value, value * scale) if scale else (value,)


def states_value(text: str, value: float, word: str = "") -> bool:
    """``text`` writes ``value`` (with the counted ``word``, when given, as its next content
    word)."""
    w = _lemma(word) if word else ""
    return any(same_value(f.value, value) and (not w or f.word == w) for f in figures(text))
