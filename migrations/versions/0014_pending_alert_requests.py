"""pending alert requests: a confirmation link names one by id instead of carrying it

Revision ID: 0014_pending_alert_requests
Revises: 0013_account_access
Create Date: 2026-12-04 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import widget_server.db

revision: str = "0014_pending_alert_requests"
down_revision: str | None = "0013_account_access"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pending_alert_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("claims", sa.JSON(), nullable=False),
        sa.Column("created_at", widget_server.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_pending_alert_request_organization_id_organization"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pending_alert_request")),
        sa.UniqueConstraint("public_id", name=op.f("uq_pending_alert_request_public_id")),
    )
    with op.batch_alter_table("pending_alert_request", schema=None) as batch_op:
        batch_op.create_index("ix_pending_alert_request_created_at", ["created_at"], unique=False)
        batch_op.create_index(
            "ix_pending_alert_request_organization_id_email",
            ["organization_id", "email"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("pending_alert_request", schema=None) as batch_op:
        batch_op.drop_index("ix_pending_alert_request_organization_id_email")
        batch_op.drop_index("ix_pending_alert_request_created_at")

    op.drop_table("pending_alert_request")
