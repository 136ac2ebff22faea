"""Pair similarity: per-signal cosines combined by weights learned on the SemEval-2022 dev pairs.

``event_similarity`` is 0..1: an additive model (one non-decreasing piecewise-linear curve per
square-rooted signal cosine) predicting the human Overall score (1 = same story .. 4 =
unrelated), mapped as ``(4 - overall) / 3``. The weights live in
:class:`~storylens.settings.StorySettings`: a lexical model (all languages); when the
multilingual extra is installed, the same curves plus the encoder cosine for pairs whose
languages it knows (one model for pairs in one language, one fitted on cross-language pairs
for two languages, the encoder cosine alone for two scripts); when the semantic extra is
installed and both articles are English, a semantic one (the embedding cosine alone) blended
with that prediction (``semantic_blend``).
They were fitted by bench/stories/fit_weights.py; its cross-validated Pearson is reported in
docs/benchmarks/stories.md (held-out pairs are scored the same way).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import scipy.sparse as sp

from storylens.records import Article
from storylens.settings import Settings, StorySettings
from storylens.stories import features as F
from storylens.stories.index import key_matrix
from storylens.stories.semantic import (
    MULTI_DIM,
    MULTI_LANGUAGES,
    SEMANTIC_LANGUAGES,
    Encoder,
    MultiEncoder,
    load_encoder,
    load_multilingual,
)


@dataclass
class Scorer:
    """Everything loaded once and reused: background frequency tables, optional encoder."""

    cfg: StorySettings
    background: F.Background = field(default_factory=F.Background)
    encoder: Encoder | None = None
    multi: MultiEncoder | None = None


def build_scorer(settings: Settings) -> Scorer:
    cfg = settings.stories
    return Scorer(cfg, F.Background(), load_encoder(cfg.semantic, cfg.semantic_max_tokens),
                  load_multilingual(cfg.multilingual))


@dataclass(frozen=True)
class Featurised:
    """Signal matrices, candidate keys, languages and (optional) embeddings of a list of
    articles (row k = articles[k]). Per-article dicts are dropped once hashed."""

    articles: tuple[Article, ...]
    langs: tuple[str, ...]
    mats: dict[str, sp.csr_matrix]
    keys: sp.csr_matrix
    embeddings: np.ndarray | None
    multi: np.ndarray | None = None  # multilingual embeddings (zero rows: unsupported language)
    scripts: tuple[str, ...] = ()  # dominant script per article (features.Profile.script)


_Chunk = tuple[list[str], list[str], dict[str, sp.csr_matrix], sp.csr_matrix,
               np.ndarray | None, np.ndarray | None]


def _featurise_chunk(articles: Sequence[Article], scorer: Scorer) -> _Chunk:
    """Features of one chunk of articles (a pure function of the chunk: the same rows
    whichever process computes it)."""
    profiles = [F.profile(a, scorer.background, scorer.cfg) for a in articles]
    emb = memb = None
    if scorer.encoder is not None:
        emb = np.zeros((len(profiles), 384), dtype=np.float32)
        idx = [k for k, p in enumerate(profiles) if p.lang in SEMANTIC_LANGUAGES]
        if idx:
            emb[idx] = scorer.encoder.encode([profiles[k].semantic_text for k in idx])
    if scorer.multi is not None:
        memb = np.zeros((len(profiles), MULTI_DIM), dtype=np.float32)
        # Not for bodiless stand-ins of stored stories (a title alone is a different
        # kind of text for the encoder): their pairs keep the lexical model.
        idx = [k for k, p in enumerate(profiles)
               if p.lang in MULTI_LANGUAGES and articles[k].body.strip()]
        if idx:
            memb[idx] = scorer.multi.encode([profiles[k].semantic_text for k in idx])
    return ([p.lang for p in profiles], [p.script for p in profiles], F.matrices(profiles),
            key_matrix(profiles, scorer.cfg.key_terms), emb, memb)


def featurise(articles: Sequence[Article], scorer: Scorer, chunk: int = 1000,
              progress: Callable[[int, int], None] | None = None,
              workers: int = 1) -> Featurised:
    """Features of ``articles``, computed ``chunk`` articles at a time (bounded memory), the
    chunks in ``workers`` processes (:mod:`storylens.parallel`; the chunks, hence the
    encoder batches and every row, do not depend on the worker count);
    ``progress(done, total)`` is called after each chunk."""
    from storylens.parallel import imap_ordered

    starts = list(range(0, len(articles), chunk))
    results = imap_ordered(lambda k: _featurise_chunk(articles[k:k + chunk], scorer),
                           starts, workers, chunk=1, min_items=2)
    langs: list[str] = []
    scripts: list[str] = []
    parts: list[dict[str, sp.csr_matrix]] = []
    keys: list[sp.csr_matrix] = []
    embs: list[np.ndarray] = []
    multi: list[np.ndarray] = []
    for start in starts:
        lg, sc, part, key, emb, memb = next(results)
        langs.extend(lg)
        scripts.extend(sc)
        parts.append(part)
        keys.append(key)
        if emb is not None:
            embs.append(emb)
        if memb is not None:
            multi.append(memb)
        if progress is not None:
            progress(min(start + chunk, len(articles)), len(articles))
    if not parts:
        raise ValueError("featurise needs at least one article")
    mats = {name: sp.csr_matrix(sp.vstack([p[name] for p in parts])) for name in parts[0]}
    return Featurised(
        tuple(articles), tuple(langs), mats, sp.csr_matrix(sp.vstack(keys)),
        np.vstack(embs) if embs else None, np.vstack(multi) if multi else None,
        tuple(scripts),
    )


def _linear(weights: Sequence[float], cols: Sequence[np.ndarray]) -> np.ndarray:
    if len(weights) != len(cols) + 1:
        raise ValueError(f"expected {len(cols) + 1} weights (intercept first), got {weights}")
    out = np.full(len(cols[0]), float(weights[0]))
    for w, c in zip(weights[1:], cols, strict=True):
        out += w * c
    return out


def _additive(intercept: float, curves: Sequence[Sequence[float]], knots: Sequence[float],
              cols: Sequence[np.ndarray], names: Sequence[str]) -> np.ndarray:
    if len(curves) != len(cols) or any(len(c) != len(knots) for c in curves):
        raise ValueError(
            f"expected {len(cols)} curves of {len(knots)} values "
            f"(one per signal {tuple(names)}, at the knots {tuple(knots)})")
    out = np.full(len(cols[0]), float(intercept))
    for curve, col in zip(curves, cols, strict=True):
        out += np.interp(col, knots, curve)
    return out


def rowwise_dot(emb: np.ndarray, i: np.ndarray, j: np.ndarray, chunk: int = 20_000
                ) -> np.ndarray:
    """Dot product of rows i[k] and j[k] of ``emb``, in chunks of pairs: memory stays bounded
    however many candidate pairs there are (500k pairs at once would take ~2 GB)."""
    out = np.zeros(len(i), dtype=np.float64)
    for start in range(0, len(i), chunk):
        sl = slice(start, start + chunk)
        out[sl] = np.einsum("ij,ij->i", emb[i[sl]], emb[j[sl]])
    return out


def day_gap(a: str | None, b: str | None) -> float | None:
    """Days between two YYYY-MM-DD dates; None when either is missing or unreadable."""
    if not a or not b:
        return None
    try:
        return float(abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days))
    except ValueError:
        return None


def score_pairs(feats: Featurised, i: np.ndarray, j: np.ndarray, cfg: StorySettings
                ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """event_similarity (0..1) and the per-signal cosines for pairs (i[k], j[k])."""
    sig = F.pair_signals(feats.mats, i, j)
    lex_cols = [np.sqrt(sig[name]) for name in F.SIGNALS]
    pred = _additive(cfg.lexical_intercept, cfg.lexical_curves, cfg.knots, lex_cols, F.SIGNALS)
    if feats.multi is not None and len(i):
        # Multilingual model: the lexical signals plus the USE cosine, for pairs whose two
        # languages the encoder knows (also across languages).
        langs = np.array(feats.langs)
        known = np.isin(langs, list(MULTI_LANGUAGES)) & (np.abs(feats.multi).sum(axis=1) > 0)
        ok = known[i] & known[j]
        cos = rowwise_dot(feats.multi, i, j).clip(0.0, 1.0)
        sig["multilingual"] = np.where(ok, cos, np.nan)
        names = [*F.SIGNALS, "multilingual"]
        multi = _additive(cfg.multi_intercept, cfg.multi_curves, cfg.knots, [*lex_cols, cos],
                          names)
        # Two different languages: the cross-language model (word overlap means little);
        # two scripts: the encoder cosine alone (no word or name can be shared at all).
        cross = _additive(cfg.cross_intercept, cfg.cross_curves, cfg.knots, [*lex_cols, cos],
                          names)
        script = _additive(cfg.cross_script_intercept, [cfg.cross_script_curve], cfg.knots,
                           [cos], ["multilingual"])
        scripts = np.array(feats.scripts) if feats.scripts else np.full(len(langs), "latin")
        pred = np.where(ok, np.where(langs[i] == langs[j], multi,
                                     np.where(scripts[i] == scripts[j], cross, script)), pred)
    if feats.embeddings is not None and len(i):
        langs = np.array(feats.langs)
        ok = np.isin(langs[i], list(SEMANTIC_LANGUAGES)) & (langs[i] == langs[j])
        sem = rowwise_dot(feats.embeddings, i, j).clip(0.0, 1.0)
        sig["semantic"] = np.where(ok, sem, np.nan)
        blend = cfg.semantic_blend * pred + (1 - cfg.semantic_blend) * _linear(
            cfg.weights_semantic, [sem]) + 3.0 * cfg.semantic_offset
        pred = np.where(ok, blend, pred)
    return ((pred + 4.0) / 3.0).clip(0.0, 1.0), sig


def decide(sim: float, gap: float | None, cfg: StorySettings) -> tuple[bool, bool]:
    """(same_event, same_storyline) from a similarity and a date gap (None = unknown)."""
    same_event = sim >= cfg.event_threshold and (gap is None or gap <= cfg.event_max_days)
    same_storyline = same_event or (
        sim >= cfg.storyline_threshold and (gap is None or gap <= cfg.storyline_max_days)
    )
    return same_event, same_storyline


def _result(feats: Featurised, k: int, sims: np.ndarray, sig: dict[str, np.ndarray],
            a: int, b: int, cfg: StorySettings) -> dict[str, Any]:
    sim = float(sims[k])
    gap = day_gap(feats.articles[a].published, feats.articles[b].published)
    same_event, same_storyline = decide(sim, gap, cfg)
    signals = {name: round(float(v[k]), 4) for name, v in sig.items() if not np.isnan(v[k])}
    return {
        "event_similarity": round(sim, 4), "same_event": same_event,
        "same_storyline": same_storyline, "signals": signals, "days_apart": gap,
        "languages": [feats.langs[a], feats.langs[b]],
    }


def compare(a: Article, b: Article, settings: Settings, scorer: Scorer | None = None
            ) -> dict[str, Any]:
    """How alike two articles are: {"event_similarity", "same_event", "same_storyline",
    "signals" (per-signal cosines), "days_apart", "languages"}.

    >>> compare(a, b, Settings())["same_event"]  # doctest: +SKIP
    """
    scorer = scorer or build_scorer(settings)
    feats = featurise([a, b], scorer)
    sims, sig = score_pairs(feats, np.array([0]), np.array([1]), scorer.cfg)
    return _result(feats, 0, sims, sig, 0, 1, scorer.cfg)


def compare_many(pairs: Iterable[tuple[str, Article, Article]], settings: Settings,
                 scorer: Scorer | None = None, batch: int = 256) -> Iterator[dict[str, Any]]:
    """``compare`` for many pairs in one process (background tables and model loaded once),
    in input order; each result also carries the pair's "id"."""
    scorer = scorer or build_scorer(settings)
    chunk: list[tuple[str, Article, Article]] = []
    for item in pairs:
        chunk.append(item)
        if len(chunk) >= batch:
            yield from _compare_chunk(chunk, scorer)
            chunk = []
    if chunk:
        yield from _compare_chunk(chunk, scorer)


def _compare_chunk(chunk: list[tuple[str, Article, Article]], scorer: Scorer
                   ) -> Iterator[dict[str, Any]]:
    n = len(chunk)
    feats = featurise([p[1] for p in chunk] + [p[2] for p in chunk], scorer)
    i, j = np.arange(n), np.arange(n, 2 * n)
    sims, sig = score_pairs(feats, i, j, scorer.cfg)
    for k, (pid, _, _) in enumerate(chunk):
        yield {"id": pid, **_result(feats, k, sims, sig, k, n + k, scorer.cfg)}


def article_from_obj(obj: dict[str, Any], fallback_id: str = "inline") -> Article:
    """An Article from an inline {"title", "text" or "body", "published", "language", "id"}
    object (``storylens compare --pairs``)."""
    body = str(obj.get("text") or obj.get("body") or "")
    return Article(
        id=str(obj.get("id") or fallback_id), source=str(obj.get("source") or "inline"),
        title=str(obj.get("title") or ""), body=body,
        published=obj.get("published") or None, language=obj.get("language") or None,
    )
