"""email addresses in one normal form (NFKC, IDNA domain, lowercase local part)

Revision ID: 0012_email_normal_form
Revises: 0011_certificates
Create Date: 2026-12-04 15:00:00

Rewrites the addresses that identify someone (admin accounts, sign-ups' matching form,
alert subscriptions) in the form services/inputs/email_addresses.py gives. A row whose new form
another row of the same account list, task or alert scope already holds keeps its old
value: nothing is merged or lost, and new requests match the row holding the normal form.
The normal form is copied here, not imported, so this revision always does the same.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from email_validator import EmailNotValidError, validate_email

revision: str = "0012_email_normal_form"
down_revision: str | None = "0011_certificates"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _normal(value: str) -> str | None:
    try:
        checked = validate_email(
            unicodedata.normalize("NFKC", value.strip()), check_deliverability=False
        )
    except EmailNotValidError:
        return None
    return unicodedata.normalize("NFKC", checked.local_part.lower()) + "@" + checked.domain


def _rewrite(table: str, column: str, group: str | None, source: str | None = None) -> None:
    """Set column to the normal form of source (default: itself), unique within group."""
    connection = op.get_bind()
    source = source or column
    group_sql = f", {group}" if group else ""
    rows = connection.execute(
        sa.text(f"SELECT id, {source}, {column}{group_sql} FROM {table} ORDER BY id")  # noqa: S608
    ).all()
    taken = {(row[3] if group else None, row[2]) for row in rows}
    for row in rows:
        new = _normal(row[1])
        scope = row[3] if group else None
        if new is None or new == row[2] or (scope, new) in taken:
            continue
        taken.discard((scope, row[2]))
        taken.add((scope, new))
        connection.execute(
            sa.text(f"UPDATE {table} SET {column} = :new WHERE id = :id"),  # noqa: S608
            {"new": new, "id": row[0]},
        )


def upgrade() -> None:
    _rewrite("user_account", "email", None)
    _rewrite("signup", "email_normalized", "task_id", source="email")
    _rewrite("alert_subscription", "email", "scope")


def downgrade() -> None:
    pass  # the earlier forms are not kept; every earlier lookup still finds the new ones
