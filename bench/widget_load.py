"""What a visitor's browser downloads before the first task shows, and how long it takes.

    .venv/bin/python bench/widget_load.py [--runs 10]

Serves the demo organization's tasks (SQLite, a temporary file) from a live server, opens
the plain English example page in headless Chromium (Debian's /usr/bin/chromium) from
another origin, and measures until the first task card is shown: every request made, the
gzip -9 size of each body (JavaScript, CSS, JSON), and the time from the widget script's
request to the volunteer:ready event, median of the runs. Side by side, the same list as
static HTML (the iframe board page) on the same server: its bytes and its time to
DOMContentLoaded. Target: widget JS + CSS under 12 KB gzipped, at most 3 requests before
the first task, no fonts or images.
"""

from __future__ import annotations

import argparse
import gzip
import logging
import statistics
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from widget_server import create_app, migrate  # noqa: E402
from widget_server.db import make_engine  # noqa: E402
from widget_server.demo.demo_data import DEMO_ORGANIZATION, DEMO_TASKS  # noqa: E402
from widget_server.services.access import organizations  # noqa: E402
from widget_server.services.catalog import tasks  # noqa: E402

LAUNCH = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def serve(db_url: str) -> tuple[str, object]:
    migrate.upgrade(db_url)
    app = create_app(
        {"DATABASE_URL": db_url, "SECRET_KEY": "bench", "TESTING": False, "DEMO": True}
    )
    server = make_server("127.0.0.1", 0, app, threaded=True)
    port = server.server_port
    with Session(make_engine(db_url), expire_on_commit=False) as session:
        new = organizations.create_organization(
            session, **DEMO_ORGANIZATION, origins=[f"http://localhost:{port}"]
        )
        for payload in DEMO_TASKS:
            tasks.create_task(session, new.organization, payload)
    app.config.update(
        EXAMPLES_KEY=new.publishable.token,
        EXAMPLES_SLUG="sawa-aid",
        EXAMPLES_SERVER=f"http://127.0.0.1:{port}",
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{port}", new.publishable.token


def measure_widget(browser: object, page_url: str) -> tuple[float, list[tuple[str, int, str]]]:
    context = browser.new_context()
    page = context.new_page()
    seen: list[tuple[str, int, str]] = []

    def on_response(response: object) -> None:
        if "/examples/" in response.url or "favicon" in response.url:
            return
        try:
            body = response.body()
        except Exception:  # noqa: BLE001  (a redirect or aborted request has no body)
            body = b""
        seen.append(
            (
                response.url.split("?")[0],
                len(gzip.compress(body, 9)),
                response.request.resource_type,
            )
        )

    page.on("response", on_response)
    page.add_init_script(
        "document.addEventListener('volunteer:ready', () => { window.vwReady = performance.now() })"
    )
    page.goto(page_url)
    page.wait_for_function("window.vwReady !== undefined")
    elapsed = page.evaluate(
        "window.vwReady - performance.getEntriesByName("
        "[...document.scripts].find(s => s.src.includes('widget.js')).src)[0].startTime"
    )
    context.close()
    return elapsed, seen


def measure_static(browser: object, url: str) -> tuple[float, int]:
    context = browser.new_context()
    page = context.new_page()
    sizes = []
    page.on(
        "response",
        lambda r: sizes.append(len(gzip.compress(r.body(), 9))) if "favicon" not in r.url else None,
    )
    page.goto(url)
    elapsed = page.evaluate(
        "performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd"
        " - performance.getEntriesByType('navigation')[0].requestStart"
    )
    context.close()
    return elapsed, sum(sizes)


def main() -> int:
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        server, key = serve(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
        examples = server.replace("127.0.0.1", "localhost") + "/examples/plain-english.html"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=LAUNCH)
            widget_runs = [measure_widget(browser, examples) for _ in range(args.runs)]
            static_runs = [
                measure_static(browser, f"{server}/embed/v1/board?key={key}&locale=en")
                for _ in range(args.runs)
            ]
            browser.close()
    requests = widget_runs[0][1]
    print(f"\nrequests before the first task (first run): {len(requests)}")
    for url, size, kind in requests:
        print(f"  {kind:<10}{size:>7} B gz  {url.replace(server, '')}")
    code = sum(size for url, size, kind in requests if kind in ("script", "stylesheet"))
    total = sum(size for _, size, _ in requests)
    heavy = [r for r in requests if r[2] in ("font", "image", "media")]
    widget_ms = statistics.median(run[0] for run in widget_runs)
    static_ms = statistics.median(run[0] for run in static_runs)
    print(
        f"\nwidget JS + CSS: {code} B gzipped (budget 12288); everything: {total} B; "
        f"fonts/images: {len(heavy)}"
    )
    print(
        f"time to first task, median of {args.runs}: widget {widget_ms:.1f} ms "
        f"(script request to rendered list); static HTML board {static_ms:.1f} ms "
        f"(request to DOMContentLoaded, {static_runs[0][1]} B gz incl. its CSS)"
    )
    ok = code < 12288 and len(requests) <= 3 and not heavy
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
