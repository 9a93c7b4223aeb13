"""Handing a composed message to an SMTP server, or to the log when none is configured.

Failures are sorted into the outbox's two kinds: a refusal of the recipient (5xx to
RCPT TO) is permanent; a server that is down, slow, or answers 4xx, or refuses the
sender or the data, is temporary and retried with backoff until the message is dead.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
import threading
from email.message import EmailMessage

from widget_server.mail.mime_bytes import OutgoingEmail
from widget_server.mail.smtp_url import SmtpSettings
from widget_server.services.outbound.outbox import PermanentFailure, TemporaryFailure

log = logging.getLogger("widget_server.mail")


def _mask(address: str) -> str:
    """l•••@example.org: enough to tell messages apart in a log, not enough to keep."""
    local, _, domain = address.partition("@")
    return f"{local[:1]}•••@{domain}"


class LogTransport:
    """Without an SMTP server: each message is written to the log and counts as sent.

    The log line carries the subject and a masked recipient; with log_bodies (the demo
    sets it) it carries the plain-text body too, links included.
    """

    def __init__(self, *, log_bodies: bool = False) -> None:
        self.log_bodies = log_bodies

    def send(self, message: EmailMessage | OutgoingEmail) -> None:
        summary = (
            f"mail (not sent: no SMTP_URL) {message['Message-ID']} "
            f"to {_mask(str(message['To']))}: {message['Subject']}"
        )
        if self.log_bodies:
            full = message.as_message() if isinstance(message, OutgoingEmail) else message
            body = full.get_body(("plain",))
            text = body.get_content() if body is not None else ""
            summary = f"{summary}\nTo: {message['To']}\n\n{text}"
        log.info(summary)

    def close(self) -> None:
        return None


class SmtpTransport:
    """One SMTP connection per thread, kept open across messages and reopened on need."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self._connections: dict[int, smtplib.SMTP] = {}
        self._lock = threading.Lock()

    def _current(self) -> smtplib.SMTP | None:
        with self._lock:
            return self._connections.get(threading.get_ident())

    def _connection(self) -> smtplib.SMTP:
        smtp = self._current()
        if smtp is None:
            smtp = self._open()
            with self._lock:
                self._connections[threading.get_ident()] = smtp
        return smtp

    def _open(self) -> smtplib.SMTP:
        s = self.settings
        context = ssl.create_default_context(cafile=s.cafile)
        smtp: smtplib.SMTP
        if s.security == "ssl":
            smtp = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout, context=context)
        else:
            smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
            if s.security == "starttls":
                smtp.starttls(context=context)
        if s.username:
            smtp.login(s.username, s.password or "")
        return smtp

    def _drop(self) -> None:
        """Close this thread's connection (after an error, its state is unknown)."""
        with self._lock:
            smtp = self._connections.pop(threading.get_ident(), None)
        if smtp is not None:
            _quit(smtp)

    def close(self) -> None:
        """Close every thread's connection (the worker is stopping)."""
        with self._lock:
            connections, self._connections = list(self._connections.values()), {}
        for smtp in connections:
            _quit(smtp)

    def send(self, message: EmailMessage | OutgoingEmail) -> None:
        reused = self._current() is not None
        try:
            self._send_once(message)
        except smtplib.SMTPServerDisconnected:
            self._drop()
            if not reused:
                raise TemporaryFailure("SMTP server closed the connection") from None
            # The server dropped a connection we kept open between batches: one fresh try.
            self._guarded(message)
        except (PermanentFailure, TemporaryFailure):
            raise
        except Exception:
            self._drop()
            raise

    def _send_once(self, message: EmailMessage | OutgoingEmail) -> None:
        try:
            _hand_over(self._connection(), message)
        except smtplib.SMTPServerDisconnected:
            raise
        except smtplib.SMTPRecipientsRefused as exc:
            self._drop()
            code, reply = next(iter(exc.recipients.values()))
            reason = f"recipient refused: {code} {_text(reply)}"
            raise (PermanentFailure if code >= 500 else TemporaryFailure)(reason) from None
        except smtplib.SMTPNotSupportedError as exc:
            self._drop()
            raise PermanentFailure(f"the SMTP server cannot take this message: {exc}") from None
        except smtplib.SMTPResponseException as exc:
            self._drop()
            raise TemporaryFailure(f"SMTP {exc.smtp_code} {_text(exc.smtp_error)}") from None
        except (smtplib.SMTPException, OSError) as exc:
            self._drop()
            raise TemporaryFailure(f"SMTP unavailable: {exc.__class__.__name__}: {exc}") from None

    def _guarded(self, message: EmailMessage | OutgoingEmail) -> None:
        try:
            self._send_once(message)
        except smtplib.SMTPServerDisconnected:
            self._drop()
            raise TemporaryFailure("SMTP server closed the connection") from None


def _hand_over(smtp: smtplib.SMTP, message: EmailMessage | OutgoingEmail) -> None:
    """Our own emails go as the bytes mime_bytes wrote; anything else as email.message
    writes it (smtplib.send_message takes the envelope from the headers the same way)."""
    wire = message.wire() if isinstance(message, OutgoingEmail) else None
    if wire is not None:
        smtp.sendmail(*wire)
    else:
        smtp.send_message(message.as_message() if isinstance(message, OutgoingEmail) else message)


def _quit(smtp: smtplib.SMTP) -> None:
    try:
        smtp.quit()
    except (smtplib.SMTPException, OSError):
        smtp.close()


def _text(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
