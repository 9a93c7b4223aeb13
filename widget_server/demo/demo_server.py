"""`widget-server demo`: a ready-to-try server on SQLite with a demo organization."""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import replace
from datetime import date
from pathlib import Path

import click
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.serving import WSGIRequestHandler, run_simple

from widget_server import create_app, db, migrate
from widget_server.db import utcnow
from widget_server.demo import demo_waitlist
from widget_server.demo.demo_data import (
    DEMO_ALERT,
    DEMO_ORGANIZATION,
    DEMO_WORKING_HOURS,
    demo_tasks,
)
from widget_server.demo.demo_followup import seed_followup
from widget_server.demo.demo_guide import Printed
from widget_server.demo.example_pages import BUILDER_HOST
from widget_server.models import ApiKey, Certificate, KeyKind, Organization, Schedule, Signup, Task
from widget_server.services.access import organizations
from widget_server.services.catalog import tasks
from widget_server.services.task_alerts import alerts
from widget_server.services.times import working_hours
from widget_server.services.volunteering import signups, volunteer_links
from widget_server.worker.senders import install_senders
from widget_server.worker.worker_loop import Worker

DEMO_ADMIN_EMAIL = "admin@sawa-aid.example"
DEMO_ADMIN_PASSWORD = "demo-password-2026"  # noqa: S105  (printed for the demo's user)
DEMO_VOLUNTEER_NAME = "ريم الخطيب"


class AnonymousRequestHandler(WSGIRequestHandler):
    """Werkzeug's handler without "Server: Werkzeug/x.y Python/x.y" (versions help attackers)."""

    def version_string(self) -> str:
        return "widget-server"


def _demo_app() -> Flask:
    os.environ.setdefault("WIDGET_SERVER_DEMO", "true")
    # Without an SMTP server the demo prints each email, links included, to its console.
    os.environ.setdefault("WIDGET_SERVER_MAIL_LOG_BODIES", "true")
    probe = Flask("widget_server")
    Path(probe.instance_path).mkdir(parents=True, exist_ok=True)
    os.environ.setdefault(
        "WIDGET_SERVER_DATABASE_URL", f"sqlite:///{Path(probe.instance_path) / 'demo.sqlite3'}"
    )
    # Without WIDGET_SERVER_SECRET_KEY, settings.py keeps a random one in the instance folder.
    return create_app()


def seed(app: Flask, origins: list[str]) -> tuple[Organization, str, str | None]:
    """The demo organization (created with its tasks on first run) and its keys."""
    with app.app_context():
        session = db.session()
        organization = session.scalar(
            select(Organization).where(Organization.slug == DEMO_ORGANIZATION["slug"])
        )
        secret_token = None
        if organization is None:
            new = organizations.create_organization(
                session,
                **DEMO_ORGANIZATION,
                origins=origins,
                admin_email=DEMO_ADMIN_EMAIL,
                admin_password=DEMO_ADMIN_PASSWORD,
            )
            organization, secret_token = new.organization, new.secret.token
            today = utcnow().date()
            created = [tasks.create_task(session, organization, p) for p in demo_tasks(today)]
            _completed_signup(session, organization, created[1], today)
            seed_followup(session, organization)
            # Someone already follows the organization's translation tasks: publishing one
            # in the panel prints the alert they get.
            alerts.confirm(session, replace(DEMO_ALERT, organization_id=organization.id))
            demo_waitlist.seed_offer(session, organization, created[demo_waitlist.TASK_INDEX])
        else:
            wanted = organization.allowed_origins + [
                o for o in origins if o not in organization.allowed_origins
            ]
            organizations.set_allowed_origins(session, organization, wanted)
        if not organization.working_days:
            # Far-away visitors see these hours on their own clock (older demo databases too).
            working_hours.save_working_hours(
                session, organization, DEMO_WORKING_HOURS, user_id=None
            )
        publishable = session.scalar(
            select(ApiKey.publishable_token).where(
                ApiKey.organization_id == organization.id,
                ApiKey.kind == KeyKind.PUBLISHABLE,
                ApiKey.revoked_at.is_(None),
            )
        )
        return organization, publishable or "", secret_token


def _completed_signup(
    session: Session, organization: Organization, task: Task, today: date
) -> None:
    """A volunteer whose work is done: their certificate shows what completion gives."""
    outcome = signups.create_signup(
        session,
        organization,
        task.public_id,
        {
            "name": DEMO_VOLUNTEER_NAME,
            "email": "reem@volunteer.example",
            "consent": True,
            "locale": "ar",
            "message": "أستطيع إدخال ٢٠٠ استمارة أسبوعيًا.",
        },
        default_locale="ar",
        origin=None,
        today=today,
    )
    signup_id = outcome.body["signup"]["id"]
    signups.change_status(session, organization, signup_id, "accepted")
    signups.change_status(session, organization, signup_id, "completed", hours=12.5)


def certificate_links(app: Flask, base: str) -> tuple[str, str] | None:
    """The demo volunteer's certificate page (a signed link) and its public verification page."""
    with app.app_context():
        session = db.session()
        found = session.execute(
            select(Signup.public_id, Certificate.code)
            .join(Certificate, Certificate.signup_id == Signup.id)
            .where(Signup.name == DEMO_VOLUNTEER_NAME, Certificate.revoked_at.is_(None))
        ).first()
        if found is None:
            return None
        token = volunteer_links.make_token(app.config["SECRET_KEY"], "certificate", found[0])
        return f"{base}/v/certificate/{token}", f"{base}/c/{found[1]}"


def _fixed_task(app: Flask, organization_id: int) -> str | None:
    """A demo task with a fixed session, to show its time in a far-away visitor's zone."""
    with app.app_context():
        return db.session().scalar(
            select(Task.public_id)
            .where(Task.organization_id == organization_id, Task.schedule == Schedule.FIXED)
            .order_by(Task.id)
            .limit(1)
        )


def start_mail_worker(app: Flask) -> Worker:
    """An outbox worker in a thread of the demo process, so sign-ups' emails show at once."""
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    logging.getLogger("widget_server.mail").setLevel(logging.INFO)
    install_senders(app)
    worker = Worker(app)
    threading.Thread(target=worker.run, name="outbox-worker", daemon=True).start()
    return worker


def _printed_lines(
    app: Flask,
    organization: Organization,
    base: str,
    publishable: str,
    secret_token: str | None,
    fixed_task: str | None,
) -> list[Printed]:
    """What the console shows at start, in order (demo_guide.py explains each line)."""
    slug = organization.slug
    # The example pages are on another origin than the server, as a partner's site is.
    examples = "http://localhost:" + base.rsplit(":", 1)[1] + "/examples"
    api = f"{base}/api/v1/public/tasks?key={publishable}"
    lines = [
        Printed("front_page", "Front page", f"{base}/"),
        Printed("guide", "Guide", f"{base}/demo", "what all of this is"),
        Printed("database", "Database", app.config["DATABASE_URL"]),
        Printed(
            "examples", "Example pages", f"{examples}/", "another origin, like a partner's site"
        ),
        Printed("example_en", "Plain page", f"{examples}/plain-english.html", sub=True),
        Printed("example_ar", "Arabic (RTL)", f"{examples}/arabic-rtl.html", sub=True),
        Printed(
            "example_builders", "Site builders", f"{examples}/google-sites-embed.html", sub=True
        ),
        Printed("hosted", "Hosted page", f"{base}/o/{slug}"),
        Printed("feeds", "Feeds (ar)", f"{base}/o/{slug}/feed.atom?locale=ar"),
        Printed("feeds", "", f"{base}/o/{slug}/feed.json?locale=ar"),
        Printed("all_feeds", "All tasks feeds", f"{base}/feed.atom  {base}/feed.json"),
        Printed("sitemap", "Sitemap", f"{base}/sitemap.xml", "robots.txt points to it"),
        Printed("alerts", "Task alerts", f"{base}/o/{slug}/alerts?locale=ar"),
        Printed("all_alerts", "every org", f"{base}/alerts", sub=True),
    ]
    if fixed_task:
        lines.append(
            Printed(
                "local_times",
                "Local times",
                f"{base}/embed/v1/tasks/{fixed_task}/signup?key={publishable}"
                "&locale=en&tz=Asia/Kolkata",
                "a Beirut session on a volunteer's clock in Kolkata;"
                " the widget uses your browser's zone",
            )
        )
    lines += [
        Printed("api_ar", "Open tasks (ar)", f"{api}&locale=ar"),
        Printed("api_en", "Open tasks (en)", f"{api}&locale=en"),
        Printed("openapi", "API description", f"{base}/api/v1/openapi.json"),
        Printed("health", "Health", f"{base}/healthz"),
        Printed("publishable_key", "Publishable key", publishable),
    ]
    if secret_token:
        lines.append(Printed("secret_key", "Secret key", secret_token, "shown once", secret=True))
    lines += [
        Printed("admin", "Admin panel", f"{base}/admin/"),
        Printed("owner", "Owner account", f"{DEMO_ADMIN_EMAIL} / {DEMO_ADMIN_PASSWORD}"),
    ]
    links = certificate_links(app, base)
    if links:
        lines.append(
            Printed("certificate", "Certificate", links[0], "a completed volunteer's PDFs")
        )
        lines.append(Printed("verification", "Verification", links[1]))
    lines.append(
        Printed(
            "follow_up",
            "Follow-up",
            f"{base}/admin/volunteers?needs_reply=1",
            "sign-ups needing a reply; time to first answer on the dashboard, the promise on"
            " the sign-up form's success screen",
        )
    )
    with app.app_context():
        offer = demo_waitlist.offer_link(db.session(), app.config["SECRET_KEY"], base)
    if offer:
        lines.append(
            Printed("waitlist_offer", "Waitlist offer", offer, "a freed place, held for Layla")
        )
    emails = (
        "sent through WIDGET_SERVER_SMTP_URL by a worker in this process"
        if app.config["SMTP_URL"]
        else "printed here as they are sent (set WIDGET_SERVER_SMTP_URL to send)"
    )
    lines.append(Printed("emails", "Emails", emails))
    return lines


def run_demo(host: str, port: int) -> None:
    app = _demo_app()
    migrate.upgrade(app.config["DATABASE_URL"])
    base = f"http://{host}:{port}"
    # The third, builder.localhost, stands for a site builder's frame (examples/builder/).
    origins = [
        f"http://127.0.0.1:{port}",
        f"http://localhost:{port}",
        f"http://{BUILDER_HOST}:{port}",
    ]
    organization, publishable, secret_token = seed(app, origins)
    fixed_task = _fixed_task(app, organization.id)
    app.config["PUBLIC_URL"] = app.config["PUBLIC_URL"] or base
    app.config["EXAMPLES_KEY"] = publishable
    app.config["EXAMPLES_SLUG"] = organization.slug

    printed = _printed_lines(app, organization, base, publishable, secret_token, fixed_task)
    # The guide page (/demo) explains these lines; the secret key is never kept for it.
    app.config["DEMO_PRINTED"] = [
        replace(line, value="") if line.secret else line for line in printed
    ]
    click.echo(f"\nVolunteer Widget Server demo — {organization.name}")
    for line in printed:
        click.echo(line.console())
    click.echo("Press Ctrl+C to stop.\n")
    worker = start_mail_worker(app)
    try:
        run_simple(
            host,
            port,
            app,
            threaded=True,
            use_reloader=False,
            request_handler=AnonymousRequestHandler,
        )
    finally:
        worker.stop()
