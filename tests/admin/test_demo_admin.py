"""`widget-server demo` prints the admin panel's address, and its owner can sign in there."""

from __future__ import annotations

import os
import re
from pathlib import Path

import httpx

from tests.test_demo import _free_port, _start_demo, _stop


def test_the_demo_owner_signs_in_with_the_printed_credentials(tmp_path: Path) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIDGET_SERVER_")}
    env["WIDGET_SERVER_DATABASE_URL"] = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    process = _start_demo(port, env, tmp_path)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as browser:
            form = browser.get("/admin/sign-in").text
            token = re.search(r'name="csrf-token" content="([^"]+)"', form).group(1)
            signed_in = browser.post(
                "/admin/sign-in",
                data={
                    "email": "admin@sawa-aid.example",
                    "password": "demo-password-2026",
                    "csrf_token": token,
                },
            )
            tasks = browser.get("/admin/tasks")
            dashboard = browser.get("/admin/dashboard")
    finally:
        output = _stop(process)
    assert f"Admin panel:     http://127.0.0.1:{port}/admin/" in output
    assert "admin@sawa-aid.example / demo-password-2026" in output
    assert signed_in.status_code == 303
    assert tasks.status_code == 200
    assert tasks.text.count('href="/admin/tasks/tsk_') >= 8
    # The follow-up promise: one overdue and one nearly due sign-up, and answered ones.
    assert 'data-needs-reply="2"' in dashboard.text
    within = re.search(r'data-metric="within">([^<]+)<', dashboard.text)
    assert within is not None and within.group(1) != "—"
    assert "/admin/volunteers?needs_reply=1" in output
