"""Settings: the secret key is never guessable, and never missing outside dev and demo."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from flask import Flask

from widget_server.settings import ConfigError, load_settings


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No WIDGET_SERVER_* settings but a database; the instance folder's path."""
    for name in list(os.environ):
        if name.startswith("WIDGET_SERVER_") or name == "FLASK_DEBUG":
            monkeypatch.delenv(name)
    monkeypatch.setenv("WIDGET_SERVER_DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    return tmp_path / "instance"


def _start(instance: Path, **config: object) -> Flask:
    app = Flask("widget_server", instance_path=str(instance))
    app.config.update(config)
    load_settings(app, None)
    return app


def test_a_debug_run_without_a_key_makes_a_random_one_readable_only_by_its_owner(
    environment: Path,
) -> None:
    app = _start(environment, DEBUG=True)
    key = app.config["SECRET_KEY"]
    assert len(key) >= 48 and str(environment) not in key
    kept = environment / "secret-key"
    assert kept.read_text().strip() == key
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600


def test_the_next_start_uses_the_kept_key_and_another_instance_has_its_own(
    environment: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _start(environment, DEBUG=True).config["SECRET_KEY"]
    assert _start(environment, DEBUG=True).config["SECRET_KEY"] == first
    monkeypatch.setenv("WIDGET_SERVER_DEMO", "true")
    assert _start(environment).config["SECRET_KEY"] == first
    assert _start(tmp_path / "elsewhere", DEBUG=True).config["SECRET_KEY"] != first


def test_without_a_key_outside_dev_and_demo_the_server_refuses_to_start(
    environment: Path,
) -> None:
    with pytest.raises(ConfigError, match="WIDGET_SERVER_SECRET_KEY is required"):
        _start(environment)
    assert not (environment / "secret-key").exists()


def test_a_key_set_in_the_environment_wins(
    environment: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WIDGET_SERVER_SECRET_KEY", "k" * 40)
    assert _start(environment, DEBUG=True).config["SECRET_KEY"] == "k" * 40
    assert not (environment / "secret-key").exists()
