"""the server's directory: organizations may leave it; open tasks by publication

Revision ID: 0015_directory
Revises: 0014_pending_alert_requests
Create Date: 2026-12-04 18:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015_directory"
down_revision: str | None = "0014_pending_alert_requests"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("organization") as batch_op:
        batch_op.add_column(
            sa.Column("in_directory", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
    with op.batch_alter_table("task") as batch_op:
        batch_op.create_index("ix_task_status_published", ["status", "published_at"])


def downgrade() -> None:
    with op.batch_alter_table("task") as batch_op:
        batch_op.drop_index("ix_task_status_published")
    with op.batch_alter_table("organization") as batch_op:
        batch_op.drop_column("in_directory")
