"""What a visitor's browser downloads before the first task shows, and how long it takes.

    .venv/bin/python bench/widget_load.py [--runs 3]

Serves the demo organization's tasks (SQLite, a temporary file) from a live server, opens
the plain English example page in headless Chromium (Debian's /usr/bin/chromium) from
another origin, and records every request the widget makes until the page is quiet, with
the gzip -9 size of each body. A request is "before the first task" when the page started
it before the volunteer:ready event (the Resource Timing clock, the page's own). Printed
for each run and as min–max over the runs: the widget's JavaScript + CSS before the first
task (the budget: 8192 B gzipped; the listing JSON is data, not widget code, and is shown
apart and not counted in it), the number of requests before the first task (budget: 3,
the listing included), everything before it, and everything the widget loads in all
(its second bundle and the view beacon come after the first task); and the time from the
widget script's request to volunteer:ready, median of the runs. Side by side, the same list
as static HTML (the iframe board page) on the same server: its bytes and its time to
DOMContentLoaded. Exits 1 when a budget is missed, or on fonts or images.
"""

from __future__ import annotations

import argparse
import gzip
import logging
import statistics
import sys
import tempfile
import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from bench.verdicts import target  # noqa: E402
from widget_server import create_app, migrate  # noqa: E402
from widget_server.db import make_engine  # noqa: E402
from widget_server.demo.demo_data import DEMO_ORGANIZATION, demo_tasks  # noqa: E402
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
        for payload in demo_tasks(date.today()):
            tasks.create_task(session, new.organization, payload)
    app.config.update(
        EXAMPLES_KEY=new.publishable.token,
        EXAMPLES_SLUG="sawa-aid",
        EXAMPLES_SERVER=f"http://127.0.0.1:{port}",
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{port}", new.publishable.token


@dataclass
class Request:
    url: str
    gz: int
    kind: str  # the browser's resource type: script, stylesheet, fetch, ping…
    before: bool  # started before the first task showed (volunteer:ready)


@dataclass
class WidgetRun:
    ms: float
    requests: list[Request]

    def code(self, before: bool = True) -> int:
        """JavaScript + CSS gzipped, before the first task (or after it)."""
        return sum(
            r.gz for r in self.requests if r.before == before and r.kind in ("script", "stylesheet")
        )

    def count(self, before: bool = True) -> int:
        return sum(1 for r in self.requests if r.before == before)

    def total(self, before: bool | None = None) -> int:
        return sum(r.gz for r in self.requests if before is None or r.before == before)

    def listing(self) -> int:
        return sum(r.gz for r in self.requests if r.before and r.kind == "fetch")


def measure_widget(browser: object, page_url: str) -> WidgetRun:
    context = browser.new_context()
    page = context.new_page()
    seen: list[tuple[str, int, str]] = []

    def on_response(response: object) -> None:
        if "/examples/" in response.url or "favicon" in response.url:
            return
        try:
            body = response.body()
        except Exception:  # noqa: BLE001  (a redirect, beacon or aborted request has no body)
            body = b""
        seen.append((response.url, len(gzip.compress(body, 9)), response.request.resource_type))

    page.on("response", on_response)
    page.add_init_script(
        "document.addEventListener('volunteer:ready', () => { window.vwReady = performance.now() })"
    )
    page.goto(page_url)
    page.wait_for_function("window.vwReady !== undefined")
    page.wait_for_load_state("networkidle")  # the second bundle and the beacon, after it
    elapsed, ready, started = page.evaluate(
        """() => [
          window.vwReady - performance.getEntriesByName(
            [...document.scripts].find(s => s.src.includes('widget.js')).src)[0].startTime,
          window.vwReady,
          performance.getEntriesByType('resource').map(e => [e.name, e.startTime]),
        ]"""
    )
    context.close()
    requests = []
    for url, size, kind in seen:
        starts = [t for name, t in started if name == url]
        if not starts:
            raise SystemExit(f"no Resource Timing entry for {url}")
        started.remove([url, starts[0]])
        requests.append(Request(url.split("?")[0], size, kind, starts[0] < ready))
    return WidgetRun(elapsed, requests)


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


def spread(values: list[int] | list[float], unit: str = " B") -> str:
    return f"{min(values):,.0f}–{max(values):,.0f}{unit}"


def main() -> int:
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        server, key = serve(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
        examples = server.replace("127.0.0.1", "localhost") + "/examples/plain-english.html"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=LAUNCH)
            runs = [measure_widget(browser, examples) for _ in range(args.runs)]
            static_runs = [
                measure_static(browser, f"{server}/embed/v1/board?key={key}&locale=en")
                for _ in range(args.runs)
            ]
            browser.close()
    origin = server.replace("127.0.0.1", "localhost")
    print("\nrequests of the first run (gzip -9 bodies):")
    for r in runs[0].requests:
        when = "before" if r.before else "after"
        path = r.url.replace(server, "").replace(origin, "")
        print(f"  {when:<7}{r.kind:<11}{r.gz:>7,} B  {path}")
    print(
        f"\n{'run':<5}{'JS+CSS before':>14}{'requests':>10}{'JSON':>10}{'all before':>12}"
        f"{'all loaded':>12}{'first task':>12}"
    )
    for n, run in enumerate(runs, 1):
        print(
            f"{n:<5}{run.code():>12,} B{run.count():>10}{run.listing():>8,} B"
            f"{run.total(True):>10,} B{run.total():>10,} B{run.ms:>9.1f} ms"
        )
    code = [run.code() for run in runs]
    count = [run.count() for run in runs]
    heavy = [r for run in runs for r in run.requests if r.kind in ("font", "image", "media")]
    widget_ms = statistics.median(run.ms for run in runs)
    static_ms = statistics.median(run[0] for run in static_runs)
    print(
        f"\nbefore the first task, {args.runs} runs: widget JS + CSS {spread(code)} gzipped "
        f"(budget 8192, {max(code) / 8192:.2f} of it; the listing JSON, "
        f"{spread([run.listing() for run in runs])}, not counted), "
        f"{spread(count, '')} requests (budget 3), {spread([r.total(True) for r in runs])} in all"
    )
    print(
        f"after it: the rest of the widget, {spread([r.code(False) for r in runs])} JS + CSS in "
        f"{spread([r.count(False) for r in runs], '')} requests (beacon included); everything "
        f"the widget loads: {spread([r.total() for r in runs])}; fonts/images: {len(heavy)}"
    )
    print(
        f"time to first task, median of {args.runs} ({spread([r.ms for r in runs], ' ms')}): "
        f"widget {widget_ms:.1f} ms (script request to rendered list); static HTML board "
        f"{static_ms:.1f} ms (request to DOMContentLoaded, {static_runs[0][1]:,} B gz incl. "
        f"its CSS)"
    )
    target(
        "widget JS + CSS before the first task, gzipped",
        spread(code),
        "<= 8192 B",
        max(code) <= 8192,
    )
    target("requests before the first task", spread(count, ""), "<= 3", max(count) <= 3)
    ok = max(code) <= 8192 and max(count) <= 3 and not heavy
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
