"""Finding referent terms in articles: lexicon patterns, agent roles, alignment substitutions.

Three sources of terms, in order:

1. lexicon patterns (per story slots filled, see :mod:`storylens.framing.lexicon`);
2. agent roles: the noun phrase doing an action ("captured by <NP>", "<NP> seized") is
   given to the actor referent that most often does that action in the story;
3. substitutions of aligned sentence pairs (provenance alignments): when one side's term
   contains a substituted word, the other side's counterpart phrase joins the same referent.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from storylens.framing.lexicon import Lexicon, ReferentClass, compile_patterns
from storylens.records import Article, Relation

_LEADING = re.compile(r"^(?:the|a|an|its|their|of)\s+", re.IGNORECASE)
_PROPER_MID = re.compile(r"(?<=[a-z,;:] )([A-Z][\w’'-]+)")


@dataclass(frozen=True, slots=True)
class Mention:
    article: str
    referent: str
    term: str  # display form
    start: int
    end: int


def article_text(article: Article) -> str:
    """Title and body, the text framing is read from (headlines frame too)."""
    return article.text


def proper_words(text: str) -> frozenset[str]:
    """Words written capitalised in mid-sentence somewhere in the text (names, not caps)."""
    return frozenset(m.group(1) for m in _PROPER_MID.finditer(text))


def display(surface: str, proper: frozenset[str], action: bool) -> str:
    """Normalise a matched term: one-line, no leading article, common words lower-cased."""
    term = " ".join(surface.replace("[", "").replace("]", "").split()).strip(" ,.;:()")
    term = _LEADING.sub("", term)
    if action:
        return term.lower()
    words = []
    for w in term.split(" "):
        parts = w.split("-")
        parts = [p if p in proper or p.isupper() else p.lower() for p in parts]
        if not parts[0] and len(parts) > 1:
            parts[0] = ""
        words.append("-".join(parts))
    return " ".join(words)


def _find(
    text: str, article: str, patterns: dict[str, list[re.Pattern[str]]]
) -> list[tuple[str, int, int]]:
    """Non-overlapping (referent, start, end) matches, longest first at each position."""
    hits: list[tuple[int, int, str]] = []
    for ref, pats in patterns.items():
        for pat in pats:
            for m in pat.finditer(text):
                if "t" in pat.groupindex and m.group("t") is not None:
                    s, e = m.span("t")
                else:
                    s, e = m.span()
                if e > s:
                    hits.append((s, e, ref))
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    out: list[tuple[str, int, int]] = []
    taken_end = -1
    for s, e, ref in sorted(hits, key=lambda h: (-(h[1] - h[0]), h[0])):
        if any(not (e <= os_ or s >= oe) for _, os_, oe in out):
            continue
        out.append((ref, s, e))
        taken_end = max(taken_end, e)
    return sorted(out, key=lambda h: h[1])


def _agent_regexes(
    referents: Iterable[ReferentClass], slots: dict[str, str]
) -> tuple[re.Pattern[str], re.Pattern[str]]:
    heads = sorted({h for r in referents for h in r.agent_heads}, key=len, reverse=True)
    head = "|".join(re.escape(h) for h in heads) or r"(?!x)x"
    np = (
        rf"(?:(?:(?-i:[A-Z])[\w’'-]*\s+){{0,3}}(?:{head})|{slots.get('LEADER', '(?!x)x')})"
    )
    before = re.compile(rf"({np})\s+(?:(?:has|have|had)\s+(?:been\s+)?)?$", re.IGNORECASE)
    after = re.compile(rf"^\s+by\s+(?:the\s+)?({np})\b", re.IGNORECASE)
    return before, after


def find_mentions(
    articles: Iterable[Article], lexicon: Lexicon, slots: dict[str, str],
    relations: Iterable[Relation] = (),
) -> list[Mention]:
    """All referent mentions in the story's articles (patterns, agent roles, substitutions)."""
    arts = list(articles)
    patterns = {r.id: compile_patterns(r, slots) for r in lexicon.referents}
    kinds = {r.id: r.kind for r in lexicon.referents}
    actors = [r for r in lexicon.referents if r.kind == "actor"]
    before, after = _agent_regexes(actors, slots)
    mentions: list[Mention] = []
    votes: dict[str, Counter[str]] = defaultdict(Counter)  # action -> actor referent votes
    unassigned: list[tuple[str, str, str, int, int]] = []  # action, article, term, s, e
    for art in arts:
        text = article_text(art)
        proper = proper_words(text)
        found = _find(text, art.id, patterns)
        spans = [(s, e, ref) for ref, s, e in found]
        for ref, s, e in found:
            action = kinds[ref] == "action"
            mentions.append(Mention(art.id, ref, display(text[s:e], proper, action), s, e))
        for ref, s, e in found:
            if kinds[ref] != "action":
                continue
            m_before = before.search(text[max(0, s - 80):s])
            m_after = after.search(text[e:e + 80])
            for m, off in ((m_before, max(0, s - 80)), (m_after, e)):
                if m is None:
                    continue
                ns, ne = m.start(1) + off, m.end(1) + off
                inside = [
                    r for (os_, oe, r) in spans if os_ < ne and oe > ns and kinds[r] == "actor"
                ]
                if inside:
                    votes[ref][inside[0]] += 1
                else:
                    unassigned.append((ref, art.id, display(text[ns:ne], proper, False), ns, ne))
    for act, art_id, term, s, e in unassigned:
        if votes[act]:
            actor, _ = votes[act].most_common(1)[0]
            mentions.append(Mention(art_id, actor, term, s, e))
    mentions.extend(_from_substitutions(arts, mentions, relations))
    return mentions


def _from_substitutions(
    arts: list[Article], mentions: list[Mention], relations: Iterable[Relation]
) -> list[Mention]:
    """Counterpart terms from aligned sentence pairs whose substitutions touch a term."""
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
    for ref, terms in list(by_article[src].items()):
        for term in list(terms):
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
                out.append(Mention(dst, ref, term_dst, -1, -1))
    return out
