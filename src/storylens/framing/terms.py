"""Shared pieces of the framing stage: mentions, sentences and tokens (read with the one text
layer, :mod:`storylens.text`), term display, and counterpart terms carried across provenance
alignments."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from storylens.records import Article, Relation
from storylens.settings import FramingSettings
from storylens.text import sentence_spans, word_spans

_LEADING = re.compile(r"^(?:the|a|an|of)\s+", re.IGNORECASE)
_PROPER_MID = re.compile(r"(?<=[a-z,;:] )([A-Z][\w’'-]+)")


@dataclass(frozen=True, slots=True)
class Mention:
    article: str
    referent: str  # referent key within the story
    term: str  # display form
    start: int
    end: int
    sentence: str = ""  # the sentence the term was read in (evidence)


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int
    joined: bool = True  # only spaces between this token and the one before

    @property
    def low(self) -> str:
        return self.text.casefold().replace("’", "'")

    @property
    def cap(self) -> bool:
        return self.text[:1].isupper()


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str  # the article's whole text (offsets are into it)
    start: int
    end: int
    tokens: tuple[Token, ...]
    headline: bool  # title case: capitals there say nothing about names
    string: str  # the sentence's text with whitespace collapsed (computed once)


def article_text(article: Article) -> str:
    """Title and body, the text framing is read from (headlines frame too)."""
    return article.text


_MAX_SENTENCE_CHARS = FramingSettings().max_sentence_chars


def sentences(text: str, max_chars: int = _MAX_SENTENCE_CHARS) -> list[Sentence]:
    """Sentences of an article's text with their word tokens, both from the one text layer
    (:mod:`storylens.text`, decision 0608); a sentence longer than ``max_chars`` is read in
    pieces, so per-sentence work stays bounded (issue 19)."""
    out: list[Sentence] = []
    for s, e in sentence_spans(text, max_chars):
        found = word_spans(text[s:e])
        toks = tuple(
            Token(text[s + a:s + b], s + a, s + b,
                  k == 0 or not text[s + found[k - 1][1]:s + a].strip())
            for k, (a, b) in enumerate(found)
        )
        long_words = [t for t in toks if len(t.text) > 3 and t.text[:1].isalpha()]
        caps = sum(1 for t in long_words if t.cap)
        headline = len(long_words) >= 3 and caps >= 0.6 * len(long_words)
        out.append(Sentence(text, s, e, toks, headline, " ".join(text[s:e].split())))
    return out


def proper_words(text: str) -> frozenset[str]:
    """Words written capitalised in mid-sentence somewhere in the text (names, not caps)."""
    return frozenset(m.group(1) for m in _PROPER_MID.finditer(text))


def display(surface: str, proper: frozenset[str], action: bool) -> str:
    """Normalise a matched term: one-line, no leading article, common words lower-cased."""
    term = " ".join(surface.replace("[", "").replace("]", "").split()).strip(" ,.;:()\"“”")
    term = _LEADING.sub("", term)
    if action:
        return term.lower()
    words = []
    for w in term.split(" "):
        parts = w.split("-")
        parts = [p if p in proper or p.isupper() or (p[:1].isupper() and p.rstrip("’'s") in
                                                       proper) else p.lower() for p in parts]
        words.append("-".join(parts))
    return " ".join(words)


def from_substitutions(
    arts: list[Article], mentions: list[Mention], relations: Iterable[Relation]
) -> list[Mention]:
    """Counterpart terms from aligned sentence pairs whose substitutions touch a term
    (a spun copy's "Allied forces" for the original's "Syrian forces")."""
    ids = {a.id for a in arts}
    by_article: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for m in mentions:
        by_article[m.article][m.referent].add(m.term)
    out: list[Mention] = []
    for rel in relations:
        if rel.a not in ids or rel.b not in ids:
            continue
        for al in rel.alignments:
            for sub in al.substitutions:
                if len(sub) != 2:
                    continue
                x, y = sub
                for src, dst, src_text, dst_text, frm, to in (
                    (rel.a, rel.b, al.a_text, al.b_text, x, y),
                    (rel.b, rel.a, al.b_text, al.a_text, y, x),
                ):
                    out.extend(
                        _counterparts(src, dst, src_text, dst_text, frm, to, by_article)
                    )
    return out


def _counterparts(
    src: str, dst: str, src_text: str, dst_text: str, frm: str, to: str,
    by_article: dict[str, dict[str, set[str]]],
) -> list[Mention]:
    out: list[Mention] = []
    low_src, low_dst = src_text.casefold(), dst_text.casefold()
    frm_l, to_l = frm.casefold().strip(), to.casefold().strip()
    if not frm_l or not to_l or frm_l not in low_src or to_l not in low_dst:
        return out
    for ref, terms in sorted(by_article[src].items()):
        for term in sorted(terms):
            t = term.casefold()
            if t not in low_src or not re.search(rf"\b{re.escape(frm_l)}\b", t):
                continue
            counterpart = re.sub(rf"\b{re.escape(frm_l)}\b", to_l, t)
            pos = low_dst.find(counterpart)
            if pos < 0:
                continue
            surface = dst_text[pos:pos + len(counterpart)]
            term_dst = display(surface, proper_words(dst_text), False)
            if term_dst.casefold() not in {x.casefold() for x in by_article[dst][ref]}:
                by_article[dst][ref].add(term_dst)
                out.append(Mention(dst, ref, term_dst, -1, -1, " ".join(dst_text.split())))
    return out
