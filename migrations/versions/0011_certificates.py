"""certificates of volunteering for completed sign-ups

Revision ID: 0011_certificates
Revises: 0010_alerts
Create Date: 2026-11-25 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import widget_server.db

revision: str = "0011_certificates"
down_revision: str | None = "0010_alerts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "certificate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("signup_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("statement", sa.JSON(), nullable=False),
        sa.Column("issued_at", widget_server.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", widget_server.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_certificate_organization_id_organization"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["signup_id"],
            ["signup.id"],
            name=op.f("fk_certificate_signup_id_signup"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificate")),
        sa.UniqueConstraint("code", name=op.f("uq_certificate_code")),
    )
    op.create_index("ix_certificate_signup_id", "certificate", ["signup_id", "id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_certificate_signup_id", table_name="certificate")
    op.drop_table("certificate")
