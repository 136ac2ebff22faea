"""Per-article features for story grouping and pair similarity, with no corpus-fitted state.

Every weight comes from a *background* IDF (wordfreq's frequency lists, which cover ~40
languages), so two articles compared alone score exactly as they would inside a large batch:
``compare`` and ``run`` share one code path and never depend on what else is in the pile.

Signals, each a sparse L2-normalised row per article (hashed features, so a matrix of any
number of articles has a fixed width):

- ``word``: content words, sublinear tf x background IDF;
- ``char``: char 3-5-grams of the content words (robust to inflection and spelling);
- ``ent``: names (capitalised words that are not common lower-case words), IDF-weighted;
- ``num``: numbers (separators removed), longer numbers weigh more;
- ``title``: char 3-5-grams of the title (or of the lede when there is no title);
- ``lede``: content words of the first ``lede_words`` words.

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
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.preprocessing import normalize

from storylens.records import Article
from storylens.settings import StorySettings

SIGNALS: tuple[str, ...] = ("word", "char", "ent", "num", "title", "lede")

# Languages tried when an article carries none (wordfreq "large"/"small" lists exist for all).
GUESS_LANGUAGES: tuple[str, ...] = (
    "en", "de", "es", "fr", "it", "pt", "nl", "tr", "pl", "ru", "ar", "sv", "da", "fi", "cs",
    "uk", "ro", "hu", "el", "id", "fa", "he", "ja", "zh", "ko",
)
_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d+(?:[.,]\d+)*", re.UNICODE)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d+(?:[.,]\d+)*|[.!?:;\"“”«»]", re.UNICODE)
_SENT_END = frozenset(".!?:;\"“”«»")
_HASH_BITS = 2**20


@dataclass
class Background:
    """Background word frequencies per language (wordfreq), loaded on first use.

    An explicit object: create one per run (or per ``compare_many`` call) and pass it in.
    """

    tables: dict[str, dict[str, float]] = field(default_factory=dict)

    def table(self, lang: str) -> dict[str, float]:
        if lang not in self.tables:
            from wordfreq import available_languages, get_frequency_dict

            ok = lang in available_languages()
            self.tables[lang] = dict(get_frequency_dict(lang)) if ok else {}
        return self.tables[lang]

    def idf(self, word: str, lang: str, cap: float) -> float:
        """-log10(frequency), capped: ~0.5 for "the", ``cap`` for unseen words."""
        freq = self.table(lang).get(word, 0.0)
        return cap if freq <= 0.0 else min(cap, -math.log10(freq))

    def guess_language(self, words: Sequence[str]) -> str:
        """The language whose frequency list covers the most of the first 60 words."""
        sample = [w for w in words[:60] if not w[0].isdigit()]
        if not sample:
            return "en"
        best, best_score = "en", -1.0
        for lang in GUESS_LANGUAGES:
            table = self.table(lang)
            score = sum(math.log10(table.get(w, 1e-9)) + 9.0 for w in sample)
            if score > best_score:
                best, best_score = lang, score
        return best


@dataclass(frozen=True, slots=True)
class Profile:
    """What one article contributes to similarity: weighted bags per signal."""

    lang: str
    word: dict[str, float]
    content: str  # content words joined, for char n-grams
    ent: dict[str, float]
    num: dict[str, float]
    title: str
    lede: dict[str, float]
    semantic_text: str


def _norm_number(tok: str) -> str:
    return tok.replace(",", "").replace(".", "").lstrip("0") or "0"


def profile(article: Article, bg: Background, cfg: StorySettings) -> Profile:
    """Features of one article (title + body; only the first ``max_chars`` characters)."""
    text = article.text[: cfg.max_chars]
    raw = _WORD.findall(text)
    words = [t.lower() for t in raw if t not in _SENT_END]
    lang = (article.language or "").split("-")[0].lower() or bg.guess_language(words)
    idf: dict[str, float] = {}

    def weight(w: str) -> float:
        if w not in idf:
            idf[w] = bg.idf(w, lang, cfg.idf_cap)
        return idf[w]

    counts = Counter(w for w in words if not w[0].isdigit() and len(w) > 1)
    word = {w: (1.0 + math.log(c)) * weight(w) for w, c in counts.items()
            if weight(w) >= cfg.min_content_idf}
    content = " ".join(w for w in words if w in word)
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
            low = tok.lower()
            w = weight(low)
            # Capitalised and not a common lower-case word (or mid-sentence): a name.
            if w >= cfg.entity_min_idf or (not sentence_start and w >= cfg.min_content_idf):
                ent[low] = ent.get(low, 0.0) + w
        sentence_start = False
    lede_words = [w for w in words[: cfg.lede_words] if w in word]
    lede = {w: word[w] for w in lede_words}
    title = article.title.strip() or " ".join(words[: cfg.lede_words // 3])
    semantic_text = text[: cfg.semantic_chars]
    return Profile(lang, word, content, ent, num, title, lede, semantic_text)


def _hashed(dicts: Sequence[dict[str, float]]) -> sp.csr_matrix:
    hasher = FeatureHasher(n_features=_HASH_BITS, input_type="dict", alternate_sign=False)
    m = hasher.transform(dicts)
    return normalize(sp.csr_matrix(m, dtype=np.float64))


def _chars(texts: Sequence[str]) -> sp.csr_matrix:
    vec = HashingVectorizer(
        analyzer="char_wb", ngram_range=(3, 5), n_features=_HASH_BITS, alternate_sign=False,
        norm=None, lowercase=True,
    )
    m = sp.csr_matrix(vec.transform(texts), dtype=np.float64)
    m.data = 1.0 + np.log(m.data)  # sublinear tf
    return normalize(m)


def matrices(profiles: Sequence[Profile]) -> dict[str, sp.csr_matrix]:
    """One sparse, row-normalised matrix per signal (row i = profiles[i])."""
    return {
        "word": _hashed([p.word for p in profiles]),
        "char": _chars([p.content for p in profiles]),
        "ent": _hashed([p.ent for p in profiles]),
        "num": _hashed([p.num for p in profiles]),
        "title": _chars([p.title for p in profiles]),
        "lede": _hashed([p.lede for p in profiles]),
    }


def rowwise_cosine(m: sp.csr_matrix, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Cosine of rows i[k] and j[k] for every k (rows are already L2-normalised)."""
    if len(i) == 0:
        return np.zeros(0)
    prod = m[i].multiply(m[j])
    return np.asarray(prod.sum(axis=1)).ravel().clip(0.0, 1.0)


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
