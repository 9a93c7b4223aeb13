"""task alerts: confirmed subscriptions to new tasks matching criteria

Revision ID: 0010_alerts
Revises: 0009_timezones
Create Date: 2026-11-25 14:47:39.226959
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import widget_server.db

revision: str = "0010_alerts"
down_revision: str | None = "0009_timezones"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "alert_subscription",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("scope", sa.String(length=24), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("categories", sa.JSON(), nullable=False),
        sa.Column("skills", sa.JSON(), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("max_hours", sa.Integer(), nullable=True),
        sa.Column("locale", sa.String(length=8), nullable=False),
        sa.Column(
            "frequency",
            sa.Enum("immediate", "weekly", name="alertfrequency", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("created_at", widget_server.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", widget_server.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("confirmed_at", widget_server.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("covered_until", widget_server.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_alert_subscription_organization_id_organization"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_subscription")),
        sa.UniqueConstraint("public_id", name=op.f("uq_alert_subscription_public_id")),
        sa.UniqueConstraint("scope", "email", name=op.f("uq_alert_subscription_scope_email")),
    )
    with op.batch_alter_table("alert_subscription", schema=None) as batch_op:
        batch_op.create_index(
            "ix_alert_subscription_frequency", ["frequency", "covered_until"], unique=False
        )
        batch_op.create_index(
            "ix_alert_subscription_organization_id", ["organization_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("alert_subscription", schema=None) as batch_op:
        batch_op.drop_index("ix_alert_subscription_organization_id")
        batch_op.drop_index("ix_alert_subscription_frequency")

    op.drop_table("alert_subscription")
