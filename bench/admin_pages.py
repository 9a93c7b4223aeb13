"""Admin pages: bytes each one weighs and SQL queries each one runs, with few and many tasks.

    .venv/bin/python bench/admin_pages.py [--tasks 200]

Seeds the demo organization (SQLite, a temporary file), signs its owner in through the
real form, and fetches every admin page a person opens: the HTML (raw and gzip -9), the
stylesheet and script it links, and the number of statements sent to the database,
counted with SQLAlchemy's before_cursor_execute event. Then adds --tasks more tasks with
sign-ups and counts the list's queries again: the count must not grow with the rows.
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import event  # noqa: E402

from widget_server import assets, create_app, migrate  # noqa: E402
from widget_server.demo.demo_data import demo_tasks  # noqa: E402
from widget_server.demo.demo_server import DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD, seed  # noqa: E402
from widget_server.services.catalog import tasks  # noqa: E402
from widget_server.services.volunteering import signups  # noqa: E402


def _css_url(app: object) -> str:
    with app.app_context():  # type: ignore[attr-defined]
        return assets.registry().url("widget.css")


def _gz(body: bytes) -> int:
    return len(gzip.compress(body, 9))


def _first_signup(client: object) -> str:
    html = client.get("/admin/volunteers").text
    found = re.search(r'href="/admin/volunteers/(sgn_\w+)"', html)
    return found.group(1) if found else "none"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=200)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    url = f"sqlite:///{folder / 'bench.sqlite3'}"
    migrate.upgrade(url)
    app = create_app(
        {"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False}
    )
    organization, _, _ = seed(app, ["http://localhost:8000"])
    client = app.test_client()
    page = client.get("/admin/sign-in").get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    client.post(
        "/admin/sign-in",
        data={"email": DEMO_ADMIN_EMAIL, "password": DEMO_ADMIN_PASSWORD, "csrf_token": token},
    )
    statements: list[str] = []
    event.listen(
        app.extensions["db_engine"],
        "before_cursor_execute",
        lambda _c, _cu, statement, *_a: statements.append(statement),
    )

    def measure(path: str) -> tuple[int, int, int, int]:
        statements.clear()
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        queries = len(statements)
        html = response.data
        assets = 0
        for asset in re.findall(rb'(?:href|src)="(/embed/v1/(?:assets/[^"]+|widget\.js))"', html):
            assets += _gz(client.get(asset.decode()).data)
            if asset.endswith(b"widget.js"):  # the live preview: the widget and its stylesheet
                assets += _gz(client.get(_css_url(app)).data)
        return len(html), _gz(html), assets, queries

    task_id = re.search(r'href="/admin/tasks/(tsk_\w+)"', client.get("/admin/tasks").text).group(1)
    pages = {
        "task list": "/admin/tasks",
        "task page": f"/admin/tasks/{task_id}",
        "new task form": "/admin/tasks/new",
        "edit task form": f"/admin/tasks/{task_id}/edit",
        "CSV import": "/admin/tasks/import",
        "invite a member": "/admin/invitations/new",
        "dashboard": "/admin/dashboard",
        "volunteers": "/admin/volunteers",
        "embed": "/admin/embed",
        "team": "/admin/team",
        "audit log": "/admin/audit",
    }
    print(
        f"{'page':<16} {'HTML':>8} {'HTML gz':>8} {'CSS+JS gz':>10} {'total gz':>9} {'queries':>8}"
    )
    for name, path in pages.items():
        raw, gz, assets, queries = measure(path)
        print(f"{name:<16} {raw:>8} {gz:>8} {assets:>10} {gz + assets:>9} {queries:>8}")

    with app.app_context():
        from widget_server import db

        session = db.session()
        demo = demo_tasks(date.today())
        for n in range(args.tasks):
            payload = {
                **{k: v for k, v in demo[n % len(demo)].items() if k != "custom_questions"},
                "status": "open",
                "capacity": None,
                "apply_by": None,
            }
            task = tasks.create_task(session, organization, payload)
            for k in range(3):
                signups.create_signup(
                    session,
                    organization,
                    task.public_id,
                    {"name": "V", "email": f"v{n}-{k}@example.org", "consent": True},
                    default_locale="en",
                    origin=None,
                    today=date.today(),
                )
    print(f"\nwith {args.tasks} more tasks and {3 * args.tasks} sign-ups:")
    pages["volunteer page"] = "/admin/volunteers/" + _first_signup(client)
    for name in ("task list", "dashboard", "volunteers", "volunteer page", "embed", "audit log"):
        raw, gz, assets, queries = measure(pages[name])
        print(f"{name:<16} {raw:>8} {gz:>8} {assets:>10} {gz + assets:>9} {queries:>8}")
    app.extensions["db_engine"].dispose()


if __name__ == "__main__":
    main()
