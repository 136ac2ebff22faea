"""Whose words the brief uses without spin labels (decision 0506) and how it finds the figures
a sentence states, on invented fixtures (a fictional dam breach in the valley of Orrin)."""

from __future__ import annotations

import dataclasses

import numpy as np

from storylens.brief import (
    _not_updates,
    _update_notes,
    build_brief,
    loaded_counter,
    run,
    sentence_claims,
    stated_claims,
)
from storylens.brief.select import Pile, same_wording, word_support
from storylens.records import Analysis, Article, Claim, ClaimGroup, SpinAssessment, Story
from storylens.settings import Settings

ORIGINAL = (
    "The Orrin valley dam gave way after three days of heavy rain on Tuesday, flooding "
    "four villages downstream, regional officials said."
)
# The same sentence with one word changed by an editor: the same wording.
EDITED = (
    "The Orrin valley dam gave way after three days of heavy rain on Tuesday, flooding "
    "four villages downstream, local officials said."
)
# A spinner's synonyms: the same statement, shorter, in words no other page uses.
SPUN = (
    "The Orrin valley barrier yielded after three days of weighty rain on Tuesday, "
    "inundating four hamlets downstream, officials said."
)
OTHER = [
    "Rescue teams reached the flooded villages by boat on Wednesday.",
    "Heavy rain had fallen on the valley for three days before the dam gave way.",
]


def _article(aid: str, paras: list[str], outlet: str) -> Article:
    return Article(id=aid, source=aid, title=f"{outlet} report", body="\n\n".join(paras),
                   paragraphs=tuple(paras), outlet=outlet, published="2031-03-04")


def _analysis(*arts: Article, **extra: object) -> Analysis:
    story = Story("E", "event", tuple(a.id for a in arts))
    return Analysis(articles=arts, stories=(story,), **extra)  # type: ignore[arg-type]


def test_brief_wording_same_wording_measure() -> None:
    assert same_wording(ORIGINAL, EDITED) >= Settings().brief.consensus_min
    assert same_wording(ORIGINAL, SPUN) < Settings().brief.consensus_min


def test_brief_wording_consensus_wording_over_an_unlabelled_spin() -> None:
    # No spin label anywhere. The event holds the original and the spin; the edited copy of
    # the original sits in a sibling event of the same storyline: two pages share the
    # original's wording, so it is taken (without that, the shorter spin would be).
    for first in ("orig", "spin"):
        pages = {
            "orig": _article("orig", [ORIGINAL, OTHER[0]], "Valley Wire"),
            "spin": _article("spin", [SPUN], "Content Farm"),
            "edit": _article("edit", [EDITED, OTHER[1]], "Orrin Post"),
        }
        pair = (first, "spin" if first == "orig" else "orig")
        stories = (
            Story("L", "storyline", (*pair, "edit")),
            Story("E1", "event", pair, parent="L"),
            Story("E2", "event", ("edit",), parent="L"),
        )
        an = Analysis(articles=tuple(pages.values()), stories=stories)
        brief = next(b for b in run(an, Settings()).brief if b.story == "E1")
        assert any("dam gave way" in s.text for s in brief.sentences), first
        assert not any("barrier" in s.text for s in brief.sentences), first


def test_brief_wording_pile_word_support_prefers_the_original_words() -> None:
    # Two versions only (no page in the same words as either): the version whose own words
    # other pages use is taken; "dam", "villages", "flooding" are the pile's words.
    an = _analysis(
        _article("orig", [ORIGINAL], "Valley Wire"),
        _article("spin", [SPUN], "Content Farm"),
        _article("t1", [OTHER[0]], "Orrin Radio"),
        _article("t2", [OTHER[1]], "Hill Gazette"),
    )
    pile = Pile(an)
    assert word_support(ORIGINAL, "orig", [("spin", SPUN)], pile) > word_support(
        SPUN, "spin", [("orig", ORIGINAL)], pile)
    brief = run(an, Settings()).brief[0]
    assert any("dam gave way" in s.text for s in brief.sentences)
    assert not any("barrier" in s.text for s in brief.sentences)


def test_brief_wording_quoted_loaded_words_are_the_speakers() -> None:
    count = loaded_counter(Settings(), ["massacre"])
    assert count("Officials called it a massacre.") == 1
    assert count("The mayor called it “a massacre” on Tuesday.") == 0


FIG_A = "At least 31 people died when the Orrin dam gave way, regional officials said."
FIG_B = "The Orrin dam breach killed 29 people, the fire service said on Wednesday."
FIG_C = "Rescuers said 31 boats and 12 helicopters took part in the search on Tuesday."


def _claims() -> tuple[Claim, ...]:
    return (
        Claim("a1", "a", FIG_A, "quantity", 31.0, "people"),
        Claim("b1", "b", FIG_B, "quantity", 29.0, "people"),
        Claim("c1", "c", FIG_C, "quantity", 31.0, "boats"),
        Claim("c2", "c", FIG_C, "quantity", 12.0, "helicopters"),
    )


def test_brief_wording_sentence_claims_by_place_not_by_number() -> None:
    claims = _claims()
    # FIG_C says "31" too, but of boats, on another page: not a claim FIG_A states.
    own = sentence_claims(claims, FIG_A, "a", ("a",), 0.5, {"c": [FIG_C]})
    assert [c.id for c in own] == ["a1"]
    group = ClaimGroup("g", ("a1", "b1"), "conflict", 2, "people killed")
    assert [c.id for c in stated_claims([claims[0], claims[1]], own)] == ["a1"]
    boats = sentence_claims(claims, FIG_C, "c", ("c",), 0.5, {"c": [FIG_C]})
    assert {c.id for c in boats} == {"c1", "c2"}
    assert stated_claims([claims[0], claims[1]], boats) == []
    an = _analysis(
        _article("a", [FIG_A], "Valley Wire"), _article("b", [FIG_B], "Orrin Post"),
        _article("c", [FIG_C], "Hill Gazette"), claims=claims, claim_groups=(group,),
    )
    brief = build_brief(an, an.stories[0], Settings())
    for s in brief.sentences:
        if "boats" in s.text:
            assert s.contested == ()
        if "At least 31 people" in s.text:
            assert s.contested == ("g",)
            assert any("29" in n and "Orrin Post" in n for n in s.notes), s.notes


def test_brief_wording_two_figures_of_one_update_are_no_dispute() -> None:
    early = Claim("u1", "b", FIG_B, "quantity", 29.0, "people", as_of="2031-03-03")
    late = Claim("u2", "a", FIG_A, "quantity", 31.0, "people", as_of="2031-03-04")
    update = ClaimGroup("up", ("u1", "u2"), "update", 2, "people killed",
                        order=("u1", "u2"), current="u2")
    conflict = ClaimGroup("cf", ("u1", "u2"), "conflict", 2, "people killed")
    kept = _not_updates([(conflict, [early, late])], [(update, [early, late])])
    assert kept == []
    notes = _update_notes(late, [early], lambda a: {"a": "Valley Wire", "b": "Orrin Post"}[a])
    assert notes[0] == "latest figure, as of 2031-03-04"
    assert "29" in notes[1] and "2031-03-03" in notes[1]
    an = _analysis(_article("a", [FIG_A], "Valley Wire"), _article("b", [FIG_B], "Orrin Post"),
                   claims=(early, late), claim_groups=(update, conflict))
    brief = build_brief(an, an.stories[0], Settings())
    assert brief.disputes == ()
    assert all(s.contested == () for s in brief.sentences)
    assert not any("29 people" in s.text for s in brief.sentences)  # the stale figure


# Decision 0507: a sentence no other lineage carries, on a page with spin evidence.
LONE = "A content farm claimed the regional governor had ordered the gates of the dam opened early."


def test_brief_wording_one_lineage_sentence_of_a_page_with_spin_evidence_is_left_out() -> None:
    def pile(evidence: tuple[str, ...]) -> Analysis:
        farm = dataclasses.replace(
            _article("farm", [SPUN, LONE], "Content Farm"),
            machine_spun=SpinAssessment(0.4 if evidence else 0.0, False, evidence))
        return _analysis(_article("orig", [ORIGINAL, OTHER[0]], "Valley Wire"), farm,
                         _article("t2", [OTHER[1]], "Hill Gazette"))

    texts = [s.text for s in run(pile(("hamlets",)), Settings()).brief[0].sentences]
    assert not any("gates of the dam" in t for t in texts)
    # The same page without evidence: its one-page sentence may stay.
    texts = [s.text for s in run(pile(()), Settings()).brief[0].sentences]
    assert any("gates of the dam" in t for t in texts)


def test_brief_wording_one_value_attributed_dispute_is_no_dispute() -> None:
    # Two named sources give the same 31: nothing to contest. A conflict with one value
    # (sides differing by qualifier: "more than 31" / "31") stays disputed.
    a = Claim("a1", "a", FIG_A, "quantity", 31.0, "people", attributed_to="regional officials")
    b = Claim("b1", "b", "The fire service said 31 people died in the Orrin flood.", "quantity",
              31.0, "people", attributed_to="the fire service")
    dispute = ClaimGroup("d", ("a1", "b1"), "attributed-dispute", 2, "people killed")
    conflict = ClaimGroup("c", ("a1", "b1"), "conflict", 2, "people killed")
    assert _not_updates([(dispute, [a, b])], []) == []
    assert _not_updates([(conflict, [a, b])], []) == [(conflict, [a, b])]
    an = _analysis(_article("a", [FIG_A], "Valley Wire"),
                   _article("b", ["The fire service said 31 people died in the Orrin flood."],
                            "Orrin Post"), claims=(a, b), claim_groups=(dispute,))
    brief = build_brief(an, an.stories[0], Settings())
    assert brief.disputes == ()
    assert all(s.contested == () and s.notes == () for s in brief.sentences)


@dataclasses.dataclass(frozen=True, slots=True)
class _NamedCurrent(ClaimGroup):
    """An update group whose claims stage names its current claim."""

    current: str | None = None


def test_brief_wording_latest_figure_given_by_several_pages_is_timed() -> None:
    # Two pages give the latest 31; the claims stage names page a's claim current. The
    # sentence worded from page c still gets the latest-figure note, and c's 31 is no stale
    # figure to leave out.
    mayor = "At least 31 people died in the Orrin flood, the mayor said on Wednesday."
    early = Claim("b1", "b", FIG_B, "quantity", 29.0, "people", as_of="2031-03-03")
    late = Claim("a1", "a", FIG_A, "quantity", 31.0, "people", as_of="2031-03-04")
    same = Claim("c1", "c", mayor, "quantity", 31.0, "people", as_of="2031-03-04")
    update = _NamedCurrent("u", ("b1", "c1", "a1"), "update", 3, "people killed",
                           current="a1")
    an = _analysis(_article("b", [FIG_B], "Orrin Post"),
                   _article("c", [mayor], "Hill Gazette"),
                   _article("a", [OTHER[0]], "Valley Wire"),
                   claims=(early, same, late), claim_groups=(update,))
    brief = build_brief(an, an.stories[0], Settings())
    said = [s for s in brief.sentences if "31 people" in s.text]
    assert said and said[0].notes[:1] == ("latest figure, as of 2031-03-04",), said
    assert "29" in said[0].notes[1]


# Decision 0508: an update's earlier report and a sentence's own revision are not disputes.
def test_brief_wording_earlier_report_figures_are_no_dispute() -> None:
    early_text = "At least 12 people died and 40 were hurt, the county said on Monday."
    early = Claim("e1", "a", early_text, "quantity", 12.0, "people", as_of="2031-05-01")
    early_hurt = Claim("e2", "a", early_text, "quantity", 40.0, None)
    late = Claim("l1", "b", "The toll rose to 19 dead and 65 hurt.", "quantity", 19.0,
                 "people", as_of="2031-05-02")
    late_hurt = Claim("l2", "b", "The toll rose to 19 dead and 65 hurt.", "quantity", 65.0, None)
    update = ClaimGroup("up", ("e1", "l1"), "update", 2, "people killed",
                        order=("e1", "l1"), current="l1")
    hurt = ClaimGroup("d", ("e2", "l2"), "attributed-dispute", 2, "people hurt")
    # the 40 hurt is as old as the 12 dead of the same sentence: one value left, no dispute
    assert _not_updates([(hurt, [early_hurt, late_hurt])], [(update, [early, late])]) == []
    # a rival figure in a sentence of its own stays a dispute
    other = dataclasses.replace(early_hurt, id="o2", article="c",
                                text="A hospital official said 40 were hurt.")
    kept = _not_updates([(hurt, [other, late_hurt])], [(update, [early, late])])
    assert kept == [(hurt, [other, late_hurt])]


def test_brief_wording_figure_its_own_sentence_revises_is_no_rival() -> None:
    text = "Officials revised the toll down to 19, from the previous figure of 23."
    old = Claim("r1", "c", text, "quantity", 23.0, None)
    late = Claim("l1", "b", "The toll rose to 19 dead.", "quantity", 19.0, "people")
    early = Claim("e1", "a", "Twelve people died.", "quantity", 12.0, "people")
    update = ClaimGroup("up", ("e1", "l1"), "update", 2, "people killed",
                        order=("e1", "l1"), current="l1")
    other = Claim("x1", "d", "A local paper put the toll at 23.", "quantity", 23.0, None)
    dispute = ClaimGroup("d", ("r1", "x1", "l1"), "conflict", 2, "people killed")
    kept = _not_updates([(dispute, [old, other, late])], [(update, [early, late])])
    assert kept == [(dispute, [other, late])]
    # without revision wording the same two figures are rivals
    plain = dataclasses.replace(old, text="Officials gave 19 dead in one town and 23 in all.")
    kept = _not_updates([(dispute, [plain, late])], [(update, [early, late])])
    assert kept == [(dispute, [plain, late])]


def test_brief_wording_disputed_figure_is_stated_once() -> None:
    # Two pages give the dam's height as 41 and 44 metres in two different sentences: the
    # brief states it once, the other figure in that sentence's note (decision 0508).
    one = "Engineers said the Orrin dam wall stood 41 metres high before it broke apart."
    two = "The collapsed barrier at Orrin was 44 metres tall, the builder's records show."
    a = Claim("a1", "a", one, "quantity", 41.0, "metres")
    b = Claim("b1", "b", two, "quantity", 44.0, "metres")
    group = ClaimGroup("h", ("a1", "b1"), "conflict", 2, "dam height")
    an = _analysis(_article("a", [ORIGINAL, one], "Valley Wire"),
                   _article("b", [OTHER[0], two], "Orrin Post"),
                   claims=(a, b), claim_groups=(group,))
    # without the encoder (its "one fact told twice" check would also catch this pair)
    base = Settings()
    settings = dataclasses.replace(base, brief=dataclasses.replace(base.brief, semantic=False))
    brief = build_brief(an, an.stories[0], settings)
    marked = [s for s in brief.sentences if s.contested]
    assert len(marked) == 1 and marked[0].contested == ("h",)
    assert any("rival figure" in n for n in marked[0].notes)


def test_brief_wording_lead_names_someone_and_pronoun_after_a_phrase_dangles() -> None:
    from storylens.brief.select import _DANGLING, _NAMES

    assert _NAMES.search("The contract will last until 2025.") is None
    assert _NAMES.search("Vellora has debts of about $12 billion.") is not None
    assert _NAMES.search("The dam at Orrin gave way on Tuesday.") is not None
    assert _DANGLING.match("Built in 1961, it is the oldest dam in the valley.")
    assert _DANGLING.match("And the river rose again overnight.")
    assert not _DANGLING.match("Built in 1961, the dam held until Tuesday.")


class _FakeEncoder:
    """Unit vectors by a word each text holds ("gate": one meaning, "boat": another)."""

    def encode(self, texts: list[str]) -> np.ndarray:
        rows = [[1.0, 0.0] if "gate" in t else [0.0, 1.0] for t in texts]
        return np.asarray(rows, dtype=np.float32)


def test_brief_wording_unshared_wording_takes_a_cleaner_pages_words() -> None:
    from storylens.brief.select import Sent, cleaner_equivalents

    farm = Sent("farm", 0, "The sluice gate was unlatched too early, a content farm wrote.", 0.0)
    wire = Sent("wire", 0, "The gate was opened too early, the valley authority said.", 0.0)
    other = Sent("indep", 0, "Rescue boats reached the villages on Wednesday.", 0.0)
    an = _analysis(_article("farm", [farm.text], "Content Farm"))
    pile = Pile(an, _FakeEncoder())  # type: ignore[arg-type]
    cands = [farm, wire, other]
    # the wire page shares wording elsewhere (corroborated), the farm's does not
    got = cleaner_equivalents(cands, [0, 1, 0], set(), set(), {"wire"}, pile, 0.7)
    assert got == {0: 1}
    # two equally clean pages: nothing is swapped
    assert cleaner_equivalents(cands, [0, 0, 0], set(), set(), set(), pile, 0.7) == {}
    # a copy of a lineage with a known origin takes the origin's words
    got = cleaner_equivalents(cands, [0, 0, 0], set(), {"farm"}, set(), pile, 0.7)
    assert got == {0: 1}


def test_brief_wording_photo_captions_and_wire_datelines() -> None:
    from storylens.brief.select import _CAPTION, _WIRE_DATELINE

    assert _CAPTION.search("Rescuers carry a boat past the broken dam wall near Orrin, "
                           "Tuesday, March 4, 2031.")
    assert _CAPTION.search("Villagers wait for buses at Orrin. (AP Photo/Jane Roe)")
    assert not _CAPTION.search("The dam broke on Tuesday, officials said.")
    assert _WIRE_DATELINE.sub("", "ORRIN (AP) — The dam gave way on Tuesday.") == (
        "The dam gave way on Tuesday.")
    assert _WIRE_DATELINE.sub("", "Orrin — the dam gave way.") == "Orrin — the dam gave way."


def test_brief_wording_earlier_figure_carries_the_latest() -> None:
    from storylens.brief import _newer_note, writes_earlier

    early = Claim("e1", "a", "At least 412 homes were flooded, the county said.", "quantity",
                  412.0, "homes", as_of="2031-03-03")
    late = Claim("l1", "b", "The county now counts 530 flooded homes in the valley.",
                 "quantity", 530.0, "homes", as_of="2031-03-05")
    # the claims stage missed this sentence's figure (or misread its unit): its own words
    assert writes_earlier([early], [], "Floodwater has reached 412, and more are feared.")
    assert not writes_earlier([early], [], "Floodwater has reached 530 homes.")
    # the same number counting something else is not the earlier figure
    assert writes_earlier([early], [], "Floodwater has now reached 412 homes.")
    assert not writes_earlier([early], [], "The levee holds 412 tonnes of sand.")
    # a small number or a year is no evidence on its own
    small = dataclasses.replace(early, value=12.0)
    assert not writes_earlier([small], [], "Crews worked 12 hours in 2031.")
    note = _newer_note(late, lambda a: "Orrin Post")
    assert "530" in note and "Orrin Post" in note and "2031-03-05" in note
