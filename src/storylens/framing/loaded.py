"""Loaded words said around a referent, outside the referent's own terms.

A page's judgement is often not in the name it gives an actor but in the words next to it:
"removed from office through a conspiracy", "the Easter bomb massacre". Each non-neutral
entry of the loaded-term lexicon that a sentence uses outside every kept mention becomes a
term of the kept referent mentioned nearest to it in that sentence, with the loaded word's
pre-modifiers ("a Western conspiracy"). Sentences that mention no kept referent add nothing:
the word is then about something the table does not show.
"""

from __future__ import annotations

import bisect
from collections import defaultdict

from storylens.deadline import checkpoint
from storylens.framing.actors import _modifiers_back
from storylens.framing.lexicon import Lexicon
from storylens.framing.terms import Mention, display, sentences
from storylens.records import Article


def _entries(lex: Lexicon) -> dict[tuple[str, ...], str]:
    """Non-neutral lexicon phrases as word tuples (plural forms included)."""
    out: dict[tuple[str, ...], str] = {}
    for phrase, cat in lex.loaded:
        if cat == "neutral" or phrase in lex.name_only:
            continue
        words = tuple(phrase.split())
        out.setdefault(words, cat)
        for suffix in ("s", "es"):
            out.setdefault((*words[:-1], words[-1] + suffix), cat)
    return out


def loaded_mentions(arts: list[Article], lex: Lexicon,
                    kept: list[Mention], max_words: int = 4) -> list[Mention]:
    """Mentions of loaded words, each given to the nearest kept referent of its sentence."""
    entries = _entries(lex)
    longest = max((len(w) for w in entries), default=0)
    by_article: dict[str, list[Mention]] = defaultdict(list)
    for m in kept:
        if m.start >= 0:
            by_article[m.article].append(m)
    out: list[Mention] = []
    for art in arts:
        ms = by_article.get(art.id)
        if not ms:
            continue
        # by start, for a bisect per sentence (a scan per sentence was quadratic on a page
        # that is one long line, issue 19); ``near`` keeps the kept order (ties of ``min``)
        order = sorted(range(len(ms)), key=lambda k: ms[k].start)
        starts = [ms[k].start for k in order]
        for sent in sentences(art.text):
            checkpoint()  # storylens.deadline: the story's budget
            lo = bisect.bisect_left(starts, sent.start)
            hi = bisect.bisect_left(starts, sent.end, lo)
            near = [ms[k] for k in sorted(order[lo:hi])]
            if not near:
                continue
            toks = sent.tokens
            i = 0
            while i < len(toks):
                hit = 0
                for n in range(min(longest, len(toks) - i), 0, -1):
                    if tuple(t.low for t in toks[i:i + n]) in entries:
                        hit = n
                        break
                if not hit:
                    i += 1
                    continue
                s, e = toks[i].start, toks[i + hit - 1].end
                if any(m.start < e and s < m.end for m in near):
                    i += hit
                    continue  # already inside a term of a kept referent
                k = max(_modifiers_back(toks, i, lex, limit=2), i + hit - max_words)
                s = toks[k].start
                ref = min(near, key=lambda m: min(abs(m.start - e), abs(s - m.end)))
                out.append(Mention(art.id, ref.referent,
                                   display(sent.text[s:e], frozenset(), False), s, e,
                                   sent.string))
                i += hit
    return out
