"""The one text layer (storylens.text, decision 0608): sentences, word tokens, numbers."""

from __future__ import annotations

from storylens.text import (
    read_number,
    sentence_spans,
    split_sentences,
    text_data,
    word_spans,
    words,
)


def test_text_sentences_newswire_abbreviations_and_initials() -> None:
    got = split_sentences("Mr. Varga and the U.S. envoy met K. Orban on Sept. 4. Talks "
                          "went on. Gov. Lind left at 9 a.m. Nobody followed.")
    assert got == ["Mr. Varga and the U.S. envoy met K. Orban on Sept. 4.", "Talks went on.",
                   "Gov. Lind left at 9 a.m.", "Nobody followed."]


def test_text_sentences_no_break_before_lower_case() -> None:
    got = split_sentences("The ferry left at 6.30 a.m. local time. The pier was empty... "
                          "nobody came. “Stop!” she shouted. Later it rained.")
    assert got == ["The ferry left at 6.30 a.m. local time.",
                   "The pier was empty... nobody came.", "“Stop!” she shouted.",
                   "Later it rained."]


def test_text_sentences_paragraphs_cjk_ellipsis_and_quote_after_colon() -> None:
    text = ("The mayor said: “We rebuild.” Work starts soon\nA new line… Then more.\n"
            "港口关闭。渡轮停运。")
    assert split_sentences(text) == ["The mayor said: “We rebuild.”", "Work starts soon",
                                     "A new line…", "Then more.", "港口关闭。", "渡轮停运。"]


def test_text_sentence_spans_are_offsets_and_pieces_are_bounded() -> None:
    text = "One two three. Four five six seven eight nine ten."
    spans = sentence_spans(text)
    assert [text[a:b].strip() for a, b in spans] == ["One two three.",
                                                      "Four five six seven eight nine ten."]
    pieces = sentence_spans("word " * 500, max_chars=60)
    assert len(pieces) > 1 and all(b - a <= 60 for a, b in pieces)
    assert " ".join(("word " * 500)[a:b].strip() for a, b in pieces).split() == ["word"] * 500


def test_text_words_and_spans() -> None:
    text = "Don’t say the U.S. has 380,000 troops; the harbour’s 3.7 km pier"
    assert words(text) == ["don't", "say", "the", "u.s", "has", "380,000", "troops", "the",
                           "harbour", "3.7", "km", "pier"]
    other = "a well-known 12-15 run"
    assert [other[a:b] for a, b in word_spans(other)] == ["a", "well-known", "12-15", "run"]


def test_text_read_number() -> None:
    assert read_number("380,000") == 380000
    assert read_number("3.7") == 3.7
    assert read_number("Thirteen") == 13
    assert read_number("twenty-five") == 25
    assert read_number("ninety") == 90
    assert read_number("five-twenty") is None
    assert read_number("1,00") is None
    assert read_number("pier") is None


def test_text_data_is_one_list() -> None:
    data = text_data()
    assert {"mr", "u.s", "sept", "gov", "e.g"} <= data.abbreviations
    assert all(a == a.lower() and not a.endswith(".") for a in data.abbreviations)
