"""The example host pages exist only in the demo, with the server and key filled in."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from widget_server.settings import EXAMPLES_DIR


def test_examples_are_not_served_outside_the_demo(client: FlaskClient) -> None:
    assert client.get("/examples/").status_code == 404
    assert client.get("/examples/plain-english.html").status_code == 404


def test_every_example_says_what_it_shows_and_gets_its_placeholders_filled(app: Flask) -> None:
    app.config.update(EXAMPLES_KEY="vw_pk_demo", EXAMPLES_SLUG="sawa-aid")
    client = app.test_client()
    pages = sorted(EXAMPLES_DIR.glob("*.html"))
    assert {p.stem for p in pages} >= {
        "plain-english",
        "arabic-rtl",
        "strict-csp",
        "spa",
        "two-widgets",
        "iframe-only",
        "hostile-host",
    }
    for path in pages:
        assert path.read_text(encoding="utf-8").split("\n")[1].startswith("<!--"), path.name
        html = client.get(f"/examples/{path.name}", base_url="http://localhost:8000").text
        assert "{{" not in html
        assert "http://127.0.0.1:8000/embed/v1/" in html
    assert client.get("/examples/../settings.html").status_code == 404
