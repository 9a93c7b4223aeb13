"""The widget-server command: database, organizations, keys, users and the demo."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext

from widget_server import db, migrate
from widget_server.admin.snippets import snippet
from widget_server.db import utcnow
from widget_server.locales import LOCALES
from widget_server.models import KeyKind, Role
from widget_server.public_url import public_url
from widget_server.services.access import admin_sessions, keys, organizations
from widget_server.services.errors import DomainError, ValidationFailed
from widget_server.services.inputs import idempotency
from widget_server.services.personal_data import retention
from widget_server.settings import ConfigError
from widget_server.web.error_texts import error_message, field_message


def _create_app() -> Any:
    from widget_server import create_app

    return create_app()


def domain_errors_as_messages(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Show a refused command as one line, never a traceback."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except ValidationFailed as exc:
            problems = "; ".join(f"{k}: {field_message(v)}" for k, v in exc.fields.items())
            raise click.ClickException(problems) from None
        except DomainError as exc:
            raise click.ClickException(error_message(exc.code, exc.params)) from None

    return wrapper


@click.group(
    cls=FlaskGroup,
    create_app=_create_app,
    add_version_option=False,
    load_dotenv=False,
    set_debug_flag=False,
)
def cli() -> None:
    """Volunteer Widget Server: remote volunteer tasks on any nonprofit's website."""


@cli.group("db")
def db_group() -> None:
    """Database schema."""


@db_group.command("upgrade")
@click.option("--revision", default="head", show_default=True)
@with_appcontext
def db_upgrade(revision: str) -> None:
    """Create or update the schema with Alembic migrations."""
    migrate.upgrade(current_app.config["DATABASE_URL"], revision)
    click.echo("Database is up to date.")


@cli.group("org")
def org_group() -> None:
    """Organizations."""


@org_group.command("create")
@click.argument("name")
@click.option("--slug", required=True, help="Short name used in URLs, like ngo-beirut.")
@click.option("--origin", "origins", multiple=True, help="Website allowed to embed (repeatable).")
@click.option("--admin-email", help="Owner of the organization.")
@click.option("--admin-password", help="Owner's password (else set one with user create).")
@click.option("--locale", default="en", show_default=True, type=click.Choice(LOCALES))
@click.option("--timezone", default="UTC", show_default=True)
@with_appcontext
@domain_errors_as_messages
def org_create(
    name: str,
    slug: str,
    origins: tuple[str, ...],
    admin_email: str | None,
    admin_password: str | None,
    locale: str,
    timezone: str,
) -> None:
    """Create an organization; prints its keys once, and the embed snippet."""
    new = organizations.create_organization(
        db.session(),
        name=name,
        slug=slug,
        origins=list(origins),
        default_locale=locale,
        timezone=timezone,
        admin_email=admin_email,
        admin_password=admin_password,
    )
    click.echo(f"Organization {new.organization.name!r} created (slug {new.organization.slug}).")
    click.echo(f"Publishable key: {new.publishable.token}")
    click.echo(f"Secret key:      {new.secret.token}")
    click.echo("The secret key is shown only now: store it somewhere safe.")
    click.echo("\nPaste this where the tasks should appear:\n")
    click.echo(snippet(public_url(), new.publishable.token, locale, new.organization.slug))


@cli.group("key")
def key_group() -> None:
    """API keys."""


@key_group.command("create")
@click.option("--org", "slug", required=True)
@click.option("--kind", type=click.Choice(["publishable", "secret"]), required=True)
@click.option("--label", default="")
@with_appcontext
@domain_errors_as_messages
def key_create(slug: str, kind: str, label: str) -> None:
    """Create a key; a secret key is shown only once."""
    organization = organizations.get_organization(db.session(), slug)
    issued = keys.create_key(db.session(), organization, KeyKind(kind), label)
    click.echo(f"{issued.key.public_id}  {issued.token}")


@key_group.command("list")
@click.option("--org", "slug", required=True)
@with_appcontext
@domain_errors_as_messages
def key_list(slug: str) -> None:
    """List keys with their state and last use."""
    organization = organizations.get_organization(db.session(), slug)
    for key in keys.list_keys(db.session(), organization):
        state = (
            "revoked"
            if key.revoked_at
            else (f"expires {key.expires_at:%Y-%m-%d %H:%M}Z" if key.expires_at else "active")
        )
        used = f"{key.last_used_at:%Y-%m-%d %H:%M}Z" if key.last_used_at else "never"
        click.echo(
            f"{key.public_id}  {key.kind.value:<11}  {key.display_prefix}…  "
            f"{state:<22}  last used {used}  {key.label}"
        )


@key_group.command("revoke")
@click.option("--org", "slug", required=True)
@click.argument("key_id")
@with_appcontext
@domain_errors_as_messages
def key_revoke(slug: str, key_id: str) -> None:
    """Stop a key working at once."""
    organization = organizations.get_organization(db.session(), slug)
    keys.revoke_key(db.session(), organization, key_id)
    click.echo(f"Key {key_id} revoked.")


@key_group.command("rotate")
@click.option("--org", "slug", required=True)
@click.option("--grace-hours", default=24, show_default=True, type=click.IntRange(0, 720))
@click.argument("key_id")
@with_appcontext
@domain_errors_as_messages
def key_rotate(slug: str, grace_hours: int, key_id: str) -> None:
    """Replace a key; the old one keeps working for the grace period."""
    organization = organizations.get_organization(db.session(), slug)
    issued = keys.rotate_key(db.session(), organization, key_id, timedelta(hours=grace_hours))
    click.echo(f"{issued.key.public_id}  {issued.token}")
    click.echo(f"The old key {key_id} keeps working for {grace_hours} hours.")


@cli.group("user")
def user_group() -> None:
    """Admin users."""


@user_group.command("create")
@click.option("--email", required=True)
@click.option("--org", "slug", required=True)
@click.option(
    "--role", type=click.Choice([r.value for r in Role]), default="owner", show_default=True
)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@with_appcontext
@domain_errors_as_messages
def user_create(email: str, slug: str, role: str, password: str) -> None:
    """Create a user (or update their password) with a role in an organization."""
    organization = organizations.get_organization(db.session(), slug)
    user = organizations.add_member(db.session(), organization, email, Role(role), password)
    click.echo(f"{user.email} is {role} of {organization.slug}.")


@db_group.command("prune")
@with_appcontext
def db_prune() -> None:
    """Forget stored Idempotency-Key answers older than 24 hours, and admin sessions, reset
    links and invitations that no longer open anything (run it daily)."""
    removed = idempotency.prune(db.session(), utcnow())
    click.echo(f"Removed {removed} stored answers.")
    lifetimes = admin_sessions.lifetimes_from(current_app.config)
    ended = admin_sessions.prune(db.session(), lifetimes, utcnow())
    click.echo(f"Removed {ended} ended admin sessions, reset links and invitations.")


@cli.command("purge")
@with_appcontext
def purge_command() -> None:
    """Erase sign-ups older than each organization's retention period (run it daily)."""
    erased = retention.purge(db.session(), utcnow())
    click.echo(
        f"Erased {erased.signups} sign-ups, {erased.outbox_messages} messages and "
        f"{erased.webhook_deliveries} webhook delivery records."
    )


@cli.command("demo", with_appcontext=False)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
def demo_command(host: str, port: int) -> None:
    """Run a demo server with an organization, tasks in Arabic and English, and example pages."""
    from widget_server.demo.demo_server import run_demo

    run_demo(host, port)


def _add_delivery_commands() -> None:
    from widget_server.worker.outbox_commands import outbox_group, worker_command

    cli.add_command(worker_command)
    cli.add_command(outbox_group)


_add_delivery_commands()


def main() -> None:
    """Entry point: usage errors print one line, not a usage screen and a traceback."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        click.echo(f"widget-server: error: {exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
    except ConfigError as exc:
        click.echo(f"widget-server: error: {exc}", err=True)
        sys.exit(2)
