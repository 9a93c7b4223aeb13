"""Emails written as bytes by mail/mime_bytes.py read back as the standard library's do:
the same headers (decoded), the same parts and the same text, in Arabic, French and English."""

from __future__ import annotations

import re
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import formatdate

import pytest
from flask import Flask

from widget_server.mail.compose import compose
from widget_server.mail.mime_bytes import Address, OutgoingEmail
from widget_server.services.outbound.outbox import Delivery

ARABIC_TITLE = "ترجمة نشرتنا الإخبارية الشهرية إلى العربية والفرنسية"
FRENCH_TITLE = "Traduire notre lettre d’information mensuelle « Élan » pour l’été"


def _read(data: bytes) -> EmailMessage:
    return message_from_bytes(data, policy=policy.default)  # type: ignore[return-value]


def _headers(message: EmailMessage) -> list[tuple[str, str]]:
    """Header names and decoded values; the boundary is random and the transfer encoding
    is the writer's choice, so they are left out."""
    kept = []
    for name, value in message.items():
        if name.lower() == "content-transfer-encoding":
            continue
        if name.lower() == "content-type":
            params = {k: v for k, v in value.params.items() if k != "boundary"}  # type: ignore[attr-defined]
            value = f"{value.content_type} {sorted(params.items())}"  # type: ignore[attr-defined]
        kept.append((name, str(value)))
    return kept


def assert_reads_the_same(email: OutgoingEmail) -> bytes:
    ours = email.as_bytes()
    theirs = email.as_message().as_bytes(policy=policy.default.clone(linesep="\r\n"))
    a, b = _read(ours), _read(theirs)
    assert _headers(a) == _headers(b)
    parts_a, parts_b = list(a.walk()), list(b.walk())
    assert len(parts_a) == len(parts_b)
    for part_a, part_b in zip(parts_a, parts_b, strict=True):
        assert _headers(part_a) == _headers(part_b)  # type: ignore[arg-type]
        if not part_a.is_multipart():
            # Text's line ends are CRLF on the wire whichever encoding carries it.
            content_a = part_a.get_content().replace("\r\n", "\n")  # type: ignore[attr-defined]
            assert content_a == part_b.get_content().replace("\r\n", "\n")  # type: ignore[attr-defined]
    assert all(len(line) <= 998 for line in ours.split(b"\r\n"))
    assert b"\n" not in ours.replace(b"\r\n", b"")  # CRLF line ends only
    return ours


def _email(
    subject: str, text: str, html: str, *, org: str = "Sawa Aid", **extra: str
) -> OutgoingEmail:
    email = OutgoingEmail()
    email["Subject"] = subject
    email["From"] = Address(display_name=org, addr_spec="no-reply@volunteer.example.org")
    email["To"] = Address(addr_spec="layla@example.org")
    email["Date"] = formatdate(usegmt=True)
    email["Message-ID"] = "<outbox.7.0123456789abcdef@volunteer.example.org>"
    for name, value in extra.items():
        email[name.replace("_", "-")] = value
    email["Auto-Submitted"] = "auto-generated"
    email.set_content(text)
    email.add_alternative(html, subtype="html")
    email["Content-Language"] = "ar"
    return email


@pytest.mark.parametrize(
    ("subject", "org"),
    [
        (f"تم استلام تسجيلك في «{ARABIC_TITLE}»", "جمعية سوا للإغاثة والتنمية"),
        (f"Nous avons reçu votre inscription pour « {FRENCH_TITLE} »", "Élan Solidaire, Lyon"),
        ("We received your sign-up for “Translate our newsletter”", "Sawa Aid"),
        ("A plain ASCII subject " + "that goes on and on " * 12, 'Aid "Quoted" (Org), Inc.'),
        ("x" * 200, "y" * 120),
    ],
)
def test_headers_and_parts_read_back_as_the_standard_librarys(subject: str, org: str) -> None:
    text = f"مرحبا ليلى،\n\n{ARABIC_TITLE}\nBonjour, « {FRENCH_TITLE} »\n.\n.. a dot line\n"
    html = f'<html dir="rtl"><body><p>{ARABIC_TITLE}</p><p>{FRENCH_TITLE}</p></body></html>\n'
    email = _email(
        subject,
        text,
        html,
        org=org,
        Reply_To="team@ngo.example",
        List_Unsubscribe="<https://volunteer.example.org/alerts/unsubscribe/" + "a" * 90 + ">",
        List_Unsubscribe_Post="List-Unsubscribe=One-Click",
    )
    ours = assert_reads_the_same(email)
    assert _read(ours)["Subject"] == subject
    # Python's address parser puts a space between adjacent encoded words (its own output
    # reads back the same way, as the comparison above shows); other readers join them.
    shown = _read(ours)["From"].addresses[0].display_name
    assert shown.replace(" ", "") == org.replace(" ", "")


def test_text_that_looks_encoded_reads_back_as_it_was_written() -> None:
    # The one intended difference: email.message decodes such text when the header is set,
    # so it would send "looks encoded"; here the title arrives as the organization typed it.
    subject, org = "=?utf-8?q?looks_encoded?= but is not", "=?utf-8?q?Sawa?="
    ours = _read(_email(subject, "Hi\n", "<p>Hi</p>\n", org=org).as_bytes())
    assert ours["Subject"] == subject
    assert ours["From"].addresses[0].display_name == org


def test_an_ascii_message_is_byte_for_byte_the_standard_librarys() -> None:
    email = _email("Reminder: Design starts soon", "Hello\nBye\n", "<p>Hi</p>\n")
    ours = email.as_bytes()
    theirs = email.as_message().as_bytes(policy=policy.default.clone(linesep="\r\n"))
    boundary = re.search(rb'boundary="([^"]+)"', theirs).group(1)  # type: ignore[union-attr]
    mine = re.search(rb'boundary="([^"]+)"', ours).group(1)  # type: ignore[union-attr]
    assert ours.replace(mine, boundary) == theirs


def test_long_lines_are_encoded_and_read_back_whole() -> None:
    line = "كلمة " * 60 + "https://volunteer.example.org/v/withdraw/" + "t" * 150
    email = _email("Sujet d’été", f"{line}\nfin\n", f"<p>{line}</p>\n")
    ours = assert_reads_the_same(email)
    assert b"Content-Transfer-Encoding: base64" in ours


def test_an_address_it_does_not_write_itself_goes_through_the_standard_library() -> None:
    email = _email("Hello", "Hi\n", "<p>Hi</p>\n")
    email["Cc"] = "Named Person <named@example.org>"  # not a bare address: the stdlib writes it
    assert email.wire() is None
    assert _read(email.as_bytes())["Cc"].addresses[0].addr_spec == "named@example.org"


def test_a_copy_goes_to_the_envelope_and_a_blind_copy_to_the_standard_library() -> None:
    copied = _email("Hello", "Hi\n", "<p>Hi</p>\n")
    copied["Cc"] = "team@ngo.example"
    assert copied.wire()[1] == ["layla@example.org", "team@ngo.example"]  # type: ignore[index]
    blind = _email("Hello", "Hi\n", "<p>Hi</p>\n")
    blind["Bcc"] = "hidden@ngo.example"
    assert blind.wire() is None  # smtplib.send_message leaves Bcc out of the bytes


def test_the_envelope_is_the_from_and_to_addresses() -> None:
    sender, recipients, data = _email("Hello", "Hi\n", "<p>Hi</p>\n").wire()  # type: ignore[misc]
    assert (sender, recipients) == ("no-reply@volunteer.example.org", ["layla@example.org"])
    assert data.startswith(b"Subject: Hello\r\n")


@pytest.mark.parametrize(
    ("template", "locale", "context"),
    [
        ("signup_received", "ar", {"signup_id": "sgn_1", "name": "ليلى", "org_name": "سوا"}),
        ("waitlisted", "fr", {"signup_id": "sgn_2", "name": "Élodie", "org_name": "Élan"}),
        (
            "reminder",
            "en",
            {
                "signup_id": "sgn_3",
                "name": "Sam",
                "org_name": "Sawa Aid",
                "starts_at": "2030-01-02T10:00:00+00:00",
                "timezone": "Asia/Beirut",
            },
        ),
    ],
)
def test_composed_emails_read_back_as_the_standard_librarys(
    app: Flask, template: str, locale: str, context: dict[str, str]
) -> None:
    title = {"ar": ARABIC_TITLE, "fr": FRENCH_TITLE}.get(locale, "Translate our newsletter")
    payload = {
        "to": "volunteer@example.org",
        "locale": locale,
        "template": template,
        "context": {**context, "task_title": title},
    }
    with app.app_context():
        email = compose(Delivery(9, "email", payload, None, 1))
    ours = _read(assert_reads_the_same(email))
    assert title in ours["Subject"]
    assert ours["Content-Language"] == locale
    assert ours["Auto-Submitted"] == "auto-generated"
    assert ("List-Unsubscribe" in ours) is (template == "reminder")
