"""indexes that keep the admin sign-up list at the cost of one page

Revision ID: 0004
Revises: 0003_webhooks
Create Date: 2026-11-25 12:05:00.000000

Filtering sign-ups by status or by task, newest first, read every matching row and sorted
them; with the sign-up id as the last column each filter walks its index backwards and
stops after one page, however many sign-ups the organization or the task has.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003_webhooks"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("signup", schema=None) as batch_op:
        batch_op.drop_index("ix_signup_organization_status")
        batch_op.create_index(
            "ix_signup_organization_status", ["organization_id", "status", "id"], unique=False
        )
        batch_op.create_index("ix_signup_task_id", ["task_id", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("signup", schema=None) as batch_op:
        batch_op.drop_index("ix_signup_task_id")
        batch_op.drop_index("ix_signup_organization_status")
        batch_op.create_index(
            "ix_signup_organization_status", ["organization_id", "status"], unique=False
        )
