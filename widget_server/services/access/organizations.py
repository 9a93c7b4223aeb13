"""Organizations, their members and their allowed origins."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import cast

from sqlalchemy import Integer, Table, bindparam, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from widget_server.locales import LOCALES
from widget_server.models import KeyKind, Membership, Organization, Role, SignupNotice, User
from widget_server.services import audit
from widget_server.services.access import accounts, keys
from widget_server.services.access.origins import normalise_origin
from widget_server.services.errors import Conflict, FieldProblem, NotFound, ValidationFailed
from widget_server.services.inputs.control_chars import is_single_line
from widget_server.services.inputs.email_addresses import normalise_email
from widget_server.services.times.zones import is_zone

_ORGANIZATION = cast(Table, Organization.__table__)
_organization = _ORGANIZATION.c
# Built once, on the table: every sign-up that takes a slot runs it.
_BUMP = (
    update(_ORGANIZATION)
    .where(_organization.id == bindparam("organization_id", type_=Integer))
    .values(content_version=_organization.content_version + 1)
    .returning(_organization.content_version)
)

_SLUG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")


@dataclass(frozen=True)
class NewOrganization:
    organization: Organization
    publishable: keys.IssuedKey
    secret: keys.IssuedKey
    admin: User | None


def clean_origins(values: list[str]) -> list[str]:
    """Normalised, de-duplicated origins; ValidationFailed names the first bad one."""
    cleaned: list[str] = []
    for value in values:
        origin = normalise_origin(value)
        if origin is None:
            raise ValidationFailed({"origins": FieldProblem("invalid_origin", {"value": value})})
        if origin not in cleaned:
            cleaned.append(origin)
    return cleaned


def create_organization(
    session: Session,
    *,
    name: str,
    slug: str,
    origins: list[str],
    default_locale: str = "en",
    timezone: str = "UTC",
    admin_email: str | None = None,
    admin_password: str | None = None,
) -> NewOrganization:
    """Create an organization with one publishable and one secret key, and its owner."""
    problems: dict[str, FieldProblem] = {}
    if not name.strip():
        problems["name"] = FieldProblem("required")
    elif not is_single_line(name):  # it is the sender's name on every email
        problems["name"] = FieldProblem("not_single_line")
    if not _SLUG_RE.match(slug):
        problems["slug"] = FieldProblem("invalid_slug")
    if default_locale not in LOCALES:
        problems["default_locale"] = FieldProblem("not_a_choice", {"choices": ", ".join(LOCALES)})
    if not is_zone(timezone):
        problems["timezone"] = FieldProblem("invalid_timezone")
    if problems:
        raise ValidationFailed(problems)
    cleaned = clean_origins(origins)
    if session.scalar(select(Organization.id).where(Organization.slug == slug)) is not None:
        raise Conflict("slug_taken", slug=slug)

    organization = Organization(
        name=name.strip(),
        slug=slug,
        allowed_origins=cleaned,
        default_locale=default_locale,
        timezone=timezone,
    )
    session.add(organization)
    publishable = keys.issue_key(session, organization, KeyKind.PUBLISHABLE, "Website widget")
    secret = keys.issue_key(session, organization, KeyKind.SECRET, "Server")
    admin = None
    if admin_email:
        admin = _add_member(session, organization, admin_email, Role.OWNER, admin_password)
    session.commit()
    return NewOrganization(organization, publishable, secret, admin)


def get_organization(session: Session, slug: str) -> Organization:
    if "\x00" in slug:  # no slug has one, and PostgreSQL refuses to compare text with it
        raise NotFound("organization_not_found", slug=slug)
    organization = session.scalar(select(Organization).where(Organization.slug == slug))
    if organization is None:
        raise NotFound("organization_not_found", slug=slug)
    return organization


def set_allowed_origins(
    session: Session,
    organization: Organization,
    origins: list[str],
    *,
    user_id: int | None = None,
) -> None:
    """Replace the origins allowed to use the organization's publishable keys."""
    cleaned = clean_origins(origins)
    if cleaned == organization.allowed_origins:
        return
    audit.record(
        session,
        organization_id=organization.id,
        by=audit.Actor.member(user_id),
        action="embed.origins",
        target=organization.slug,
        details={"before": list(organization.allowed_origins), "after": cleaned},
    )
    organization.allowed_origins = cleaned
    bump_content_version(session, organization)
    session.commit()


def set_in_directory(
    session: Session, organization: Organization, listed: bool, *, user_id: int | None = None
) -> None:
    """List the organization's open tasks on the server's front page, or leave it."""
    if organization.in_directory == listed:
        return
    audit.record(
        session,
        organization_id=organization.id,
        by=audit.Actor.member(user_id),
        action="organization.directory",
        target=organization.slug,
        details={"listed": listed},
    )
    organization.in_directory = listed
    session.commit()


def bump_content_version(session: Session, organization: Organization) -> None:
    """Mark everything cached for this organization as stale (in the caller's transaction).

    organization learns its new version without becoming dirty, so that a caller holding a
    cached copy can keep it up to date (auth.keep_cached_organization).
    """
    version = session.scalar(_BUMP, {"organization_id": organization.id})
    if version is not None:
        set_committed_value(organization, "content_version", version)


def add_member(
    session: Session,
    organization: Organization,
    email: str,
    role: Role,
    password: str | None = None,
) -> User:
    """Give a user (created if new) a role in the organization."""
    user = _add_member(session, organization, email, role, password)
    session.commit()
    return user


def _add_member(
    session: Session, organization: Organization, email: str, role: Role, password: str | None
) -> User:
    address = normalise_email(email)
    if password is not None:
        accounts.check_new_password(password)
    user = session.scalar(select(User).where(User.email == address))
    if user is None:
        user = User(email=address, locale=organization.default_locale)
        session.add(user)
    session.flush()
    if password is not None:
        accounts.set_password(session, user, password)  # signs out their sessions
    membership = (
        session.scalar(
            select(Membership).where(
                Membership.user_id == user.id, Membership.organization_id == organization.id
            )
        )
        if organization.id is not None
        else None
    )
    if membership is None:
        session.add(Membership(user=user, organization=organization, role=role))
    else:
        membership.role = role
    return user


def set_signup_notice(
    session: Session, organization: Organization, user_email: str, notice: str
) -> Membership:
    """Choose how a member hears of new sign-ups: "immediate", "daily" (a digest) or "off"."""
    choices = [n.value for n in SignupNotice]
    if notice not in choices:
        raise ValidationFailed(
            {"signup_notice": FieldProblem("not_a_choice", {"choices": ", ".join(choices)})}
        )
    membership = session.scalar(
        select(Membership)
        .join(User)
        .where(
            Membership.organization_id == organization.id,
            User.email == normalise_email(user_email),
        )
    )
    if membership is None:
        raise NotFound("member_not_found")
    membership.signup_notice = SignupNotice(notice)
    session.commit()
    return membership
