"""Machine-spun score per article: evidence from the text alone and from aligned siblings.

Text alone (``text_evidence``), high precision first:

- **tortured collocations**: a frequent newswire collocation with one word swapped for a
  thesaurus synonym ("news office" for "news agency"), from the documented lexicon
  ``data/spin_lexicon.toml`` (weight 1);
- **duplicated coordinated nouns** "X and X" / "X or X" ("13 cities and cities": a spinner
  swapped "towns and villages" into the same word twice), minus the idioms honest writers use
  ("more and more", "again and again", comparatives, "years and years") (weight 1);
- **spinner vocabulary** from the lexicon's ``[words]`` ("locale" for "region") (weight 0.5);
- **spelled-out durations** above ten ("fourteen days" for "two weeks") (weight 0.5).

Against the pile (``name_swap_evidence``): a fixed capitalised name with one ordinary word
swapped for another ("Downing Avenue" where the other pages write "Downing Street"), weight 1.

With a reworded sibling (``reworded_evidence``): when the derivation chain between two pages
is reworded sentence by sentence (machine paraphrase, translation round trip, heavy spin; see
:func:`storylens.provenance.relate.reworded`), the side judged to be the copy gets every
phrase it substituted ("squeeze gathering (sibling: press conference)"), weight 0.5 each.

With siblings (``sibling_evidence``): one-word swaps between an aligned sentence pair where
this article's word is much rarer than the sibling's (zipf gap), or where the swap turns a
lexicon collocation into its tortured form. Spinners pick rarer synonyms; an editor's
rewording goes either way. The evidence phrase is the swapped word with one neighbour on each
side, verbatim from this article.

Score: ``1 - exp(-total_weight / 2)``; labelled spun when the score reaches
``spin_label_threshold`` with at least ``spin_min_evidence`` distinct phrases, so one odd
phrase in an honest article never labels it (precision first: a false "spun" on an honest
outlet is the worst error here); twice as many when all evidence comes from sibling swaps.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from storylens.provenance.text import Sentence, WordStats, content_swap, norm, wordset
from storylens.records import Alignment, SpinAssessment
from storylens.settings import ProvenanceSettings

# Idiomatic repetitions ("more and more", "on and on"), not spinner artifacts.
_REPEAT_OK = wordset(
    "more less again over on round through by up down out in back forth and or few many "
    "years months weeks days hours minutes miles times bigger smaller faster slower better "
    "worse higher lower closer further louder stronger longer shorter now then here there "
    "this that yes no so very little ha ho bye please step side neck lots tons loads heaps "
    "thousands hundreds millions billions dozens rows piles others"
)
_REPEAT = re.compile(r"(?<![\w-])(\w+)\s+(and|or)\s+(\w+)(?![\w-])", re.IGNORECASE)
_QUANTIFIERS = wordset(
    "two three four five six seven eight nine ten eleven twelve dozens hundreds thousands "
    "several many some numerous various"
)
_WORD = re.compile(r"\w+")
# A spelled-out number above ten before a time unit ("fourteen days" for "two weeks"): news
# style writes 14 days; spinners rewrite durations word by word. Weak: 10 of 1,381 dragnet
# texts have one (mostly "twelve months", "thirty minutes").
_SPELLED_DURATION = re.compile(
    r"(?<![\w-])(?:eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|"
    r"nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?\s+"
    r"(?:days|weeks|months|hours|minutes|seconds)(?![\w-])"
)
_PREV_WORD = re.compile(r"([\w’'-]+)\W*$")


@dataclass(frozen=True, slots=True)
class Evidence:
    phrase: str  # verbatim snippet of the article text
    weight: float
    kind: str  # collocation | repeat | word | sibling
    key: str = ""  # what makes two findings the same artifact (default: the phrase)


@dataclass(frozen=True, slots=True)
class SpinLexicon:
    """Compiled spin lexicon: tortured variants (token tuples -> canonical), spinner words."""

    variants: Mapping[tuple[str, ...], str]
    words: Mapping[str, str]
    canonical_pairs: frozenset[tuple[str, str]]  # (canonical word, spun word) swaps
    max_len: int = 1


def _words(phrase: str) -> tuple[str, ...]:
    return tuple(w for w in re.split(r"[\s-]+", phrase.strip().lower()) if w)


def load_lexicon(path: str | Path) -> SpinLexicon:
    """Read the spin lexicon TOML (see ``data/spin_lexicon.toml`` for its format)."""
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    variants: dict[tuple[str, ...], str] = {}
    pairs: set[tuple[str, str]] = set()
    for canonical, spun in data.get("collocations", {}).items():
        c_words = _words(canonical)
        for variant in spun:
            v_words = _words(variant)
            variants[v_words] = canonical
            if len(v_words) == len(c_words):
                pairs.update((c, v) for c, v in zip(c_words, v_words, strict=True) if c != v)
    words = {k.lower(): str(v) for k, v in data.get("words", {}).items()}
    pairs.update((v.lower(), k) for k, v in words.items())
    max_len = max((len(v) for v in variants), default=1)
    return SpinLexicon(variants, words, frozenset(pairs), max_len)


def _with_prev_word(text: str, start: int, end: int) -> str:
    """The match plus the word before it (within the sentence), verbatim."""
    m = _PREV_WORD.search(text[max(0, start - 40) : start])
    if m and not re.search(r"[.!?;:\n]", text[max(0, start - 40) + m.end() : start]):
        start = max(0, start - 40) + m.start()
    return text[start:end].strip()


def _repeat_weight(text: str, m: re.Match[str]) -> float:
    """Weight of an "X and X" match: 1 after a number or quantifier ("13 cities and
    cities"), 0.5 for other plural nouns, 0 for idioms, verbs and chains ("ran and ran and")."""
    x, y = m.group(1).lower(), m.group(3).lower()
    if x != y or x in _REPEAT_OK or len(x) < 4 or x.endswith(("er", "ing", "ed", "ly")):
        return 0.0
    if re.match(r"\s+(and|or)\s+" + re.escape(x) + r"\b", text[m.end() :], re.IGNORECASE):
        return 0.0
    before = text[max(0, m.start() - 30) : m.start()].split()
    prev = before[-1].lower() if before else ""
    if prev[:1].isdigit() or prev in _QUANTIFIERS:
        return 1.0
    return 0.5 if x.endswith("s") and not x.endswith("ss") else 0.0


def _contiguous(text: str, toks: Sequence[tuple[str, int, int]]) -> bool:
    """Tokens separated only by spaces or hyphens (no punctuation or line breaks)."""
    return all(
        re.fullmatch(r"[ \t-]+", text[toks[k][2] : toks[k + 1][1]]) is not None
        for k in range(len(toks) - 1)
    )


def is_prose(text: str) -> bool:
    """Readable running text: under 1% control characters (UTF-16 read as UTF-8 gives 50%)
    and most tokens longer than one character. Spin is only judged on prose."""
    if not text:
        return False
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t")
    if controls > 0.01 * len(text):
        return False
    tokens = _WORD.findall(text)
    return bool(tokens) and sum(len(t) > 1 for t in tokens) >= 0.6 * len(tokens)


def _inside_proper_name(text: str, toks: Sequence[tuple[str, int, int]], i: int) -> bool:
    """True when the match at token ``i`` is capitalised and continues a capitalised name
    ("Civil Protection Minister" is a real title, not a spun "defence minister")."""
    start = toks[i][1]
    if i == 0 or not text[start].isupper():
        return False
    _, p_start, p_end = toks[i - 1]
    between = text[p_end:start]
    return text[p_start].isupper() and not any(ch in between for ch in ".!?:;\n")


def text_evidence(text: str, lexicon: SpinLexicon) -> list[Evidence]:
    """Spinner artifacts visible in the text alone (see the module docstring)."""
    found: list[Evidence] = []
    if not is_prose(text):
        return found
    # Words split at spaces and hyphens, so "rebel-kept" matches the variant ("rebel", "kept").
    toks = [(m.group().lower(), m.start(), m.end()) for m in _WORD.finditer(text)]
    for i, (tok, start, end) in enumerate(toks):
        if tok in lexicon.words:
            found.append(Evidence(_with_prev_word(text, start, end), 0.5, "word", tok))
        for n in range(2, lexicon.max_len + 1):
            if i + n > len(toks):
                break
            key = tuple(t for t, _, _ in toks[i : i + n])
            if (key in lexicon.variants and _contiguous(text, toks[i : i + n])
                    and not _inside_proper_name(text, toks, i)):
                stop = toks[i + n - 1][2]
                found.append(
                    Evidence(_with_prev_word(text, start, stop), 1.0, "collocation", " ".join(key))
                )
    for m in _SPELLED_DURATION.finditer(text):
        found.append(Evidence(_with_prev_word(text, m.start(), m.end()), 0.5, "number"))
    for m in _REPEAT.finditer(text):
        w = _repeat_weight(text, m)
        if w:
            found.append(Evidence(_with_prev_word(text, m.start(), m.end()), w, "repeat"))
    return found


def sibling_evidence(
    sentences: Sequence[Sentence],
    alignments: Iterable[Alignment],
    side: str,
    freqs: WordStats,
    lexicon: SpinLexicon,
    zipf_gap: float,
    min_similarity: float,
) -> list[Evidence]:
    """Evidence from one-word swaps against an aligned sibling (``side`` "a" or "b": which
    side of the alignments this article is)."""
    found: list[Evidence] = []
    for al in alignments:
        if al.similarity < min_similarity:
            continue
        idx = al.a_index if side == "a" else al.b_index
        for sub in al.substitutions:
            mine, theirs = (sub[0], sub[1]) if side == "a" else (sub[1], sub[0])
            m_toks, t_toks = mine.split(), theirs.split()
            if len(m_toks) != 1 or len(t_toks) != 1:
                continue
            m_n, t_n = norm(m_toks[0]), norm(t_toks[0])
            if m_n == t_n or m_n[:1].isdigit() or t_n[:1].isdigit() or m_toks[0][:1].isupper():
                continue
            in_lexicon = (t_n, m_n) in lexicon.canonical_pairs
            gap = freqs.zipf(t_n) - freqs.zipf(m_n)
            if not in_lexicon and gap < zipf_gap:
                continue
            phrase = _context(sentences, idx, m_toks[0])
            if phrase:
                found.append(Evidence(phrase, 1.0 if in_lexicon else 0.5, "sibling"))
    return found


def reworded_evidence(
    chain: Iterable[Alignment], side: str, max_verbatim: float, freqs: WordStats
) -> list[Evidence]:
    """Evidence that this article (``side`` of the alignments) is the machine-reworded copy:
    each phrase it put in place of its sibling's wording, inside the sentence pairs of the
    derivation chain that were reworded (verbatim share below ``max_verbatim``). The phrase
    is verbatim from this article (the pair itself is in the relation's substitutions);
    grammar-only changes ("was" -> "says") and name or number changes are skipped
    (:func:`~storylens.provenance.text.content_swap`)."""
    found: list[Evidence] = []
    for al in chain:
        if al.verbatim_share >= max_verbatim:
            continue
        for sub in al.substitutions:
            mine, theirs = (sub[0], sub[1]) if side == "a" else (sub[1], sub[0])
            if content_swap(mine, theirs, freqs):
                found.append(Evidence(mine, 0.5, "reworded", mine.lower()))
    return found


_NAME_TOKEN = re.compile(r"[^\W\d_][\w’'-]*")
_CALENDAR = wordset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday"
)


def capitalised_names(text: str) -> set[tuple[str, ...]]:
    """Runs of two or more capitalised words separated by single spaces ("Downing Street",
    "Prime Minister Abdalla Hamdok"): the fixed names and titles of a page."""
    out: set[tuple[str, ...]] = set()
    cur: list[str] = []
    last_end = -1
    for m in _NAME_TOKEN.finditer(text):
        word = m.group()
        if word[0].isupper() and cur and text[last_end : m.start()] == " ":
            cur.append(word)
        else:
            if len(cur) >= 2:
                out.add(tuple(cur))
            cur = [word] if word[0].isupper() else []
        last_end = m.end()
    if len(cur) >= 2:
        out.add(tuple(cur))
    return out


def name_swap_evidence(
    mine: set[tuple[str, ...]], others: Sequence[set[tuple[str, ...]]], freqs: WordStats,
    min_pages: int, max_zipf: float,
) -> list[Evidence]:
    """Fixed names with one word swapped for another ordinary word, against the pile's
    consensus: this page writes "Downing Avenue" / "Conservative Get [together]" / "Prime
    Premier Abdalla Hamdok" where at least ``min_pages`` other pages of the pile write
    "Downing Street" / "Conservative Party" / "Prime Minister Abdalla Hamdok", no other page
    writes this page's form, and this page never writes the consensus form. The swapped
    word is never the first (a sentence start, a determiner or a title changes there) and
    both words are ordinary vocabulary (wordfreq zipf >= 3, below ``max_zipf``: not names,
    not function words, not weekdays or months): a synonym swap inside a name is what a
    spinner does and a careful writer does not."""
    found: list[Evidence] = []
    counts: dict[tuple[str, ...], int] = {}
    for names in others:
        for n in names:
            counts[n] = counts.get(n, 0) + 1

    def ordinary(word: str) -> bool:
        low = word.lower()
        return low.isalpha() and low not in _CALENDAR and 3.0 <= freqs.zipf(low) < max_zipf

    by_frame: dict[tuple[int, tuple[str, ...], tuple[str, ...]], list[tuple[str, ...]]] = {}
    for n, c in counts.items():
        if c < min_pages or n in mine:
            continue
        for k in range(1, len(n)):
            by_frame.setdefault((k, n[:k], n[k + 1 :]), []).append(n)
    for v in sorted(mine):
        if counts.get(v):
            continue
        for k in range(1, len(v)):
            if not ordinary(v[k]) or not any(len(w) >= 4 for w in (*v[:k], *v[k + 1 :])):
                continue
            for n in by_frame.get((k, v[:k], v[k + 1 :]), []):
                if n[k].lower() != v[k].lower() and ordinary(n[k]):
                    found.append(Evidence(" ".join(v), 1.0, "name", " ".join(v).lower()))
                    break
    return found


def _context(sentences: Sequence[Sentence], idx: Sequence[int], word: str) -> str:
    """The first occurrence of ``word`` in sentences ``idx`` with one neighbour each side."""
    for i in idx:
        if i >= len(sentences):
            continue
        s = sentences[i]
        for k, (x, y) in enumerate(s.spans):
            if s.text[x:y] == word:
                return s.surface(max(0, k - 1), min(len(s.tokens), k + 2))
    return ""


def assess(evidence: Iterable[Evidence], settings: ProvenanceSettings) -> SpinAssessment:
    """Score and label from evidence (one count per distinct phrase, strongest kept)."""
    best: dict[str, Evidence] = {}
    for ev in evidence:
        key = ev.key or ev.phrase.lower()
        if key not in best or ev.weight > best[key].weight:
            best[key] = ev
    # Overlapping phrases (the same artifact found by two detectors) count once.
    kept: list[Evidence] = []
    for ev in sorted(best.values(), key=lambda e: (-e.weight, len(e.phrase), e.phrase)):
        low = ev.phrase.lower()
        if any(low in k.phrase.lower() or k.phrase.lower() in low for k in kept):
            continue
        kept.append(ev)
    total = sum(e.weight for e in kept)
    score = round(1.0 - math.exp(-total / 2.0), 4)
    # Swaps against a sibling alone are weaker (an editor also rewords): without any artifact
    # in the text itself, twice the evidence is needed.
    needed = settings.spin_min_evidence
    if all(e.kind == "sibling" for e in kept):
        needed *= 2
    if any(e.kind == "name" for e in kept):
        # A fixed name swapped against the pile's consensus is a strong artifact: one more
        # finding of any kind suffices.
        needed = min(needed, 2)
    if any(e.kind == "reworded" for e in kept):
        # A derivation chain reworded sentence by sentence was already established (see
        # relate.reworded): its substitutions are the evidence, not a count to reach.
        needed = 1
    label = score >= settings.spin_label_threshold and len(kept) >= needed
    if sum(1 for e in kept if e.kind == "reworded") >= 2:
        # The pair-level judgement (a chain reworded sentence by sentence, this side the
        # copy) is the evidence; its phrases only show it.
        label = True
    shown = kept[: settings.spin_max_evidence]
    return SpinAssessment(score=score, label=label, evidence=tuple(e.phrase for e in shown))
