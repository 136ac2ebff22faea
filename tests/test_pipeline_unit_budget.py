"""The time budget per unit of the stages after extraction (issue 19, decision 0607).

No test here depends on how fast the machine is: a "slow" unit spins on checkpoints until its
(tiny) budget stops it, with a wall-clock guard that makes the test fail, not hang, when no
budget stops it.
"""

from __future__ import annotations

import dataclasses
import time
from typing import Any

import pytest

from storylens import brief, claims, framing, provenance
from storylens.deadline import (
    Overrun,
    add_overruns,
    bounded,
    checkpoint,
    timings,
    with_overrun_reasons,
)
from storylens.records import Analysis, Article, InputRecord, Story
from storylens.settings import Settings

GUARD = 20.0  # wall seconds after which a spinning unit gives up (the test then fails)


def spin(result: Any = "done") -> Any:
    """Busy work that only a deadline stops; returns "not stopped" after GUARD seconds."""
    until = time.monotonic() + GUARD
    while time.monotonic() < until:
        sum(range(2000))
        checkpoint()
    return "not stopped"


def burn(seconds: float) -> str:
    """CPU work without checkpoints, returning normally."""
    start = time.thread_time()
    while time.thread_time() - start < seconds:
        sum(range(2000))
    return "returned"


def test_deadline_keeps_a_unit_within_its_budget() -> None:
    assert bounded("t", 60.0, lambda x: x + 1, 41) == 42


def test_deadline_stops_a_unit_at_a_checkpoint() -> None:
    assert bounded("t", 0.05, spin) is None


def test_deadline_drops_a_unit_that_returns_late() -> None:
    assert bounded("t", 0.02, burn, 0.1) is None
    assert bounded("t", 5.0, burn, 0.01) == "returned"


def test_deadline_zero_means_no_budget_and_checkpoint_outside_is_a_noop() -> None:
    checkpoint()
    assert bounded("t", 0, burn, 0.05) == "returned"


def test_deadline_inner_unit_cannot_outlive_the_outer_one() -> None:
    def outer() -> Any:
        return bounded("inner", 60.0, spin)

    assert bounded("inner alone", 60.0, lambda: "fine") == "fine"
    assert bounded("outer", 0.05, outer) is None  # the inner one did not swallow the stop


def test_deadline_timings_record_label_time_and_budget() -> None:
    with timings() as got:
        bounded("a", 7.0, burn, 0.01)
        bounded("b", 0.02, spin)
    assert [(label, budget) for label, _, budget in got] == [("a", 7.0), ("b", 0.02)]
    assert all(used >= 0 for _, used, _ in got)


def test_deadline_overrun_reasons_reach_the_inputs() -> None:
    over = Overrun("claims", "claims of the article", ("x",), 30.0, "unit_timeout")
    meta = add_overruns(add_overruns({"run_date": "2026-01-02"}, [over]), [over])
    a = Analysis(inputs=(InputRecord("x.html", "ingested", "", "x"),
                         InputRecord("y.html", "ingested", "", "y"),
                         InputRecord("z.html", "duplicate", "same content", "x")), meta=meta)
    got = with_overrun_reasons(a).inputs
    assert got[0].reason == over.reason()  # once, though listed twice
    assert "claims of the article dropped" in got[0].reason and "unit_timeout" in got[0].reason
    assert got[1].reason == "" and got[2].reason == "same content"
    assert with_overrun_reasons(Analysis(inputs=a.inputs)).inputs == a.inputs


def _article(aid: str, body: str) -> Article:
    return Article(aid, f"{aid}.txt", "Bridge over the Olm reopens",
                   body, (body,), published="2025-05-14", outlet=aid)


BODY = ("The Olm river bridge reopened on Tuesday after 14 months of repairs, the regional "
        "roads office said. Engineers replaced 320 metres of deck and 48 cables. Traffic was "
        "back to 9,000 cars a day by evening, the office said.")


def _analysis() -> Analysis:
    arts = (_article("fast", BODY), _article("slow", BODY.replace("Tuesday", "Wednesday")))
    stories = (Story("s1", "storyline", ("fast", "slow")),
               Story("e1", "event", ("fast", "slow"), parent="s1"))
    return Analysis(articles=arts, stories=stories, meta={"run_date": "2025-05-20"})


def _tiny_budget() -> Settings:
    return dataclasses.replace(Settings(), unit_timeout=0.05)


def test_claims_drop_only_the_article_over_its_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    real = claims.extract_claims

    def slow_for_one(article: Article, *args: Any) -> Any:
        return spin() if article.id == "slow" else real(article, *args)

    monkeypatch.setattr(claims, "extract_claims", slow_for_one)
    got = claims.run(_analysis(), _tiny_budget())
    assert {c.article for c in got.claims} == {"fast"}
    units = [(o["stage"], o["unit"], o["articles"]) for o in got.meta["overruns"]]
    assert ("claims", "claims of the article", ["slow"]) in units
    assert got.meta["run_date"] == "2025-05-20"


def test_claims_storyline_over_budget_keeps_its_claims_ungrouped(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(claims, "link_groups", lambda *a: spin())
    got = claims.run(_analysis(), _tiny_budget())
    assert got.claims and not got.claim_groups
    assert {o["unit"] for o in got.meta["overruns"]} == {"claim groups of the storyline"}


def test_framing_and_brief_drop_the_story_over_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(framing, "frame_story", lambda *a: spin())
    got = framing.run(_analysis(), _tiny_budget())
    assert got.framing == ()
    assert [o["stage"] for o in got.meta["overruns"]] == ["framing", "framing"]  # both stories

    monkeypatch.setattr(brief, "build_brief", lambda *a: spin())
    got = brief.run(_analysis(), _tiny_budget())
    assert [b.story for b in got.brief] == ["s1", "e1"] and all(not b.sentences
                                                                for b in got.brief)
    assert {o["unit"] for o in got.meta["overruns"]} == {"brief of the story"}


def test_provenance_pair_over_budget_is_left_unrelated(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = dataclasses.replace(
        Settings(), provenance=dataclasses.replace(Settings().provenance, semantic=False))
    plain = provenance.run(_analysis(), settings)
    assert plain.relations  # the pair is a candidate and is related without a budget

    monkeypatch.setattr(provenance, "_pair", lambda *a: spin())
    got = provenance.run(_analysis(), dataclasses.replace(settings, unit_timeout=0.05))
    assert got.relations == ()
    assert sorted(a for o in got.meta["overruns"] for a in o["articles"]) == ["fast", "slow"]


def test_provenance_pair_over_the_matrix_cap_is_left_unrelated() -> None:
    base = Settings()
    settings = dataclasses.replace(base, provenance=dataclasses.replace(
        base.provenance, semantic=False, max_pair_cells=4))  # title + 3 sentences a side
    got = provenance.run(_analysis(), settings)
    assert got.relations == ()
    reasons = {Overrun(o["stage"], o["unit"], tuple(o["articles"]), o["budget"], o["setting"],
                       o["cause"]).reason() for o in got.meta["overruns"]}
    assert any("4 x 4 sentences, over 4 matrix cells" in r
               and "provenance.max_pair_cells" in r for r in reasons), reasons


def test_claims_group_only_an_articles_first_claims() -> None:
    base = Settings()
    settings = dataclasses.replace(base, claims=dataclasses.replace(
        base.claims, max_grouped_per_article=1))
    got = claims.run(_analysis(), settings)
    grouped = {c for g in got.claim_groups for c in g.claims}
    per_article = {a: [c.id for c in got.claims if c.article == a] for a in ("fast", "slow")}
    assert all(len(ids) > 1 for ids in per_article.values())  # several claims each
    assert all(ids[0] in grouped and not set(ids[1:]) & grouped
               for ids in per_article.values())
    units = {(o["unit"], o["cause"]) for o in got.meta["overruns"]}
    assert units == {("grouping of its claims after the first 1", "5 claims in one article")}
    assert sorted(a for o in got.meta["overruns"] for a in o["articles"]) == ["fast", "slow"]
