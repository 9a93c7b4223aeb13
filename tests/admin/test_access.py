"""Every route under /admin, walked as each role, as a stranger and as a member of another
organization: nobody reads or changes what is not theirs.

The routes come from app.url_map, so a page added later is walked too; MINIMUM_ROLE must
name it (the first test fails until it does), and SAMPLES must know how to fill each of
its URL arguments with an object of the signed-in member's organization and of another.
Ids travel in query strings and form fields too: OBJECT_PARAMETERS names each one, and a
parameter read by an admin view must be declared there or in NOT_OBJECTS.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.admin.helpers import add_member, csrf_token, sign_in
from tests.factories import OrgWithKeys, make_org, make_signup, make_task
from widget_server.models import (
    ApiKey,
    AuditEntry,
    KeyKind,
    Membership,
    Organization,
    Role,
    Signup,
    Task,
    User,
)
from widget_server.services import audit
from widget_server.services.access import invitations
from widget_server.services.hooks import webhooks
from widget_server.services.messaging import saved_replies

PUBLIC = "public"

# The least a member needs to use each endpoint; PUBLIC pages need no sign-in.
MINIMUM_ROLE: dict[str, str] = {
    "admin.signin": PUBLIC,
    "admin.signin_submit": PUBLIC,
    "admin.signout": PUBLIC,
    "admin.signout_everywhere": Role.VIEWER,
    "admin.switch_language": PUBLIC,
    "admin.switch_organization": Role.VIEWER,
    "admin.home": Role.VIEWER,
    "admin.task_list": Role.VIEWER,
    "admin.task_view": Role.VIEWER,
    "admin.task_new": Role.EDITOR,
    "admin.task_create": Role.EDITOR,
    "admin.task_edit": Role.EDITOR,
    "admin.task_update": Role.EDITOR,
    "admin.task_preview": Role.EDITOR,
    "admin.task_set_status": Role.EDITOR,
    "admin.task_duplicate": Role.EDITOR,
    "admin.task_import": Role.EDITOR,
    "admin.task_import_submit": Role.EDITOR,
    "admin.task_import_template": Role.EDITOR,
    "admin.dashboard_page": Role.VIEWER,
    "admin.volunteer_list": Role.VIEWER,
    "admin.volunteer_view": Role.VIEWER,
    "admin.volunteer_set_status": Role.EDITOR,
    "admin.volunteer_add_note": Role.EDITOR,
    "admin.volunteer_bulk": Role.EDITOR,
    "admin.volunteer_export": Role.EDITOR,
    "admin.volunteer_export_download": Role.EDITOR,
    "admin.volunteer_message": Role.EDITOR,
    "admin.message_new": Role.EDITOR,
    "admin.message_send": Role.EDITOR,
    "admin.saved_replies_page": Role.EDITOR,
    "admin.saved_reply_save": Role.EDITOR,
    "admin.saved_reply_delete": Role.EDITOR,
    "admin.embed_page": Role.VIEWER,
    "admin.embed_theme": Role.EDITOR,
    "admin.embed_origins": Role.OWNER,
    "admin.embed_directory": Role.OWNER,
    "admin.embed_key_create": Role.OWNER,
    "admin.embed_key_revoke": Role.OWNER,
    "admin.embed_key_rotate": Role.OWNER,
    "admin.team_page": Role.VIEWER,
    "admin.team_set_role": Role.OWNER,
    "admin.team_remove": Role.OWNER,
    "admin.audit_page": Role.OWNER,
    "admin.password_forgot": PUBLIC,
    "admin.password_forgot_submit": PUBLIC,
    "admin.password_reset": PUBLIC,
    "admin.password_reset_submit": PUBLIC,
    "admin.invitation_new": Role.OWNER,
    "admin.invitation_create": Role.OWNER,
    "admin.invitation_revoke": Role.OWNER,
    "admin.invitation_accept": PUBLIC,
    "admin.invitation_accept_submit": PUBLIC,
    "admin.webhook_list": Role.OWNER,
    "admin.webhook_create": Role.OWNER,
    "admin.webhook_set_enabled": Role.OWNER,
    "admin.webhook_set_events": Role.OWNER,
    "admin.webhook_delete": Role.OWNER,
    "admin.webhook_rotate": Role.OWNER,
    "admin.webhook_test": Role.OWNER,
    "admin.privacy_page": Role.OWNER,
    "admin.privacy_export": Role.OWNER,
    "admin.privacy_erase": Role.OWNER,
    "admin.privacy_retention": Role.OWNER,
    "admin.privacy_consent": Role.OWNER,
    "admin.notifications_page": Role.VIEWER,
    "admin.notifications_save": Role.VIEWER,
    "admin.followup_page": Role.OWNER,
    "admin.followup_save": Role.OWNER,
    "admin.time_zones_page": Role.VIEWER,
    "admin.my_time_zone_save": Role.VIEWER,
    "admin.working_hours_save": Role.OWNER,
}

RANK = {Role.VIEWER: 1, Role.EDITOR: 2, Role.OWNER: 3}


@dataclass
class World:
    home: OrgWithKeys  # the organization whose members walk the routes
    other: OrgWithKeys  # an organization none of them belongs to
    home_task: Task
    other_task: Task
    home_signup: str
    other_signup: str
    home_key: str
    other_key: str
    home_member: str
    other_member: str
    home_endpoint: str
    other_endpoint: str
    home_invitation: str
    other_invitation: str
    home_user: str
    other_user: str
    home_reply: str
    other_reply: str


# How to fill a URL argument: (the member's own object, another organization's object).
SAMPLES: dict[str, Callable[[World], tuple[str, str]]] = {
    "task_id": lambda w: (w.home_task.public_id, w.other_task.public_id),
    "signup_id": lambda w: (w.home_signup, w.other_signup),
    "key_id": lambda w: (w.home_key, w.other_key),
    "member_id": lambda w: (w.home_member, w.other_member),
    "endpoint_id": lambda w: (w.home_endpoint, w.other_endpoint),
    "public_id": lambda w: (w.home_invitation, w.other_invitation),
    "user_id": lambda w: (w.home_user, w.other_user),
    "reply_id": lambda w: (w.home_reply, w.other_reply),
    # A language the server does not speak is as unknown as another organization's object.
    "locale": lambda w: ("en", "xx"),
    # Signed links are capabilities of their own (tests/admin/test_account_access.py).
    "token": lambda w: ("not-a-signed-token", "not-a-signed-token"),
}


# Query-string parameters and form fields that name an object, by endpoint: the kind of
# object (a SAMPLES name) each one names.
OBJECT_PARAMETERS: dict[str, dict[str, str]] = {
    "admin.volunteer_list": {"task": "task_id"},
    "admin.volunteer_export": {"task": "task_id"},
    "admin.volunteer_export_download": {"task": "task_id"},
    "admin.volunteer_bulk": {"signup": "signup_id"},
    "admin.audit_page": {"user": "user_id"},
    "admin.volunteer_view": {"reply": "reply_id"},
    "admin.message_new": {"task": "task_id", "reply": "reply_id"},
    "admin.saved_replies_page": {"edit": "reply_id"},
    "admin.saved_reply_save": {"reply": "reply_id"},
}
# What else a request must carry for the object parameter to be read at all.
OTHER_FIELDS: dict[str, dict[str, str]] = {
    "admin.volunteer_bulk": {"status": "declined"},
    "admin.saved_reply_save": {"title": "Changed", "body": "Changed text"},
}
# Parameters admin views read that name no object of an organization.
NOT_OBJECTS = frozenset(
    {
        "accent", "action", "back", "body", "confirm", "days", "description", "email",
        "enabled", "end", "events", "expected", "form_nonce", "grace_hours", "hours",
        "in_directory", "kind", "label", "layout", "locale", "message", "needs_reply", "next",
        "origins", "page", "q", "retention_days", "role", "s_accent", "s_layout", "s_locale",
        "s_theme", "signup_notice", "since", "skill", "start", "status", "text", "text_",
        "theme", "timezone", "title", "unread", "until", "url",
    }
)  # fmt: skip
_PARAMETER_READ = re.compile(r"""(?:args|form)(?:\.get|\.getlist|)[\[(]f?["']([a-z_]+)""")


def _admin_rules(app: Flask) -> list[tuple[str, str, str]]:
    """(endpoint, rule, method) for every admin route; HEAD and OPTIONS follow GET."""
    return sorted(
        (rule.endpoint, rule.rule, method)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/admin")
        for method in sorted(rule.methods or ())
        if method not in ("HEAD", "OPTIONS")
    )


def _url(rule: str, world: World, own: bool) -> str:
    url = rule
    while "<" in url:
        start, end = url.index("<"), url.index(">")
        name = url[start + 1 : end].split(":")[-1]
        assert name in SAMPLES, f"add a sample for the URL argument <{name}> to SAMPLES"
        own_value, other_value = SAMPLES[name](world)
        url = url[:start] + (own_value if own else other_value) + url[end + 1 :]
    return url


def _owner_membership(session: Session, org: OrgWithKeys) -> str:
    """The organization's only owner: the one the owner walking the routes signs in as, so
    that removing or demoting them is refused (the last owner stays) and the walk goes on."""
    email = add_member(session, org, f"owner-{org.organization.slug}@example.org", Role.OWNER)
    user = session.scalars(select(User).where(User.email == email)).one()
    return str(user.memberships[0].id)


def _secret_key(session: Session, org: OrgWithKeys) -> str:
    return session.scalars(
        select(ApiKey.public_id).where(
            ApiKey.organization_id == org.organization.id, ApiKey.kind == KeyKind.SECRET
        )
    ).one()


def _user(session: Session, membership_id: str) -> str:
    return str(session.get(Membership, int(membership_id)).user_id)


def _reply(session: Session, org: OrgWithKeys) -> str:
    reply = saved_replies.save_reply(
        session, org.organization, "Welcome", "Hello {name}", by=audit.NOBODY
    )
    return reply.public_id


def _endpoint(session: Session, org: OrgWithKeys) -> str:
    """An endpoint on a closed loopback port: a test event fails at once, on no network."""
    payload = {"url": "http://127.0.0.1:9/hooks"}
    issued = webhooks.create_endpoint(session, org.organization, payload, allow_private=True)
    return issued.endpoint.public_id


def _invitation(session: Session, org: OrgWithKeys) -> str:
    invited = invitations.invite_member(
        session, org.organization, "invitee@example.org", Role.VIEWER, "en"
    )
    return invited.public_id


@pytest.fixture
def world(session: Session) -> World:
    home, other = make_org(session), make_org(session)
    home_task, other_task = make_task(session, home), make_task(session, other)
    home_owner, other_owner = _owner_membership(session, home), _owner_membership(session, other)
    return World(
        home,
        other,
        home_task,
        other_task,
        make_signup(session, home, home_task).public_id,
        make_signup(session, other, other_task).public_id,
        _secret_key(session, home),
        _secret_key(session, other),
        home_owner,
        other_owner,
        _endpoint(session, home),
        _endpoint(session, other),
        _invitation(session, home),
        _invitation(session, other),
        _user(session, home_owner),
        _user(session, other_owner),
        _reply(session, home),
        _reply(session, other),
    )


def _member(app: Flask, session: Session, org: OrgWithKeys, role: Role) -> FlaskClient:
    client = app.test_client()
    email = add_member(session, org, f"{role.value}-{org.organization.slug}@example.org", role)
    sign_in(client, email)
    return client


def _send(
    client: FlaskClient, method: str, url: str, parameters: dict[str, str] | None = None
) -> int:
    token = csrf_token(client, "/admin/sign-in")
    if method == "GET":
        return client.get(url, query_string=parameters or {}).status_code
    # A form's own fields, and its action's query string (the export's filters ride there).
    data = {"csrf_token": token, **(parameters or {})}
    return client.open(url, method=method, data=data, query_string=parameters or {}).status_code


def test_every_admin_route_declares_its_minimum_role(app: Flask) -> None:
    endpoints = {endpoint for endpoint, _, _ in _admin_rules(app)}
    assert endpoints - MINIMUM_ROLE.keys() == set(), "add the new endpoints to MINIMUM_ROLE"
    assert MINIMUM_ROLE.keys() - endpoints == set(), "remove endpoints that no longer exist"
    for endpoint in endpoints:
        declared = getattr(app.view_functions[endpoint], "admin_access", None)
        assert declared == MINIMUM_ROLE[endpoint], f"{endpoint} declares {declared}"


def test_a_stranger_is_sent_to_sign_in_from_every_members_page(
    app: Flask, world: World, client: FlaskClient
) -> None:
    for endpoint, rule, method in _admin_rules(app):
        if MINIMUM_ROLE[endpoint] == PUBLIC:
            continue
        status = _send(client, method, _url(rule, world, own=True))
        assert status == 303, f"{method} {rule} answered {status} to a stranger"


@pytest.mark.parametrize("role", [Role.VIEWER, Role.EDITOR, Role.OWNER])
def test_each_role_gets_403_below_its_rank_and_in_above_it(
    app: Flask, session: Session, world: World, role: Role
) -> None:
    client = _member(app, session, world.home, role)
    for endpoint, rule, method in _admin_rules(app):
        needed = MINIMUM_ROLE[endpoint]
        if endpoint in ("admin.signout", "admin.signout_everywhere"):
            continue  # they end the session
        status = _send(client, method, _url(rule, world, own=True))
        if needed != PUBLIC and RANK[role] < RANK[Role(needed)]:
            assert status == 403, f"{role} got {status} from {method} {rule}"
        else:
            assert status not in (403, 404) and status < 500, (
                f"{role} got {status} from {method} {rule}"
            )


@pytest.mark.parametrize("role", [Role.VIEWER, Role.EDITOR, Role.OWNER])
def test_another_organizations_objects_are_404_and_stay_unchanged(
    app: Flask, session: Session, world: World, role: Role
) -> None:
    client = _member(app, session, world.home, role)
    other_org_id = world.other.organization.id
    before = session.get(Organization, other_org_id).content_version
    walked = 0
    for endpoint, rule, method in _admin_rules(app):
        needed = MINIMUM_ROLE[endpoint]
        if "<" not in rule or needed == PUBLIC:
            continue
        status = _send(client, method, _url(rule, world, own=False))
        if needed != PUBLIC and RANK[role] < RANK[Role(needed)]:
            assert status == 403, f"{role} got {status} from {method} {rule}"
        else:
            assert status == 404, f"{role} got {status} from another organization's {rule}"
        walked += 1
    assert walked > 0
    session.expire_all()
    assert session.get(Organization, other_org_id).content_version == before
    other_task = session.get(Task, world.other_task.id)
    assert other_task.status == world.other_task.status
    assert session.scalars(select(Task).where(Task.organization_id == other_org_id)).all() == [
        other_task
    ]


def test_every_parameter_an_admin_view_reads_is_declared_as_naming_an_object_or_not() -> None:
    sources = Path(__file__).parents[2] / "widget_server" / "admin"
    read = {
        name
        for path in sources.rglob("*.py")
        for name in _PARAMETER_READ.findall(path.read_text(encoding="utf-8"))
    }
    declared = {name for names in OBJECT_PARAMETERS.values() for name in names}
    assert read - declared - NOT_OBJECTS == set(), (
        "declare these in OBJECT_PARAMETERS or NOT_OBJECTS"
    )
    assert declared & NOT_OBJECTS == set()


@pytest.mark.parametrize("role", [Role.VIEWER, Role.EDITOR, Role.OWNER])
def test_another_organizations_ids_in_query_strings_and_form_fields_are_404_and_change_nothing(
    app: Flask, session: Session, world: World, role: Role
) -> None:
    client = _member(app, session, world.home, role)
    other_signup_status = session.scalars(
        select(Signup.status).where(Signup.public_id == world.other_signup)
    ).one()
    audit_rows = session.scalar(select(func.count()).select_from(AuditEntry))
    walked = 0
    for endpoint, rule, method in _admin_rules(app):
        needed = MINIMUM_ROLE[endpoint]
        for name, sample in OBJECT_PARAMETERS.get(endpoint, {}).items():
            _, other = SAMPLES[sample](world)
            parameters = {**OTHER_FIELDS.get(endpoint, {}), name: other}
            status = _send(client, method, _url(rule, world, own=True), parameters)
            if RANK[role] < RANK[Role(needed)]:
                assert status == 403, f"{role} got {status} from {method} {rule}"
            else:
                assert status == 404, f"{role} got {status} from {method} {rule}?{name}=…"
            walked += 1
    assert walked >= len(OBJECT_PARAMETERS)
    session.expire_all()
    assert (
        session.scalars(select(Signup.status).where(Signup.public_id == world.other_signup)).one()
        == other_signup_status
    )
    assert session.scalar(select(func.count()).select_from(AuditEntry)) == audit_rows


@pytest.mark.parametrize("endpoint", sorted(OBJECT_PARAMETERS))
def test_the_members_own_ids_in_query_strings_and_form_fields_are_accepted(
    app: Flask, session: Session, world: World, endpoint: str
) -> None:
    client = _member(app, session, world.home, Role.OWNER)
    rule, method = next((r, m) for e, r, m in _admin_rules(app) if e == endpoint)
    for name, sample in OBJECT_PARAMETERS[endpoint].items():
        own, _ = SAMPLES[sample](world)
        parameters = {**OTHER_FIELDS.get(endpoint, {}), name: own}
        status = _send(client, method, _url(rule, world, own=True), parameters)
        assert status in (200, 303), f"{method} {rule}?{name}={own} answered {status}"
