"""A waitlisted volunteer offered a freed slot: the email, its links and their pages, and
the offer under concurrency on a running server (SQLite and PostgreSQL)."""

from __future__ import annotations

import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from email.message import EmailMessage

import httpx
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from tests.factories import OrgWithKeys, make_signup, make_task
from tests.smtp_sink import SmtpSink
from widget_server.db import utcnow
from widget_server.models import (
    SLOT_HOLDING_STATUSES,
    OfferState,
    Signup,
    SignupStatus,
    SlotOffer,
    Task,
)
from widget_server.services.volunteering import signups, slot_offers, volunteer_links
from widget_server.worker.worker_loop import Worker


def _link(message: EmailMessage, prefix: str) -> str:
    text = message.get_body(("plain",)).get_content()
    return next(word for word in text.split() if word.startswith(prefix))


def _form_token(page: str) -> str:
    match = re.search(r'name="form_token" value="([^"]+)"', page)
    assert match is not None
    return match.group(1)


def _signup(session: Session, signup_id: int) -> Signup:
    session.expire_all()
    signup = session.get(Signup, signup_id)
    assert signup is not None
    return signup


def _offer_of(session: Session, signup: Signup) -> SlotOffer | None:
    session.expire_all()
    return session.scalar(
        select(SlotOffer).where(SlotOffer.signup_id == signup.id).order_by(SlotOffer.id.desc())
    )


def _waitlist(
    session: Session, org: OrgWithKeys, *, capacity: int = 1, waiting: int = 2, **overrides: str
) -> tuple[Task, list[Signup], list[Signup]]:
    task = make_task(session, org, capacity=capacity, waitlist=True)
    holders = [make_signup(session, org, task) for _ in range(capacity)]
    # An email in overrides is the first waiter's: the others are other people.
    others = {name: value for name, value in overrides.items() if name != "email"}
    waiters = [make_signup(session, org, task, **overrides)] + [
        make_signup(session, org, task, **others) for _ in range(waiting - 1)
    ]
    return task, holders, waiters


def _free_a_slot(session: Session, org: OrgWithKeys, holder: Signup) -> None:
    signups.change_status(session, org.organization, holder.public_id, "withdrawn")


def test_arabic_volunteer_takes_the_offered_place_from_the_email_link(
    client: FlaskClient,
    session: Session,
    org: OrgWithKeys,
    smtp_sink: SmtpSink,
    mail_worker: Worker,
) -> None:
    task, [holder], [first, _] = _waitlist(
        session, org, email="mona@example.org", name="منى", locale="ar"
    )
    session.execute(update(Signup).where(Signup.id == first.id).values(timezone="Asia/Kolkata"))
    session.commit()
    _free_a_slot(session, org, holder)
    mail_worker.run_once()
    offer_mail = smtp_sink.to("mona@example.org")[-1]
    assert offer_mail["Content-Language"] == "ar"
    assert "ترجمة نشرتنا الإخبارية" in offer_mail["Subject"]
    assert "Asia/Kolkata" in offer_mail.get_body(("plain",)).get_content()
    accept = _link(offer_mail, "http://widgets.test/v/accept/")
    assert _link(offer_mail, "http://widgets.test/v/decline/")

    ask = client.get(accept)
    assert ask.status_code == 200
    assert 'dir="rtl"' in ask.text and "Asia/Kolkata" in ask.text
    assert _signup(session, first.id).status is SignupStatus.WAITLISTED  # GET changes nothing
    done = client.post(accept, data={"form_token": _form_token(ask.text)})
    again = client.post(accept, data={"form_token": _form_token(ask.text)})

    assert done.status_code == again.status_code == 200
    assert 'lang="ar"' in done.text
    signup = _signup(session, first.id)
    assert signup.status is SignupStatus.CONFIRMED and signup.holds_slot
    offer = _offer_of(session, first)
    assert offer is not None and offer.state is OfferState.ACCEPTED
    assert done.text != again.text  # the second answer says it was already done
    assert session.get(Task, task.id).taken == 1  # type: ignore[union-attr]


def test_no_thanks_passes_the_place_on_and_the_accept_link_then_changes_nothing(
    client: FlaskClient,
    session: Session,
    org: OrgWithKeys,
    smtp_sink: SmtpSink,
    mail_worker: Worker,
) -> None:
    _, [holder], [first, second] = _waitlist(session, org, locale="fr")
    _free_a_slot(session, org, holder)
    mail_worker.run_once()
    offer_mail = smtp_sink.to(first.email)[-1]
    decline = _link(offer_mail, "http://widgets.test/v/decline/")
    accept = _link(offer_mail, "http://widgets.test/v/accept/")

    ask = client.get(decline)
    client.post(decline, data={"form_token": _form_token(ask.text)})
    late = client.get(accept)

    assert 'lang="fr"' in late.text and "Cette offre est terminée" in late.text
    assert _signup(session, first.id).status is SignupStatus.WAITLISTED
    next_offer = _offer_of(session, second)
    assert next_offer is not None and next_offer.state is OfferState.OPEN
    mail_worker.run_once()
    assert smtp_sink.to(second.email)[-1]["Subject"].startswith("Une place est libre")


def test_an_expired_offer_link_says_so_in_arabic_and_gives_the_place_to_the_next(
    client: FlaskClient,
    session: Session,
    org: OrgWithKeys,
    smtp_sink: SmtpSink,
    mail_worker: Worker,
) -> None:
    _, [holder], [first, second] = _waitlist(session, org, locale="ar")
    _free_a_slot(session, org, holder)
    mail_worker.run_once()
    accept = _link(smtp_sink.to(first.email)[-1], "http://widgets.test/v/accept/")
    session.execute(update(SlotOffer).values(expires_at=utcnow() - timedelta(seconds=1)))
    session.commit()

    page = client.get(accept)

    assert page.status_code == 200
    assert 'dir="rtl"' in page.text and "انتهت مهلة هذا العرض" in page.text
    assert "form_token" not in page.text
    signup = _signup(session, first.id)
    assert signup.status is SignupStatus.WAITLISTED and not signup.holds_slot
    next_offer = _offer_of(session, second)
    assert next_offer is not None and next_offer.state is OfferState.OPEN


def test_a_tampered_or_mismatched_offer_link_changes_nothing(
    client: FlaskClient,
    session: Session,
    org: OrgWithKeys,
    smtp_sink: SmtpSink,
    mail_worker: Worker,
) -> None:
    _, [holder], [first, _] = _waitlist(session, org, locale="ar")
    _free_a_slot(session, org, holder)
    mail_worker.run_once()
    accept = _link(smtp_sink.to(first.email)[-1], "http://widgets.test/v/accept/")
    path, query = accept.split("?")
    tampered = path[:-3] + ("AAA" if not path.endswith("AAA") else "BBB") + "?" + query
    as_decline = accept.replace("/v/accept/", "/v/decline/")

    pages = [client.get(tampered), client.get(as_decline)]
    posted = client.post(as_decline, data={"form_token": "x"})

    assert [p.status_code for p in pages] == [400, 400]
    assert posted.status_code == 400
    assert all('dir="rtl"' in p.text for p in pages)
    offer = _offer_of(session, first)
    assert offer is not None and offer.state is OfferState.OPEN


def _post_status(live_server: str, org: OrgWithKeys, signup_ids: list[str]) -> None:
    def patch(public_id: str) -> int:
        with httpx.Client(base_url=live_server, timeout=120) as client:
            return client.patch(
                f"/api/v1/signups/{public_id}", json={"status": "withdrawn"}, headers=org.auth
            ).status_code

    with ThreadPoolExecutor(max_workers=len(signup_ids)) as pool:
        assert set(pool.map(patch, signup_ids)) == {200}


def test_slots_freed_at_once_are_offered_to_as_many_different_people_in_order(
    live_server: str, session: Session, org: OrgWithKeys
) -> None:
    task, holders, waiters = _waitlist(session, org, capacity=5, waiting=8)

    _post_status(live_server, org, [h.public_id for h in holders])

    session.expire_all()
    offered = session.scalars(
        select(SlotOffer.signup_id).where(SlotOffer.state == OfferState.OPEN)
    ).all()
    assert sorted(offered) == [w.id for w in waiters[:5]]
    assert session.get(Task, task.id).taken == 5  # type: ignore[union-attr]
    holding = select(func.count()).where(Signup.task_id == task.id, Signup.holds_slot.is_(True))
    assert session.scalar(holding) == 5


def test_accepting_while_the_worker_expires_gives_each_offer_one_outcome(
    app: Flask, live_server: str, session: Session, org: OrgWithKeys
) -> None:
    task, holders, waiters = _waitlist(session, org, capacity=4, waiting=10)
    for holder in holders:
        _free_a_slot(session, org, holder)
    offers = {o.signup_id: o for o in session.scalars(select(SlotOffer))}
    assert len(offers) == 4
    deadline = utcnow() + timedelta(seconds=1)
    session.execute(update(SlotOffer).values(expires_at=deadline))
    session.commit()
    secret = str(app.config["SECRET_KEY"])

    def accept(signup: Signup) -> str:
        offer = offers[signup.id]
        token = volunteer_links.make_token(
            secret, "accept", signup.public_id, offer_public_id=offer.public_id
        )
        with httpx.Client(base_url=live_server, timeout=120) as client:
            page = client.get(f"/v/accept/{token}?locale=en")
            if "form_token" not in page.text:
                return page.text
            form = {"form_token": _form_token(page.text)}
            wait = (deadline - utcnow()).total_seconds()
            time.sleep(max(wait, 0))  # post just as the offer runs out
            return client.post(f"/v/accept/{token}?locale=en", data=form).text

    def expire() -> None:
        worker_session = app.extensions["db_sessionmaker"]()
        try:
            while utcnow() < deadline + timedelta(milliseconds=300):
                slot_offers.expire_due(worker_session, now=utcnow())
        finally:
            worker_session.close()

    expirers = [threading.Thread(target=expire) for _ in range(2)]
    for thread in expirers:
        thread.start()
    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(accept, waiters[:4]))
    for thread in expirers:
        thread.join()

    for signup, answer in zip(waiters[:4], answers, strict=True):
        row = _signup(session, signup.id)
        offer = session.get(SlotOffer, offers[signup.id].id)
        assert offer is not None
        if offer.state is OfferState.ACCEPTED:
            assert "The place is yours" in answer
            assert row.status is SignupStatus.CONFIRMED and row.holds_slot
        else:
            assert offer.state is OfferState.EXPIRED
            assert "This offer has expired" in answer
            assert row.status is SignupStatus.WAITLISTED and not row.holds_slot
    session.expire_all()
    taken = session.get(Task, task.id).taken  # type: ignore[union-attr]
    holding = select(func.count()).where(Signup.task_id == task.id, Signup.holds_slot.is_(True))
    assert taken == session.scalar(holding) == 4
    open_offers = session.scalars(
        select(SlotOffer.signup_id).where(SlotOffer.state == OfferState.OPEN)
    ).all()
    assert len(open_offers) == len(set(open_offers))


def test_the_team_accepting_while_the_worker_expires_never_miscounts_a_slot(
    app: Flask, live_server: str, session: Session, org: OrgWithKeys
) -> None:
    task, holders, waiters = _waitlist(session, org, capacity=4, waiting=10)
    for holder in holders:
        _free_a_slot(session, org, holder)
    deadline = utcnow() + timedelta(seconds=1)
    session.execute(update(SlotOffer).values(expires_at=deadline))
    session.commit()

    def accept(signup: Signup) -> int:
        with httpx.Client(base_url=live_server, timeout=120) as client:
            time.sleep(max((deadline - utcnow()).total_seconds(), 0))
            return client.patch(
                f"/api/v1/signups/{signup.public_id}", json={"status": "accepted"}, headers=org.auth
            ).status_code

    def expire() -> None:
        worker_session = app.extensions["db_sessionmaker"]()
        try:
            while utcnow() < deadline + timedelta(milliseconds=300):
                slot_offers.expire_due(worker_session, now=utcnow())
        finally:
            worker_session.close()

    expirers = [threading.Thread(target=expire) for _ in range(2)]
    for thread in expirers:
        thread.start()
    with ThreadPoolExecutor(max_workers=4) as pool:
        codes = list(pool.map(accept, waiters[:4]))
    for thread in expirers:
        thread.join()

    assert set(codes) <= {200, 409}
    session.expire_all()
    rows = session.scalars(select(Signup).where(Signup.task_id == task.id)).all()
    holding = [s for s in rows if s.holds_slot]
    assert session.get(Task, task.id).taken == len(holding) <= 4  # type: ignore[union-attr]
    assert all(s.holds_slot for s in rows if s.status is SignupStatus.ACCEPTED)
    offered = set(
        session.scalars(select(SlotOffer.signup_id).where(SlotOffer.state == OfferState.OPEN))
    )
    assert all(s.status in SLOT_HOLDING_STATUSES or s.id in offered for s in holding)
