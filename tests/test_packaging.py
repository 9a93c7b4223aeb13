"""`pip install .` (a wheel, not the source tree) gives a server that runs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

# Brings its own database and servers: the suite's database URL changes nothing here,
# so CI runs it once, in the SQLite pass (see .ci/run).
pytestmark = pytest.mark.own_database

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


SHIPPED = {  # source folder -> its place in the wheel, with the kinds of file it ships
    "widget_server": ("widget_server", {".py", ".po", ".mo"}),
    "templates": ("widget_server/templates", {".html", ".txt", ".xml"}),
    "migrations": ("widget_server/migrations", {".py", ".mako", ".ini"}),
    "embed": ("widget_server/embed", {".js", ".css", ""}),
    "examples": ("widget_server/examples", {".html"}),
}


def _source_files() -> set[str]:
    """Every file the server needs at run time, named as it must appear in the wheel."""
    files = set()
    for folder, (target, suffixes) in SHIPPED.items():
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and path.suffix in suffixes and "__pycache__" not in path.parts:
                files.add(f"{target}/{path.relative_to(ROOT / folder).as_posix()}")
    return files


def _clean_copy(target: Path) -> Path:
    """The source tree without build leftovers: setuptools reuses ./build, where a file
    since renamed or deleted (an old migration) would otherwise ship in the wheel."""
    shutil.copytree(
        ROOT,
        target,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "build", "dist", "*.egg-info", "artifacts", "__pycache__", "instance"
        ),
    )
    return target


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
            str(_clean_copy(tmp_path / "source")),
        ],
        check=True,
        timeout=300,
    )
    wheel = next((tmp_path / "dist").glob("volunteer_widget_server-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = sorted(_source_files() - names)
    assert not missing, f"not in the wheel (pyproject.toml's packages and package-data): {missing}"

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
