"""One headless Chromium (Debian's) per test process, driven by Playwright, for every test
that shows a page to a browser: tests/browser and the WordPress plugin's tests share it,
since Playwright's sync API runs one instance per process."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servers import unavailable

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not shutil.which(CHROMIUM):
        unavailable("Debian's chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.problems = []
    page.on("pageerror", lambda error: page.problems.append(f"pageerror: {error}"))
    page.on(
        "console",
        lambda message: (
            page.problems.append(f"console: {message.text}")
            if message.type == "error" and "favicon" not in str(message.location)
            else None
        ),
    )
    # Collect the widget's events, which bubble out of the shadow root to the document.
    page.add_init_script("""
      window.vwEvents = [];
      ["volunteer:ready", "volunteer:task-open", "volunteer:signup"].forEach(function (name) {
        document.addEventListener(name, function (event) {
          window.vwEvents.push({name: name, detail: event.detail, target: event.target.id});
        });
      });
    """)
    yield page
    context.close()


def screenshot(page: object, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
