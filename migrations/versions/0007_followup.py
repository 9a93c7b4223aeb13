"""the follow-up promise: response and closing limits, first answer, nudges sent

Revision ID: 0007_followup
Revises: 0006_signup_timezone
Create Date: 2026-11-25 15:00:00

Sign-ups already answered before this revision take their last status change as their
first answer (the closest time known); those still waiting are marked as nudged, so an
upgrade does not send a nudge for every old sign-up at once.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import widget_server.db

revision: str = "0007_followup"
down_revision: str | None = "0006_signup_timezone"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ANSWERED = ("accepted", "declined", "completed")


def upgrade() -> None:
    with op.batch_alter_table("organization") as batch_op:
        batch_op.add_column(
            sa.Column("response_days", sa.Integer(), server_default="3", nullable=False)
        )
        batch_op.add_column(
            sa.Column("close_after_days", sa.Integer(), server_default="14", nullable=False)
        )
    with op.batch_alter_table("signup") as batch_op:
        batch_op.add_column(
            sa.Column(
                "first_response_at", widget_server.db.UTCDateTime(timezone=True), nullable=True
            )
        )
        batch_op.add_column(
            sa.Column("nudge_stage", sa.SmallInteger(), server_default="0", nullable=False)
        )
        batch_op.create_index("ix_signup_status_created", ["status", "created_at"], unique=False)
    signup = sa.table(
        "signup",
        sa.column("status", sa.String),
        sa.column("status_changed_at", widget_server.db.UTCDateTime(timezone=True)),
        sa.column("first_response_at", widget_server.db.UTCDateTime(timezone=True)),
        sa.column("nudge_stage", sa.SmallInteger),
    )
    op.execute(
        signup.update()
        .where(signup.c.status.in_(ANSWERED))
        .values(first_response_at=signup.c.status_changed_at)
    )
    op.execute(
        signup.update().where(signup.c.status.in_(("pending", "confirmed"))).values(nudge_stage=2)
    )


def downgrade() -> None:
    with op.batch_alter_table("signup") as batch_op:
        batch_op.drop_index("ix_signup_status_created")
        batch_op.drop_column("nudge_stage")
        batch_op.drop_column("first_response_at")
    with op.batch_alter_table("organization") as batch_op:
        batch_op.drop_column("close_after_days")
        batch_op.drop_column("response_days")
