"""The framing lexicon (src/storylens/data/framing_lexicon.toml) and its per-story compilation.

Referent classes carry regex patterns with placeholders ({GOV}, {LEADER}, {MOD}) that are
filled per story from the story's own text: the government named most often in
"<Country> government|regime", and that government's leader from "<Country> President <Name>"
and "<Name> regime". Nothing story-specific lives in code or lexicon.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CATEGORIES: tuple[str, ...] = ("delegitimising", "legitimising", "neutral")
_NEVER = r"(?!x)x"
_MOD = (
    r"(?:(?:pro-)?(?-i:[A-Z])[\w]*-(?:backed|led|allied|aligned|supported|affiliated)"
    r"|pro-(?-i:[A-Z])\w+)"
)
_NOT_COUNTRY = frozenset(
    (
        "The", "A", "An", "This", "That", "Its", "Their", "His", "Her", "Our", "New", "Interim",
        "Transitional", "Federal", "Central", "National", "Local", "Former", "Current",
        "Previous", "Military", "Islamic",
    )
)
_GOV_ANCHOR = re.compile(
    r"\[?\b([A-Z][a-z]{2,})\]?(?:[’']s)? (?:government|regime)\b"
)
_PRESIDENT = (
    r"\b{gov} (?:President|Prime Minister|leader|ruler) "
    r"((?:[A-Z][\w]*[ -]){{0,3}}(?:[Aa]l[- ])?[A-Z][\w]+)"
)


class LexiconError(ValueError):
    """The lexicon file is missing or malformed."""


@dataclass(frozen=True, slots=True)
class ReferentClass:
    id: str
    label: str
    kind: str  # actor | action
    patterns: tuple[str, ...]
    agent_heads: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Lexicon:
    referents: tuple[ReferentClass, ...]
    loaded: tuple[tuple[str, str], ...]  # (phrase, category), longest phrase first

    def category(self, term: str) -> str | None:
        """The category of a term: a non-neutral entry it contains wins over a neutral one."""
        found: list[str] = []
        low = term.casefold().replace("’", "'")
        for phrase, cat in self.loaded:
            if re.search(rf"\b{re.escape(phrase)}(?:s|es)?\b", low):
                found.append(cat)
        for cat in ("delegitimising", "legitimising", "neutral"):
            if cat in found:
                return cat
        return None


def load_lexicon(path: str | Path) -> Lexicon:
    """Read and check the lexicon TOML file."""
    try:
        data: dict[str, Any] = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise LexiconError(f"cannot read framing lexicon {path}: {exc}") from exc
    refs: list[ReferentClass] = []
    for r in data.get("referents", []):
        try:
            refs.append(
                ReferentClass(
                    id=str(r["id"]), label=str(r.get("label", r["id"])),
                    kind=str(r.get("kind", "actor")),
                    patterns=tuple(str(p) for p in r["patterns"]),
                    agent_heads=tuple(str(h) for h in r.get("agent_heads", ())),
                )
            )
        except (KeyError, TypeError) as exc:
            raise LexiconError(f"bad referent entry in {path}: {r!r}") from exc
    loaded: list[tuple[str, str]] = []
    for cat, phrases in data.get("loaded", {}).items():
        if cat not in CATEGORIES:
            raise LexiconError(f"unknown loaded-term category {cat!r} in {path}")
        loaded.extend((str(p).casefold(), cat) for p in phrases)
    loaded.sort(key=lambda x: -len(x[0]))
    return Lexicon(tuple(refs), tuple(loaded))


def _forms(word: str) -> str:
    """Regex for a country word and its relatives: Syrian -> Syria, Syrian, Syria's."""
    stem = re.sub(r"(?:ian|an|n|ish|ese|i)$", "", word)
    if len(stem) < 4:
        stem = word
    return rf"\b(?-i:{re.escape(stem)})[a-z]*(?:[’']s)?"


def story_slots(texts: Iterable[str]) -> dict[str, str]:
    """Fill {GOV}, {LEADER}, {MOD} for one story from its texts.

    GOV: the capitalised word most often right before "government"/"regime" that is not a
    leader's name; LEADER: names after "<GOV> President" and names before "regime" that are
    not the country. Unknown slots match nothing.
    """
    texts = list(texts)
    anchors: Counter[str] = Counter()
    for t in texts:
        anchors.update(w for w in _GOV_ANCHOR.findall(t) if w not in _NOT_COUNTRY)
    slots = {"MOD": _MOD, "GOV": _NEVER, "LEADER": _NEVER}
    if not anchors:
        return slots
    # A country adjective also appears as "<Country> President/army/forces"; a leader name
    # does not: prefer anchors that appear before such a word.
    def country_score(w: str) -> tuple[int, int]:
        as_country = sum(
            len(re.findall(rf"\b{re.escape(w)} (?:President|army|forces|troops|people)\b", t))
            for t in texts
        )
        return (1 if as_country else 0, anchors[w])

    gov = max(anchors, key=country_score)
    gov_re = _forms(gov)
    slots["GOV"] = rf"(?:{gov_re})"
    surnames: Counter[str] = Counter()
    pres = re.compile(_PRESIDENT.format(gov=gov_re))
    for t in texts:
        for name in pres.findall(t):
            surnames[name.split()[-1].split("-")[-1]] += 1
    for w, n in anchors.items():
        if w != gov and not re.match(gov_re, w) and re.search(
            rf"\b{re.escape(w)} regime\b", " ".join(texts)
        ):
            surnames[w] += n
    if surnames:
        names = "|".join(re.escape(s) for s, _ in surnames.most_common(3))
        slots["LEADER"] = rf"(?:(?-i:[A-Z]\w+ )?(?:al[- ])?(?-i:{names})\b)"
    return slots


def compile_patterns(ref: ReferentClass, slots: dict[str, str]) -> list[re.Pattern[str]]:
    """The referent's patterns with the story's slots filled in."""
    out: list[re.Pattern[str]] = []
    for p in ref.patterns:
        filled = p
        for key, value in slots.items():
            filled = filled.replace("{" + key + "}", value)
        try:
            out.append(re.compile(filled, re.IGNORECASE))
        except re.error as exc:
            raise LexiconError(f"bad pattern for {ref.id!r}: {p!r}: {exc}") from exc
    return out
