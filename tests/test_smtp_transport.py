"""SMTP_URL forms, and real TLS: STARTTLS with a login, and SMTPS, against aiosmtpd."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from tests.smtp_sink import SinkHandler, free_port
from widget_server.mail.smtp_url import SmtpSettings, SmtpUrlError, parse_smtp_url
from widget_server.mail.transport import SmtpTransport
from widget_server.services.outbound.outbox import TemporaryFailure


def test_smtp_url_forms() -> None:
    assert parse_smtp_url("smtp://mail.example.org") == SmtpSettings("mail.example.org", 25, "none")
    assert parse_smtp_url("smtp://mail.example.org?starttls=true").security == "starttls"
    assert parse_smtp_url("smtp+starttls://m.example.org").port == 587
    secure = parse_smtp_url("smtps://us%40er:p%40ss%3Aword@m.example.org:2465?timeout=5")
    assert (secure.security, secure.port, secure.timeout) == ("ssl", 2465, 5.0)
    assert (secure.username, secure.password) == ("us@er", "p@ss:word")
    with pytest.raises(SmtpUrlError):
        parse_smtp_url("http://m.example.org")
    with pytest.raises(SmtpUrlError):
        parse_smtp_url("smtp://")


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> tuple[ssl.SSLContext, Path]:
    """A server context with a certificate for 127.0.0.1 from a throwaway CA (trustme),
    and that CA's certificate as a file, as a private CA's would be given in ?cafile=."""
    authority = trustme.CA()
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(server)
    cafile = tmp_path_factory.mktemp("tls") / "ca.pem"
    authority.cert_pem.write_to_path(str(cafile))
    return server, cafile


def _login(server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
    ok = auth_data.login == b"mailer@ngo.example" and auth_data.password == b"s3cret:pw"
    return AuthResult(success=ok)


def _message() -> EmailMessage:
    message = EmailMessage()
    message["From"] = "no-reply@ngo.example"
    message["To"] = "rana@example.org"
    message["Subject"] = "TLS"
    message["Message-ID"] = "<tls.1@ngo.example>"
    message.set_content("hello")
    return message


@pytest.fixture
def starttls_server(tls: tuple[ssl.SSLContext, Path]) -> Iterator[tuple[int, SinkHandler]]:
    handler = SinkHandler()
    port = free_port()
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=port,
        tls_context=tls[0],
        require_starttls=True,
        authenticator=_login,
        auth_require_tls=True,
    )
    controller.start()
    yield port, handler
    controller.stop()


def test_starttls_with_login_from_the_url_delivers(
    starttls_server: tuple[int, SinkHandler], tls: tuple[ssl.SSLContext, Path]
) -> None:
    port, handler = starttls_server
    url = f"smtp+starttls://mailer%40ngo.example:s3cret%3Apw@127.0.0.1:{port}?cafile={tls[1]}"
    transport = SmtpTransport(parse_smtp_url(url))
    transport.send(_message())
    transport.close()
    assert [str(m["Message-ID"]) for m in handler.messages] == ["<tls.1@ngo.example>"]


def test_wrong_password_is_a_temporary_failure_and_sends_nothing(
    starttls_server: tuple[int, SinkHandler], tls: tuple[ssl.SSLContext, Path]
) -> None:
    port, handler = starttls_server
    url = f"smtp+starttls://mailer%40ngo.example:wrong@127.0.0.1:{port}?timeout=3&cafile={tls[1]}"
    transport = SmtpTransport(parse_smtp_url(url))
    with pytest.raises(TemporaryFailure):
        transport.send(_message())
    assert handler.messages == []


def test_untrusted_certificate_is_refused(starttls_server: tuple[int, SinkHandler]) -> None:
    port, handler = starttls_server
    transport = SmtpTransport(parse_smtp_url(f"smtp+starttls://127.0.0.1:{port}"))
    with pytest.raises(TemporaryFailure, match="SSLCertVerificationError"):
        transport.send(_message())
    assert handler.messages == []


def test_smtps_delivers_over_tls_from_the_first_byte(tls: tuple[ssl.SSLContext, Path]) -> None:
    handler = SinkHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port, ssl_context=tls[0])
    controller.start()
    try:
        transport = SmtpTransport(parse_smtp_url(f"smtps://127.0.0.1:{port}?cafile={tls[1]}"))
        transport.send(_message())
        transport.close()
    finally:
        controller.stop()
    assert len(handler.messages) == 1
