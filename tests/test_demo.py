"""`widget-server demo` starts a working server with Arabic and English tasks."""

from __future__ import annotations

import glob
import os
import re
import socket
import subprocess
import sys
from datetime import date
from pathlib import Path
from urllib.parse import urljoin

import httpx
import pytest

from tests.pages import element, elements, form_token
from tests.servers import unavailable
from tests.waiting import wait_until

# Brings its own database and servers: the suite's database URL changes nothing here,
# so CI runs it once, in the SQLite pass (see .ci/run).
pytestmark = pytest.mark.own_database


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Demo:
    """The demo as a user starts it, its output going to a file the test can read as it runs."""

    def __init__(self, port: int, env: dict[str, str], log: Path) -> None:
        self.log = log
        with log.open("w") as out:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    "from widget_server.cli import main; main()",
                    "demo",
                    "--port",
                    str(port),
                ],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                text=True,
            )

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8")

    def printed(self, *texts: str) -> bool:
        output = self.output()
        return all(text in output for text in texts)

    def stop(self) -> str:
        self.process.terminate()
        self.process.communicate(timeout=30)
        return self.output()


def _start_demo(port: int, env: dict[str, str], folder: Path) -> Demo:
    """The demo, once it answers /healthz; its output goes to a new file in folder."""
    demo = Demo(port, env, folder / f"demo-{len(list(folder.glob('demo-*.log')))}.log")

    def answers() -> bool:
        if demo.process.poll() is not None:
            raise AssertionError(f"the demo server exited: {demo.output()}")
        try:
            return httpx.get(f"http://127.0.0.1:{port}/healthz").status_code == 200
        except httpx.TransportError:
            return False

    wait_until(answers, interval=0.1)
    return demo


def _stop(demo: Demo) -> str:
    return demo.stop()


def _certificate_pdf(link: str, lang: str) -> httpx.Response:
    """The PDF as the volunteer gets it: the link's page, its button, then the PDF's."""
    shown = httpx.get(link)
    action = urljoin(link, element(shown.text, "form", method="post")["action"])
    page = httpx.post(action, data={"form_token": form_token(shown.text)})
    pdf = next(
        f["action"] for f in elements(page.text, "form") if f["action"].endswith(lang + ".pdf")
    )
    return httpx.post(urljoin(link, pdf), data={"form_token": form_token(page.text)})


def test_demo_serves_at_least_eight_tasks_in_arabic_and_english(tmp_path: Path) -> None:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIDGET_SERVER_")}
    env["WIDGET_SERVER_DATABASE_URL"] = f"sqlite:///{tmp_path / 'demo.sqlite3'}"

    output = _stop(_start_demo(port, env, tmp_path))

    assert "Owner account:" in output
    assert f"http://localhost:{port}/examples/arabic-rtl.html" in output
    key = re.search(r"Publishable key: (vw_pk_\w+)", output).group(1)
    verification = re.search(r"Verification: +(\S+)", output).group(1)
    certificate = re.search(r"Certificate: +(\S+)", output).group(1)
    assert f"{base}/api/v1/public/tasks?key={key}&locale=ar" in output
    assert f"{base}/o/sawa-aid/feed.atom?locale=ar" in output
    assert f"{base}/sitemap.xml" in output
    alerts_url = re.search(r"Task alerts: +(\S+)", output).group(1)
    local = re.search(r"Local times: +(\S+)", output).group(1)
    assert local.startswith(f"{base}/embed/v1/tasks/") and local.endswith("&tz=Asia/Kolkata")

    # The database survives: a second start serves the same organization and key.
    process = _start_demo(port, env, tmp_path)
    try:
        ar = httpx.get(f"{base}/api/v1/public/tasks", params={"key": key, "locale": "ar"})
        en = httpx.get(f"{base}/api/v1/public/tasks", params={"key": key, "locale": "en"})
        example = httpx.get(f"http://localhost:{port}/examples/arabic-rtl.html")
        feed = httpx.get(f"{base}/o/sawa-aid/feed.json", params={"locale": "ar"})
        # A completed volunteer's certificate, and the page that vouches for it.
        verified = httpx.get(verification, params={"locale": "en"})
        pdf = _certificate_pdf(certificate, "en")
        alerts = httpx.get(alerts_url)
        session_page = httpx.get(local)
        # Every address it printed answers (the admin's after the sign-in redirect).
        printed = sorted(set(re.findall(r"https?://[^\s()<>\"]+", output)))
        answers = {url: httpx.get(url, follow_redirects=True).status_code for url in printed}
        root = httpx.get(f"{base}/")
        guide = httpx.get(f"{base}/demo", params={"locale": "en"})
        guide_ar = httpx.get(f"{base}/demo")
    finally:
        _stop(process)
    # The lines printed at start (the emails the worker printed come after them).
    at_start = re.findall(r"https?://\S+", output.split("Press Ctrl+C")[0])
    assert len(at_start) >= 22 and f"{base}/" in printed and f"{base}/demo" in printed
    assert {url: status for url, status in answers.items() if status != 200} == {}
    # The front page lists the demo's tasks in Arabic and leads to the guide, which explains
    # each printed line (but never shows the secret key).
    assert root.status_code == 200 and 'dir="rtl"' in root.text and "/o/sawa-aid" in root.text
    assert 'href="/demo?locale=ar"' in root.text
    assert guide.status_code == 200 and "Publishable key" in guide.text and key in guide.text
    assert "The key that goes into the snippet" in guide.text
    assert "Owner account" in guide.text and "demo-password-2026" in guide.text
    secret = re.search(r"Secret key: +(vw_sk_\w+)", output).group(1)
    assert secret not in guide.text and secret not in guide_ar.text
    assert guide_ar.status_code == 200 and 'lang="ar"' in guide_ar.text
    assert "Your time (Kolkata)" in session_page.text  # the Beirut session on a Kolkata clock
    assert ar.json()["organization"]["working_hours"]["timezone"] == "Asia/Beirut"
    assert ar.headers["Server"] == example.headers["Server"] == "widget-server"
    assert ar.json()["total"] >= 8
    assert len({t["category"] for t in ar.json()["data"]}) >= 6
    assert any(re.search("[\u0600-\u06ff]", t["title"]) for t in ar.json()["data"])
    assert any(t["title"].isascii() for t in en.json()["data"])
    assert key in example.text and f"{base}/embed/v1/widget.js" in example.text
    assert len(feed.json()["items"]) == ar.json()["total"]
    assert "Genuine certificate" in verified.text and "ريم الخطيب" in verified.text
    assert pdf.headers["Content-Type"] == "application/pdf"
    assert alerts.status_code == 200 and 'name="frequency"' in alerts.text


@pytest.mark.parametrize("moment", ["2027-02-28 12:00:00", "2031-12-31 23:59:30"])
def test_demo_starts_on_any_day(tmp_path: Path, moment: str) -> None:
    """Its tasks' last days and schedules follow the day it is seeded: a demo started
    years from now lists every open task with its dates ahead and no stale year."""
    libfaketime = next(iter(glob.glob("/usr/lib/*/faketime/libfaketime.so.1")), None)
    if libfaketime is None:
        unavailable("Debian's faketime is not installed (apt-get install faketime)")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIDGET_SERVER_")}
    env["WIDGET_SERVER_DATABASE_URL"] = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    # The library itself rather than the faketime command, which would stand between the
    # test and the demo and leave the demo running when it is stopped.
    env |= {"LD_PRELOAD": libfaketime, "FAKETIME": f"@{moment}"}
    process = _start_demo(port, env, tmp_path)
    try:
        key = httpx.get(f"http://localhost:{port}/examples/plain-english.html").text
        key = re.search(r"vw_pk_\w+", key).group(0)
        listed = httpx.get(f"{base}/api/v1/public/tasks", params={"key": key, "locale": "en"})
    finally:
        output = _stop(process)
        # What the library shares with the demo's children; a terminated demo leaves it.
        for name in (
            f"faketime_shm_{process.process.pid}",
            f"sem.faketime_sem_{process.process.pid}",
        ):
            Path("/dev/shm", name).unlink(missing_ok=True)
    seeded_on = date.fromisoformat(moment[:10])
    tasks = listed.json()["data"]
    assert len(tasks) == 9, output  # all but the draft
    assert "Certificate:" in output  # the completed sign-up, made on a task still open
    for task in tasks:
        for field in ("apply_by", "starts_at"):
            if task.get(field):
                assert date.fromisoformat(task[field][:10]) > seeded_on, (field, task)
        # The texts name no date that would go stale: the schedule says when, once.
        texts = " ".join(str(task[k]) for k in ("title", "summary", "description_html"))
        texts += " ".join(str(q["label"]) for q in task["custom_questions"])
        assert [y for y in re.findall(r"\b20\d\d\b", texts) if y > "2020"] == [], texts


def test_demo_prints_the_emails_a_signup_causes(tmp_path: Path) -> None:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIDGET_SERVER_")}
    env["WIDGET_SERVER_DATABASE_URL"] = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    process = _start_demo(port, env, tmp_path)
    try:
        key = httpx.get(f"http://localhost:{port}/examples/plain-english.html").text
        key = re.search(r"vw_pk_\w+", key).group(0)
        tasks = httpx.get(f"{base}/api/v1/public/tasks", params={"key": key, "locale": "en"})
        task_id = next(t["id"] for t in tasks.json()["data"] if not t["custom_questions"])
        signup = httpx.post(
            f"{base}/api/v1/public/tasks/{task_id}/signups",
            params={"key": key},
            json={
                "name": "Demo Volunteer",
                "email": "demo.volunteer@example.org",
                "consent": True,
                "locale": "en",
            },
            headers={"Origin": f"http://localhost:{port}"},
        )
        assert signup.status_code == 201, signup.text
        # The demo's worker sends (prints) both emails on one of its next polls.
        wait_until(lambda: process.printed("To: demo.volunteer@example.org", "To: admin@sawa-aid"))
    finally:
        output = _stop(process)
    assert "Please confirm your email for" in output
    assert "To: demo.volunteer@example.org" in output
    assert f"{base}/v/confirm/" in output
    assert "To: admin@sawa-aid.example" in output  # the demo's owner is told too


def test_demo_shows_a_waitlisted_volunteer_with_an_open_offer(tmp_path: Path) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIDGET_SERVER_")}
    env["WIDGET_SERVER_DATABASE_URL"] = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    process = _start_demo(port, env, tmp_path)
    try:
        wait_until(lambda: process.printed("To: layla.haddad@example.org", "/v/decline/"))
        page = httpx.get(f"http://127.0.0.1:{port}/v/accept/x")  # a link cut short
    finally:
        first_lines = _stop(process)

    link = re.search(r"Waitlist offer:  (\S+)", first_lines).group(1)
    assert link.startswith(f"http://127.0.0.1:{port}/v/accept/") and "locale=ar" in link
    assert "To: layla.haddad@example.org" in first_lines
    assert "/v/decline/" in first_lines  # the printed offer email carries both links
    assert page.status_code == 400
    process = _start_demo(port, env, tmp_path)
    try:
        offer = httpx.get(link)
    finally:
        _stop(process)
    assert offer.status_code == 200 and 'dir="rtl"' in offer.text
