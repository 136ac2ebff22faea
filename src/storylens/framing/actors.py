"""Actors of a story from its own pages: names, the groups they form, titles linked to names.

No tagger or NER model is installed (decision 0502); actors come from three readings of the
text, each with general word lists only (:mod:`storylens.framing.lexicon`):

1. name chunks: runs of capitalised words (with connectors such as "al-", "ten"); a word at
   the start of a sentence or in a title-case headline counts only if the story writes it
   capitalised mid-sentence elsewhere or wordfreq finds it rare as a common word. A chunk's
   name is what follows its last title word ("Peru's President Pedro Castillo" -> "Pedro
   Castillo"); a role noun before it ("coach Gervais Hakizimana", "longtime autocrat ...")
   and an apposition after it ("Evergrande, the property developer") belong to its terms.
2. group noun phrases headed by a word of a group class ("anti-government protesters",
   "Lebanese authorities", "extremist gunmen"), one referent per class and story.
3. descriptions ("the airline", "the prime minister", "the airline's CEO") linked to the
   entity that carries that word in its name, title or apposition, or kept on their own.

Names are clustered within the story: same name, a name inside a longer one ending alike
("Khan" / "Imran Khan"), an acronym of a name ("NAB" / "National Accountability Bureau").
Chunks seen mostly after a place preposition or place noun ("in Beirut", "the town of
Les Cayes") are places and are dropped; a country (CLDR names) is an actor only when it
acts ("India became ..."); a name with no actor cue that mostly qualifies a noun ("the
Grenfell Tower fire") is a thing (decision 0505).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from storylens.deadline import checkpoint
from storylens.framing.lexicon import Lexicon
from storylens.framing.terms import Sentence, Token, display, proper_words, sentences
from storylens.records import Article

_POSSESSIVE = re.compile(r"[’']s$", re.IGNORECASE)
_DETS = frozenset({"the", "a", "an", "its", "his", "her", "their", "our", "this", "that"})
_PRON_POSS = frozenset({"its", "his", "her", "their", "our"})
_NUMBER_WORDS = frozenset({
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "twenty", "thirty", "forty", "fifty", "hundred", "hundreds", "thousand",
    "thousands", "dozens", "dozen", "scores", "millions", "million", "tens", "several",
    "many", "numerous",
})
_QUALIFIERS = frozenset({"least", "more", "than", "about", "nearly", "over", "some", "around",
                         "almost", "up", "to", "at", "of", "an", "estimated"})
_ADJ_SUFFIX = re.compile(
    r"(?:al|ic|ive|ous|ist|ian|ese|ful|ary|ile|ish|less|ant|ent|ern|ed)$"
)
_SUBJECT_VERBS = frozenset({
    "said", "says", "told", "announced", "has", "have", "had", "is", "was", "were", "are",
    "will", "would", "added", "confirmed", "stated", "declared", "denied", "called", "urged",
    "warned", "ordered", "wrote", "tweeted", "insisted", "accused", "agreed", "decided",
})
# Common irregular past forms (general English): "India made history", "X became ...".
_IRREGULAR_PAST = frozenset({
    "made", "took", "became", "won", "lost", "sent", "gave", "began", "came", "went", "got",
    "left", "led", "held", "kept", "met", "paid", "put", "ran", "saw", "sought", "sold",
    "spoke", "stood", "struck", "told", "thought", "threw", "wrote", "fought", "brought",
    "bought", "chose", "drew", "fell", "flew", "grew", "knew", "rose", "shot", "set", "hit",
    "beat", "broke", "built", "caught", "dealt", "drove", "felt", "found", "heard", "hid",
    "hung", "laid", "lent", "meant", "overtook", "quit", "read", "said", "shut", "slid",
    "split", "spread", "swept", "taught", "tore", "understood", "withdrew", "woke", "wore",
})
_NOT_VERB_S = frozenset({"news", "series", "species", "is", "was", "has", "this", "its",
                         "us", "as", "less", "unless", "towards", "across", "plus", "thus"})


def _noun_after(toks: tuple[Token, ...], j: int, lex: Lexicon) -> bool:
    """Token j (right after a name) reads as the noun the name qualifies ("the Grenfell
    Tower fire", "Nobel Prize winners", "Evergrande shares"): a lower-case content word
    that is not verb-like. Titles and role nouns ("X spokesman") do not count."""
    t = toks[j]
    if t.cap or not t.text.isalpha() or t.low in _STOP or t.low in lex.titles:
        return False
    if t.low in lex.person_roles or t.low in lex.org_descriptors:
        return False
    return not t.low.endswith("ly") and not _verb_after(toks, j)


def _verb_after(toks: tuple[Token, ...], j: int) -> bool:
    """Token j (after a name) reads as the name's verb: an auxiliary or reporting verb, a
    past form in -ed, a third-person form in -s, an irregular past; an -ly adverb may come
    first ("India successfully landed"). Without a tagger this is a cue, not a parse."""
    t = toks[j]
    if t.cap:
        return False
    w = t.low
    if w.endswith("ly") and j + 1 < len(toks) and toks[j + 1].joined and not toks[j + 1].cap:
        w = toks[j + 1].low
    if w in _SUBJECT_VERBS or w in _IRREGULAR_PAST:
        return True
    if not w.isalpha() or len(w) < 4 or w in _STOP or w in _NOT_VERB_S:
        return False
    return w.endswith("ed") or (w.endswith("s") and not w.endswith("ss"))


_STOP = frozenset({
    "and", "or", "but", "the", "a", "an", "of", "in", "on", "at", "to", "for", "with", "by",
    "from", "as", "that", "which", "who", "whose", "is", "was", "were", "are", "be", "been",
    "has", "have", "had", "said", "says", "after", "before", "when", "while", "than", "into",
    "its", "his", "her", "their", "this", "these", "those", "it", "he", "she", "they", "not",
    "no", "all", "some", "most", "many", "more", "also", "only", "other", "such", "what",
})


_NATIONALITY = re.compile(r"(?:an|ese|ish|ic|i)$")


def _split_connector(word: str, lex: Lexicon) -> tuple[str, ...]:
    """"al-bashir" -> ("al", "bashir"); "turkey-russia" stays one word."""
    head, _, rest = word.partition("-")
    return (head, rest) if rest and head in lex.connectors else (word,)


def fold(word: str) -> str:
    """Case- and accent-folded word ("Karikó" -> "kariko")."""
    w = unicodedata.normalize("NFKD", word.casefold().replace("’", "'"))
    return "".join(c for c in w if not unicodedata.combining(c))


@dataclass
class Candidate:
    article: str
    start: int
    end: int
    term: str
    sentence: str
    key: str = ""  # group:<class> | role:<noun> | name (filled by clustering)
    core: tuple[str, ...] = ()  # folded name words (names only)
    role: str = ""  # descriptor head (descriptions only)
    kind: str = ""  # cue: person | organisation | government | armed group | ...
    roles: set[str] = field(default_factory=set)  # titles/role nouns said of this name
    alias: tuple[str, ...] = ()  # an acronym given in parentheses after the name
    place: bool = False
    subject: bool = False
    modifier: bool = False  # written as a possessive or joined to a following word
    adjunct: bool = False  # qualifies the noun after it ("the Grenfell Tower fire")
    acts: bool = False  # any verb-like word after it (broader than ``subject``)
    country: bool = False  # the name of a country (CLDR names, lexicon.countries)


def _is_name_word(tok: Token, first: bool, sent: Sentence, proper: frozenset[str],
                  lex: Lexicon, rare: dict[str, bool]) -> bool:
    if fold(tok.text) in lex.not_names or not tok.text[:1].isalpha():
        return False
    parts = tok.text.split("-")
    if parts[0].casefold() in lex.connectors and len(parts) > 1:
        tok_cap = parts[1][:1].isupper()
    else:
        tok_cap = tok.cap
    if not tok_cap:
        return False
    if first and tok.low in lex.titles and sent.tokens[1:2] and sent.tokens[1].cap:
        return True  # "Prime Minister Narendra Modi said ..." opening a sentence
    if first or sent.headline:
        base = _POSSESSIVE.sub("", tok.text)
        if base in proper or tok.text in proper:
            return True
        if base.isupper() and len(base) >= 2 and not sent.headline:
            return True
        if (fold(base),) in lex.countries:
            return True  # "Norway launched ...": a country's name is a name anywhere
        # a headline capitalises every word: only names seen mid-sentence count there
        return not sent.headline and rare.setdefault(base, _rare(base))
    return True


def _rare(word: str) -> bool:
    """A capitalised word at a sentence start is a name when the common word is rare."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word.casefold(), "en") < 3.0


def _chunks(sent: Sentence, proper: frozenset[str], lex: Lexicon,
            rare: dict[str, bool]) -> list[tuple[int, int]]:
    """[i, j) token ranges of name chunks, split after a possessive."""
    toks = sent.tokens
    out: list[tuple[int, int]] = []
    i = 0
    n = len(toks)
    while i < n:
        if not _is_name_word(toks[i], i == 0, sent, proper, lex, rare):
            i += 1
            continue
        j = i + 1
        while j < n:
            t = toks[j]
            gap = sent.text[toks[j - 1].end:t.start]
            if gap.strip(" -"):
                break  # punctuation between words ends a name
            if _POSSESSIVE.search(toks[j - 1].text):
                break
            if _is_name_word(t, False, sent, proper, lex, rare):
                j += 1
                continue
            nxt = toks[j + 1] if j + 1 < n else None
            if (t.low == "of" and nxt is not None and nxt.low == "the" and j + 2 < n
                    and toks[j + 2].cap and toks[j + 1].joined and toks[j + 2].joined
                    and toks[j - 1].low in lex.org_words | lex.gov_words):
                j += 3  # "the Federation of the Red Cross", "the Ministry of the Interior"
                continue
            if nxt is not None and nxt.cap and not sent.text[t.end:nxt.start].strip() and (
                t.low in lex.connectors
                or (t.low == "of" and toks[j - 1].low in (lex.org_words | lex.gov_words
                                                          | lex.titles))
                or (t.low == "for" and toks[j - 1].low in (lex.org_words | lex.gov_words))
                # "National League for Democracy", "Centers for Disease Control"
                or (t.low == "and" and any(x.low == "of" for x in toks[i + 1:j - 1])
                    and any(x.low in lex.org_words | lex.gov_words for x in toks[i:j]))
                # "Federation of Red Cross and Red Crescent Societies", "Ministry of
                # Foreign Affairs and Trade": an organisation's "of" part may hold an "and"
            ):
                j += 2
                continue
            break
        out.append((i, j))
        i = j
    return out


def _modifiers_back(toks: tuple[Token, ...], i: int, lex: Lexicon, limit: int = 2,
                    loose: bool = False) -> int:
    """Index of the first pre-modifier of the phrase starting at token i. ``loose``: any
    content word may modify (noun compounds such as "tech giant"), for phrases that are
    anchored by a determiner or a name."""
    k = i
    lower = 0
    while k > 0 and i - k < 4:
        t = toks[k - 1]
        low = t.low
        if not _joined(toks, k - 1, k):
            break
        if low in _STOP or not t.text[:1].isalpha():
            if low in _PRON_POSS:
                return k - 1
            break
        if any(ch.isdigit() for ch in low):
            break  # "An-32 military": a model number, not a modifier of the group
        if t.cap or _POSSESSIVE.search(t.text):
            k -= 1
            continue
        if lower >= limit:
            break
        if loose or "-" in low or lex.is_loaded_word(low) or (
            _ADJ_SUFFIX.search(low) and not low.endswith("ed")
        ) or low in ("longtime", "embattled", "armed", "suicide", "civilian", "top", "senior"):
            k -= 1
            lower += 1
            continue
        break
    return k


def _joined(toks: tuple[Token, ...], a: int, b: int) -> bool:
    """Adjacent tokens a, b are separated by spaces only (no comma, dash or bracket)."""
    return toks[b].joined


def _quantifier_back(toks: tuple[Token, ...], k: int) -> int:
    """Extend a phrase start over "at least 49", "thousands of", "tens of thousands of"."""
    j = k
    if j >= 1 and not toks[j].joined:
        return k
    if j >= 2 and toks[j - 1].low == "of" and toks[j - 2].low in _NUMBER_WORDS:
        j -= 2
    elif j >= 1 and (toks[j - 1].text[:1].isdigit() or toks[j - 1].low in _NUMBER_WORDS):
        j -= 1
    else:
        return k
    while j >= 1 and (toks[j - 1].low in _QUALIFIERS or toks[j - 1].low in _NUMBER_WORDS
                      or toks[j - 1].text[:1].isdigit()) and j > k - 6:
        j -= 1
    while j < k and toks[j].low in ("of", "to", "an"):
        j += 1
    return j


def _phrase_index(phrases: dict[str, str]) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """First word -> [(words, value)], longest first."""
    idx: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
    for p, v in phrases.items():
        words = tuple(p.split())
        idx[words[0]].append((words, v))
    for lst in idx.values():
        lst.sort(key=lambda x: -len(x[0]))
    return idx


def _match_at(toks: tuple[Token, ...], i: int,
              idx: dict[str, list[tuple[tuple[str, ...], str]]]) -> tuple[int, str] | None:
    for words, value in idx.get(toks[i].low, ()):
        if len(words) <= len(toks) - i and all(
            toks[i + k].low == w for k, w in enumerate(words)
        ):
            return i + len(words), value
    return None


def find_candidates(arts: list[Article], lex: Lexicon) -> list[Candidate]:
    """Every actor mention of the story's articles (names, groups, descriptions)."""
    story_text = "\n".join(a.text for a in arts)
    proper = proper_words(story_text)
    rare: dict[str, bool] = {}
    group_idx = _phrase_index({h: g.id for g in lex.groups for h in g.words})
    roles = lex.person_roles | lex.org_descriptors
    role_idx = _phrase_index({r: r for r in roles})
    out: list[Candidate] = []
    for art in arts:
        text = art.text
        for sent in sentences(text):
            checkpoint()  # storylens.deadline: the story's budget
            out.extend(_sentence_candidates(art.id, sent, proper, lex, rare, group_idx,
                                            role_idx))
    return out


def _sentence_candidates(
    aid: str, sent: Sentence, proper: frozenset[str], lex: Lexicon, rare: dict[str, bool],
    group_idx: dict[str, list[tuple[tuple[str, ...], str]]],
    role_idx: dict[str, list[tuple[tuple[str, ...], str]]],
) -> list[Candidate]:
    toks = sent.tokens
    text = sent.text
    s_text = sent.string
    role_words = lex.person_roles | lex.org_descriptors
    out: list[Candidate] = []
    taken = [False] * len(toks)
    group_heads: list[tuple[int, int, str]] = []
    i = 0
    while i < len(toks):
        m = _match_at(toks, i, group_idx)
        if m is None:
            i += 1
            continue
        j, gid = m
        nxt = _match_at(toks, j, group_idx) if j < len(toks) else None
        if nxt is not None and not text[toks[j - 1].end:toks[j].start].strip():
            i = j  # "extremist gunmen": the first head is a modifier of the second
            continue
        group_heads.append((i, j, gid))
        i = j
    for i, j, gid in group_heads:
        if j < len(toks) and toks[j].cap and not text[toks[j - 1].end:toks[j].start].strip():
            continue  # "Police Commissioner Mike Bush": part of a name
        k = _modifiers_back(toks, i, lex)
        k = _quantifier_back(toks, k)
        mods = {t.low for t in toks[k:i]}
        heads = {t.low for t in toks[i:j]}
        if gid == "armed forces" and (mods | heads) & {"government", "regime", "pro-government",
                                                       "pro-regime"}:
            gid = "government"
        if gid == "victims" and not toks[k:i] and heads == {"dead"}:
            continue
        s, e = toks[k].start, toks[j - 1].end
        out.append(Candidate(aid, s, e, display(text[s:e], proper, False), s_text,
                             key=f"group:{gid}"))
        for x in range(k, j):
            taken[x] = True
    for i, j in _chunks(sent, proper, lex, rare):
        if any(taken[i:j]):
            continue
        words = toks[i:j]
        low = [t.low for t in words]
        last_title = max((x for x, w in enumerate(low) if w in lex.titles), default=-1)
        core_toks = words[last_title + 1:]
        kind = "person" if last_title >= 0 else ""
        # a role noun written before the chunk ("coach X", "longtime autocrat X")
        start = i
        pre_roles: set[str] = set()
        if i > 0:
            m2 = None
            for back in (2, 1):
                if i - back >= 0:
                    m2 = _match_at(toks, i - back, role_idx)
                    if m2 is not None and m2[0] == i:
                        break
                    m2 = None
            if m2 is not None:
                role = m2[1]
                pre_roles.add(role)
                start = _modifiers_back(toks, i - len(role.split()), lex, loose=True)
                kind = kind or ("person" if role in lex.person_roles else "organisation")
        if start > 0 and toks[start - 1].low == "so-called":
            start -= 1
        s = toks[start].start
        e = words[-1].end
        if not core_toks:
            # a bare title ("Prime Minister", "the President"): a description
            role = " ".join(low[max(0, last_title - 1):last_title + 1]) if len(low) > 1 else low[0]
            role = role if role in lex.person_roles else low[last_title]
            out.append(Candidate(aid, s, e, display(text[s:e], proper, False), s_text,
                                 role=role, kind="person"))
            continue
        if len(words) == 1 and j < len(toks) and toks[j].joined and not toks[j].cap and (
            _NATIONALITY.search(words[0].text) and toks[j].low not in _SUBJECT_VERBS
        ):
            continue  # "Syrian troops", "Turkish officials": an adjective, not a name
        core = tuple(fold(_POSSESSIVE.sub("", t.text)) for t in core_toks)
        core = tuple(w for part in core for w in _split_connector(part, lex))
        cands_roles = set(pre_roles)
        if last_title >= 0:
            cands_roles.add(low[last_title])
            cands_roles.add(" ".join(low[max(0, last_title - 1):last_title + 1]))
        folded = set(core)
        if folded & lex.gov_words:
            kind = kind or "government"
        elif folded & lex.org_words:
            kind = kind or "organisation"
        place = start == i and _after_place_word(toks, i, lex)
        if i == 0 and len(words) == 1 and words[0].text.isupper() and j < len(toks) and (
            not toks[j].joined
        ):
            place = True  # a dateline: "GENEVA (AP) -"
        after = toks[j].low if j < len(toks) else ""
        alias: tuple[str, ...] = ()
        tail = text[e:e + 12]
        am = re.match(r"\s*\(([A-Z][A-Za-z]{1,7})\)", tail)
        if am:
            alias = (fold(am.group(1)),)
        modifier = bool(_POSSESSIVE.search(words[-1].text))
        adjunct = j < len(toks) and toks[j].joined and _noun_after(toks, j, lex)
        cand = Candidate(aid, s, e, display(text[s:e], proper, False), s_text, core=core,
                         kind=kind, roles=cands_roles, alias=alias, place=place,
                         subject=after in _SUBJECT_VERBS and j < len(toks) and toks[j].joined,
                         acts=j < len(toks) and toks[j].joined and _verb_after(toks, j),
                         modifier=modifier, adjunct=adjunct, country=core in lex.countries)
        # apposition: "X, the airline's CEO," / "X, the property developer"
        ap = re.match(
            r",\s+((?:the|a|an|its|his|her)\s+(?:[\w’'-]+\s+){0,4}?([\w’'-]+))(?=\s*[,.;]|"
            r"\s+(?:of|for|who|which|and|since|at)\b)", text[e:e + 90])
        if ap:
            head = ap.group(2).casefold()
            if ap.group(2)[:1].islower() and (
                head in role_words or head.rstrip("s") in role_words
            ):  # "X, the Soviet Union, and Y" is a list of names, not an apposition
                as_, ae = e + ap.start(1), e + ap.end(1)
                cand.roles.add(head)
                out.append(Candidate(aid, as_, ae, display(text[as_:ae], proper, False),
                                     s_text, core=core, kind=kind))
        out.append(cand)
        for x in range(i, j):
            taken[x] = True
    # descriptions: "the airline", "the prime minister", "the airline's CEO"
    for i in range(len(toks)):
        if taken[i]:
            continue
        m = _match_at(toks, i, role_idx)
        if m is None:
            continue
        j, role = m
        if any(taken[i:j]) or (j < len(toks) and toks[j].cap):
            continue
        k = _modifiers_back(toks, i, lex, loose=True)
        while k < i and k > 0 and toks[k - 1].low not in _DETS and not _POSSESSIVE.search(
            toks[k].text
        ):
            k += 1  # the loose modifiers must reach back to a determiner
        det = toks[k - 1].low if k > 0 else ""
        if det not in _DETS and not (k < i and _POSSESSIVE.search(toks[k].text)):
            continue
        if det in _PRON_POSS:
            k -= 1
        s, e = toks[k].start, toks[j - 1].end
        out.append(Candidate(aid, s, e, display(text[s:e], proper, False), s_text,
                             role=role, kind="person" if role in lex.person_roles
                             else "organisation"))
    return out


def _after_place_word(toks: tuple[Token, ...], i: int, lex: Lexicon) -> bool:
    """A place preposition up to two words before ("in Beirut", "in western Kenya",
    "across the Middle East"), or a place noun just before ("the town of Les Cayes",
    "commercial hub Yangon")."""
    if i >= 1 and toks[i].joined and not toks[i - 1].cap and (
        toks[i - 1].low in lex.place_nouns
        or (i >= 2 and toks[i - 1].low == "of" and toks[i - 1].joined
            and not toks[i - 2].cap and toks[i - 2].low in lex.place_nouns)
    ):
        return True
    for back in (1, 2, 3):
        k = i - back
        if k < 0 or not toks[k + 1].joined:
            return False
        if toks[k].low in lex.place_prepositions:
            return True
        if toks[k].cap or toks[k].low not in ("the", "northern", "southern", "eastern",
                                             "western", "central", "north", "south", "east",
                                             "west", "rural", "coastal"):
            return False
    return False


def _initials(core: tuple[str, ...]) -> str:
    return "".join(w[0] for w in core if w not in ("of", "for", "the", "and", "de") and w)


def cluster(cands: list[Candidate], lex: Lexicon) -> dict[str, list[Candidate]]:
    """Referent key -> mentions. Names are clustered, descriptions linked (see module doc)."""
    names = [c for c in cands if c.core]
    freq: Counter[tuple[str, ...]] = Counter(c.core for c in names)
    keys = sorted(freq, key=lambda k: (-len(k), -freq[k], k))
    parent = {k: k for k in keys}

    def find(x: tuple[str, ...]) -> tuple[str, ...]:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: tuple[str, ...], b: tuple[str, ...]) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            # the longer, more frequent name is the root
            parent[rb] = ra if (len(ra), freq[ra]) >= (len(rb), freq[rb]) else rb
            if parent[rb] != ra:
                parent[ra] = rb

    def content(k: tuple[str, ...]) -> set[str]:
        return {w for w in k if w not in lex.connectors and w not in lex.titles}

    aliases = {c.alias[0]: c.core for c in names if c.alias}
    for k in keys:
        checkpoint()  # quadratic in the story's distinct names
        ck = content(k)
        if not ck or k in lex.countries:
            continue  # "China" is not "China Evergrande", "Sweden" not "Nobel Assembly of Sweden"
        if len(k) == 1 and k[0] in aliases and aliases[k[0]] in parent:
            union(aliases[k[0]], k)
            continue
        best = None
        for other in keys:
            if other == k or len(other) <= len(k):
                continue
            co = content(other)
            if ck <= co and (other[-1] == k[-1] or len(k) == 1 or freq[other] >= freq[k]):
                if best is None or freq[other] > freq[best]:
                    best = other
            elif len(k) == 1 and len(k[0]) >= 2 and k[0] == _initials(other):
                best = best or other
        if best is not None and (len(k) > 1 or True):
            union(best, k)
    groups: dict[str, list[Candidate]] = defaultdict(list)
    for c in cands:
        if c.core:
            root = find(c.core)
            c.key = "name:" + " ".join(root)
        if c.key:
            groups[c.key].append(c)
    # roles said of each name, for linking descriptions
    role_of: dict[str, Counter[str]] = defaultdict(Counter)
    for key, cs in groups.items():
        if not key.startswith("name:"):
            continue
        for c in cs:
            for r in c.roles:
                role_of[key][r] += 1
            for w in c.core:
                role_of[key][w] += 1  # "airlines" in "Ethiopian Airlines"
            if c.country:
                role_of[key]["country"] += 1  # "the country" is the country named most
                role_of[key]["nation"] += 1
    for c in cands:
        if c.key or not c.role:
            continue
        r = c.role
        forms = {r, r + "s", r.rstrip("s")}
        best_key, best_n = "", 0
        for key, roles in role_of.items():
            n = sum(roles[f] for f in forms)
            if n > best_n or (n == best_n and n and len(groups[key]) > len(groups[best_key])):
                best_key, best_n = key, n
        c.key = best_key or f"role:{r}"
        groups[c.key].append(c)
    return dict(groups)


def actor_kind(key: str, cs: list[Candidate], lex: Lexicon) -> str:
    if key.startswith("group:"):
        gid = key.split(":", 1)[1]
        return next((g.kind for g in lex.groups if g.id == gid), "group of people")
    names = [c for c in cs if c.core]
    if names and sum(c.country for c in names) * 2 > len(names):
        return "country"
    kinds = Counter(c.kind for c in cs if c.kind)
    if kinds:
        return kinds.most_common(1)[0][0]
    words = key.split(":", 1)[1].split()
    return "person" if len(words) >= 2 else "country"


def keep_actor(key: str, cs: list[Candidate], country_min_acting: float = 0.25) -> bool:
    """Names must look like actors: not mostly after "in"/"to", and with some cue (a title,
    a role, an organisation word, several words, or a verb after them)."""
    if not key.startswith("name:"):
        return True
    names = [c for c in cs if c.core]
    if names and sum(c.place or c.modifier for c in names) * 2 >= len(names):
        return False  # mostly "in X", "X's ...", "X-based": a place or a qualifier
    if names and sum(c.country for c in names) * 2 > len(names):
        # a country is the setting of most stories; it is an actor when it acts
        # ("India became the fourth country to land ...")
        return sum(c.acts for c in names) >= country_min_acting * len(names)
    if any(c.kind or c.roles for c in cs):
        return True
    if names and sum(c.place or c.modifier or c.adjunct for c in names) * 2 >= len(names):
        return False  # a name without any actor cue, mostly qualifying a noun: a thing
    # no title, role or organisation word: it must act (a verb after it) more than once
    return sum(c.subject for c in cs) >= 2
