"""Framing on fictional fixtures: actors and actions found from the text, loaded categories,
descriptions linked to names, substitutions, no inputs."""

from __future__ import annotations

from pathlib import Path

import pytest

from storylens.display import render_table
from storylens.framing import load_lexicon, run
from storylens.framing.lexicon import LexiconError
from storylens.records import Alignment, Analysis, Article, Framing, Relation, Story
from storylens.settings import Settings

# Fictional outlets, country and company, written for these tests.
TEXTS = {
    "a": ("Ruritanian troops take Strelsau",
          "Ruritanian government forces seized the town of Strelsau on Monday, officials said. "
          "Rebels withdrew overnight. President Rudolf Elphberg praised the army."),
    "b": ("Elphberg regime occupies Strelsau",
          "The Elphberg regime occupied Strelsau on Monday after terrorists fled, activists said. "
          "Regime forces were seen in the centre. President Elphberg said the town was calm."),
    "c": ("Strelsau liberated",
          "The Ruritanian army liberated Strelsau on Monday from militants, state media said. "
          "Rudolf Elphberg, the president, thanked the soldiers."),
}


def _analysis(texts: dict[str, tuple[str, str]] = TEXTS,
              relations: tuple[Relation, ...] = ()) -> Analysis:
    arts = tuple(
        Article(id=k, source=k, title=t, body=b, outlet=f"outlet-{k}")
        for k, (t, b) in texts.items()
    )
    return Analysis(
        articles=arts, stories=(Story("E", "event", tuple(texts)),), relations=relations
    )


def _find(result: Analysis, outlet: str, term: str) -> Framing:
    for f in result.framing:
        for o in f.outlets:
            if o.outlet == outlet and term in [t.lower() for t in o.terms]:
                return f
    raise AssertionError(f"{term!r} of {outlet} in no referent")


def _flags(f: Framing, outlet: str) -> dict[str, str]:
    return next(dict(o.loaded) for o in f.outlets if o.outlet == outlet)


def test_framing_lexicon_actors_and_actions_from_text() -> None:
    result = run(_analysis(), Settings())
    gov = _find(result, "outlet-a", "ruritanian government forces")
    assert gov is _find(result, "outlet-b", "elphberg regime")
    assert gov.kind == "government"
    assert _flags(gov, "outlet-b")["Elphberg regime"] == "delegitimising"
    opp = _find(result, "outlet-b", "terrorists")
    assert opp is _find(result, "outlet-a", "rebels") and opp.kind == "armed group"
    assert _flags(opp, "outlet-b")["terrorists"] == "delegitimising"
    assert _flags(opp, "outlet-a")["rebels"] == "neutral"
    act = _find(result, "outlet-c", "liberated")
    assert act is _find(result, "outlet-b", "occupied") and act.kind == "action"
    assert _flags(act, "outlet-c")["liberated"] == "legitimising"
    assert _flags(act, "outlet-b")["occupied"] == "delegitimising"


def test_framing_lexicon_titles_and_descriptions_join_the_name() -> None:
    result = run(_analysis(), Settings())
    leader = _find(result, "outlet-a", "president rudolf elphberg")
    assert leader.kind == "person"
    assert leader is _find(result, "outlet-b", "president elphberg")
    assert "president" in _find(result, "outlet-c", "rudolf elphberg").outlets[-1].terms


def test_framing_lexicon_company_descriptors_and_places() -> None:
    texts = {
        "a": ("Fine for Zentrix", "Zentrix was fined by regulators in Geneva on Monday. "
              "The company said it would appeal. Zentrix said it disagreed."),
        "b": ("Zentrix fined", "The tech giant Zentrix was fined in Geneva. "
              "The tech giant said it would appeal."),
        "c": ("Regulators fine Zentrix", "Zentrix, the social media behemoth, was fined. "
              "The behemoth will appeal, it said in Geneva."),
    }
    result = run(_analysis(texts), Settings())
    company = _find(result, "outlet-a", "zentrix")
    assert company is _find(result, "outlet-b", "tech giant")
    assert company is _find(result, "outlet-c", "behemoth")
    assert company.kind == "organisation"
    labels = {f.referent.lower() for f in result.framing}
    assert "geneva" not in labels  # seen only after "in": a place, not an actor
    fine = _find(result, "outlet-b", "was fined")
    assert fine.kind == "action"


def test_framing_lexicon_substitution_adds_counterpart() -> None:
    rel = Relation("a", "c", "spun-copy", 0.9, None, (
        Alignment("Rebels withdrew overnight.", "Insurgent bands withdrew overnight.", 0.8,
                  (("Rebels", "Insurgent bands"),)),
    ))
    texts = {"a": TEXTS["a"], "c": ("t", "Insurgent bands withdrew overnight. Rebels left.")}
    result = run(_analysis(texts, (rel,)), Settings())
    opp = _find(result, "outlet-a", "rebels")
    assert "insurgent bands" in [t.lower() for o in opp.outlets if o.outlet == "outlet-c"
                                 for t in o.terms]


def test_framing_lexicon_one_outlet_story_has_no_framing() -> None:
    single = {"a": TEXTS["a"]}
    assert run(_analysis(single), Settings()).framing == ()


def test_framing_lexicon_degrades_without_inputs() -> None:
    assert run(Analysis(), Settings()).framing == ()
    empty = Analysis(articles=(Article(id="x", source="x", title="", body="Weather is fine."),),
                     stories=(Story("E", "event", ("x",)),))
    assert run(empty, Settings()).framing == ()
    assert render_table(empty, "E").row_count == 0


def test_framing_lexicon_bad_file_refused(tmp_path: Path) -> None:
    bad = tmp_path / "lex.toml"
    bad.write_text("[[groups]]\nid = 'x'\n", encoding="utf-8")
    with pytest.raises(LexiconError):
        load_lexicon(bad)
    bad.write_text("[loaded]\nweird = ['x']\n", encoding="utf-8")
    with pytest.raises(LexiconError):
        load_lexicon(bad)
    with pytest.raises(LexiconError):
        load_lexicon(tmp_path / "missing.toml")
