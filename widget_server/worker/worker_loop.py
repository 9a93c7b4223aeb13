"""`widget-server worker`: deliver outbox messages, queue reminders, digests and nudges.

Many workers may run at once, on one host or several: each claims its own batches (see
services/outbound/delivery.py), so no message is handed to two of them while a lease holds.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from flask import Flask
from sqlalchemy.orm import Session

from widget_server.db import utcnow
from widget_server.models import OutboxMessage
from widget_server.services.follow_up import followup_notices
from widget_server.services.outbound import delivery, scheduled_notices
from widget_server.services.outbound.outbox import (
    Delivery,
    PermanentFailure,
    TemporaryFailure,
    close_senders,
    registered_kinds,
    sender_for,
)
from widget_server.services.task_alerts import alert_matching, alert_weekly, alerts
from widget_server.services.volunteering import slot_offers

log = logging.getLogger("widget_server.worker")


@dataclass(frozen=True)
class WorkerSettings:
    batch_size: int = 200
    poll_seconds: float = 2.0
    lease_seconds: float = delivery.LEASE_SECONDS
    policy: delivery.RetryPolicy = delivery.RetryPolicy()
    schedule_seconds: float = 60.0
    reminder_hours: float = 24.0

    @classmethod
    def from_config(cls, app: Flask) -> WorkerSettings:
        c = app.config
        return cls(
            batch_size=int(c["OUTBOX_BATCH_SIZE"]),
            poll_seconds=float(c["WORKER_POLL_SECONDS"]),
            lease_seconds=float(c["OUTBOX_LEASE_SECONDS"]),
            policy=delivery.RetryPolicy(
                max_attempts=int(c["OUTBOX_MAX_ATTEMPTS"]),
                base_seconds=float(c["OUTBOX_BACKOFF_SECONDS"]),
                cap_seconds=float(c["OUTBOX_BACKOFF_MAX_SECONDS"]),
            ),
            schedule_seconds=float(c["WORKER_SCHEDULE_SECONDS"]),
            reminder_hours=float(c["REMINDER_HOURS_BEFORE"]),
        )


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


class Worker:
    def __init__(
        self, app: Flask, settings: WorkerSettings | None = None, name: str | None = None
    ) -> None:
        self.app = app
        self.settings = settings or WorkerSettings.from_config(app)
        self.name = name or worker_name()
        self.stopping = threading.Event()
        self._next_schedule = 0.0

    def run(self, *, drain: bool = False) -> None:
        """Loop until stop() (or, with drain, until nothing is due)."""
        log.info("worker %s started (kinds: %s)", self.name, ", ".join(sorted(registered_kinds())))
        while not self.stopping.is_set():
            if time.monotonic() >= self._next_schedule:
                self.queue_scheduled()
            try:
                handled = self.run_once()
            except Exception:  # the database went away, say: wait, then try again
                log.exception("worker %s could not claim messages", self.name)
                if drain:
                    raise
                self.stopping.wait(self.settings.poll_seconds)
                continue
            if handled == 0:
                if drain:
                    break
                close_senders()  # idle: let go of SMTP connections until there is work
                self.stopping.wait(self.settings.poll_seconds)
        close_senders()
        log.info("worker %s stopped", self.name)

    def stop(self) -> None:
        self.stopping.set()

    def queue_scheduled(self) -> None:
        """Queue due reminders, digests, follow-up nudges and task alerts, close sign-ups left
        unanswered and pass on expired waitlist offers. Each step commits its own work; one
        that fails is logged and tried again next pass, and never stops delivery."""
        self._next_schedule = time.monotonic() + self.settings.schedule_seconds
        hours = self.settings.reminder_hours
        steps: tuple[tuple[str, Callable[[Session, datetime], object]], ...] = (
            (
                "task reminders",
                lambda s, now: scheduled_notices.enqueue_reminders(s, now=now, hours_before=hours),
            ),
            ("daily digests", lambda s, now: scheduled_notices.enqueue_digests(s, now=now)),
            (
                "closing unanswered sign-ups",
                lambda s, now: followup_notices.close_unanswered(s, now=now),
            ),
            ("follow-up nudges", lambda s, now: followup_notices.enqueue_nudges(s, now=now)),
            (
                "owners' follow-up digests",
                lambda s, now: followup_notices.enqueue_owner_digests(s, now=now),
            ),
            ("immediate task alerts", lambda s, now: alert_matching.enqueue_immediate(s, now=now)),
            ("weekly task alerts", lambda s, now: alert_weekly.enqueue_weekly(s, now=now)),
            ("expired waitlist offers", lambda s, now: slot_offers.expire_due(s, now=now)),
            (
                "unconfirmed alert requests",
                lambda s, now: alerts.prune_pending(s, now - alerts.PENDING_LIFETIME),
            ),
        )
        with self.app.app_context():
            session = self.app.extensions["db_sessionmaker"]()
            try:
                for what, step in steps:
                    try:
                        step(session, utcnow())
                    except Exception:
                        session.rollback()
                        log.exception("%s failed; trying again next pass", what)
            finally:
                session.close()

    def run_once(self) -> int:
        """Claim one batch and try each message in it; the number of messages claimed."""
        with self.app.app_context():
            session = self.app.extensions["db_sessionmaker"]()
            try:
                return self._run_batch(session)
            finally:
                session.close()

    def _run_batch(self, session: Session) -> int:
        s = self.settings
        lease_start = time.monotonic()
        batch = delivery.claim_batch(
            session,
            worker=self.name,
            now=utcnow(),
            limit=s.batch_size,
            lease_seconds=s.lease_seconds,
            kinds=registered_kinds(),
        )
        for index, message in enumerate(batch):
            rest = [m.id for m in batch[index:]]
            if self.stopping.is_set():
                delivery.release(session, rest, worker=self.name)
                break
            if time.monotonic() - lease_start > s.lease_seconds / 2:
                delivery.extend_lease(
                    session, rest, worker=self.name, now=utcnow(), lease_seconds=s.lease_seconds
                )
                lease_start = time.monotonic()
            self._deliver(session, message)
        return len(batch)

    def _deliver(self, session: Session, message: OutboxMessage) -> None:
        sender = sender_for(message.kind.value)
        item = Delivery(
            message.id,
            message.kind.value,
            message.payload,
            message.organization_id,
            message.attempts,
        )
        try:
            if sender is None:
                raise PermanentFailure(f"no sender for kind {message.kind.value!r}")
            with self.app.app_context():  # a fresh context: locale and g per message
                sender(item)
        except Exception as exc:  # a bad message must never stop the worker
            session.rollback()
            permanent = isinstance(exc, PermanentFailure)
            # A sender's own verdict reads as it is; anything else names its exception.
            explained = isinstance(exc, PermanentFailure | TemporaryFailure)
            reason = str(exc) if explained else f"{exc.__class__.__name__}: {exc}"
            status = delivery.mark_failed_attempt(
                session,
                message,
                worker=self.name,
                now=utcnow(),
                error=reason,
                permanent=permanent,
                policy=self.settings.policy,
            )
            log.warning(
                "message %s attempt %s: %s (%s)", message.id, message.attempts, status.value, reason
            )
            return
        delivery.mark_sent(session, message.id, worker=self.name, now=utcnow())
