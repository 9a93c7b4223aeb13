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
        "wix-html-iframe",
        "sandboxed-frame",
        "google-sites-embed",
        "squarespace-code-block",
        "blogger-html-gadget",
    }
    for path in pages:
        assert path.read_text(encoding="utf-8").split("\n")[1].startswith("<!--"), path.name
        html = client.get(f"/examples/{path.name}", base_url="http://localhost:8000").text
        assert "{{" not in html
        # The snippet is on the page, or in the site builder's document that it frames.
        framed = "http://builder.localhost:8000/examples/builder/" in html
        assert framed or "http://127.0.0.1:8000/embed/v1/" in html, path.name
    assert client.get("/examples/../settings.html").status_code == 404


def test_site_builder_documents_are_served_on_a_third_origin_and_may_be_framed(
    app: Flask,
) -> None:
    app.config.update(EXAMPLES_KEY="vw_pk_demo", EXAMPLES_SLUG="sawa-aid")
    client = app.test_client()
    documents = sorted((EXAMPLES_DIR / "builder").glob("*.html"))
    assert {p.stem for p in documents} >= {"snippet", "google-sites"}
    for path in documents:
        assert path.read_text(encoding="utf-8").split("\n")[1].startswith("<!--"), path.name
        answer = client.get(f"/examples/builder/{path.name}", base_url="http://localhost:8000")
        assert "{{" not in answer.text
        assert "http://127.0.0.1:8000/embed/v1/widget.js" in answer.text
        assert answer.headers["Content-Security-Policy"] == "frame-ancestors *"
    outer = client.get("/examples/google-sites-embed.html", base_url="http://localhost:8000")
    assert 'src="http://builder.localhost:8000/examples/builder/google-sites.html"' in outer.text
    assert client.get("/examples/builder/../plain-english.html").status_code == 404
