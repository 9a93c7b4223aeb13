"""The example host pages, served by the demo on another origin than the widget server.

The demo serves the widget at http://127.0.0.1:PORT and these pages at
http://localhost:PORT/examples/…: a different origin, as a real partner site would be.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, request

from widget_server.settings import EXAMPLES_DIR

bp = Blueprint("examples", __name__)


def widget_server_origin() -> str:
    """The widget server's origin as the example pages should name it."""
    configured = current_app.config.get("EXAMPLES_SERVER")
    if configured:
        return configured
    port = request.host.rsplit(":", 1)[1] if ":" in request.host else "80"
    return f"{request.scheme}://127.0.0.1:{port}"


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
    path = EXAMPLES_DIR / f"{name}.html"
    if not current_app.config.get("EXAMPLES_KEY"):
        abort(404)  # only the demo serves examples
    if not name.replace("-", "").isalnum() or not path.is_file():
        abort(404)
    html = (
        path.read_text(encoding="utf-8")
        .replace("{{SERVER}}", widget_server_origin())
        .replace("{{KEY}}", current_app.config["EXAMPLES_KEY"])
        .replace("{{SLUG}}", current_app.config["EXAMPLES_SLUG"])
    )
    response = Response(html, mimetype="text/html")
    # The pages stand for someone else's site and bring their own policy, if any.
    response.headers["Content-Security-Policy"] = "frame-ancestors 'none'"
    return response
