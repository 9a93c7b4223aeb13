"""messages: one conversation per sign-up, and the organization's saved replies

Revision ID: 0019_messages
Revises: 0018_volunteer_sign_in
Create Date: 2026-12-06 01:24:35.556897
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import widget_server.db

revision: str = "0019_messages"
down_revision: str | None = "0018_volunteer_sign_in"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "saved_reply",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", widget_server.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", widget_server.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_saved_reply_organization_id_organization"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_reply")),
        sa.UniqueConstraint(
            "organization_id", "title", name=op.f("uq_saved_reply_organization_id_title")
        ),
        sa.UniqueConstraint("public_id", name=op.f("uq_saved_reply_public_id")),
    )
    with op.batch_alter_table("saved_reply", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_saved_reply_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("signup_id", sa.Integer(), nullable=False),
        sa.Column(
            "direction",
            sa.Enum("out", "in", name="direction", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("batch_id", sa.String(length=32), nullable=False),
        sa.Column("created_at", widget_server.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("read_at", widget_server.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["user_account.id"],
            name=op.f("fk_message_author_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_message_organization_id_organization"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["signup_id"],
            ["signup.id"],
            name=op.f("fk_message_signup_id_signup"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_message")),
        sa.UniqueConstraint("public_id", name=op.f("uq_message_public_id")),
    )
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.create_index(
            "ix_message_organization_created", ["organization_id", "created_at"], unique=False
        )
        batch_op.create_index(
            "ix_message_organization_unread",
            ["organization_id", "direction", "read_at"],
            unique=False,
        )
        batch_op.create_index("ix_message_signup_id", ["signup_id", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.drop_index("ix_message_signup_id")
        batch_op.drop_index("ix_message_organization_unread")
        batch_op.drop_index("ix_message_organization_created")

    op.drop_table("message")
    with op.batch_alter_table("saved_reply", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_saved_reply_organization_id"))

    op.drop_table("saved_reply")
