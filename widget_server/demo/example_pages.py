"""The example host pages, served by the demo on another origin than the widget server.

The demo serves the widget at http://127.0.0.1:PORT and these pages at
http://localhost:PORT/examples/…: a different origin, as a real partner site would be.
The site-builder models add a third origin, http://builder.localhost:PORT, for the
documents a builder keeps on its own user-content domain and frames into the site's page
(examples/builder/…); browsers resolve every *.localhost name to this machine.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, abort, current_app, request

from widget_server.settings import EXAMPLES_DIR

bp = Blueprint("examples", __name__)

BUILDER_HOST = "builder.localhost"


def widget_server_origin() -> str:
    """The widget server's origin as the example pages should name it."""
    configured = current_app.config.get("EXAMPLES_SERVER")
    if configured:
        return configured
    return f"{request.scheme}://127.0.0.1:{_port()}"


def builder_origin() -> str:
    """The origin that stands for a site builder's user-content domain (Wix's filesusr.com,
    Google Sites' googleusercontent.com): a third origin, neither the site's nor ours."""
    return f"{request.scheme}://{BUILDER_HOST}:{_port()}"


def _port() -> str:
    return request.host.rsplit(":", 1)[1] if ":" in request.host else "80"


@bp.get("/")
def index() -> Response:
    """A list of the example pages."""
    if not current_app.config.get("EXAMPLES_KEY"):
        abort(404)
    links = "".join(
        f'<li><a href="{page.name}">{page.stem.replace("-", " ")}</a></li>'
        for page in sorted(EXAMPLES_DIR.glob("*.html"))
    )
    body = (
        '<!doctype html><html lang="en"><title>Examples</title>'
        f"<h1>Example host pages</h1><ul>{links}</ul>"
    )
    return Response(body, mimetype="text/html")


@bp.get("/<name>.html")
def page(name: str) -> Response:
    """An example page with the server's origin and the demo organization's key filled in."""
    response = _filled(EXAMPLES_DIR, name)
    # The pages stand for someone else's site and bring their own policy, if any.
    response.headers["Content-Security-Policy"] = "frame-ancestors 'none'"
    return response


@bp.get("/builder/<name>.html")
def builder_page(name: str) -> Response:
    """A document that a site builder serves from its user-content domain, to be framed
    into the site's page (which a builder's user-content documents allow)."""
    response = _filled(EXAMPLES_DIR / "builder", name)
    response.headers["Content-Security-Policy"] = "frame-ancestors *"
    return response


def _filled(folder: Path, name: str) -> Response:
    path = folder / f"{name}.html"
    if not current_app.config.get("EXAMPLES_KEY"):
        abort(404)  # only the demo serves examples
    if not name.replace("-", "").isalnum() or not path.is_file():
        abort(404)
    html = (
        path.read_text(encoding="utf-8")
        .replace("{{SERVER}}", widget_server_origin())
        .replace("{{BUILDER}}", builder_origin())
        .replace("{{KEY}}", current_app.config["EXAMPLES_KEY"])
        .replace("{{SLUG}}", current_app.config["EXAMPLES_SLUG"])
    )
    return Response(html, mimetype="text/html")
