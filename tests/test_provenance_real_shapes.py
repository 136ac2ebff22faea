"""Provenance on the shapes real republications take (issue 13), with fixtures written by us
about a fictional event: a short syndication that carries the wire's lead and quotes, two
independent reports quoting one statement, a phrase-level spun copy, a name swapped against
the pile's consensus, and the ordered-chain helper."""

from __future__ import annotations

import numpy as np
import pytest

from storylens.provenance import relate, run
from storylens.provenance.relate import is_paraphrase, ordered_chain, paraphrase_chain
from storylens.provenance.semantic import load
from storylens.provenance.spin import capitalised_names, name_swap_evidence
from storylens.provenance.text import make_doc, word_stats
from storylens.records import DERIVED_RELATIONS, Analysis, Article
from storylens.settings import Settings

SETTINGS = Settings()
FREQS = word_stats()

WIRE = [
    "A landslide buried part of the mountain village of Korvath on Sunday, killing at least "
    "nine people and leaving 14 missing, regional officials said.",
    "Heavy rain had loosened the slope above the village for more than a week before it gave "
    "way shortly after dawn.",
    "\u201cWe are searching house by house and we will not stop until everyone is found,\u201d "
    "rescue chief Maren Doss told a press conference in the regional capital Ulvik.",
    "\u201cThe ground is still moving, so our teams work in short shifts,\u201d Doss said.",
    "The death toll is expected to rise as crews reach the upper streets of the village, "
    "where several houses were flattened.",
    "Interior Minister Tomas Ebbe arrived in Korvath on Sunday evening and promised money to "
    "rebuild the damaged homes.",
    "The national weather office warned of more rain in the region until Wednesday.",
]

# A four-paragraph syndication: the lead verbatim, the two quotes verbatim, its own credit.
SYNDICATION = [
    WIRE[0],
    WIRE[2],
    WIRE[3],
    "This story was provided by a news agency and has not been edited by our staff.",
]

# Two separately written reports that share only the rescue chief's statement.
INDEPENDENT_1 = [
    "Rescuers in Korvath dug through mud and broken timber on Sunday after the hillside "
    "above the village collapsed in the early morning.",
    "\u201cWe are searching house by house and we will not stop until everyone is found,\u201d "
    "rescue chief Maren Doss told a press conference in the regional capital Ulvik.",
    "Neighbours said they had heard a roar like thunder moments before the slide.",
    "A school gymnasium in the next valley was turned into a shelter for 200 families.",
]
INDEPENDENT_2 = [
    "Villagers formed human chains to pass buckets of earth away from the collapsed houses.",
    "\u201cWe are searching house by house and we will not stop until everyone is found,\u201d "
    "rescue chief Maren Doss told a press conference in the regional capital Ulvik.",
    "The local council opened a fund for survivors that had raised 40,000 crowns by evening.",
    "Geologists from the university in Ulvik will inspect the slope on Monday.",
]

# A spinner's output: phrases swapped, not single words; names, numbers and order kept.
PHRASES = {
    "landslide": "land slip", "regional officials said": "local authorities stated",
    "Heavy rain": "Weighty precipitation", "loosened": "slackened",
    "more than a week": "in excess of seven days", "gave way": "surrendered",
    "shortly after dawn": "not long after first light", "press conference": "squeeze gathering",
    "death toll": "loss of life count", "is expected to rise": "is anticipated to ascend",
    "crews reach": "groups arrive at", "flattened": "leveled", "promised money": "vowed cash",
    "rebuild the damaged homes": "reconstruct the harmed houses",
    "warned of more rain": "cautioned of additional precipitation",
}


def spun(sentences: list[str]) -> list[str]:
    out = []
    for s in sentences:
        for a, b in PHRASES.items():
            s = s.replace(a, b)
        out.append(s)
    return out


def art(aid: str, sentences: list[str], published: str | None = None) -> Article:
    return Article(id=aid, source=aid, title="", body="\n\n".join(sentences),
                   paragraphs=tuple(sentences), published=published, language="en")


def test_provenance_short_syndication_of_the_lead_and_quotes_is_derived() -> None:
    r = relate(art("wire", WIRE), art("synd", SYNDICATION), SETTINGS)
    assert r.relation in DERIVED_RELATIONS, r.evidence


def test_provenance_independent_reports_sharing_a_quote_stay_independent() -> None:
    r = relate(art("one", INDEPENDENT_1), art("two", INDEPENDENT_2), SETTINGS)
    assert r.relation in ("independent", "quotes-only"), r.evidence
    out = run(Analysis(articles=(art("one", INDEPENDENT_1), art("two", INDEPENDENT_2))),
              SETTINGS)
    assert len(out.lineages) == 2


def test_provenance_phrase_spun_copy_is_derived_and_the_copy_labelled() -> None:
    # The other reports of the pile write "press conference", "death toll": the pile's
    # consensus tells the spun side from the original.
    arts = (
        art("wire", WIRE, "2031-05-04"),
        art("spun", spun(WIRE)),
        art("one", [
            *INDEPENDENT_1,
            "The death toll is feared to rise, a police spokesman told a press conference.",
            "Heavy rain had fallen for more than a week, officials said."]),
    )
    out = run(Analysis(articles=arts), SETTINGS)
    by_id = {a.id: a for a in out.articles}
    rel = next(r for r in out.relations if {r.a, r.b} == {"wire", "spun"})
    assert rel.relation in DERIVED_RELATIONS, rel.evidence
    subs = {(x.lower(), y.lower()) for al in rel.alignments for x, y in al.substitutions}
    if rel.a == "spun":
        subs = {(y, x) for x, y in subs}
    assert any(" " in x or " " in y for x, y in subs), subs  # phrases, not only words
    assert by_id["spun"].machine_spun.label, by_id["spun"].machine_spun
    assert not by_id["wire"].machine_spun.label
    assert not by_id["one"].machine_spun.label
    for phrase in by_id["spun"].machine_spun.evidence:
        assert phrase in by_id["spun"].text
    lineage = next(lin for lin in out.lineages if "wire" in lin.articles)
    assert set(lineage.articles) == {"wire", "spun"} and lineage.origin == "wire"


def test_provenance_name_swapped_against_the_pile_is_evidence() -> None:
    freqs = word_stats()
    pages = [
        "The prime minister spoke in Downing Street on Monday after the Conservative Party met.",
        "Outside Downing Street, reporters waited for the Conservative Party statement.",
        "A crowd gathered in Downing Street as the Conservative Party chose a leader.",
    ]
    spun_page = "Talking outside Downing Avenue, she said the Conservative Get together had met."
    names = [capitalised_names(p) for p in pages]
    found = {e.phrase for e in name_swap_evidence(
        capitalised_names(spun_page), names, freqs, 2, 6.5)}
    assert found == {"Downing Avenue", "Conservative Get"}
    # An honest page of the pile: its names are the consensus, nothing to report.
    assert not name_swap_evidence(names[0], [*names[1:], capitalised_names(spun_page)],
                                  freqs, 2, 6.5)
    # One other page is not a consensus.
    assert not name_swap_evidence(capitalised_names(spun_page), names[:1], freqs, 2, 6.5)


def test_provenance_ordered_chain_keeps_the_heaviest_increasing_run() -> None:
    items = [(0, 0, 1.0), (1, 5, 1.0), (2, 1, 1.0), (3, 2, 1.0), (4, 3, 0.5)]
    assert ordered_chain(items) == [0, 2, 3, 4]
    assert ordered_chain([]) == []


@pytest.mark.skipif(load(True) is None, reason="multilingual extra not installed")
def test_provenance_paraphrase_sentences_align_by_meaning() -> None:
    wire = [WIRE[0], WIRE[4], WIRE[5]]
    para = [
        "At least nine people died and 14 are missing after a landslide buried part of "
        "Korvath, a mountain village, on Sunday, according to regional officials.",
        "Officials expect more deaths as rescue teams get to the village's upper streets, "
        "where a number of houses were destroyed.",
        "Tomas Ebbe, the interior minister, came to Korvath on Sunday night and pledged funds "
        "for rebuilding damaged houses.",
    ]
    r = relate(art("wire", wire), art("para", para), SETTINGS)
    assert len([al for al in r.alignments if al.meaning >= 0.8]) >= 2, r.alignments


# A write-through of WIRE: the lead and the weather sentence kept word for word, the rest
# rewritten with new facts and reordered. Only two sentences are "the same", but a fifth of
# its own prose is copied verbatim in long runs: a copy, not an independent report.
WRITE_THROUGH = [
    WIRE[0].replace("on Sunday, killing", "on Sunday morning, killing"),
    "Rescue teams with dogs pulled two survivors from a cellar late on Sunday night, the "
    "fire brigade said, raising hopes for the missing.",
    "The army sent two helicopters and an engineering unit from its base near Ulvik.",
    "Residents of the lower streets were moved to a sports hall while experts checked the "
    "slope for new cracks.",
    WIRE[6],
    "Korvath, a village of about 600 people, lies in a valley known for its orchards.",
]


def test_provenance_write_through_keeping_lead_and_background_verbatim_is_derived() -> None:
    from dataclasses import replace

    r = relate(art("wire", WIRE), art("wt", WRITE_THROUGH), SETTINGS)
    assert r.relation in DERIVED_RELATIONS, r.evidence
    # Without the copied-prose rule the same pair is not derived (the test can fail).
    off = replace(SETTINGS, provenance=replace(SETTINGS.provenance, derived_copied_share=2.0))
    assert relate(art("wire", WIRE), art("wt", WRITE_THROUGH), off).relation not in (
        DERIVED_RELATIONS
    )


# A machine paraphrase of an invented flood report: every sentence rewritten clause by
# clause (names and numbers kept), so the edit script has few short substitutions to show.
FLOOD = [
    "The river Almer burst its banks near the town of Pellin on Tuesday, flooding 300 homes "
    "and forcing 1,200 people to leave, the county council said.",
    "Water levels at the Pellin gauge rose by 2.4 metres in twelve hours after three days of "
    "heavy rain over the Harsk hills.",
    "Council leader Ida Venn said emergency shelters had been opened in two schools and the "
    "sports centre on Mill Road.",
    "The national rail operator suspended trains between Pellin and Oster until at least "
    "Thursday because a bridge was under water.",
    "Forecasters expect the rain to ease on Wednesday, but warned that the river would stay "
    "high for several days.",
]
FLOOD_PARAPHRASE = [
    "On Tuesday the county council reported that the Almer river had overflowed close to "
    "Pellin, leaving 300 homes under water and pushing 1,200 residents out.",
    "After heavy rainfall lasting three days across the Harsk hills, the Pellin gauge "
    "recorded a 2.4 metre rise within twelve hours.",
    "According to council leader Ida Venn, two schools as well as the Mill Road sports "
    "centre are now serving as emergency shelters.",
    "Rail services linking Pellin and Oster have been halted by the national operator until "
    "Thursday at the earliest, since a bridge is flooded.",
    "Rain should let up on Wednesday according to forecasters, who cautioned that the river "
    "level will remain elevated for a number of days.",
]


@pytest.mark.skipif(load(True) is None, reason="multilingual extra not installed")
def test_provenance_clause_by_clause_paraphrase_is_a_reworded_copy() -> None:
    from dataclasses import replace

    orig = art("orig", FLOOD, published="2026-03-03")
    para = art("para", FLOOD_PARAPHRASE, published="2026-03-04")
    r = relate(orig, para, SETTINGS)
    assert r.relation == "spun-copy" and r.direction == "a->b", r.evidence
    # Without the clause-rewording test only short substitutions count: not reworded.
    off = replace(SETTINGS, provenance=replace(SETTINGS.provenance,
                                               paraphrase_reworded_verbatim=0.0))
    assert relate(orig, para, off).relation != "spun-copy"


def test_provenance_reworded_copy_side_from_sentences_the_pile_carries() -> None:
    """A reworded pair with no phrase consensus and no dates: the side whose sentences
    another page of the pile carries near word for word is the original."""
    from storylens.provenance import SpinAssessment, _reworded_copy_side, _twins
    from storylens.provenance.text import make_doc
    from storylens.records import Alignment

    reworded = [
        "A mudslide covered a section of the hill hamlet of Korvath on Sunday, leaving no "
        "fewer than nine dead and 14 unaccounted for, local authorities stated.",
        "Downpours had weakened the incline over the hamlet for over seven days before it "
        "collapsed soon after sunrise.",
    ]
    orig, copy = art("orig", WIRE[:2]), art("copy", reworded)
    # A third page (another syndication) carries the original's two sentences.
    third = make_doc("third", " ".join([WIRE[0], WIRE[1], WIRE[6]]))
    da, db = make_doc("orig", orig.text), make_doc("copy", copy.text)
    chain = [Alignment(a_text=da.sentences[k].text, b_text=db.sentences[k].text,
                       similarity=0.3, a_index=(k,), b_index=(k,)) for k in range(2)]
    grams = {tuple(t[k:k + 4]) for s in third.sentences
             for t in [s.tokens] for k in range(len(t) - 3)}
    twins = _twins(chain, da, db, [grams], SETTINGS.provenance)
    assert twins == (2, 0)
    unlabelled = (SpinAssessment(), SpinAssessment())
    assert _reworded_copy_side((orig, copy), unlabelled, chain, [], twins) == "b"
    # Without the third page nothing tells the sides apart (no dates): no label.
    assert _reworded_copy_side((orig, copy), unlabelled, chain, [], (0, 0)) is None
    # One sentence ahead is not a clear majority.
    assert _reworded_copy_side((orig, copy), unlabelled, chain, [], (1, 0)) is None


# A translation round trip of WIRE: every sentence reworded in order, numbers and names kept,
# the quotes reworded too; few sentences stay close enough in words to count as "the same".
ROUND_TRIP = [
    "On Sunday a wall of mud swept through the highland hamlet, leaving nine dead and 14 "
    "unaccounted for, according to provincial officers.",
    "For over a week, strong rainfall had made the hillside over the settlement unstable, "
    "until it collapsed not long after sunrise.",
    "\u201cWe look in each house, one after another, and we will not stop until all of them "
    "are located,\u201d the head of the rescuers told reporters.",
    "The number of victims will probably grow when the teams get to the higher roads of "
    "the settlement, where a number of homes were crushed.",
    "The minister responsible for home affairs travelled to the hamlet that evening and "
    "vowed state cash to reconstruct ruined dwellings.",
]


def _diagonal(n_a: int, n_b: int, pairs: dict[tuple[int, int], float]) -> np.ndarray:
    m = np.full((n_a, n_b), 0.1)
    for (i, j), c in pairs.items():
        m[i, j] = c
    return m


def test_provenance_paraphrase_chain_needs_order_share_and_mean() -> None:
    s = SETTINGS.provenance
    wire, copy = make_doc("wire", " ".join(WIRE)), make_doc("copy", " ".join(ROUND_TRIP))
    assert (len(wire.sentences), len(copy.sentences)) == (7, 5)
    # Every sentence of the round trip means one of the wire's, in order (the wire's second
    # quote was dropped): a reworded copy.
    order = {(0, 0): 0.86, (1, 1): 0.82, (2, 2): 0.8, (4, 3): 0.84, (5, 4): 0.9}
    chain = paraphrase_chain(wire, copy, _diagonal(7, 5, order), FREQS, s)
    assert [(al.a_index[0], al.b_index[0]) for al in chain] == sorted(order)
    assert all(al.kind == "paraphrase" and al.verbatim_share < 0.5 for al in chain)
    assert is_paraphrase(chain, wire, copy, s)
    # Same order but the meaning only loosely kept (mean cosine 0.66): not a copy.
    loose = {k: 0.66 for k in order}
    assert not is_paraphrase(paraphrase_chain(wire, copy, _diagonal(7, 5, loose), FREQS, s),
                             wire, copy, s)
    # Three of five sentences in order (0.6 of the shorter page; a fourth pair crosses
    # them): not enough.
    part = {(0, 0): 0.86, (1, 1): 0.82, (5, 4): 0.9, (6, 0): 0.85}
    assert len(paraphrase_chain(wire, copy, _diagonal(7, 5, part), FREQS, s)) == 3
    assert not is_paraphrase(paraphrase_chain(wire, copy, _diagonal(7, 5, part), FREQS, s),
                             wire, copy, s)


def test_provenance_paraphrase_chain_leaves_out_a_statement_quoted_word_for_word() -> None:
    s = SETTINGS.provenance
    # Two reports carrying the rescue chief's statement: its pair never counts, whatever the
    # encoder says; a paraphraser would have reworded it.
    one, two = make_doc("i1", " ".join(INDEPENDENT_1)), make_doc("i2", " ".join(INDEPENDENT_2))
    every = {(i, i): 0.95 for i in range(4)}
    chain = paraphrase_chain(one, two, _diagonal(4, 4, every), FREQS, s)
    assert (1, 1) not in [(al.a_index[0], al.b_index[0]) for al in chain]
    # The quote reworded on one side counts.
    wire, copy = make_doc("wire", " ".join(WIRE)), make_doc("copy", " ".join(ROUND_TRIP))
    chain = paraphrase_chain(wire, copy, _diagonal(7, 5, {(2, 2): 0.9}), FREQS, s)
    assert [(al.a_index[0], al.b_index[0]) for al in chain] == [(2, 2)]


def test_provenance_round_trip_paraphrase_off_and_independent_reports() -> None:
    from dataclasses import replace

    wire, copy = art("wire", WIRE), art("copy", ROUND_TRIP)
    # The fixture's sentences stay below "same" (cosine 0.6-0.7 with this encoder): neither
    # the word rules nor the chain (mean under paraphrase_chain_min_mean) derive it.
    off = replace(SETTINGS, provenance=replace(SETTINGS.provenance,
                                               paraphrase_chain_min_pairs=0))
    assert relate(wire, copy, off).relation not in DERIVED_RELATIONS
    # Two separately written reports of the event do not form such a chain.
    assert relate(art("i1", INDEPENDENT_1), art("i2", INDEPENDENT_2),
                  SETTINGS).relation not in DERIVED_RELATIONS
    assert relate(wire, art("i1", INDEPENDENT_1), SETTINGS).relation not in DERIVED_RELATIONS
