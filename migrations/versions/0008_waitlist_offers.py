"""offers of a freed slot to waitlisted volunteers

Revision ID: 0008_waitlist_offers
Revises: 0007_followup
Create Date: 2026-11-25 14:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import widget_server.db

revision: str = "0008_waitlist_offers"
down_revision: str | None = "0007_followup"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATES = ("open", "accepted", "declined", "expired", "cancelled")


def upgrade() -> None:
    op.create_table(
        "slot_offer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("signup_id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(*STATES, name="offerstate", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("created_at", widget_server.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", widget_server.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("closed_at", widget_server.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["signup_id"],
            ["signup.id"],
            name=op.f("fk_slot_offer_signup_id_signup"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["task_id"], ["task.id"], name=op.f("fk_slot_offer_task_id_task"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_slot_offer")),
        sa.UniqueConstraint("public_id", name=op.f("uq_slot_offer_public_id")),
    )
    with op.batch_alter_table("slot_offer") as batch_op:
        batch_op.create_index(
            "ix_slot_offer_open_signup",
            ["signup_id"],
            unique=True,
            sqlite_where=sa.text("state = 'open'"),
            postgresql_where=sa.text("state = 'open'"),
        )
        batch_op.create_index("ix_slot_offer_state_expires", ["state", "expires_at"])
        batch_op.create_index("ix_slot_offer_signup_id", ["signup_id", "id"])


def downgrade() -> None:
    op.drop_table("slot_offer")
