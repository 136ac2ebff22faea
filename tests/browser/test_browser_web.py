"""The web app in a real browser, served by uvicorn on 127.0.0.1 (random port, stopped at
the end): story list -> filter -> story -> compare -> claims, keyboard, phone width, upload,
and hostile text staying inert."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from test_report_sample import hostile_analysis, sample_analysis
from test_web_app import seed_store

from storylens.records import Analysis
from storylens.settings import Settings
from storylens.web import create_app

pytestmark = pytest.mark.browser


def _serve(db: Path) -> Iterator[str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(db, Settings()), host="127.0.0.1", port=port,
                            log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            server.should_exit = True
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _server_for(tmp_path: Path, analysis: Analysis) -> Iterator[str]:
    db = tmp_path / "app.db"
    seed_store(db, analysis)
    yield from _serve(db)


@pytest.fixture
def base_url(tmp_path: Path) -> Iterator[str]:
    yield from _server_for(tmp_path, sample_analysis())


@pytest.fixture
def hostile_url(tmp_path: Path) -> Iterator[str]:
    yield from _server_for(tmp_path, hostile_analysis())


def test_web_story_compare_claims(new_page: Any, base_url: str, shots: Path) -> None:
    page = new_page(allowed=(base_url,))
    page.goto(base_url + "/")
    assert page.get_by_role("heading", name="Stories", level=1).is_visible()
    page.get_by_label("Search").fill("evacuations")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**/?q=evacuations*")
    assert page.locator("table.stories tbody tr").count() == 1
    page.screenshot(path=str(shots / "web-index-1280.png"))
    page.get_by_role("link", name="Port Alder flood evacuations").click()
    assert page.get_by_role("heading", name="Event: Port Alder flood evacuations").is_visible()
    claims = page.locator("table.claims")
    assert "120 people died" in claims.locator("td.outlier").inner_text()
    page.screenshot(path=str(shots / "web-story-1280.png"), full_page=True)
    page.get_by_role("link", name="Compare Harbor Wire with NewsBlast24").click()
    # the relation may be recomputed by provenance.relate: find the aligned sentence pair
    row = page.locator("table.compare tbody tr", has_text="Floodwater compelled").first
    assert "Floodwater forced" in row.locator("td").nth(0).inner_text()
    a, b = row.locator("td").nth(0).bounding_box(), row.locator("td").nth(1).bounding_box()
    assert abs(a["y"] - b["y"]) < 1
    page.screenshot(path=str(shots / "web-compare-1280.png"), full_page=True)
    page.get_by_role("link", name="Flood compels 3,000 from houses in Port Alder").click()
    assert page.get_by_role("heading", name="Clean text").is_visible()
    assert page.watch.errors == [] and page.watch.foreign == []


def test_web_phone_width_and_keyboard(new_page: Any, base_url: str, shots: Path) -> None:
    page = new_page(width=390, height=844, allowed=(base_url,))
    page.goto(base_url + "/stories/ev1")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(shots / "web-story-phone.png"), full_page=True)
    page.goto(base_url + "/compare?a=wire&b=spun")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(shots / "web-compare-phone.png"), full_page=True)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    assert page.watch.errors == []


def test_web_upload_form(new_page: Any, base_url: str, tmp_path: Path, shots: Path) -> None:
    f = tmp_path / "bridge.html"
    f.write_text("<html><head><title>Bridge reopens</title></head><body><article>"
                 "<h1>Bridge reopens</h1>" + "<p>The Alder river bridge reopened on Friday "
                 "after flood repairs, the council said in a statement.</p>" * 4
                 + "</article></body></html>", encoding="utf-8")
    page = new_page(allowed=(base_url,))
    page.goto(base_url + "/upload")
    page.get_by_label("Files").set_input_files(str(f))
    page.get_by_role("button", name="Analyse").click()
    page.wait_for_load_state()
    page.screenshot(path=str(shots / "web-upload-1280.png"))
    page.wait_for_selector("[role=status]", timeout=60_000)
    assert "bridge.html" in page.locator("table.inputs").inner_text()
    page.screenshot(path=str(shots / "web-upload-1280.png"))
    assert page.watch.errors == []


def test_web_hostile_text_inert(new_page: Any, hostile_url: str, shots: Path) -> None:
    page = new_page(allowed=(hostile_url,))
    for path in ("/", "/stories/ev1", "/compare?a=wire&b=spun", "/articles/wire", "/inputs"):
        page.goto(hostile_url + path)
        assert page.locator("script").count() == 0, path
        assert page.locator("main img").count() == 0, path
        assert page.locator("a[href^='javascript']").count() == 0, path
    page.goto(hostile_url + "/stories/ev1")
    page.wait_for_timeout(200)
    page.screenshot(path=str(shots / "web-hostile.png"))
    assert page.watch.dialogs == []
    assert page.watch.foreign == []
