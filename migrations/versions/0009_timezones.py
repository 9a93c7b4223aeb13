"""time zones: organization working hours, an admin's own zone, volunteers' availability windows

Revision ID: 0009_timezones
Revises: 0008_waitlist_offers
Create Date: 2026-11-25 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_timezones"
down_revision: str | None = "0008_waitlist_offers"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("organization") as batch_op:
        batch_op.add_column(
            sa.Column("working_days", sa.JSON(), server_default="[]", nullable=False)
        )
        batch_op.add_column(sa.Column("working_from", sa.Time(), nullable=True))
        batch_op.add_column(sa.Column("working_to", sa.Time(), nullable=True))
    with op.batch_alter_table("user_account") as batch_op:
        batch_op.add_column(sa.Column("timezone", sa.String(length=64), nullable=True))
    with op.batch_alter_table("signup") as batch_op:
        batch_op.add_column(
            sa.Column("availability_windows", sa.JSON(), server_default="[]", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("signup") as batch_op:
        batch_op.drop_column("availability_windows")
    with op.batch_alter_table("user_account") as batch_op:
        batch_op.drop_column("timezone")
    with op.batch_alter_table("organization") as batch_op:
        batch_op.drop_column("working_to")
        batch_op.drop_column("working_from")
        batch_op.drop_column("working_days")
