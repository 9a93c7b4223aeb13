"""The outbox sender for kind "email": compose in the reader's language, then send."""

from __future__ import annotations

from flask import Flask

from widget_server.mail.compose import compose
from widget_server.mail.smtp_url import parse_smtp_url
from widget_server.mail.transport import LogTransport, SmtpTransport
from widget_server.services.outbound.outbox import Delivery, PermanentFailure, Sender


def transport_for(app: Flask) -> LogTransport | SmtpTransport:
    url = app.config.get("SMTP_URL")
    if url:
        return SmtpTransport(parse_smtp_url(str(url)))
    return LogTransport(log_bodies=bool(app.config.get("MAIL_LOG_BODIES")))


class EmailSender:
    """Sends each email through one transport, which keeps its connections open."""

    def __init__(self, app: Flask) -> None:
        self.transport = transport_for(app)

    def __call__(self, delivery: Delivery) -> None:
        try:
            message = compose(delivery)
            if message.wire() is None:  # not ours to write: email.message checks it here
                message.as_message()
        except PermanentFailure:
            raise
        except Exception as exc:  # the same payload fails the same way on every attempt
            raise PermanentFailure(
                f"the message cannot be built: {type(exc).__name__}: {exc}"
            ) from exc
        self.transport.send(message)

    def close(self) -> None:
        self.transport.close()


def email_sender(app: Flask) -> Sender:
    return EmailSender(app)
