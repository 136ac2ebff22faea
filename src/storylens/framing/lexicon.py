"""The framing lexicon (src/storylens/data/framing_lexicon.toml): general word lists.

Nothing in it is about one story: title words, role nouns and organisation designators that
tell what kind of name a capitalised chunk is; classes of group nouns (protesters /
demonstrators / rioters) and of action words (killed / died / massacred) that name the same
referent with different stance; and loaded terms by category. Which actors and actions a
story has comes from its pages (:mod:`storylens.framing.actors`, :mod:`.actions`).
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CATEGORIES: tuple[str, ...] = ("delegitimising", "legitimising", "neutral")


class LexiconError(ValueError):
    """The lexicon file is missing or malformed."""


@dataclass(frozen=True, slots=True)
class WordClass:
    """A group-noun class (kind: government, armed group, ...) or an action class."""

    id: str
    kind: str
    words: tuple[str, ...]  # group heads, or action verbs
    nouns: tuple[str, ...] = ()  # action nouns


@dataclass(frozen=True, slots=True)
class Lexicon:
    titles: frozenset[str]
    person_roles: frozenset[str]
    org_words: frozenset[str]
    gov_words: frozenset[str]
    org_descriptors: frozenset[str]
    connectors: frozenset[str]
    place_prepositions: frozenset[str]
    not_names: frozenset[str]
    place_nouns: frozenset[str]
    countries: frozenset[tuple[str, ...]]  # folded words of country names (CLDR, via Babel)
    groups: tuple[WordClass, ...]
    actions: tuple[WordClass, ...]
    loaded: tuple[tuple[str, str], ...]  # (phrase, category), longest phrase first
    name_only: frozenset[str] = frozenset()  # loaded only inside a referent's own term

    def category(self, term: str) -> str | None:
        """The category of a term: a non-neutral entry it contains wins over a neutral one."""
        found: set[str] = set()
        low = term.casefold().replace("’", "'")
        for phrase, cat in self.loaded:
            if re.search(rf"(?<![\w-]){re.escape(phrase)}(?:s|es)?(?![\w-])", low):
                found.add(cat)
        for cat in CATEGORIES:
            if cat in found:
                return cat
        return None

    def is_loaded_word(self, word: str) -> bool:
        """A single word that is a non-neutral lexicon entry ("terrorist", "so-called")."""
        w = word.casefold()
        return any(p == w and c != "neutral" for p, c in self.loaded)


def country_names() -> frozenset[tuple[str, ...]]:
    """Folded words of the English names of the world's countries and territories, from the
    Unicode CLDR data that Babel ships (``Locale("en").territories``; Babel is installed with
    trafilatura). "Myanmar (Burma)" gives both names; "Hong Kong SAR China" gives "Hong
    Kong"; region groupings ("European Union", "United Nations") are not countries. Empty
    when Babel is missing: countries are then judged by the place cues alone."""
    try:
        from babel import Locale
    except ImportError:  # pragma: no cover - Babel comes with trafilatura
        return frozenset()
    out: set[tuple[str, ...]] = set()
    for code, name in Locale("en").territories.items():
        if len(code) != 2 or not code.isalpha() or code in ("EU", "EZ", "UN", "XA", "XB", "ZZ"):
            continue
        for part in re.split(r"\s*[()]\s*|\s+SAR\s+.*$|\s+-\s+.*$", str(name)):
            part = part.replace("&", "and").replace("St.", "Saint").strip()
            if part:
                out.add(tuple(_fold(w) for w in part.split()))
    return frozenset(out)


def _fold(word: str) -> str:
    w = unicodedata.normalize("NFKD", word.casefold().replace("’", "'"))
    return "".join(c for c in w if not unicodedata.combining(c))


def _words(data: dict[str, Any], key: str) -> frozenset[str]:
    return frozenset(str(w).casefold() for w in data.get(key, ()))


def load_lexicon(path: str | Path) -> Lexicon:
    """Read and check the lexicon TOML file."""
    try:
        data: dict[str, Any] = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise LexiconError(f"cannot read framing lexicon {path}: {exc}") from exc
    names = data.get("names", {})
    groups: list[WordClass] = []
    actions: list[WordClass] = []
    try:
        for g in data.get("groups", []):
            groups.append(WordClass(str(g["id"]), str(g.get("kind", "group of people")),
                                    tuple(str(h).casefold() for h in g["heads"])))
        for a in data.get("actions", []):
            actions.append(WordClass(str(a["id"]), "action",
                                     tuple(str(v).casefold() for v in a.get("verbs", ())),
                                     tuple(str(n).casefold() for n in a.get("nouns", ()))))
    except (KeyError, TypeError) as exc:
        raise LexiconError(f"bad group or action entry in {path}: {exc}") from exc
    loaded: list[tuple[str, str]] = []
    name_only = frozenset(str(p).casefold() for p in data.get("loaded", {}).get("name_only", ()))
    for cat, phrases in data.get("loaded", {}).items():
        if cat == "name_only":
            continue
        if cat not in CATEGORIES:
            raise LexiconError(f"unknown loaded-term category {cat!r} in {path}")
        loaded.extend((str(p).casefold(), cat) for p in phrases)
    loaded.sort(key=lambda x: -len(x[0]))
    return Lexicon(
        titles=_words(names, "titles"), person_roles=_words(names, "person_roles"),
        org_words=_words(names, "org_words"), gov_words=_words(names, "gov_words"),
        org_descriptors=_words(names, "org_descriptors"),
        connectors=_words(names, "connectors"),
        place_prepositions=_words(names, "place_prepositions"),
        not_names=_words(names, "not_names"), place_nouns=_words(names, "place_nouns"),
        countries=country_names() | {tuple(_fold(w) for w in str(c).split())
                                     for c in names.get("countries_extra", ())},
        groups=tuple(groups), actions=tuple(actions),
        loaded=tuple(loaded), name_only=name_only,
    )
