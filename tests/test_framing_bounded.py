"""Framing reads a page that is one long line in bounded pieces (issue 19, defect 1)."""

from __future__ import annotations

from storylens.framing.terms import sentences
from storylens.settings import FramingSettings


def test_one_long_line_is_read_in_bounded_pieces() -> None:
    text = "the council said the river rose quickly overnight and residents left " * 400
    got = sentences(text)
    limit = FramingSettings().max_sentence_chars
    assert len(got) > 1
    assert all(s.end - s.start <= limit for s in got)
    words = [t.text for s in got for t in s.tokens]
    assert words == text.split()  # nothing lost, no word cut in two


def test_ordinary_sentences_are_unchanged() -> None:
    text = "Police said the road was closed. The mayor thanked the rescuers."
    got = sentences(text)
    assert [s.string for s in got] == [
        "Police said the road was closed.", "The mayor thanked the rescuers."]
