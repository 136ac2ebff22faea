"""Framing on the seed event/storyline: the general method keeps the seed findings.

Referents are found from the pages now (no fixed slots), so rows are looked up by the terms
they hold: 004's "Assad regime" flagged delegitimising, 002's "liberated" legitimising, and
001/002's "Syrian government forces" in one government referent.
"""

from __future__ import annotations

from _brief_seed import seed_analysis
from rich.console import Console
from rich.table import Table

from storylens.display import render_table
from storylens.framing import run
from storylens.records import Article, Framing
from storylens.settings import Settings


def _row(framing: list[Framing], story: str, outlet: str, term: str) -> Framing:
    """The referent of ``story`` whose terms for ``outlet`` include ``term``."""
    for f in framing:
        if f.story != story:
            continue
        for o in f.outlets:
            if o.outlet == outlet and term in [t.lower() for t in o.terms]:
                return f
    raise AssertionError(f"no referent in {story} with {term!r} for {outlet}")


def _terms(f: Framing, outlet: str) -> list[str]:
    return next(([t.lower() for t in o.terms] for o in f.outlets if o.outlet == outlet), [])


def test_framing_seeds_government_side_per_outlet(seed_articles: dict[str, Article]) -> None:
    fr = list(run(seed_analysis(seed_articles), Settings()).framing)
    gov = _row(fr, "S", "seed-004", "assad regime")
    assert gov.kind == "government"
    for outlet in ("seed-001", "seed-002"):
        assert "syrian government forces" in _terms(gov, outlet), outlet
    e1 = _row(fr, "E1", "seed-001", "syrian government forces")
    assert "syrian government forces" in _terms(e1, "seed-002")
    # the spun copy's "Allied forces" is found as an armed actor of the event
    allied = _row(fr, "E1", "seed-000", "allied forces")
    assert allied.kind == "armed group"
    # evidence: the sentence each outlet's terms were read in
    row = next(o for o in gov.outlets if o.outlet == "seed-004")
    assert row.evidence and any("regime" in s for s in row.evidence)
    assert len(row.counts) == len(row.terms)


def test_framing_seeds_action_terms_and_flags(seed_articles: dict[str, Article]) -> None:
    fr = list(run(seed_analysis(seed_articles), Settings()).framing)
    act = _row(fr, "E1", "seed-002", "liberated")
    assert act.kind == "action"
    assert {"seized", "seize"} & set(_terms(act, "seed-001"))
    flags = {o.outlet: dict(o.loaded) for o in act.outlets}
    assert flags["seed-002"]["liberated"] == "legitimising"
    assert flags["seed-001"].get("seized") == "neutral"
    gov = _row(fr, "S", "seed-004", "assad regime")
    cats = {o.outlet: {c for _, c in o.loaded} for o in gov.outlets}
    assert dict(next(o for o in gov.outlets if o.outlet == "seed-004").loaded)[
        "Assad regime"] == "delegitimising"
    assert "delegitimising" not in cats["seed-001"]


def test_framing_seeds_table_renders(seed_articles: dict[str, Article]) -> None:
    result = run(seed_analysis(seed_articles), Settings())
    table = render_table(result, "E1")
    assert isinstance(table, Table)
    headers = [str(c.header) for c in table.columns]
    assert headers[:2] == ["referent", "kind"]
    assert headers[2:] == ["seed-000", "seed-001", "seed-002"]
    console = Console(width=200, record=True)
    console.print(table)
    text = console.export_text()
    assert "liberated [+]" in text and "Syrian government forces" in text
