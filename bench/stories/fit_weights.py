"""Fit the event_similarity weights on the SemEval-2022 dev pairs, by 10-fold CV.

    PYTHONPATH=src .venv/bin/python bench/stories/fit_weights.py [--cache /tmp/sig.npz]

Prints the cross-validated Pearson (predictions for each pair from a model that never saw
it, 3 shuffles averaged) per language pair, then the weights fitted on all pairs to paste into
StorySettings (weights_lexical over all pairs; weights_semantic over en-en pairs only).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import Ridge
from sklearn.model_selection import KFold

sys.path.insert(0, str(Path(__file__).parent))
from pairs import load_pairs

from storylens.settings import Settings
from storylens.stories import features as F
from storylens.stories.similarity import build_scorer, featurise

LANGS = ["en-en", "de-de", "es-es", "tr-tr", "pl-pl", "ar-ar", "fr-fr", "de-en"]
ALPHA = 1.0  # ridge penalty; 0.3..10 gave the same CV Pearson (+-0.005) in the first run


def signals(cache: Path | None) -> dict[str, np.ndarray]:
    if cache and cache.exists():
        return dict(np.load(cache))
    pairs = load_pairs()
    scorer = build_scorer(Settings())
    feats = featurise([p.a for p in pairs] + [p.b for p in pairs], scorer)
    n = len(pairs)
    i, j = np.arange(n), np.arange(n, 2 * n)
    out = F.pair_signals(feats.mats, i, j)
    if feats.embeddings is not None:
        out["semantic"] = (feats.embeddings[i] * feats.embeddings[j]).sum(1).clip(0, 1)
    out["y"] = -np.array([p.overall for p in pairs])
    out["langs"] = np.array([p.langs for p in pairs])
    if cache:
        np.savez(cache, **out)
    return out


def cv_predict(x: np.ndarray, y: np.ndarray, reps: int = 3) -> np.ndarray:
    preds = np.zeros((reps, len(y)))
    for r in range(reps):
        for tr, te in KFold(10, shuffle=True, random_state=r).split(x):
            preds[r, te] = Ridge(alpha=ALPHA).fit(x[tr], y[tr]).predict(x[te])
    return preds


def pearson_by_lang(preds: np.ndarray, y: np.ndarray, langs: np.ndarray) -> dict[str, float]:
    out = {}
    for lang in [*LANGS, "all"]:
        m = np.ones(len(y), bool) if lang == "all" else langs == lang
        if m.sum() > 2:
            out[lang] = float(np.mean([np.corrcoef(p[m], y[m])[0, 1] for p in preds]))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", type=Path, default=None)
    args = ap.parse_args()
    s = signals(args.cache)
    y, langs = s["y"], s["langs"]
    x_lex = np.column_stack([np.sqrt(s[n].clip(0, 1)) for n in F.SIGNALS])
    lex = pearson_by_lang(cv_predict(x_lex, y), y, langs)
    print("CV lexical :", " ".join(f"{k}:{v:.3f}" for k, v in lex.items()))
    m = Ridge(alpha=ALPHA).fit(x_lex, y)
    print("weights_lexical =", tuple(round(float(v), 4) for v in [m.intercept_, *m.coef_]))
    if "semantic" in s:
        en = langs == "en-en"
        x_sem = np.column_stack([x_lex, s["semantic"]])[en]
        sem = pearson_by_lang(cv_predict(x_sem, y[en]), y[en], langs[en])
        print("CV semantic (en-en only):", f"{sem['en-en']:.3f}")
        m = Ridge(alpha=ALPHA).fit(x_sem, y[en])
        print("weights_semantic =", tuple(round(float(v), 4) for v in [m.intercept_, *m.coef_]))


if __name__ == "__main__":
    main()
