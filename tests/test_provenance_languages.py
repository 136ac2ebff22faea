"""Provenance compares words, so it cannot see a translated copy: a relation between two
languages says so in its evidence instead of passing for plain independence."""

from __future__ import annotations

import dataclasses

from storylens.provenance import relate
from storylens.records import Article
from storylens.settings import Settings

# Written for this test.
EN = Article(id="en", source="t", language="en", title="Flood forces 2,300 from homes",
             body="Heavy rain on Tuesday caused the Varnel river to burst its banks, forcing "
                  "about 2,300 residents of Kellin to leave their homes, officials said.")
DE = Article(id="de", source="t", language="de", title="Hochwasser: 2300 Menschen evakuiert",
             body="Nach heftigen Regenfällen am Dienstag ist der Fluss Varnel über die Ufer "
                  "getreten. Rund 2300 Bewohner von Kellin mussten ihre Häuser verlassen.")


def test_relation_across_languages_says_translations_are_not_detected() -> None:
    rel = relate(EN, DE, Settings())
    assert rel.relation == "independent"
    assert any("translated copy is not detected" in e for e in rel.evidence)


def test_relation_in_one_language_has_no_such_note() -> None:
    rel = relate(EN, dataclasses.replace(EN, id="copy"), Settings())
    assert not any("translated" in e for e in rel.evidence)
