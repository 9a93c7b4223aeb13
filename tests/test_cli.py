"""The widget-server command, run as an operator runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def _run(
    database_url: str, *args: str, input_text: str | None = None
) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "WIDGET_SERVER_DATABASE_URL": database_url,
        "WIDGET_SERVER_SECRET_KEY": "cli-test-secret",
    }
    return subprocess.run(
        [sys.executable, "-c", "from widget_server.cli import main; main()", *args],
        capture_output=True,
        text=True,
        env=env,
        input=input_text,
        timeout=120,
    )


@pytest.fixture
def cli_db(database_url: str) -> str:
    return database_url


def test_org_create_prints_keys_once_and_the_snippet(cli_db: str) -> None:
    result = _run(
        cli_db,
        "org",
        "create",
        "Sawa Aid",
        "--slug",
        "sawa",
        "--origin",
        "https://sawa.example/",
        "--admin-email",
        "owner@sawa.example",
        "--locale",
        "ar",
    )
    assert result.returncode == 0, result.stderr
    assert "vw_pk_" in result.stdout and "vw_sk_" in result.stdout
    assert '<div data-volunteer-tasks data-key="vw_pk_' in result.stdout
    assert 'data-locale="ar"' in result.stdout
    assert (
        '<noscript><a href="http://127.0.0.1:8000/o/sawa?locale=ar">اطّلع على مهام التطوع</a>'
        in (result.stdout)
    )

    listed = _run(cli_db, "key", "list", "--org", "sawa")
    assert listed.returncode == 0
    secret = next(w for w in result.stdout.split() if w.startswith("vw_sk_"))
    assert secret not in listed.stdout  # never shown again
    assert "publishable" in listed.stdout and "secret" in listed.stdout


def test_key_create_revoke_and_rotate(cli_db: str) -> None:
    _run(cli_db, "org", "create", "NGO", "--slug", "ngo", "--origin", "https://ngo.example")
    created = _run(cli_db, "key", "create", "--org", "ngo", "--kind", "secret", "--label", "CRM")
    assert created.returncode == 0, created.stderr
    key_id = created.stdout.split()[0]
    rotated = _run(cli_db, "key", "rotate", "--org", "ngo", "--grace-hours", "2", key_id)
    assert rotated.returncode == 0, rotated.stderr
    assert "keeps working for 2 hours" in rotated.stdout
    revoked = _run(cli_db, "key", "revoke", "--org", "ngo", key_id)
    assert revoked.returncode == 0
    listed = _run(cli_db, "key", "list", "--org", "ngo")
    assert "revoked" in listed.stdout


def test_user_create_sets_a_password(cli_db: str) -> None:
    _run(cli_db, "org", "create", "NGO", "--slug", "ngo", "--origin", "https://ngo.example")
    result = _run(
        cli_db,
        "user",
        "create",
        "--email",
        "Editor@NGO.example",
        "--org",
        "ngo",
        "--role",
        "editor",
        input_text="long-enough-pass\nlong-enough-pass\n",
    )
    assert result.returncode == 0, result.stderr
    assert "editor@ngo.example is editor of ngo" in result.stdout  # in its normal form


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("org", "create", "X", "--slug", "Bad Slug"), "slug"),
        (("org", "create", "X", "--slug", "ok", "--origin", "ftp://x"), "ftp://x"),
        (("key", "list", "--org", "missing"), "does not exist"),
        (("key", "create", "--org", "x", "--kind", "gold"), "gold"),
        (("org", "create"), "Missing argument"),
        (("no-such-command",), "No such command"),
    ],
)
def test_wrong_arguments_give_one_line_not_a_traceback(
    cli_db: str, args: tuple[str, ...], message: str
) -> None:
    result = _run(cli_db, *args)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("widget-server: error:")
    assert message in lines[0]


def test_db_upgrade_migrates_an_empty_database(tmp_path: Path) -> None:
    result = _run(f"sqlite:///{tmp_path / 'fresh.sqlite3'}", "db", "upgrade")
    assert result.returncode == 0, result.stderr
    assert "up to date" in result.stdout


def test_missing_secret_key_outside_demo_is_one_clear_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIDGET_SERVER_")}
    env["WIDGET_SERVER_DATABASE_URL"] = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    result = subprocess.run(
        [sys.executable, "-c", "from widget_server.cli import main; main()", "db", "upgrade"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "WIDGET_SERVER_SECRET_KEY is required" in result.stderr


def test_db_prune_runs(cli_db: str) -> None:
    result = _run(cli_db, "db", "prune")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Removed 0 stored answers.")
