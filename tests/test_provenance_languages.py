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
