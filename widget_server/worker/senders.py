"""Who delivers each kind of outbox message: called once by the worker and the demo."""

from __future__ import annotations

from flask import Flask

from widget_server.mail.sender import email_sender
from widget_server.services.outbound.outbox import register_sender
from widget_server.worker.webhook_sender import send_webhook


def install_senders(app: Flask) -> None:
    register_sender("email", email_sender(app))
    register_sender("webhook", send_webhook)
