"""`widget-server demo`: a ready-to-try server on SQLite with a demo organization."""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import replace
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
    DEMO_TASKS,
    DEMO_WORKING_HOURS,
)
from widget_server.demo.demo_followup import seed_followup
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
            created = [tasks.create_task(session, organization, p) for p in DEMO_TASKS]
            _completed_signup(session, organization, created[1])
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


def _completed_signup(session: Session, organization: Organization, task: Task) -> None:
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
        today=utcnow().date(),
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
    examples = f"http://localhost:{port}/examples"

    click.echo(f"\nVolunteer Widget Server demo — {organization.name}")
    click.echo(f"  Database:        {app.config['DATABASE_URL']}")
    click.echo(f"  Example pages:   {examples}/  (another origin, like a partner's site)")
    click.echo(f"    English:       {examples}/plain-english.html")
    click.echo(f"    Arabic (RTL):  {examples}/arabic-rtl.html")
    click.echo(f"    Site builders: {examples}/google-sites-embed.html, wix-html-iframe.html")
    click.echo(f"  Hosted page:     {base}/o/{organization.slug}")
    click.echo(f"  Feeds (ar):      {base}/o/{organization.slug}/feed.atom?locale=ar")
    click.echo(f"                   {base}/o/{organization.slug}/feed.json?locale=ar")
    click.echo(f"  All tasks feeds: {base}/feed.atom  {base}/feed.json")
    click.echo(f"  Sitemap:         {base}/sitemap.xml  (robots.txt points to it)")
    click.echo(f"  Task alerts:     {base}/o/{organization.slug}/alerts?locale=ar")
    click.echo(f"    every org:     {base}/alerts")
    if fixed_task:
        click.echo(
            f"  Local times:     {base}/embed/v1/tasks/{fixed_task}/signup?key={publishable}"
            "&locale=en&tz=Asia/Kolkata  (a Beirut session on a volunteer's clock in Kolkata;"
            " the widget uses your browser's zone)"
        )
    click.echo(f"  Open tasks (ar): {base}/api/v1/public/tasks?key={publishable}&locale=ar")
    click.echo(f"  Open tasks (en): {base}/api/v1/public/tasks?key={publishable}&locale=en")
    click.echo(f"  API description: {base}/api/v1/openapi.json")
    click.echo(f"  Health:          {base}/healthz")
    click.echo(f"  Publishable key: {publishable}")
    if secret_token:
        click.echo(f"  Secret key:      {secret_token}  (shown once)")
    click.echo(f"  Admin panel:     {base}/admin/")
    click.echo(f"  Owner account:   {DEMO_ADMIN_EMAIL} / {DEMO_ADMIN_PASSWORD}")
    links = certificate_links(app, base)
    if links:
        click.echo(f"  Certificate:     {links[0]}  (a completed volunteer's PDFs)")
        click.echo(f"  Verification:    {links[1]}")
    click.echo(f"  Follow-up:       {base}/admin/volunteers?needs_reply=1  (sign-ups needing a")
    click.echo("                   reply; time to first answer on the dashboard, the promise on")
    click.echo("                   the sign-up form's success screen)")
    with app.app_context():
        offer = demo_waitlist.offer_link(db.session(), app.config["SECRET_KEY"], base)
    if offer:
        click.echo(f"  Waitlist offer:  {offer}  (a freed place, held for Layla)")
    if app.config["SMTP_URL"]:
        click.echo(
            "  Emails:          sent through WIDGET_SERVER_SMTP_URL by a worker in this process"
        )
    else:
        click.echo(
            "  Emails:          printed here as they are sent (set WIDGET_SERVER_SMTP_URL to send)"
        )
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
