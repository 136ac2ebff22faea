"""The single-file report in a real browser: story -> compare -> claims, no console errors,
no dialog from hostile text, no network request, readable at 1280 px and phone width."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_report_sample import hostile_analysis, sample_analysis

from storylens.report import write_report

pytestmark = pytest.mark.browser


def test_report_story_compare_claims(new_page: Any, tmp_path: Path, shots: Path) -> None:
    path = tmp_path / "report.html"
    write_report(sample_analysis(), path)
    page = new_page()
    page.goto(path.as_uri())
    assert page.title().startswith("storylens report")
    page.get_by_role("link", name="Port Alder flood evacuations").first.click()
    event = page.locator("section.story.event").first
    assert event.get_by_role("heading", name="Event: Port Alder flood evacuations").is_visible()
    compare = event.locator("table.compare").first
    assert compare.is_visible()
    first_row = compare.locator("tbody tr").first
    cells = first_row.locator("td")
    assert "Floodwater forced" in cells.nth(0).inner_text()
    assert "Floodwater compelled" in cells.nth(1).inner_text()
    # the two aligned sentences sit level with each other
    box_a, box_b = cells.nth(0).bounding_box(), cells.nth(1).bounding_box()
    assert abs(box_a["y"] - box_b["y"]) < 1
    assert first_row.locator("span.sub", has_text="compelled").count() == 1
    page.screenshot(path=str(shots / "report-compare-1280.png"), full_page=False)
    claims = event.locator("table.claims")
    claims.scroll_into_view_if_needed()
    conflict = claims.locator("tr.st-conflict")
    assert "Death toll" in conflict.inner_text()
    assert "120 people died" in conflict.locator("td.outlier").inner_text()
    page.screenshot(path=str(shots / "report-claims-1280.png"))
    page.screenshot(path=str(shots / "report-full-1280.png"), full_page=True)
    assert page.watch.errors == []
    assert page.watch.foreign == []


def test_report_phone_width(new_page: Any, tmp_path: Path, shots: Path) -> None:
    path = tmp_path / "report.html"
    write_report(sample_analysis(), path)
    page = new_page(width=390, height=844)
    page.goto(path.as_uri())
    # nothing but the scroll regions may be wider than the viewport
    overflow = page.evaluate("document.documentElement.scrollWidth")
    assert overflow <= 390
    page.locator("table.compare").first.scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "report-compare-phone.png"))
    page.screenshot(path=str(shots / "report-full-phone.png"), full_page=True)
    assert page.watch.errors == []


def test_report_keyboard_skip_link(new_page: Any, tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    write_report(sample_analysis(), path)
    page = new_page()
    page.goto(path.as_uri())
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_report_hostile_text_stays_inert(new_page: Any, tmp_path: Path, shots: Path) -> None:
    path = tmp_path / "report.html"
    write_report(hostile_analysis(), path)
    page = new_page()
    page.goto(path.as_uri())
    for d in page.locator("details").all():
        d.evaluate("el => el.open = true")
    page.wait_for_timeout(200)
    assert page.watch.dialogs == []
    assert page.locator("script").count() == 0
    assert page.locator("img").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    assert "<script>alert(1)</script>" in page.locator("main").inner_text()
    page.screenshot(path=str(shots / "report-hostile.png"))
    assert page.watch.foreign == []
