"""Real headless Chromium (Debian's) driven by Playwright, against the app on a live server
and the example pages served from another origin (localhost vs 127.0.0.1)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from tests.factories import OrgWithKeys, make_org, make_task

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests cannot run under CI=true: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not shutil.which(CHROMIUM):
        _unavailable("Debian's chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@dataclass
class Site:
    server: str  # the widget server's origin, as pages name it
    examples: str  # where the example pages are, on another origin
    org: OrgWithKeys

    def example(self, name: str) -> str:
        return f"{self.examples}/examples/{name}.html"


@pytest.fixture
def site(app: Flask, live_server: str, session: Session) -> Site:
    port = live_server.rsplit(":", 1)[1]
    examples_origin = f"http://localhost:{port}"
    org = make_org(session, slug="sawa-aid", origins=[examples_origin], default_locale="ar")
    question = {
        "id": "portfolio",
        "type": "url",
        "required": False,
        "label": {"en": "Portfolio link", "ar": "رابط معرض الأعمال"},
    }
    make_task(session, org, category="translation", capacity=3, custom_questions=[question])
    make_task(
        session,
        org,
        category="graphic_design",
        skills=["Canva"],
        hours_per_week=8,
        translations={
            "ar": {"title": "تصميم إنفوغرافيك للتقرير السنوي", "summary": "تصميمات واضحة بالعربية."}
        },
        default_locale="ar",
    )
    make_task(
        session,
        org,
        category="data_entry",
        hours_per_week=2,
        capacity=None,
        translations={
            "en": {
                "title": "Enter survey results",
                "summary": "<img src=x onerror=alert(1)> as text",
            },
            "ar": {"title": "إدخال نتائج الاستبيان"},
        },
    )
    app.config.update(
        EXAMPLES_KEY=org.publishable,
        EXAMPLES_SLUG="sawa-aid",
        EXAMPLES_SERVER=live_server,
        # A robot types faster than the forms' time trap allows; tests/test_frames.py and
        # tests/test_alert_pages.py cover the trap itself.
        FORM_MIN_SECONDS=0,
    )
    return Site(live_server, examples_origin, org)


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
