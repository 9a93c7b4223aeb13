"""`pip install .` (a wheel, not the source tree) gives a server that runs."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHECK = """
import sys, widget_server
assert widget_server.__file__.startswith(sys.argv[1]), widget_server.__file__
from widget_server import create_app, migrate
url = "sqlite:///" + sys.argv[2]
migrate.upgrade(url)
app = create_app({"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "x"})
client = app.test_client()
assert client.get("/readyz").status_code == 200
page = client.get("/nowhere", headers={"Accept": "text/html"})
assert page.status_code == 404 and b"<html" in page.data, page.data
french = client.get("/api/v1/tasks?locale=fr")
assert "clé" in french.json["error"]["message"], french.json
print("wheel ok")
"""


def test_the_wheel_ships_templates_migrations_and_catalogs_and_runs(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(tmp_path / "dist"),
            str(ROOT),
        ],
        check=True,
        timeout=300,
    )
    wheel = next((tmp_path / "dist").glob("volunteer_widget_server-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for shipped in (
        "widget_server/templates/errors/error.html",
        "widget_server/migrations/env.py",
        "widget_server/translations/ar/LC_MESSAGES/messages.mo",
        "widget_server/examples/arabic-rtl.html",
        "widget_server/embed/src/widget/instance.js",
        "widget_server/templates/frames/signup.html",
        "widget_server/embed/css/frame.css",
        "widget_server/embed/src/frame/resize.js",
    ):
        assert shipped in names
    assert any(n.startswith("widget_server/migrations/versions/0001") for n in names)

    site = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        timeout=300,
    )
    result = subprocess.run(
        [sys.executable, "-c", CHECK, str(site), str(tmp_path / "db.sqlite3")],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(site)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "wheel ok" in result.stdout
