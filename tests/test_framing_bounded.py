"""Framing and the report read a one-line page with bounded work (issue 19, defect 1)."""

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


def test_action_spans_overlap_like_a_scan() -> None:
    from storylens.framing.actions import _Spans

    spans = [(10, 20), (12, 14), (30, 60), (40, 45), (70, 71)]
    index = _Spans(spans)
    for s in range(0, 80):
        for e in range(s + 1, 82, 3):
            assert index.overlaps(s, e) == any(s < te and e > ts for ts, te in spans), (s, e)


def test_report_compares_a_bounded_number_of_tokens() -> None:
    from storylens.report.view import _segments, _tokens_with_space
    from storylens.settings import Settings

    limit = Settings().report_compare_max_tokens
    mine = _tokens_with_space("the river rose and residents left " * 200)
    theirs = _tokens_with_space("the river rose and people left " * 200)
    segs = _segments(mine, theirs, set(), "a")
    assert "".join(s.text for s in segs) == "".join(mine)  # nothing lost
    assert segs[-1].kind == "muted"
    assert sum(len(s.text.split()) for s in segs[:-1]) == limit
    short = _segments(mine[:12], theirs[:12], set(), "a")
    assert all(s.kind != "muted" for s in short)


def test_framing_reads_sentences_and_tokens_of_the_text_layer() -> None:
    # The one text layer (decision 0608): no break before a lower-case word or at a colon
    # before a quotation; "U.S" and "4,200" are one token each.
    text = ("Harbour staff left at 6 p.m. local time. The U.S. consul said: “We counted "
            "4,200 crates.”\nNew paragraph")
    got = sentences(text)
    assert [s.string for s in got] == [
        "Harbour staff left at 6 p.m. local time.",
        "The U.S. consul said: “We counted 4,200 crates.”", "New paragraph"]
    assert [t.text for t in got[1].tokens] == [
        "The", "U.S", "consul", "said", "We", "counted", "4,200", "crates"]
    assert all(text[t.start:t.end] == t.text for s in got for t in s.tokens)
