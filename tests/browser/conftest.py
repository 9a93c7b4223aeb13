"""Real headless Chromium (Debian's) driven by Playwright, against the app on a live server
and the example pages served from another origin (localhost vs 127.0.0.1)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from tests.chromium import ARTIFACTS, screenshot  # noqa: F401 (imported from here by tests)
from tests.factories import OrgWithKeys, make_org, make_task


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
