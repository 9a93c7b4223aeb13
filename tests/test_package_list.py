"""Every package of the server is listed in pyproject.toml, so the wheel ships it."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_python_package_under_widget_server_is_in_the_wheels_list() -> None:
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(settings["packages"])
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "widget_server").rglob("__init__.py")
    }
    assert found - listed == set()
