"""Playwright driving Debian's chromium (never a downloaded browser build).

Browser tests skip with a reason when /usr/bin/chromium or Playwright is missing, and fail
instead when STORYLENS_REQUIRE_SHARED=1 (CI installs chromium via scripts/browser-deps.sh).
Screenshots go to test-output/ (git-ignored).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
OUT = Path(__file__).resolve().parents[2] / "test-output"


def _missing(reason: str) -> None:
    if os.environ.get("STORYLENS_REQUIRE_SHARED") == "1":
        pytest.fail(reason + " and STORYLENS_REQUIRE_SHARED=1 is set")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        _missing(f"browser test needs Debian's chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("browser test needs the playwright Python package")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def shots() -> Path:
    OUT.mkdir(exist_ok=True)
    return OUT


class PageWatch:
    """Collects console errors, page errors, dialogs and off-host requests of one page."""

    def __init__(self, page: Any, allowed_prefixes: tuple[str, ...]) -> None:
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.foreign: list[str] = []
        self.allowed = allowed_prefixes
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        page.on("dialog", self._dialog)
        page.on("request", self._request)

    def _console(self, msg: Any) -> None:
        if msg.type == "error":
            self.errors.append(msg.text)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _request(self, request: Any) -> None:
        if not request.url.startswith(self.allowed):
            self.foreign.append(request.url)


@pytest.fixture
def new_page(browser: Any) -> Iterator[Any]:
    contexts: list[Any] = []

    def make(width: int = 1280, height: int = 900, allowed: tuple[str, ...] = ("file:",)) -> Any:
        ctx = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(ctx)
        page = ctx.new_page()
        page.set_default_timeout(15_000)
        page.watch = PageWatch(page, (*allowed, "data:", "about:"))
        return page

    yield make
    for ctx in contexts:
        ctx.close()
