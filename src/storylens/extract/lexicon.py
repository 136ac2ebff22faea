"""The boilerplate/teaser pattern lexicon (data/extract_boilerplate.toml), compiled.

The lexicon is loaded from the path in ``ExtractSettings.lexicon`` and passed explicitly to the
functions that need it (no module-level cache: a worker loads it once per call of ``extract``,
which costs ~1 ms).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Lexicon:
    line: tuple[re.Pattern[str], ...]
    section_header: tuple[re.Pattern[str], ...]
    promo_sentence: tuple[re.Pattern[str], ...]
    credit: tuple[re.Pattern[str], ...]
    caption_cue: tuple[re.Pattern[str], ...]
    comments_start: tuple[re.Pattern[str], ...] = ()
    bio_header: tuple[re.Pattern[str], ...] = ()
    credit_weak: tuple[re.Pattern[str], ...] = ()
    error_page: tuple[re.Pattern[str], ...] = ()
    paywall: tuple[re.Pattern[str], ...] = ()
    consent_wall: tuple[re.Pattern[str], ...] = ()

    def is_boilerplate(self, text: str) -> bool:
        return any(p.search(text) for p in self.line)

    def is_section_header(self, text: str) -> bool:
        return any(p.search(text) for p in self.section_header)

    def is_comments_start(self, text: str) -> bool:
        return len(text) <= 160 and any(p.search(text) for p in self.comments_start)

    def is_bio_header(self, text: str) -> bool:
        return len(text) <= 60 and any(p.search(text) for p in self.bio_header)

    def is_promo(self, sentence: str) -> bool:
        return any(p.search(sentence) for p in self.promo_sentence)

    def is_credit(self, text: str) -> bool:
        return len(text) <= 120 and any(p.search(text) for p in self.credit)

    def is_weak_credit(self, text: str) -> bool:
        return len(text) <= 80 and any(p.search(text) for p in self.credit_weak)

    def has_caption_cue(self, text: str) -> bool:
        return any(p.search(text) for p in self.caption_cue)

    def non_article_kind(self, text: str) -> str | None:
        """"error page", "paywall stub" or "cookie or consent wall" when ``text`` (one
        paragraph of at most 400 chars) reads as that kind of page's text, else None."""
        if len(text) > 400:
            return None
        for kind, patterns in (("error page", self.error_page), ("paywall stub", self.paywall),
                               ("cookie or consent wall", self.consent_wall)):
            if any(p.search(text) for p in patterns):
                return kind
        return None


def _compile(patterns: list[str], flags: int) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, flags) for p in patterns)


def load_lexicon(path: str | Path) -> Lexicon:
    """Read and compile the TOML lexicon at ``path`` (see data/extract_boilerplate.toml)."""
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    ci = re.IGNORECASE
    return Lexicon(
        line=_compile(data.get("line", []), ci),
        section_header=_compile(data.get("section_header", []), ci),
        promo_sentence=_compile(data.get("promo_sentence", []), ci),
        # credit patterns rely on capitals (agency codes), so the first is case-sensitive
        credit=_compile(data.get("credit", [])[:1], 0)
        + _compile(data.get("credit", [])[1:], ci),
        caption_cue=_compile(data.get("caption_cue", []), ci),
        comments_start=_compile(data.get("comments_start", []), ci),
        bio_header=_compile(data.get("bio_header", []), ci),
        credit_weak=_compile(data.get("credit_weak", []), ci),
        error_page=_compile(data.get("error_page", []), ci),
        paywall=_compile(data.get("paywall", []), ci),
        consent_wall=_compile(data.get("consent_wall", []), ci),
    )
