"""Claims rules added for decision 0403: parts, updates, speakers across sentences, source
keys, headline-total outliers and cross-article attributed disputes (small fixtures of ours)."""

from __future__ import annotations

import pytest

from storylens.claims import run
from storylens.claims.extract import Facts, extract_claims, source_key
from storylens.claims.lexicon import Lexicon, load_lexicon
from storylens.claims.numbers import find_quantities
from storylens.records import Analysis, Article, ClaimGroup, Lineage
from storylens.settings import Settings


@pytest.fixture(scope="module")
def lex() -> Lexicon:
    return load_lexicon()


def _art(aid: str, body: str, published: str | None = "2024-05-07") -> Article:
    return Article(id=aid, source=aid, title=aid, body=body, paragraphs=tuple(body.split("\n")),
                   published=published, outlet=aid)


def _facts(body: str, lex: Lexicon) -> list[Facts]:
    return extract_claims(_art("x", body), lex, Settings().claims)


def _run(*arts: Article, lineages: tuple[Lineage, ...] = ()) -> list[ClaimGroup]:
    out = run(Analysis(articles=arts, lineages=lineages), Settings())
    return list(out.claim_groups)


def test_claims_rules_number_comma_not_glued(lex: Lexicon) -> None:
    (q,) = find_quantities("He put the number at about 3,000, most of them children.", lex)
    assert q.value == 3000 and q.unit is None


def test_claims_rules_spun_doubled_noun(lex: Lexicon) -> None:
    (q,) = find_quantities("The water cleared through 14 villages and villages.", lex)
    assert q.unit == "villages"


def test_claims_rules_parts_and_updates(lex: Lexicon) -> None:
    facts = _facts("Nine people died - five in Orla and four in Bex.\n"
                   "Three of the dead were children.\n"
                   "Crews moved 200 people by boat and another 300 by bus.\n"
                   "The toll later rose to ten.", lex)
    by_value = {f.claim.value: f for f in facts}
    assert not by_value[9].part and by_value[9].lead
    assert by_value[5].part and by_value[4].part and by_value[3].part
    assert by_value[200].part and by_value[300].part
    assert by_value[10].update and not by_value[10].lead


def test_claims_rules_speakers_across_sentences(lex: Lexicon) -> None:
    facts = _facts("Governor Ana Brill on Monday rejected the report.\n"
                   "About 400 homes were lost, she said.\n"
                   "\"We counted 90 boats. Another 20 sank,\" said Piet Olm.", lex)
    by_value = {f.claim.value: f for f in facts}
    assert by_value[400].claim.attributed_to == "Governor Ana Brill"
    assert by_value[90].claim.attributed_to == "Piet Olm"


def test_claims_rules_negated_verb_names_nobody(lex: Lexicon) -> None:
    (f,) = _facts("At least 30 people died and the council has still not told families.", lex)
    assert f.claim.attributed_to is None


def test_claims_rules_source_keys(lex: Lexicon) -> None:
    assert source_key("Health Minister Ana Brill", lex) == source_key("Brill", lex)
    assert source_key("the relief agency WRA", lex) == source_key(
        "The World Relief Alliance (WRA)", lex)
    assert source_key("Northern Defence Ministry", lex) != source_key(
        "Southern Defence Ministry", lex)


def test_claims_rules_tenfold_headline_toll_is_conflict() -> None:
    a = _art("a", "A landslide buried the village of Orla, killing eight people.")
    b = _art("b", "Eight people died when mud buried houses in Orla.")
    c = _art("c", "At least 80 people are dead after a landslide in Orla.", published=None)
    conflicts = [g for g in _run(a, b, c) if g.status == "conflict"]
    assert len(conflicts) == 1
    assert conflicts[0].outlier == "c"


def test_claims_rules_later_higher_toll_not_conflict() -> None:
    a = _art("a", "A landslide buried the village of Orla, killing eight people.")
    c = _art("c", "At least 80 people are dead after mud swept through houses by the river.",
             published="2024-05-12")
    assert not [g for g in _run(a, c) if g.status == "conflict"]


def test_claims_rules_small_gap_different_wording_not_conflict() -> None:
    a = _art("a", "A landslide buried the village of Orla, killing eight people.")
    c = _art("c", "Twenty people are dead after the storm.")
    assert not [g for g in _run(a, c) if g.status == "conflict"]


def test_claims_rules_parts_never_conflict_with_total() -> None:
    a = _art("a", "Nine people died - five in Orla and four in Bex.")
    b = _art("b", "Five of the dead were in Orla, the mayor said.")
    c = _art("c", "Nine people were killed in the floods.")
    assert not [g for g in _run(a, b, c) if g.status == "conflict"]


def test_claims_rules_dispute_across_articles() -> None:
    a = _art("a", "Governor Ana Brill said about 400 people had fled their homes.\n"
                  "The relief agency WRA said more than 1,500 people had been displaced.")
    b = _art("b", "Brill estimated that about 400 people had left their homes.")
    c = _art("c", "The relief agency WRA says more than 1,500 people have been displaced.")
    disputes = [g for g in _run(a, b, c) if g.status == "attributed-dispute"]
    assert len(disputes) == 1
    assert len(disputes[0].claims) == 4
    assert "Brill" in disputes[0].summary and "WRA" in disputes[0].summary
    assert not [g for g in _run(a, b, c) if g.status == "conflict"]


def test_claims_rules_unrelated_named_figures_not_merged() -> None:
    b = _art("b", "Brill estimated that about 400 people had left their homes.")
    c = _art("c", "The relief agency WRA says more than 1,500 people have been displaced.")
    # No article reports both figures as rival counts: no dispute is made up.
    assert not [g for g in _run(b, c) if g.status == "attributed-dispute"]


def test_claims_rules_unspecific_sources_name_no_party(lex: Lexicon) -> None:
    assert source_key("Local officials", lex) is None
    assert source_key("a senior official", lex) is None
    assert source_key("Turkish officials", lex) == "turkish officials"
    assert source_key("police spokesman", lex) is not None


def test_claims_rules_tenfold_toll_against_floor_and_unnamed_officials() -> None:
    # "at least 12" reaches up to 24, so the nearest ends are only ~5x apart.
    a = _art("a", "The earthquake killed 120 people in Marrow, the provincial health office "
                  "said.", published=None)
    b = _art("b", "Local officials said at least 12 people were killed in the earthquake.",
             published=None)
    conflicts = [g for g in _run(a, b) if g.status == "conflict"]
    assert len(conflicts) == 1


def test_claims_rules_third_outlet_decides_the_outlier() -> None:
    a = _art("a", "The earthquake killed 120 people in Marrow, the provincial health office "
                  "said.", published=None)
    b = _art("b", "Local officials said at least 12 people were killed in the earthquake.",
             published=None)
    c = _art("c", "The earthquake killed 118 people, the interior ministry said, while the "
                  "governor put the toll at 160.", published=None)
    conflicts = [g for g in _run(a, b, c) if g.status == "conflict"]
    assert len(conflicts) == 1 and conflicts[0].outlier == "b"


def test_claims_rules_rival_named_parties_are_not_an_outlet_conflict() -> None:
    a = _art("a", "Turkish officials said 120 people were killed in the strike.", published=None)
    b = _art("b", "Russian officials said at least 12 people were killed in the strike.",
             published=None)
    assert not [g for g in _run(a, b) if g.status == "conflict"]


def test_claims_rules_cumulative_toll_beside_incident_is_not_conflict() -> None:
    a = _art("a", "An air strike on the market in Delan killed 12 people on Tuesday, the civil "
                  "defence service said.", published=None)
    b = _art("b", "The war in the province, which has killed more than 380,000 people, reached "
                  "Delan on Tuesday when an air strike hit its market.\n"
                  "The civil defence service said 12 people were killed in the attack.",
             published=None)
    groups = _run(a, b)
    assert not [g for g in groups if g.status == "conflict"]
    assert [g for g in groups if g.status == "agree"]


def test_claims_rules_different_weekdays_undated_not_conflict() -> None:
    a = _art("a", "An air strike on Monday killed 5 people in Delan, the civil defence service "
                  "said.", published=None)
    b = _art("b", "An air strike on Wednesday killed 40 people in Delan, medics said.",
             published=None)
    assert not [g for g in _run(a, b) if g.status == "conflict"]
    c = _art("c", "An air strike on Monday killed 50 people in Delan, medics said.",
             published=None)
    assert [g for g in _run(a, c) if g.status == "conflict"], "same weekday: still a conflict"


def test_claims_rules_unresolved_date_summary_reads_cleanly() -> None:
    a = _art("a", "An air strike hit the market in Delan on Tuesday.", published=None)
    dated = [g for g in _run(a) if "Delan" in g.summary or "strike" in g.summary]
    assert dated and all(": :" not in g.summary for g in dated)
    assert any("(date not resolved)" in g.summary for g in dated)


def test_claims_rules_place_nouns_in_passing_are_not_scope() -> None:
    """"in the city", "local police", "the total toll": descriptive words, not a wider or
    other aggregate, so the tenfold toll is still a conflict (decision 0406's scope words)."""
    a = _art("a", "A landslide buried the village of Orla, killing eight people, local police "
                  "said.")
    b = _art("b", "Eight people died when mud buried houses in the city of Orla.")
    c = _art("c", "The total toll of the landslide in Orla stands at 80 people dead.",
             published=None)
    conflicts = [g for g in _run(a, b, c) if g.status == "conflict"]
    assert len(conflicts) == 1 and conflicts[0].outlier == "c"
