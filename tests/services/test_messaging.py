"""Messages to volunteers: recipients, merge fields, the outbox, the rate limit, answers
from the volunteer's side, the conversation's order, saved replies and privacy."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.factories import OrgWithKeys, make_member, make_org, make_signup, make_task
from widget_server.db import utcnow
from widget_server.models import (
    AuditEntry,
    Direction,
    Message,
    OutboxMessage,
    Role,
    Signup,
    SignupNotice,
)
from widget_server.services import audit
from widget_server.services.errors import Conflict, NotFound, RateLimited, ValidationFailed
from widget_server.services.messaging import (
    answers,
    conversation,
    recipients,
    saved_replies,
    sending,
)
from widget_server.services.personal_data import person_export, privacy
from widget_server.services.volunteering import signups, volunteer_actions, volunteers


def _accepted(session: Session, org: OrgWithKeys, **fields: str) -> Signup:
    signup = make_signup(session, org, make_task(session, org), **fields)
    return signups.change_status(session, org.organization, signup.public_id, "accepted")


def _emails(session: Session, template: str) -> list[OutboxMessage]:
    rows = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
    return [r for r in rows if r.payload.get("template") == template]


def _count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_a_message_to_a_tasks_accepted_volunteers_is_one_row_and_one_email_each(
    session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org, capacity=None)
    accepted = []
    for name in ("Layla", "Omar"):
        signup = make_signup(session, org, task, name=name, locale="ar" if name == "Omar" else "en")
        accepted.append(
            signups.change_status(session, org.organization, signup.public_id, "accepted")
        )
    make_signup(session, org, task)  # pending: not among the accepted
    member = make_member(session, org, Role.EDITOR, "editor@ngo.example")
    ids = recipients.ids_for_task(session, org.organization, task.public_id, ["accepted"])
    assert sorted(ids) == sorted(s.public_id for s in accepted)
    sent = sending.send_message(
        session,
        org.organization,
        ids,
        "Hello {name}, thank you for joining {task}.\nSee https://ngo.example/start",
        by=audit.Actor.member(member.id),
        reply_to="editor@ngo.example",
    )
    assert len(sent) == 2 and len({m.batch_id for m in sent}) == 1
    bodies = {m.signup_id: m.body for m in sent}
    assert bodies[accepted[0].id].startswith("Hello Layla, thank you for joining Translate our")
    assert bodies[accepted[1].id].startswith("Hello Omar, thank you for joining ترجمة نشرتنا")
    emails = _emails(session, "volunteer_message")
    assert {e.payload["to"] for e in emails} == {s.email for s in accepted}
    assert {e.payload["locale"] for e in emails} == {"en", "ar"}
    assert all(e.payload["context"]["reply_to"] == "editor@ngo.example" for e in emails)
    entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "message.send"))
    assert entry is not None and entry.user_id == member.id
    assert entry.details == {"recipients": 2, "left_out": 0}
    assert "@" not in entry.target  # no address in the log


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("", "required"),
        ("   \n ", "required"),
        ("x" * 5001, "too_long"),
        ("bad \x07", "invalid_characters"),
    ],
)
def test_a_bad_body_stores_and_sends_nothing(
    session: Session, org: OrgWithKeys, body: str, code: str
) -> None:
    signup = _accepted(session, org)
    before = _count(session, OutboxMessage)
    with pytest.raises(ValidationFailed) as caught:
        sending.send_message(session, org.organization, [signup.public_id], body, by=audit.NOBODY)
    assert caught.value.fields["body"].code == code
    assert _count(session, Message) == 0 and _count(session, OutboxMessage) == before


def test_no_recipients_or_only_unconfirmed_ones_is_refused(
    session: Session, org: OrgWithKeys
) -> None:
    pending = make_signup(session, org, make_task(session, org))
    for ids in ([], [pending.public_id]):
        with pytest.raises(ValidationFailed) as caught:
            sending.send_message(session, org.organization, ids, "Hello", by=audit.NOBODY)
        assert caught.value.fields["recipients"].code == "no_recipients"
    assert _count(session, Message) == 0


def test_another_organizations_volunteer_makes_the_whole_message_fail(
    session: Session, org: OrgWithKeys
) -> None:
    mine = _accepted(session, org)
    other = make_org(session)
    theirs = _accepted(session, other)
    before = _count(session, OutboxMessage)
    with pytest.raises(NotFound):
        sending.send_message(
            session, org.organization, [mine.public_id, theirs.public_id], "Hi", by=audit.NOBODY
        )
    assert _count(session, Message) == 0 and _count(session, OutboxMessage) == before
    with pytest.raises(NotFound):
        recipients.ids_for_task(session, org.organization, theirs.task.public_id, ["accepted"])


def test_the_volunteers_filter_chooses_the_recipients(session: Session, org: OrgWithKeys) -> None:
    wanted = _accepted(session, org, name="أسامة الخطيب")
    _accepted(session, org, name="Layla Haddad")
    filters = volunteers.VolunteerFilters(q="اسامه")
    assert recipients.ids_for_filters(session, org.organization, filters) == [wanted.public_id]


def test_the_hourly_allowance_of_an_organization_is_enforced(
    session: Session, org: OrgWithKeys, monkeypatch: pytest.MonkeyPatch
) -> None:
    signup = _accepted(session, org)
    monkeypatch.setattr(sending, "HOURLY_SENDS", 2)
    for _ in range(2):
        sending.send_message(session, org.organization, [signup.public_id], "Hi", by=audit.NOBODY)
    with pytest.raises(RateLimited) as caught:
        sending.send_message(session, org.organization, [signup.public_id], "Hi", by=audit.NOBODY)
    assert caught.value.status == 429 and _count(session, Message) == 2
    # An hour later the allowance is back.
    for message in session.scalars(select(Message)):
        message.created_at = utcnow() - timedelta(hours=1, seconds=1)
    session.commit()
    sending.send_message(session, org.organization, [signup.public_id], "Hi", by=audit.NOBODY)


def test_a_message_answers_the_follow_up_promise_but_an_answer_does_not(
    session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    signup = make_signup(session, org, task)
    volunteer_actions.confirm_email(session, signup.public_id)
    session.refresh(signup)
    answers.receive_answer(session, signup.public_id, "When do we start?")
    session.refresh(signup)
    assert signup.first_response_at is None
    sending.send_message(session, org.organization, [signup.public_id], "Monday", by=audit.NOBODY)
    session.refresh(signup)
    assert signup.first_response_at is not None


def test_an_answer_tells_the_members_who_follow_the_volunteer_and_shows_in_the_badge(
    session: Session, org: OrgWithKeys
) -> None:
    signup = _accepted(session, org)
    writer = make_member(session, org, Role.EDITOR, "writer@ngo.example")
    quiet = make_member(session, org, Role.EDITOR, "quiet@ngo.example")
    for membership in quiet.memberships + writer.memberships:
        membership.signup_notice = SignupNotice.OFF
    session.commit()
    sending.send_message(
        session, org.organization, [signup.public_id], "Hi", by=audit.Actor.member(writer.id)
    )
    message = answers.receive_answer(session, signup.public_id, "  Thanks!  ")
    assert message.direction is Direction.IN and message.body == "Thanks!"
    told = {e.payload["to"] for e in _emails(session, "admin_message_received")}
    assert "writer@ngo.example" in told and "quiet@ngo.example" not in told
    assert answers.unread_count(session, org.organization.id) == 1
    assert answers.unread_by_signup(session, org.organization.id, [signup.id]) == {signup.id: 1}
    assert answers.mark_read(session, org.organization.id, signup.id) == 1
    assert answers.unread_count(session, org.organization.id) == 0


def test_a_closed_signup_takes_no_answer_and_a_bad_answer_is_not_stored(
    session: Session, org: OrgWithKeys
) -> None:
    signup = _accepted(session, org)
    with pytest.raises(ValidationFailed):
        answers.receive_answer(session, signup.public_id, "")
    signups.change_status(session, org.organization, signup.public_id, "withdrawn")
    before = _count(session, OutboxMessage)
    with pytest.raises(Conflict) as caught:
        answers.receive_answer(session, signup.public_id, "Hello?")
    assert caught.value.code == "signup_closed"
    assert _count(session, Message) == 0 and _count(session, OutboxMessage) == before


def test_a_volunteers_answers_are_limited_per_hour(
    session: Session, org: OrgWithKeys, monkeypatch: pytest.MonkeyPatch
) -> None:
    signup = _accepted(session, org)
    monkeypatch.setattr(answers, "HOURLY_ANSWERS", 1)
    answers.receive_answer(session, signup.public_id, "One")
    with pytest.raises(RateLimited):
        answers.receive_answer(session, signup.public_id, "Two")


def test_the_conversation_shows_messages_and_status_changes_in_order(
    session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    signup = make_signup(session, org, task)
    signups.change_status(session, org.organization, signup.public_id, "accepted")
    sending.send_message(session, org.organization, [signup.public_id], "Welcome", by=audit.NOBODY)
    answers.receive_answer(session, signup.public_id, "Thank you")
    signups.change_status(session, org.organization, signup.public_id, "completed", hours=3)
    entries = conversation.timeline(session, signup)
    assert [(e.kind, e.status or e.body) for e in entries] == [
        ("signed_up", ""),
        ("status", "accepted"),
        ("message", "Welcome"),
        ("message", "Thank you"),
        ("status", "completed"),
    ]
    assert entries[3].unread and entries[3].direction is Direction.IN


def test_saved_replies_are_per_organization_with_unique_titles(
    session: Session, org: OrgWithKeys
) -> None:
    reply = saved_replies.save_reply(
        session, org.organization, "Welcome", "Hello {name}", by=audit.NOBODY
    )
    with pytest.raises(ValidationFailed) as caught:
        saved_replies.save_reply(session, org.organization, "Welcome", "Again", by=audit.NOBODY)
    assert caught.value.fields["title"].code == "duplicate"
    with pytest.raises(ValidationFailed) as caught:
        saved_replies.save_reply(session, org.organization, "", "", by=audit.NOBODY)
    assert set(caught.value.fields) == {"title", "body"}
    changed = saved_replies.save_reply(
        session,
        org.organization,
        "Welcome!",
        "Hi {name}",
        by=audit.NOBODY,
        public_id=reply.public_id,
    )
    assert changed.id == reply.id
    other = make_org(session)
    assert saved_replies.list_replies(session, other.organization.id) == []
    with pytest.raises(NotFound):
        saved_replies.delete_reply(session, other.organization, reply.public_id, by=audit.NOBODY)
    saved_replies.delete_reply(session, org.organization, reply.public_id, by=audit.NOBODY)
    assert saved_replies.list_replies(session, org.organization.id) == []


def test_messages_are_in_the_persons_export_and_gone_with_their_erasure(
    session: Session, org: OrgWithKeys
) -> None:
    signup = _accepted(session, org)
    kept = _accepted(session, org)
    sending.send_message(
        session, org.organization, [signup.public_id, kept.public_id], "Hi {name}", by=audit.NOBODY
    )
    answers.receive_answer(session, signup.public_id, "My answer")
    exported = person_export.export_person(
        session, organization_id=org.organization.id, email=signup.email, logged=False
    )
    talk = exported["signups"][0]["conversation"]
    assert [(m["direction"], m["body"]) for m in talk] == [
        ("out", "Hi Layla Haddad"),
        ("in", "My answer"),
    ]
    privacy.erase_person(session, organization_id=org.organization.id, email=signup.email)
    assert session.scalars(select(Message.signup_id)).all() == [kept.id]
    assert all(
        signup.public_id not in str(r.payload) for r in session.scalars(select(OutboxMessage))
    )


def test_the_organizations_messages_are_listed_by_signup_and_direction(
    session: Session, org: OrgWithKeys
) -> None:
    first, second = _accepted(session, org), _accepted(session, org)
    sending.send_message(
        session, org.organization, [first.public_id, second.public_id], "Hi", by=audit.NOBODY
    )
    answers.receive_answer(session, first.public_id, "Thanks")
    listed = conversation.list_messages(session, org.organization.id)
    assert [(m.direction, sid) for m, sid in listed] == [
        (Direction.OUT, first.public_id),
        (Direction.OUT, second.public_id),
        (Direction.IN, first.public_id),
    ]
    mine = conversation.list_messages(
        session, org.organization.id, signup_public_id=first.public_id, direction=Direction.IN
    )
    assert [m.body for m, _ in mine] == ["Thanks"]
    after = conversation.list_messages(session, org.organization.id, after_id=listed[1][0].id)
    assert len(after) == 1
    other = make_org(session)
    with pytest.raises(NotFound):
        conversation.list_messages(session, other.organization.id, signup_public_id=first.public_id)
