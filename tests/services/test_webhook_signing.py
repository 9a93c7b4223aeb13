"""Webhook signatures follow Standard Webhooks 1.0, checked against its reference library."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

import pytest
import standardwebhooks

from widget_server.services.hooks.webhook_signing import (
    WebhookVerificationError,
    new_secret,
    secret_key,
    sign,
    signed_headers,
    verify_signature,
)

# The example of the Standard Webhooks / Svix libraries' own tests.
SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
MESSAGE_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
TIMESTAMP = 1614265330
BODY = b'{"test": 2432232314}'


def test_signature_matches_the_specification_example() -> None:
    assert sign(SECRET, MESSAGE_ID, TIMESTAMP, BODY) == (
        "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    )


def test_signature_matches_the_reference_library_for_a_fresh_secret() -> None:
    secret = new_secret()
    when = datetime.fromtimestamp(TIMESTAMP, UTC)
    body = '{"type":"signup.created","data":{"name":"ليلى"}}'
    expected = standardwebhooks.Webhook(secret).sign(MESSAGE_ID, when, body)

    assert sign(secret, MESSAGE_ID, TIMESTAMP, body.encode()) == expected


def test_new_secrets_are_whsec_and_base64_of_32_random_bytes() -> None:
    secrets = {new_secret() for _ in range(50)}

    assert len(secrets) == 50
    for secret in secrets:
        assert secret.startswith("whsec_")
        assert len(base64.b64decode(secret.removeprefix("whsec_"), validate=True)) == 32
        assert len(secret_key(secret)) == 32


def test_headers_carry_one_signature_per_secret_separated_by_a_space() -> None:
    other = new_secret()
    headers = signed_headers([SECRET, other], MESSAGE_ID, TIMESTAMP, BODY)

    assert headers["webhook-id"] == MESSAGE_ID
    assert headers["webhook-timestamp"] == str(TIMESTAMP)
    assert headers["webhook-signature"].split(" ") == [
        sign(SECRET, MESSAGE_ID, TIMESTAMP, BODY),
        sign(other, MESSAGE_ID, TIMESTAMP, BODY),
    ]
    # A receiver holding either secret accepts it.
    assert verify_signature(SECRET, headers, BODY, now=TIMESTAMP) == MESSAGE_ID
    assert verify_signature(other, headers, BODY, now=TIMESTAMP) == MESSAGE_ID


def test_verification_refuses_a_changed_body_id_timestamp_or_secret() -> None:
    headers = signed_headers([SECRET], MESSAGE_ID, TIMESTAMP, BODY)

    for tampered_headers, body, secret in [
        (headers, b'{"test": 2432232315}', SECRET),
        ({**headers, "webhook-id": "msg_other"}, BODY, SECRET),
        ({**headers, "webhook-timestamp": str(TIMESTAMP + 1)}, BODY, SECRET),
        (headers, BODY, new_secret()),
    ]:
        with pytest.raises(WebhookVerificationError):
            verify_signature(secret, tampered_headers, body, now=TIMESTAMP)


def test_verification_refuses_timestamps_outside_the_tolerance_either_way() -> None:
    headers = signed_headers([SECRET], MESSAGE_ID, TIMESTAMP, BODY)

    assert verify_signature(SECRET, headers, BODY, now=TIMESTAMP + 300) == MESSAGE_ID
    assert verify_signature(SECRET, headers, BODY, now=TIMESTAMP - 300) == MESSAGE_ID
    with pytest.raises(WebhookVerificationError, match="tolerance"):
        verify_signature(SECRET, headers, BODY, now=TIMESTAMP + 301)
    with pytest.raises(WebhookVerificationError, match="tolerance"):
        verify_signature(SECRET, headers, BODY, now=TIMESTAMP - 301)
    assert verify_signature(SECRET, headers, BODY, tolerance=3600, now=TIMESTAMP + 3000)


def test_verification_matches_header_names_in_any_case_and_refuses_missing_ones() -> None:
    headers = signed_headers([SECRET], MESSAGE_ID, TIMESTAMP, BODY)
    upper = {name.title(): value for name, value in headers.items()}

    assert verify_signature(SECRET, upper, BODY, now=TIMESTAMP) == MESSAGE_ID
    for missing in headers:
        partial = {k: v for k, v in headers.items() if k != missing}
        with pytest.raises(WebhookVerificationError, match="missing"):
            verify_signature(SECRET, partial, BODY, now=TIMESTAMP)
    with pytest.raises(WebhookVerificationError, match="number"):
        verify_signature(SECRET, {**headers, "webhook-timestamp": "soon"}, BODY, now=TIMESTAMP)
