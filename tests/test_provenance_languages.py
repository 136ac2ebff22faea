"""Translated copies: the multilingual encoder aligns sentences across languages, so a page
that translates another is derived from it; without the encoder the relation says that a
translation cannot be seen instead of passing for plain independence."""

from __future__ import annotations

import dataclasses

import pytest

from storylens.provenance import relate
from storylens.provenance.semantic import load
from storylens.records import Article
from storylens.settings import Settings

# Written for this test.
EN = Article(id="en", source="t", language="en", title="Flood forces 2,300 from homes",
             body="Heavy rain on Tuesday caused the Varnel river to burst its banks, forcing "
                  "about 2,300 residents of Kellin to leave their homes, officials said. "
                  "The regional governor, Ana Morvel, ordered two schools to open as shelters.")
DE = Article(id="de", source="t", language="de", title="Hochwasser: 2300 Menschen evakuiert",
             body="Heftiger Regen am Dienstag ließ den Fluss Varnel über die Ufer treten und "
                  "zwang rund 2300 Bewohner von Kellin, ihre Häuser zu verlassen, sagten "
                  "Beamte. Die Gouverneurin der Region, Ana Morvel, ließ zwei Schulen als "
                  "Notunterkünfte öffnen.")
OTHER = Article(id="other", source="t", language="de", title="Neue Brücke eröffnet",
                body="In Kellin wurde am Montag eine neue Brücke für Radfahrer eröffnet. Sie "
                     "kostete vier Millionen Euro und verbindet zwei Stadtteile.")
NO_ENCODER = Settings(provenance=dataclasses.replace(Settings().provenance, semantic=False))
needs_encoder = pytest.mark.skipif(load(True) is None, reason="multilingual extra not installed")


@needs_encoder
def test_provenance_languages_translation_is_derived_with_aligned_pairs() -> None:
    rel = relate(EN, DE, Settings())
    assert rel.relation != "independent"
    least = Settings().provenance.meaning_min_cross_language
    assert len([al for al in rel.alignments if al.meaning >= least]) >= 2
    assert any("a translated copy" in e for e in rel.evidence)


@needs_encoder
def test_provenance_languages_unrelated_pages_stay_independent() -> None:
    rel = relate(EN, OTHER, Settings())
    assert rel.relation == "independent"


def test_provenance_languages_without_encoder_says_translations_are_not_detected() -> None:
    rel = relate(EN, DE, NO_ENCODER)
    assert rel.relation == "independent"
    assert any("translated copy is not detected" in e for e in rel.evidence)


def test_provenance_languages_one_language_has_no_such_note() -> None:
    rel = relate(EN, dataclasses.replace(EN, id="copy"), Settings())
    assert not any("translated" in e for e in rel.evidence)


# Written for this test: an English report, its German translation, and a German report of
# the same event by another outlet (own order, own figures, own quotes).
REPORT_EN = Article(
    id="report-en", source="t", language="en", title="Ferry runs aground off Holmvik",
    published="2026-05-04",
    body="A passenger ferry ran aground off the island of Holmvik early on Sunday with 212 "
         "people on board. The coastguard said all passengers were taken to the harbour of "
         "Sandeby by lifeboats within three hours. Four crew members were treated for minor "
         "injuries, according to the operator Nordlys Lines. The ferry had left Sandeby at "
         "5 a.m. and struck a sandbank in heavy fog. An investigation into the cause has been "
         "opened by the maritime authority.")
REPORT_DE = Article(
    id="report-de", source="t", language="de", title="Fähre vor Holmvik auf Grund gelaufen",
    published="2026-05-05",
    body="Eine Passagierfähre ist am frühen Sonntag vor der Insel Holmvik mit 212 Menschen an "
         "Bord auf Grund gelaufen. Die Küstenwache teilte mit, alle Passagiere seien "
         "innerhalb von drei Stunden mit Rettungsbooten in den Hafen von Sandeby gebracht "
         "worden. Vier Besatzungsmitglieder wurden nach Angaben der Reederei Nordlys Lines "
         "wegen leichter Verletzungen behandelt. Die Fähre hatte Sandeby um 5 Uhr verlassen "
         "und war bei dichtem Nebel auf eine Sandbank gelaufen. Die Seebehörde hat eine "
         "Untersuchung der Ursache eingeleitet.")
SAME_EVENT_DE = Article(
    id="event-de", source="t", language="de", title="Nebel: Fähre sitzt fest",
    published="2026-05-04",
    body="Die Seebehörde ermittelt nach dem Unglück der Fähre vor Holmvik. Kapitän Jens "
         "Arvik sagte dem Sender NRK, die Sicht habe unter 50 Metern gelegen. Mehr als 200 "
         "Fahrgäste mussten das Schiff verlassen, einige klagten über Kälte. Die Reederei "
         "will den Verkehr nach Sandeby am Dienstag wieder aufnehmen. Schon 2019 war ein "
         "Frachter an derselben Stelle gestrandet.")


@needs_encoder
def test_provenance_languages_translation_aligned_in_order_with_kind_and_direction() -> None:
    rel = relate(REPORT_EN, REPORT_DE, Settings())
    assert rel.relation == "rewrite"
    assert rel.direction == "a->b"  # the German page is a day later
    kinds = [al.kind for al in rel.alignments]
    assert len(kinds) >= 4 and set(kinds) == {"translation"}
    pairs = [(al.a_index[0], al.b_index[0]) for al in rel.alignments]
    assert pairs == sorted(pairs) and len({j for _, j in pairs}) == len(pairs)
    assert any("translated copy" in e for e in rel.evidence)


@needs_encoder
def test_provenance_languages_same_event_report_in_another_language_is_not_a_translation() -> None:
    rel = relate(REPORT_EN, SAME_EVENT_DE, Settings())
    assert rel.relation == "independent"
    assert any("no translated copy" in e for e in rel.evidence)


def test_provenance_languages_anchors_must_agree() -> None:
    from storylens.provenance.translation import anchors_agree

    assert anchors_agree("About 2,300 people left Kellin.", "Rund 2300 Menschen verließen Kellin.")
    assert not anchors_agree("About 2,300 people left.", "Rund 1800 Menschen gingen.")
    assert not anchors_agree("Mayor Ana Morvel spoke.", "Bürgermeister Piet Olsen sprach.")
    assert anchors_agree("The Federal Office in Bern said so.", "Das Bundesamt in Bern sagte das.")
    # A possessive, curly or straight, is the same name (a reworded copy writes it either way).
    assert anchors_agree("The sale cut 3.1 billion off Velmar\u2019s market, dealers said.",
                         "Selling wiped EUR 3.1 billion off Velmar's bourse.")
    assert not anchors_agree("The sale cut 3.1 billion off Velmar\u2019s market, dealers said.",
                             "Selling wiped EUR 3.1 billion off Dunsk's bourse.")


def test_provenance_languages_monotone_alignment_keeps_order() -> None:
    import numpy as np

    from storylens.provenance.translation import monotone

    w = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0]])
    # (1, 2) and (2, 1) cross: only one of them can be kept with (0, 0).
    assert monotone(w) in ([(0, 0), (1, 2)], [(0, 0), (2, 1)])


@needs_encoder
def test_provenance_languages_pile_run_links_translation_into_one_lineage() -> None:
    from storylens.provenance import run
    from storylens.records import Analysis, Story

    pile = Analysis(
        articles=(REPORT_EN, REPORT_DE, SAME_EVENT_DE),
        stories=(Story(id="e1", level="event",
                       articles=("report-en", "report-de", "event-de")),),
    )
    out = run(pile, Settings())
    rel = {frozenset((r.a, r.b)): r for r in out.relations}
    pair = rel[frozenset(("report-en", "report-de"))]
    assert pair.relation == "rewrite" and {al.kind for al in pair.alignments} == {"translation"}
    assert rel[frozenset(("report-en", "event-de"))].relation == "independent"
    assert any(set(li.articles) == {"report-en", "report-de"} for li in out.lineages)


def test_provenance_languages_translation_kind_survives_the_record_and_the_view() -> None:
    from storylens.records import Alignment, Relation
    from storylens.report.view import aligned_row, orient

    al = Alignment(a_text="Flood in Kellin.", b_text="Hochwasser in Kellin.", similarity=0.8,
                   meaning=0.8, kind="translation", a_index=(0,), b_index=(0,))
    assert Alignment.from_dict(al.to_dict()) == al
    assert aligned_row(al).kind == "translation"
    rel = Relation(a="x", b="y", relation="rewrite", score=0.8, alignments=(al,))
    assert orient(rel, "y", "x").alignments[0].kind == "translation"
