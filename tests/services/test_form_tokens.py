"""Signed sign-up form tokens, without Flask."""

from __future__ import annotations

import pytest

from widget_server.services.inputs.form_tokens import FormTokenError, check_token, make_token

NOW = 1_900_000_000.0


def test_token_is_accepted_between_two_seconds_and_two_hours_after_issue() -> None:
    token = make_token("k", 7, "tsk_a", now=NOW)
    assert check_token("k", token, 7, "tsk_a", now=NOW + 2).organization_id == 7
    assert check_token("k", token, 7, "tsk_a", now=NOW + 7200).task_id == "tsk_a"


@pytest.mark.parametrize(
    ("secret", "org_id", "task_id", "age", "code"),
    [
        ("k", 7, "tsk_a", 1.9, "form_too_fast"),
        ("k", 7, "tsk_a", 7201, "form_expired"),
        ("other", 7, "tsk_a", 10, "form_invalid"),
        ("k", 8, "tsk_a", 10, "form_invalid"),
        ("k", 7, "tsk_b", 10, "form_invalid"),
        ("k", 7, "tsk_a", -3600, "form_invalid"),
    ],
    ids=["too-fast", "expired", "other-secret", "other-org", "other-task", "from-the-future"],
)
def test_token_is_refused(secret: str, org_id: int, task_id: str, age: float, code: str) -> None:
    token = make_token("k", 7, "tsk_a", now=NOW)
    with pytest.raises(FormTokenError) as refused:
        check_token(secret, token, org_id, task_id, now=NOW + age)
    assert refused.value.code == code


def test_garbage_is_refused_as_invalid() -> None:
    with pytest.raises(FormTokenError, match="form_invalid"):
        check_token("k", "not-a-token", 7, "tsk_a", now=NOW)
