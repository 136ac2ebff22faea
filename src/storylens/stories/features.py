"""Per-article features for story grouping and pair similarity, with no corpus-fitted state.

Every weight comes from a *background* IDF (wordfreq's frequency lists, which cover ~40
languages), so two articles compared alone score exactly as they would inside a large batch:
``compare`` and ``run`` share one code path and never depend on what else is in the pile.

Signals, each a sparse L2-normalised row per article (hashed features, so a matrix of any
number of articles has a fixed width):

- ``word``: content words, sublinear tf x background IDF;
- ``stem``: the same weights summed over word prefixes of ``stem_chars`` letters (a crude,
  language-independent stemmer: it helped Turkish, Spanish and German most on the dev pairs);
- ``ent``: names (capitalised words that are not common lower-case words), IDF-weighted;
- ``num``: numbers (separators removed), longer numbers weigh more;
- ``title``: stems of the content words of the title (or of the first words when there is
  none);
- ``lede``: stems of the content words among the first ``lede_words`` words.

Language-aware normalisation (bench run 2026-11-22): a suffix after an apostrophe is dropped
("Erdoğan'ın" -> "erdoğan", "Trump's" -> "trump"; in French, Italian and Catalan a short elided
word is dropped instead: "l'homme" -> "homme"), and Arabic stems lose a leading definite
article or its attached particles ("والحكومة" -> "حكومة") before the prefix is taken.

Tried and dropped (bench run 2026-11-21): char n-grams of the body (zero weight once stems
were in), title stems against the other article's body (+0.01 CV Pearson on the dev pairs
but it blurred events within one storyline on the seeds), char 4-grams of the title (title
stems: CV de-de +0.014, pl-pl +0.009, en-en -0.003, all +0.005; bench run 2026-11-22, where
per-language stem lengths (5 for Turkish or German), German compound heads and names only
above ``entity_min_idf`` in German were no better either).

:class:`Background` is the explicit (not global) holder of the frequency tables it has loaded.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction import FeatureHasher
from sklearn.preprocessing import normalize

from storylens.records import Article
from storylens.segment import SEGMENTED_LANGUAGES, segment
from storylens.settings import StorySettings

SIGNALS: tuple[str, ...] = ("word", "stem", "ent", "num", "title", "lede")

# Languages tried when an article carries none (wordfreq "large"/"small" lists exist for all).
# Languages tried when an article carries none, by script (wordfreq has lists for all).
GUESS_LANGUAGES: tuple[tuple[str, str], ...] = (
    ("en", "latin"), ("de", "latin"), ("es", "latin"), ("fr", "latin"), ("it", "latin"),
    ("pt", "latin"), ("nl", "latin"), ("tr", "latin"), ("pl", "latin"), ("ru", "cyrillic"),
    ("uk", "cyrillic"), ("ar", "arabic"), ("fa", "arabic"), ("el", "greek"), ("he", "hebrew"),
    ("zh", "cjk"), ("ja", "cjk"),
)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d+(?:[.,]\d+)*|[.!?:;\"“”«»]", re.UNICODE)
_SENT_END = frozenset(".!?:;\"“”«»。！？；：")
_SEGMENTED_LANGUAGES = SEGMENTED_LANGUAGES  # written without spaces: storylens.segment
_HASH_BITS = 2**20
_KANA = re.compile("[\u3040-\u30ff]")  # hiragana and katakana
# Languages that elide a word before an apostrophe ("l'homme", "dell'anno", "lorsqu'il");
# a longer head is a word of its own ("aujourd'hui").
_ELISION_LANGUAGES = frozenset({"fr", "it", "ca"})
_APOSTROPHES = ("'", "’")
# Arabic definite article, alone or after a one-letter particle (longest first).
_ARABIC_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال")


@dataclass
class Background:
    """Background word frequencies per language (wordfreq), loaded on first use.

    An explicit object: create one per run (or per ``compare_many`` call) and pass it in.
    """

    tables: dict[str, dict[str, float]] = field(default_factory=dict)
    idf_cache: dict[tuple[str, str], float] = field(default_factory=dict)

    def table(self, lang: str) -> dict[str, float]:
        if lang not in self.tables:
            from wordfreq import available_languages, get_frequency_dict

            ok = lang in available_languages()
            self.tables[lang] = get_frequency_dict(lang) if ok else {}  # read-only
        return self.tables[lang]

    def idf(self, word: str, lang: str, cap: float) -> float:
        """-log10(frequency), capped: ~1.3 for "the", ``cap`` for unseen words."""
        key = (lang, word)
        if key not in self.idf_cache:
            freq = self.table(lang).get(word, 0.0)
            self.idf_cache[key] = cap if freq <= 0.0 else min(cap, -math.log10(freq))
        return self.idf_cache[key]

    def guess_language(self, words: Sequence[str]) -> str:
        """The language whose frequency list covers the first 60 words best (only the
        languages written in the script of those words are tried)."""
        sample = [w for w in words[:60] if not w[0].isdigit()]
        if not sample:
            return "en"
        script = _script("".join(sample))
        if script == "cjk" and _KANA.search("".join(sample)):
            return "ja"  # Chinese is never written with kana
        candidates = [lang for lang, sc in GUESS_LANGUAGES if sc == script] or ["en"]
        if len(candidates) == 1:
            return candidates[0]
        best, best_score = candidates[0], -1.0
        for lang in candidates:
            table = self.table(lang)
            score = sum(math.log10(table.get(w, 1e-9)) + 9.0 for w in sample)
            if score > best_score:
                best, best_score = lang, score
        return best


def _script(text: str) -> str:
    """The dominant script of ``text``: latin, cyrillic, arabic, greek, hebrew, cjk, other."""
    counts: Counter[str] = Counter()
    for ch in text:
        o = ord(ch)
        if o < 0x250:
            counts["latin"] += 1
        elif 0x370 <= o < 0x400:
            counts["greek"] += 1
        elif 0x400 <= o < 0x530:
            counts["cyrillic"] += 1
        elif 0x590 <= o < 0x600:
            counts["hebrew"] += 1
        elif 0x600 <= o < 0x700 or 0xFB50 <= o < 0xFF00:
            counts["arabic"] += 1
        elif 0x3040 <= o < 0xA000 or 0xAC00 <= o < 0xD7B0:
            counts["cjk"] += 1
        else:
            counts["other"] += 1
    return counts.most_common(1)[0][0] if counts else "latin"


@dataclass(frozen=True, slots=True)
class Profile:
    """What one article contributes to similarity: weighted bags per signal."""

    lang: str
    word: dict[str, float]
    stem: dict[str, float]
    ent: dict[str, float]
    num: dict[str, float]
    title: dict[str, float]
    lede: dict[str, float]
    semantic_text: str
    script: str = "latin"  # dominant script of the words: latin, cyrillic, arabic, cjk ...


def _lower(token: str) -> str:
    """Lower-case, dropping the combining dot that Python leaves from Turkish "İ"
    ("İstanbul".lower() is "i̇stanbul", which would not match "istanbul")."""
    return token.lower().replace("\u0307", "")


def _strip_apostrophe(token: str, lang: str) -> str:
    """One word of a token with an apostrophe: the part before it (Turkish case suffixes,
    English possessives), or after an elided article or preposition in French, Italian and
    Catalan."""
    for q in _APOSTROPHES:
        if q in token:
            head, _, tail = token.partition(q)
            return tail if lang in _ELISION_LANGUAGES and len(head) <= 6 else head
    return token


def _norm_number(tok: str) -> str:
    return tok.replace(",", "").replace(".", "").lstrip("0") or "0"


def profile(article: Article, bg: Background, cfg: StorySettings) -> Profile:
    """Features of one article (title + body; only the first ``max_chars`` characters)."""
    text = article.text[: cfg.max_chars]
    raw = _WORD.findall(text)
    lang = (article.language or "").split("-")[0].lower() or bg.guess_language(
        [_lower(t) for t in raw if t not in _SENT_END])
    if lang in _SEGMENTED_LANGUAGES:
        raw = _segment(text, lang)
    raw = [t for t in (_strip_apostrophe(t, lang) for t in raw) if t]
    words = [w for w in (_lower(t) for t in raw if t not in _SENT_END) if w]

    def weight(w: str) -> float:
        return bg.idf(w, lang, cfg.idf_cap)

    counts = Counter(w for w in words if not w[0].isdigit() and len(w) > 1)
    word = {w: (1.0 + math.log(c)) * weight(w) for w, c in counts.items()
            if weight(w) >= cfg.min_content_idf}
    ent: dict[str, float] = {}
    num: dict[str, float] = {}
    sentence_start = True
    for tok in raw:
        if tok in _SENT_END:
            sentence_start = True
            continue
        if tok[0].isdigit():
            n = _norm_number(tok)
            num[n] = num.get(n, 0.0) + (0.5 if len(n) == 1 else 1.0 if len(n) == 2 else 2.0)
        elif tok[0].isupper() and len(tok) > 1:
            low = _lower(tok)
            w = weight(low)
            # Capitalised and not a common lower-case word (or mid-sentence): a name.
            if w >= cfg.entity_min_idf or (not sentence_start and w >= cfg.min_content_idf):
                ent[low] = ent.get(low, 0.0) + w
        sentence_start = False
    stem = _stems(word, cfg.stem_chars, lang)
    lede = _stems({w: word[w] for w in words[: cfg.lede_words] if w in word}, cfg.stem_chars,
                  lang)
    title_tokens = (_segment(article.title, lang) if lang in _SEGMENTED_LANGUAGES
                    else _WORD.findall(article.title))
    title_words = [_lower(_strip_apostrophe(t, lang)) for t in title_tokens
                   if t not in _SENT_END] or words[: cfg.lede_words // 3]
    title = _stems({w: weight(w) for w in title_words
                    if not w[0].isdigit() and len(w) > 1 and weight(w) >= cfg.min_content_idf},
                   cfg.stem_chars, lang)
    semantic_text = text[: cfg.semantic_chars]
    script = _script("".join(w for w in words[:200] if not w[0].isdigit()))
    return Profile(lang, word, stem, ent, num, title, lede, semantic_text, script)


def _segment(text: str, lang: str) -> list[str]:
    """Words of a text written without spaces (Chinese), with sentence-final punctuation kept
    as tokens (storylens.segment)."""
    return segment(text, lang, punctuation=True)


def _stem(word: str, k: int, lang: str) -> str:
    """The first ``k`` letters (Arabic: after a leading definite article)."""
    if lang == "ar":
        for p in _ARABIC_PREFIXES:
            if word.startswith(p) and len(word) - len(p) >= 3:
                word = word[len(p):]
                break
    return word[:k]


def _stems(bag: dict[str, float], k: int, lang: str = "") -> dict[str, float]:
    out: dict[str, float] = {}
    for w, v in bag.items():
        s = _stem(w, k, lang)
        out[s] = out.get(s, 0.0) + v
    return out


def _hashed(dicts: Sequence[dict[str, float]]) -> sp.csr_matrix:
    hasher = FeatureHasher(n_features=_HASH_BITS, input_type="dict", alternate_sign=False)
    m = hasher.transform(dicts)
    return normalize(sp.csr_matrix(m, dtype=np.float64))


def matrices(profiles: Sequence[Profile]) -> dict[str, sp.csr_matrix]:
    """One sparse, row-normalised matrix per signal (row i = profiles[i])."""
    return {
        "word": _hashed([p.word for p in profiles]),
        "stem": _hashed([p.stem for p in profiles]),
        "ent": _hashed([p.ent for p in profiles]),
        "num": _hashed([p.num for p in profiles]),
        "lede": _hashed([p.lede for p in profiles]),
        "title": _hashed([p.title for p in profiles]),
    }


def rowwise_cosine(m: sp.csr_matrix, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Cosine of rows i[k] and j[k] for every k (rows are already L2-normalised)."""
    return _cross(m, m, i, j)


def _cross(a: sp.csr_matrix, b: sp.csr_matrix, i: np.ndarray, j: np.ndarray,
           chunk: int = 20_000) -> np.ndarray:
    """Cosine of row i[k] of ``a`` with row j[k] of ``b``, in chunks of pairs so memory
    stays bounded however many candidate pairs there are."""
    out = np.zeros(len(i))
    for start in range(0, len(i), chunk):
        sl = slice(start, start + chunk)
        out[sl] = np.asarray(a[i[sl]].multiply(b[j[sl]]).sum(axis=1)).ravel()
    return out.clip(0.0, 1.0)


def pair_signals(
    mats: dict[str, sp.csr_matrix], i: np.ndarray, j: np.ndarray
) -> dict[str, np.ndarray]:
    """Per-signal cosines for pairs (i[k], j[k]); empty ``ent``/``num`` bags on either side
    borrow the ``word`` score (no names or numbers is no evidence either way)."""
    out = {name: rowwise_cosine(mats[name], i, j) for name in SIGNALS}
    for name in ("ent", "num"):
        nnz = np.diff(mats[name].indptr)
        missing = (nnz[i] == 0) | (nnz[j] == 0)
        out[name] = np.where(missing, out["word"], out[name])
    return out
