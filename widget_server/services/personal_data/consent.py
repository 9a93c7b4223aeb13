"""Consent texts: what a volunteer agreed to, per organization and language, by version.

An organization may write its own privacy notice per locale; until it does, the notice
shipped with the server (translated in the message catalogs) is shown, and sign-ups
record BUILTIN_VERSION. A custom text's version is a hash of its words, so the version on
a sign-up names exactly one text, which is kept for as long as the organization exists.
"""

from __future__ import annotations

import hashlib
from typing import Annotated, Any

from sqlalchemy import ColumnElement, ScalarSelect, Select, select
from sqlalchemy.orm import Session

from widget_server.db import utcnow
from widget_server.locales import LOCALES
from widget_server.models import ConsentText, Organization
from widget_server.services import audit
from widget_server.services.errors import FieldProblem, ValidationFailed
from widget_server.services.inputs.field_rules import Text
from widget_server.services.inputs.model_problems import InputModel, read_model

# The version of the notice in templates/frames/signup.html; change it with that text.
BUILTIN_VERSION = "builtin-2026-11-01"
MAX_TEXT_LENGTH = 5000


class ConsentTextInput(InputModel):
    text: Annotated[str, Text(MAX_TEXT_LENGTH, required=True, multiline=True)]


def version_of(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _current(
    organization_id: int | ColumnElement[int], locale: str | ColumnElement[str]
) -> Select[Any]:
    return (
        select(ConsentText)
        .where(ConsentText.organization_id == organization_id, ConsentText.locale == locale)
        .order_by(ConsentText.activated_at.desc(), ConsentText.id.desc())
        .limit(1)
    )


def current_text(session: Session, organization_id: int, locale: str) -> ConsentText | None:
    """The organization's own notice in locale, or None when the built-in one applies."""
    return session.scalar(_current(organization_id, locale))


def current_version(session: Session, organization_id: int, locale: str) -> str:
    text = current_text(session, organization_id, locale)
    return text.version if text is not None else BUILTIN_VERSION


def version_subquery(
    organization_id: int | ColumnElement[int], locale: str | ColumnElement[str]
) -> ScalarSelect[str | None]:
    """The current version as a value in another statement: NULL while the built-in notice
    applies (read it with version_or_builtin). It saves the sign-up a round trip."""
    return (
        _current(organization_id, locale).with_only_columns(ConsentText.version).scalar_subquery()
    )


def version_or_builtin(version: str | None) -> str:
    return version if version is not None else BUILTIN_VERSION


def set_text(
    session: Session,
    organization: Organization,
    locale: str,
    payload: Any,
    *,
    by: audit.Actor = audit.NOBODY,
) -> ConsentText:
    """Make a text the notice shown in locale from now on (new sign-ups record its version);
    the audit log records who did it (by)."""
    if locale not in LOCALES:
        raise ValidationFailed(
            {"locale": FieldProblem("not_a_choice", {"choices": ", ".join(LOCALES)})}
        )
    text = read_model(ConsentTextInput, payload).text
    version = version_of(text)
    row = session.scalar(
        select(ConsentText).where(
            ConsentText.organization_id == organization.id,
            ConsentText.locale == locale,
            ConsentText.version == version,
        )
    )
    if row is None:
        row = ConsentText(
            organization_id=organization.id, locale=locale, version=version, text=text
        )
        session.add(row)
    row.activated_at = utcnow()
    audit.record(
        session,
        organization_id=organization.id,
        by=by,
        action="privacy.consent",
        target=locale,
        details={"version": version},
    )
    session.commit()
    return row


def list_texts(session: Session, organization: Organization) -> list[ConsentText]:
    """Every version, current first within each locale."""
    return list(
        session.scalars(
            select(ConsentText)
            .where(ConsentText.organization_id == organization.id)
            .order_by(ConsentText.locale, ConsentText.activated_at.desc(), ConsentText.id.desc())
        )
    )


def texts_by_version(
    session: Session, organization_id: int, versions: set[str]
) -> dict[str, ConsentText]:
    rows = session.scalars(
        select(ConsentText).where(
            ConsentText.organization_id == organization_id, ConsentText.version.in_(versions)
        )
    )
    return {row.version: row for row in rows}
