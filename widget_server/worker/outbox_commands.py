"""Commands for delivery: `widget-server worker` and `widget-server outbox …`."""

from __future__ import annotations

import dataclasses
import logging
import signal
from types import FrameType

import click
from flask import current_app
from flask.cli import with_appcontext

from widget_server import db
from widget_server.db import utcnow
from widget_server.models import MessageStatus
from widget_server.services.follow_up import followup_notices
from widget_server.services.outbound import outbox, scheduled_notices
from widget_server.services.task_alerts import alert_matching, alert_weekly
from widget_server.services.volunteering import slot_offers
from widget_server.worker.senders import install_senders
from widget_server.worker.worker_loop import Worker, WorkerSettings


def _log_to_stderr() -> None:
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    logging.getLogger("widget_server").setLevel(logging.INFO)


@click.command("worker")
@click.option("--drain", is_flag=True, help="Deliver what is due now, then exit.")
@click.option("--batch-size", type=click.IntRange(1, 1000), help="Messages claimed at a time.")
@with_appcontext
def worker_command(drain: bool, batch_size: int | None) -> None:
    """Deliver outbox messages (email, webhooks) until stopped; safe to run many at once."""
    _log_to_stderr()
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if not app.config["PUBLIC_URL"]:
        logging.getLogger("widget_server.worker").warning(
            "WIDGET_SERVER_PUBLIC_URL is not set: links in emails will point to "
            "http://127.0.0.1:8000"
        )
    install_senders(app)
    settings = WorkerSettings.from_config(app)
    if batch_size:
        settings = dataclasses.replace(settings, batch_size=batch_size)
    worker = Worker(app, settings)

    def _stop(_signum: int, _frame: FrameType | None) -> None:
        worker.stop()  # finish the message in hand, hand the rest of the batch back

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    worker.run(drain=drain)


@click.group("outbox")
def outbox_group() -> None:
    """Outbox messages: list, retry, queue reminders and digests."""


@outbox_group.command("list")
@click.option("--status", type=click.Choice([s.value for s in MessageStatus]))
@click.option("--limit", default=100, show_default=True, type=click.IntRange(1, 10000))
@with_appcontext
def outbox_list(status: str | None, limit: int) -> None:
    """Messages newest first, with attempts and the last error."""
    for m in outbox.list_messages(db.session(), status=status, limit=limit):
        what = m.payload.get("template") or m.payload.get("type") or ""
        error = f"  {m.last_error}" if m.last_error else ""
        click.echo(
            f"{m.id:>8}  {m.kind.value:<7}  {m.status.value:<7}  attempts {m.attempts}  "
            f"{m.created_at:%Y-%m-%d %H:%M}Z  {what}{error}"
        )


@outbox_group.command("retry")
@click.argument("message_id", type=int, required=False)
@click.option("--all-dead", is_flag=True, help="Retry every dead message.")
@with_appcontext
def outbox_retry(message_id: int | None, all_dead: bool) -> None:
    """Give a failed or dead message (or every dead one) a fresh set of attempts."""
    from widget_server.cli import domain_errors_as_messages

    if (message_id is None) == (not all_dead):
        raise click.UsageError("give a message id or --all-dead")
    if all_dead:
        click.echo(f"{outbox.retry_dead(db.session())} dead messages will be tried again.")
        return
    domain_errors_as_messages(outbox.retry_message)(db.session(), message_id)
    click.echo(f"Message {message_id} will be tried again.")


@outbox_group.command("schedule")
@with_appcontext
def outbox_schedule() -> None:
    """Queue due task reminders, daily digests, follow-up nudges and task alerts, close sign-ups
    left unanswered and pass on expired waitlist offers, now (workers also do this every minute)."""
    now = utcnow()
    hours = float(current_app.config["REMINDER_HOURS_BEFORE"])
    reminders = scheduled_notices.enqueue_reminders(db.session(), now=now, hours_before=hours)
    digests = scheduled_notices.enqueue_digests(db.session(), now=now)
    click.echo(f"Queued {reminders} reminders and {digests} digests.")
    closed = followup_notices.close_unanswered(db.session(), now=now)
    nudges = followup_notices.enqueue_nudges(db.session(), now=now)
    owner_digests = followup_notices.enqueue_owner_digests(db.session(), now=now)
    click.echo(
        f"Follow-up: {nudges} nudges, {owner_digests} owners' digests, {closed} sign-ups closed."
    )
    alerts = alert_matching.enqueue_immediate(db.session(), now=now)
    alerts += alert_weekly.enqueue_weekly(db.session(), now=now)
    click.echo(f"Queued {alerts} task alerts.")
    passed_on = slot_offers.expire_due(db.session(), now=now)
    click.echo(f"Waitlist: {passed_on} expired offers passed on.")
