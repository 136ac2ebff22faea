"""Figures as written (decision 0507): a brief sentence states a disputed figure however the
number is written; invented sentences (a fictional flood in the valley of Orrin)."""

from __future__ import annotations

import pytest

from storylens.brief import sentence_claims, stated_claims
from storylens.brief.figures import Figure, claim_values, figures, same_value, states_value
from storylens.records import Claim


@pytest.mark.parametrize(("text", "value", "word"), [
    ("Forty-three people drowned in the Orrin flood.", 43, "people"),
    ("The flood displaced 1.4 million residents.", 1_400_000, "resident"),
    ("The flood displaced 1,400,000 residents.", 1_400_000, "resident"),
    ("Officials counted seven-million euros of damage.", 7_000_000, "euro"),
    ("The repairs will take 3½ years.", 3.5, "year"),
    ("The repairs will take 3-1/2 years.", 3.5, "year"),
    ("The water rose 12km inland.", 12, "km"),
    ("Two-thirds of the valley's farms were flooded.", 200 / 3, "valley"),
    ("Crop prices rose 14% in a week.", 14, "percent"),
    ("Crop prices rose 14 per cent in a week.", 14, "percent"),
    ("A dozen bridges were swept away.", 12, "bridge"),
])
def test_brief_figures_read_as_written(text: str, value: float, word: str) -> None:
    assert any(same_value(f.value, value) and f.word == word for f in figures(text)), (
        figures(text))


def test_brief_figures_no_number_in_a_pronoun_one() -> None:
    assert figures("One of the villagers said the water came at night.") == ()
    assert figures("Rescuers reached one village.") == ()


def test_brief_figures_same_value_is_tight() -> None:
    assert same_value(66.7, 200 / 3)
    assert not same_value(850, 800)
    assert not same_value(2700, 2750)
    assert claim_values(7, "million") == (7, 7_000_000)
    assert claim_values(240, "USD billion")[-1] == 240e9
    assert claim_values(5, "months") == (5,)


def test_brief_figures_states_value_with_counted_word() -> None:
    assert states_value("Forty-three people drowned.", 43, "people")
    assert not states_value("Forty-three boats sank.", 43, "people")
    assert Figure(43.0, "boat") in figures("Forty-three boats sank.")


A = "At least 43 people drowned when the Orrin river burst its banks, officials said."
B = "Fifty-one people died in the Orrin flood, the regional fire service said."
WORDS = "Forty-three people drowned in the flood, the mayor of Orrin said on Tuesday."


def test_brief_figures_disputed_figure_written_in_words_is_stated() -> None:
    claims = [Claim("a1", "a", A, "quantity", 43.0, "people"),
              Claim("b1", "b", B, "quantity", 51.0, "people")]
    # The sentence is page c's, whose claim the claims stage did not extract: its written
    # figure and counted word still state the group's 43.
    own = sentence_claims(claims, WORDS, "c", ("c",), 0.5, {"c": [WORDS]})
    assert own == []
    assert [c.id for c in stated_claims(claims, own, WORDS)] == ["a1"]
    # The same number of another thing is not the disputed figure.
    boats = "Forty-three boats were lost in the flood, the mayor of Orrin said on Tuesday."
    assert stated_claims(claims, [], boats) == []
    # A claim kept with its scale in the unit is found in "1.4 million".
    scaled = [Claim("m1", "m", "1.4 million residents were displaced", "quantity", 1.4,
                    "million residents")]
    text = "The flood displaced 1.4 million residents across the valley, the agency said."
    assert [c.id for c in sentence_claims(scaled, text, "z", ("z",), 0.5, {})] == ["m1"]
    other = "The flood displaced 1.5 million residents across the valley, the agency said."
    assert sentence_claims(scaled, other, "z", ("z",), 0.5, {}) == []


def test_brief_figures_sentence_writing_another_side_of_a_dispute() -> None:
    from storylens.brief import writes_side

    a = Claim("a", "x", "A monitoring centre said it was magnitude 5.9, while others differ.",
              "quantity", 5.9, "magnitude")
    b = Claim("b", "x", "A second centre said it registered a magnitude of 6.1.",
              "quantity", 6.1, "magnitude")
    # a third value of the same counted thing, close to theirs: one more side
    assert writes_side([a, b], "A 5.7-magnitude tremor shook the coast of Pellan.", 1.25)
    # the same word, far away: another measure; another word: not this dispute
    assert not writes_side([a, b], "The 2 magnitude aftershock did no harm.", 1.25)
    assert not writes_side([a, b], "About 5.8 kilometres of road were closed.", 1.25)
