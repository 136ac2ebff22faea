"""Framing on fictional fixtures: lexicon slots, loaded categories, substitutions, no inputs."""

from __future__ import annotations

from pathlib import Path

import pytest

from storylens.framing import load_lexicon, render_table, run
from storylens.framing.lexicon import LexiconError
from storylens.records import Alignment, Analysis, Article, Relation, Story
from storylens.settings import Settings

# Fictional outlets and country, written for these tests.
TEXTS = {
    "a": ("Ruritanian troops take Strelsau",
          "Ruritanian government forces seized the town of Strelsau on Monday, officials said. "
          "Rebels withdrew overnight. President Rudolf Elphberg praised the army."),
    "b": ("Elphberg regime occupies Strelsau",
          "The Elphberg regime occupied Strelsau on Monday after terrorists fled, activists said. "
          "Regime forces were seen in the centre."),
    "c": ("Strelsau liberated",
          "The Ruritanian army liberated Strelsau on Monday from militants, state media said. "
          "Grand forces captured two more villages."),
}


def _analysis(relations: tuple[Relation, ...] = ()) -> Analysis:
    arts = tuple(
        Article(id=k, source=k, title=t, body=b, outlet=f"outlet-{k}")
        for k, (t, b) in TEXTS.items()
    )
    return Analysis(
        articles=arts, stories=(Story("E", "event", tuple(TEXTS)),), relations=relations
    )


def _row(result: Analysis, referent: str) -> dict[str, tuple[list[str], dict[str, str]]]:
    f = next(f for f in result.framing if f.referent == referent)
    return {o.outlet: ([t.lower() for t in o.terms], dict(o.loaded)) for o in f.outlets}


def test_framing_lexicon_generic_slots_and_categories() -> None:
    result = run(_analysis(), Settings())
    gov = _row(result, "government side")
    assert "ruritanian government forces" in gov["outlet-a"][0]
    assert "elphberg regime" in gov["outlet-b"][0]
    assert gov["outlet-b"][1]["Elphberg regime"] == "delegitimising"
    assert "ruritanian army" in gov["outlet-c"][0]
    opp = _row(result, "armed opposition")
    assert opp["outlet-b"][1].get("terrorists") == "delegitimising"
    assert opp["outlet-a"][1].get("rebels") == "neutral"
    act = _row(result, "taking territory")
    assert act["outlet-c"][1].get("liberated") == "legitimising"
    assert act["outlet-b"][1].get("occupied") == "delegitimising"
    # agent role: "Grand forces captured" joins the government side by majority vote
    assert "grand forces" in gov["outlet-c"][0]


def test_framing_lexicon_substitution_adds_counterpart() -> None:
    rel = Relation("a", "c", "spun-copy", 0.9, None, (
        Alignment("Rebels withdrew overnight.", "Insurgent bands withdrew overnight.", 0.8,
                  (("Rebels", "Insurgent bands"),)),
    ))
    arts = list(_analysis().articles)
    arts[2] = Article(id="c", source="c", title="t", body="Insurgent bands withdrew overnight.",
                      outlet="outlet-c")
    an = Analysis(articles=tuple(arts), stories=(Story("E", "event", ("a", "c")),),
                  relations=(rel,))
    result = run(an, Settings())
    opp = _row(result, "armed opposition")
    assert "insurgent bands" in opp["outlet-c"][0]


def test_framing_lexicon_degrades_without_inputs() -> None:
    assert run(Analysis(), Settings()).framing == ()
    empty = Analysis(articles=(Article(id="x", source="x", title="", body="Weather is fine."),),
                     stories=(Story("E", "event", ("x",)),))
    assert run(empty, Settings()).framing == ()
    assert render_table(empty, "E").row_count == 0


def test_framing_lexicon_bad_file_refused(tmp_path: Path) -> None:
    bad = tmp_path / "lex.toml"
    bad.write_text("[[referents]]\nid = 'x'\n", encoding="utf-8")
    with pytest.raises(LexiconError):
        load_lexicon(bad)
    assert load_lexicon(Settings().framing.lexicon).referents
