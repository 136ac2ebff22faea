"""The claims lexicon (number words, qualifiers, reporting verbs, synonym classes).

Loaded from the TOML file named by ``ClaimSettings.lexicon`` into one frozen object that is
passed down explicitly (no module-level cache).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storylens.settings import ClaimSettings


@dataclass(frozen=True, slots=True)
class Lexicon:
    units: dict[str, int]
    tens: dict[str, int]
    scales: dict[str, int]
    vague: frozenset[str]
    qualifiers: dict[str, str]  # phrase -> canonical qualifier
    attribution_verbs: frozenset[str]
    attribution_prefixes: tuple[str, ...]
    pronouns: frozenset[str]
    unit_classes: dict[str, str]  # lemma -> class
    event_classes: dict[str, str]  # word or phrase -> class
    stop: frozenset[str]
    time_units: frozenset[str]
    ignore_units: frozenset[str]
    estimate_verbs: frozenset[str] = frozenset()
    estimate_nouns: frozenset[str] = frozenset()
    organisation_heads: frozenset[str] = frozenset()
    unspecific_heads: frozenset[str] = frozenset()
    unspecific_modifiers: frozenset[str] = frozenset()
    update_verbs: frozenset[str] = frozenset()
    change_words: frozenset[str] = frozenset()  # "<word> by N": N is a difference
    shock_words: frozenset[str] = frozenset()  # "aftershock": not the main quake
    # Calendar words for date anchors (decision 0404): name -> month 1..12 / weekday 0..6.
    months: dict[str, int] = field(default_factory=dict)
    weekdays: dict[str, int] = field(default_factory=dict)
    today_words: tuple[str, ...] = ()
    year_not_after: frozenset[str] = frozenset()
    # Money and percentages (decision 0406): currency symbol/code/word -> ISO code, glued
    # scale suffixes, percent and percentage-point words, what a figure measures.
    currency_symbols: dict[str, str] = field(default_factory=dict)
    currency_codes: frozenset[str] = frozenset()
    currency_words: dict[str, str] = field(default_factory=dict)
    currency_scaled_only: dict[str, str] = field(default_factory=dict)
    glued_scales: dict[str, int] = field(default_factory=dict)
    percent_words: tuple[str, ...] = ()
    point_words: tuple[str, ...] = ()
    measure_classes: dict[str, str] = field(default_factory=dict)  # word or phrase -> class
    scope_words: tuple[str, ...] = ()
    growing_events: frozenset[str] = frozenset()
    baseline_before: tuple[str, ...] = ()
    # Issue 14: physical units (phrase -> (kind, factor to the kind's base unit)), ordinal
    # words, fraction phrases (share in percent) and clock zones.
    physical: dict[str, tuple[str, float]] = field(default_factory=dict)
    ordinals: dict[str, int] = field(default_factory=dict)
    fractions: dict[str, float] = field(default_factory=dict)
    clock_zones: dict[str, str] = field(default_factory=dict)

    @property
    def event_phrases(self) -> list[tuple[str, str]]:
        """Multi-word event entries ("lost their lives", "taken out"), longest first."""
        return sorted(((p, c) for p, c in self.event_classes.items() if " " in p),
                      key=lambda pc: -len(pc[0]))

    def number_word(self, word: str) -> int | None:
        """Value of one number word ("thirteen", "twenty-five"), else None."""
        w = word.lower()
        if w in self.units:
            return self.units[w]
        if w in self.tens:
            return self.tens[w]
        if "-" in w:
            a, _, b = w.partition("-")
            if a in self.tens and b in self.units and self.units[b] < 10:
                return self.tens[a] + self.units[b]
        return None

    def unit_class(self, noun_phrase: str | None) -> str | None:
        """Synonym class of a counted-noun phrase ("Turkish soldiers" -> "military")."""
        if not noun_phrase:
            return None
        words = [w for w in re.split(r"[\s]+", noun_phrase.lower()) if w]
        # The head noun is the last word; "towns and villages" -> first conjunct's class
        # when both conjuncts share it.
        heads = [words[-1]]
        if "and" in words:
            heads.append(words[words.index("and") - 1])
        classes = set()
        for head in heads:
            lemma = lemmatise(head)
            classes.add(self.unit_classes.get(head, self.unit_classes.get(lemma, lemma)))
        return sorted(classes)[0] if len(classes) == 1 else "+".join(sorted(classes))

    def event_class(self, word: str) -> str | None:
        return self.event_classes.get(word.lower())


def lemmatise(word: str) -> str:
    """Crude English plural folding ("villages" -> "village", "cities" -> "city")."""
    w = word.lower().strip(".,;:'\"")
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith(("ches", "shes", "sses", "xes")):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def load_lexicon(settings: ClaimSettings | None = None) -> Lexicon:
    """Read the lexicon file named in the settings (defaults when ``settings`` is None)."""
    settings = settings or ClaimSettings()
    data: dict[str, Any] = tomllib.loads(Path(settings.lexicon).read_text(encoding="utf-8"))
    nums = data["numbers"]
    att = data["attribution"]
    unit_classes: dict[str, str] = {}
    for cls, words in data["unit_classes"].items():
        for w in words:
            unit_classes[w] = cls
            unit_classes[lemmatise(w)] = cls
    event_classes: dict[str, str] = {}
    for cls, words in data["event_classes"].items():
        for w in words:
            event_classes[w] = cls
    phrase = data["phrase"]
    dates: dict[str, Any] = data.get("dates", {})
    money: dict[str, Any] = data.get("money", {})
    percent: dict[str, Any] = data.get("percent", {})
    scope: dict[str, Any] = data.get("scope", {})
    measure_classes = {w: cls for cls, words in data.get("measure_classes", {}).items()
                       for w in words}

    def longest_first(words: Any) -> tuple[str, ...]:
        return tuple(sorted(words, key=lambda w: (-len(w), w)))
    return Lexicon(
        units=dict(nums["units"]), tens=dict(nums["tens"]), scales=dict(nums["scales"]),
        vague=frozenset(nums["vague"]), qualifiers=dict(data["qualifiers"]),
        attribution_verbs=frozenset(att["verbs"]), attribution_prefixes=tuple(att["prefixes"]),
        pronouns=frozenset(att["pronouns"]), unit_classes=unit_classes,
        event_classes=event_classes, stop=frozenset(phrase["stop"]),
        time_units=frozenset(phrase["time_units"]),
        ignore_units=frozenset(phrase["ignore_units"]),
        estimate_verbs=frozenset(att.get("estimate_verbs", ())),
        estimate_nouns=frozenset(att.get("estimate_nouns", ())),
        organisation_heads=frozenset(att.get("organisation_heads", ())),
        unspecific_heads=frozenset(att.get("unspecific_heads", ())),
        unspecific_modifiers=frozenset(att.get("unspecific_modifiers", ())),
        update_verbs=frozenset(phrase.get("update_verbs", ())),
        change_words=frozenset(phrase.get("change_words", ())),
        shock_words=frozenset(phrase.get("shock_words", ())),
        months=dict(dates.get("months", {})), weekdays=dict(dates.get("weekdays", {})),
        today_words=tuple(dates.get("today", ())),
        year_not_after=frozenset(dates.get("year_not_after", ())),
        currency_symbols=dict(money.get("symbols", {})),
        currency_codes=frozenset(money.get("codes", ())),
        currency_words=dict(money.get("words", {})),
        currency_scaled_only=dict(money.get("scaled_only", {})),
        glued_scales=dict(money.get("glued_scales", {})),
        percent_words=longest_first(percent.get("words", ())),
        point_words=longest_first(percent.get("point_words", ())),
        measure_classes=measure_classes,
        scope_words=longest_first(scope.get("words", ())),
        growing_events=frozenset(scope.get("growing_events", ())),
        baseline_before=longest_first(scope.get("baseline_before", ())),
        physical={k: (str(v[0]), float(v[1])) for k, v in data.get("physical", {}).items()},
        ordinals=dict(data.get("ordinals", {}).get("words", {})),
        fractions={k: float(v) for k, v in data.get("fractions", {}).get("words", {}).items()},
        clock_zones=dict(data.get("clock", {}).get("zones", {})),
    )
