"""Words of text written without spaces between them (Chinese), for every stage that counts
words: wordfreq's tokenizer, which runs jieba with wordfreq's own dictionary, so the words
are the ones wordfreq's frequency and stopword lists count (decision 0206).

Japanese and Korean are not segmented (that takes MeCab, which we do not install): they keep
the regular-expression tokenizers of their callers.
"""

from __future__ import annotations

import importlib
import logging
import re

SEGMENTED_LANGUAGES = frozenset({"zh"})

# Ideographs, kana and hangul: one of these carries about as much text as three Latin letters
# (a 24-character Chinese sentence says about what a 70-character English one does).
_WIDE = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
WIDE_WEIGHT = 3


def segment(text: str, language: str, punctuation: bool = False) -> list[str]:
    """Lower-cased words of ``text`` in ``language`` (one of SEGMENTED_LANGUAGES), with
    punctuation tokens kept when ``punctuation``; jieba is loaded on first use."""
    from wordfreq.tokens import tokenize

    # jieba sets its own logger to DEBUG on import; keep its dictionary-cache chatter quiet.
    importlib.import_module("jieba")
    logging.getLogger("jieba").setLevel(logging.WARNING)
    return [t for t in tokenize(text, language, include_punctuation=punctuation) if t.strip()]


def text_length(text: str) -> int:
    """Length in Latin-letter equivalents: ideographs, kana and hangul count WIDE_WEIGHT
    times, so length thresholds written for European text hold for Chinese too."""
    return len(text) + (WIDE_WEIGHT - 1) * len(_WIDE.findall(text))
