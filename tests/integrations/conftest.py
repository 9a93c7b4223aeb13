"""Fixtures for the plugins that put the widget into other software: a real WordPress per
test module, pointed at the suite's live widget server for each test."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from tests.factories import OrgWithKeys, make_org, make_task
from tests.integrations.wordpress import PLUGIN_FILE, WordPress, check_available


@pytest.fixture(scope="module")
def wordpress() -> Iterator[WordPress]:
    check_available()
    site = WordPress(Path(tempfile.mkdtemp(prefix="widget-wp-")))
    try:
        site.create()
        yield site
    finally:
        site.destroy()


@dataclass
class WordPressWithWidget:
    wp: WordPress
    server: str
    org: OrgWithKeys


@pytest.fixture
def wp_site(
    wordpress: WordPress, app: Flask, live_server: str, session: Session
) -> WordPressWithWidget:
    """WordPress with the plugin active and set to this test's server, whose organization
    allows the WordPress site's origin and has two open tasks in Arabic."""
    org = make_org(session, slug="sawa-aid", origins=[wordpress.url], default_locale="ar")
    make_task(session, org, category="translation", capacity=3)
    make_task(
        session,
        org,
        category="graphic_design",
        skills=["Canva"],
        translations={
            "ar": {"title": "تصميم إنفوغرافيك للتقرير السنوي", "summary": "تصميمات واضحة بالعربية."}
        },
        default_locale="ar",
    )
    # A robot types faster than the form's time trap allows (tests/test_frames.py covers it).
    app.config["FORM_MIN_SECONDS"] = 0
    wordpress.php("activate_plugin( $args['plugin'] );", plugin=PLUGIN_FILE)
    wordpress.set_options(
        volunteer_widget_server_url=live_server, volunteer_widget_key=org.publishable
    )
    return WordPressWithWidget(wordpress, live_server, org)
