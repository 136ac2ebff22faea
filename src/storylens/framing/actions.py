"""Actions of a story: words of the lexicon's action classes as each page writes them.

An action class (kill, arrest, resign, fine, ...) lists verb forms and event nouns,
neutral and loaded alike ("killed" / "massacred", "arrest" / "abduction"). Each match is a
mention of that class's referent in the story; auxiliaries before a verb stay in the term
("were killed"), and so does a loaded word before a noun ("terrorist attack"). Words inside
an actor mention ("emergency workers") are not actions.
"""

from __future__ import annotations

import bisect
import itertools

from storylens.deadline import checkpoint
from storylens.framing.actors import _match_at, _phrase_index
from storylens.framing.lexicon import Lexicon
from storylens.framing.terms import Mention, display, sentences
from storylens.records import Article

_AUX = frozenset({"has", "have", "had", "was", "were", "is", "are", "been", "be", "being",
                  "got", "get", "will", "would", "could", "can", "may", "might", "should",
                  "must"})


class _Spans:
    """Character spans that answer "does [s, e) overlap one of you?" in log time (a page that
    is one long line has thousands of actor spans: a scan per match was quadratic, issue 19)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]
        # the largest end among spans[:k+1]: spans can nest or overlap
        self.max_end = list(itertools.accumulate((e for _, e in self.spans), max))

    def overlaps(self, s: int, e: int) -> bool:
        k = bisect.bisect_left(self.starts, e) - 1  # the last span starting before e
        return k >= 0 and self.max_end[k] > s


def find_actions(
    arts: list[Article], lex: Lexicon, taken: dict[str, list[tuple[int, int]]]
) -> list[Mention]:
    """Action mentions (referent key ``action:<class>``) outside the actor spans ``taken``."""
    phrases: dict[str, str] = {}
    nouns: set[str] = set()
    for a in lex.actions:
        for v in a.words:
            phrases.setdefault(v, a.id)
        for n in a.nouns:
            phrases.setdefault(n, a.id)
            nouns.add(n)
    idx = _phrase_index(phrases)
    out: list[Mention] = []
    for art in arts:
        spans = _Spans(taken.get(art.id, []))
        for sent in sentences(art.text):
            checkpoint()  # storylens.deadline: the story's budget
            toks = sent.tokens
            i = 0
            while i < len(toks):
                m = _match_at(toks, i, idx)
                if m is None:
                    i += 1
                    continue
                j, aid = m
                s, e = toks[i].start, toks[j - 1].end
                if spans.overlaps(s, e):
                    i = j
                    continue
                phrase = " ".join(t.low for t in toks[i:j])
                k = i
                while k > 0 and i - k < 2 and toks[k - 1].low in _AUX and toks[k].joined:
                    k -= 1  # "were killed", "will appeal": a verb, whatever else it can be
                if k == i and phrase in nouns and k > 0 and toks[k].joined and (
                    lex.is_loaded_word(toks[k - 1].low)
                ):
                    k -= 1  # "terrorist attack"
                s = toks[k].start
                out.append(Mention(art.id, f"action:{aid}",
                                   display(sent.text[s:e], frozenset(), True), s, e,
                                   sent.string))
                i = j
    return out
