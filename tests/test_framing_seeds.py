"""Framing on the seed event/storyline: who names the government side and the action how."""

from __future__ import annotations

from _brief_seed import seed_analysis
from rich.console import Console
from rich.table import Table

from storylens.framing import render_table, run
from storylens.records import Article, Framing
from storylens.settings import Settings


def _terms(framing: list[Framing], story: str, referent: str, outlet: str) -> list[str]:
    for f in framing:
        if f.story == story and f.referent == referent:
            for o in f.outlets:
                if o.outlet == outlet:
                    return [t.lower() for t in o.terms]
    return []


def test_framing_seeds_government_side_per_outlet(seed_articles: dict[str, Article]) -> None:
    result = run(seed_analysis(seed_articles), Settings())
    fr = list(result.framing)
    s004 = _terms(fr, "S", "government side", "seed-004")
    assert any("regime" in t for t in s004), s004
    for outlet in ("seed-001", "seed-002"):
        terms = _terms(fr, "E1", "government side", outlet)
        assert any("government forces" in t for t in terms), (outlet, terms)
    # the spun copy's substituted name is found (alignment substitution / agent role)
    assert "allied forces" in _terms(fr, "E1", "government side", "seed-000")


def test_framing_seeds_action_terms_and_flags(seed_articles: dict[str, Article]) -> None:
    result = run(seed_analysis(seed_articles), Settings())
    fr = list(result.framing)
    a002 = _terms(fr, "E1", "taking territory", "seed-002")
    a001 = _terms(fr, "E1", "taking territory", "seed-001")
    assert "liberated" in a002
    assert {"seized", "seize"} & set(a001)
    row = next(f for f in fr if f.story == "E1" and f.referent == "taking territory")
    flags = {o.outlet: dict(o.loaded) for o in row.outlets}
    assert flags["seed-002"]["liberated"] == "legitimising"
    assert flags["seed-001"].get("seized") == "neutral"
    gov = next(f for f in fr if f.story == "S" and f.referent == "government side")
    cats = {o.outlet: {c for _, c in o.loaded} for o in gov.outlets}
    assert "delegitimising" in cats["seed-004"]
    assert "delegitimising" not in cats["seed-001"]


def test_framing_seeds_table_renders(seed_articles: dict[str, Article]) -> None:
    result = run(seed_analysis(seed_articles), Settings())
    table = render_table(result, "E1")
    assert isinstance(table, Table)
    headers = [str(c.header) for c in table.columns]
    assert headers == ["referent", "seed-000", "seed-001", "seed-002"]
    console = Console(width=160, record=True)
    console.print(table)
    text = console.export_text()
    assert "liberated [+]" in text and "government side" in text
