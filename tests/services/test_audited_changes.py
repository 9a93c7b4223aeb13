"""Webhook, privacy, retention and consent changes are audited by their services: whoever
calls them (a member or a secret key), the entry and the change commit together or not at all."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from tests.factories import OrgWithKeys, make_member, make_signup, make_task
from widget_server.models import (
    ApiKey,
    AuditEntry,
    ConsentText,
    KeyKind,
    Organization,
    Role,
    Signup,
    WebhookDelivery,
    WebhookEndpoint,
)
from widget_server.services import audit
from widget_server.services.audit import AuditFilters
from widget_server.services.hooks import webhooks
from widget_server.services.hooks.webhook_delivery import DeliverySettings
from widget_server.services.personal_data import consent, person_export, privacy, retention

URL = "http://127.0.0.1:9/hook"  # nothing listens on the discard port: the test event fails
SETTINGS = DeliverySettings(timeout_seconds=1, allow_private_urls=True)


def _secret_key_id(session: Session, org: OrgWithKeys) -> int:
    query = select(ApiKey.id).where(
        ApiKey.organization_id == org.organization.id, ApiKey.kind == KeyKind.SECRET
    )
    key_id = session.scalar(query)
    assert key_id is not None
    return key_id


def _entries(session: Session, org: OrgWithKeys) -> list[AuditEntry]:
    session.expire_all()
    query = select(AuditEntry).where(AuditEntry.organization_id == org.organization.id)
    return list(session.scalars(query.order_by(AuditEntry.id)))


@contextmanager
def _audit_writes_failing(session: Session) -> Iterator[None]:
    """The database refuses the audit entry, as a full disk or a lost connection would."""

    def refuse(db_session: Session, _context: Any, _instances: Any) -> None:
        if any(isinstance(o, AuditEntry) for o in db_session.new):
            raise RuntimeError("the audit entry could not be written")

    event.listen(session, "before_flush", refuse)
    try:
        yield
    finally:
        event.remove(session, "before_flush", refuse)


def _endpoint(session: Session, org: OrgWithKeys) -> str:
    issued = webhooks.create_endpoint(session, org.organization, {"url": URL}, allow_private=True)
    return issued.endpoint.public_id


def _person(session: Session, org: OrgWithKeys) -> str:
    make_signup(session, org, make_task(session, org), email="asked@example.org")
    return "asked@example.org"


def _nothing(_session: Session, _org: OrgWithKeys) -> str:
    return ""


Who = audit.Actor
# Each change: what it needs arranged first (committed), then the change itself.
CHANGES: dict[str, tuple[Callable[[Session, OrgWithKeys], str], Callable[..., Any]]] = {
    "webhook.create": (
        _nothing,
        lambda s, org, _, who: webhooks.create_endpoint(
            s, org.organization, {"url": URL}, allow_private=True, by=who
        ),
    ),
    "webhook.update": (
        _endpoint,
        lambda s, org, endpoint, who: webhooks.update_endpoint(
            s, org.organization, endpoint, {"enabled": False}, allow_private=True, by=who
        ),
    ),
    "webhook.delete": (
        _endpoint,
        lambda s, org, endpoint, who: webhooks.delete_endpoint(
            s, org.organization, endpoint, by=who
        ),
    ),
    "webhook.rotate": (
        _endpoint,
        lambda s, org, endpoint, who: webhooks.rotate_secret(
            s, org.organization, endpoint, 1, by=who
        ),
    ),
    "webhook.test": (
        _endpoint,
        lambda s, org, endpoint, who: webhooks.send_test_event(
            s, org.organization, endpoint, SETTINGS, by=who
        ),
    ),
    "privacy.export": (
        _person,
        lambda s, org, email, who: person_export.export_person(
            s, organization_id=org.organization.id, email=email, by=who
        ),
    ),
    "privacy.erase": (
        _person,
        lambda s, org, email, who: privacy.erase_person(
            s, organization_id=org.organization.id, email=email, by=who
        ),
    ),
    "privacy.retention": (
        _nothing,
        lambda s, org, _, who: retention.set_retention(s, org.organization, 90, by=who),
    ),
    "privacy.consent": (
        _nothing,
        lambda s, org, _, who: consent.set_text(
            s, org.organization, "fr", {"text": "Nos règles."}, by=who
        ),
    ),
}


def _make(session: Session, org: OrgWithKeys, action: str, who: Who) -> None:
    arrange, change = CHANGES[action]
    change(session, org, arrange(session, org), who)


@pytest.mark.parametrize("action", CHANGES)
def test_a_change_made_with_a_secret_key_is_logged_with_that_key(
    session: Session, org: OrgWithKeys, action: str
) -> None:
    key_id = _secret_key_id(session, org)
    _make(session, org, action, audit.Actor.key(key_id))
    entry = _entries(session, org)[-1]
    assert (entry.action, entry.api_key_id, entry.user_id) == (action, key_id, None)
    page = audit.list_entries(session, org.organization.id, AuditFilters(action=action))
    assert page.items[0].key_prefix == org.secret[:10]


@pytest.mark.parametrize("action", CHANGES)
def test_a_change_made_by_a_member_is_logged_with_that_member(
    session: Session, org: OrgWithKeys, action: str
) -> None:
    owner = make_member(session, org, Role.OWNER)
    _make(session, org, action, audit.Actor.member(owner.id))
    entry = _entries(session, org)[-1]
    assert (entry.action, entry.user_id, entry.api_key_id) == (action, owner.id, None)


def _state(session: Session, org: OrgWithKeys) -> dict[str, Any]:
    """What the changes above change, as the database holds it."""
    session.expire_all()
    organization = session.get(Organization, org.organization.id)
    assert organization is not None
    endpoints = session.scalars(
        select(WebhookEndpoint).where(WebhookEndpoint.organization_id == organization.id)
    )
    return {
        "endpoints": sorted((e.public_id, e.enabled, e.secret) for e in endpoints),
        "deliveries": session.scalar(select(func.count()).select_from(WebhookDelivery)),
        "signups": session.scalar(select(func.count()).select_from(Signup)),
        "retention_days": organization.retention_days,
        "consent_texts": session.scalar(select(func.count()).select_from(ConsentText)),
        "audit_entries": len(_entries(session, org)),
    }


@pytest.mark.parametrize("action", [a for a in CHANGES if a != "privacy.export"])
def test_when_the_audit_entry_cannot_be_written_the_change_is_not_made_either(
    session: Session, org: OrgWithKeys, action: str
) -> None:
    arrange, change = CHANGES[action]
    arranged = arrange(session, org)
    before = _state(session, org)
    with _audit_writes_failing(session), pytest.raises(RuntimeError, match="audit entry"):
        change(session, org, arranged, audit.Actor.key(_secret_key_id(session, org)))
    session.rollback()
    assert _state(session, org) == before


def test_an_export_whose_audit_entry_cannot_be_written_is_not_handed_over(
    session: Session, org: OrgWithKeys
) -> None:
    email = _person(session, org)
    before = _state(session, org)
    with _audit_writes_failing(session), pytest.raises(RuntimeError, match="audit entry"):
        person_export.export_person(session, organization_id=org.organization.id, email=email)
    session.rollback()
    assert _state(session, org) == before


def test_a_volunteer_erasing_their_own_data_leaves_no_entry_in_the_organizations_log(
    session: Session, org: OrgWithKeys
) -> None:
    email = _person(session, org)
    before = len(_entries(session, org))
    privacy.erase_person(session, organization_id=org.organization.id, email=email, logged=False)
    assert len(_entries(session, org)) == before
