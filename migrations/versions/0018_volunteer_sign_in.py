"""volunteer sign-in: single-use links to "My volunteering" and the sessions they open

Revision ID: 0018_volunteer_sign_in
Revises: 0016_audit_api_key
Create Date: 2026-12-05 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import widget_server.db

revision: str = "0018_volunteer_sign_in"
down_revision: str | None = "0016_audit_api_key"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "volunteer_sign_in_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("locale", sa.String(length=8), nullable=False),
        sa.Column("created_at", widget_server.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", widget_server.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("used_at", widget_server.db.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_volunteer_sign_in_link")),
        sa.UniqueConstraint("public_id", name=op.f("uq_volunteer_sign_in_link_public_id")),
    )
    with op.batch_alter_table("volunteer_sign_in_link", schema=None) as batch_op:
        batch_op.create_index("ix_volunteer_sign_in_link_email", ["email"], unique=False)
    op.create_table(
        "volunteer_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("link_id", sa.Integer(), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("created_at", widget_server.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", widget_server.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["link_id"],
            ["volunteer_sign_in_link.id"],
            name=op.f("fk_volunteer_session_link_id_volunteer_sign_in_link"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_volunteer_session")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_volunteer_session_token_hash")),
    )
    with op.batch_alter_table("volunteer_session", schema=None) as batch_op:
        batch_op.create_index("ix_volunteer_session_email", ["email"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("volunteer_session", schema=None) as batch_op:
        batch_op.drop_index("ix_volunteer_session_email")
    op.drop_table("volunteer_session")
    with op.batch_alter_table("volunteer_sign_in_link", schema=None) as batch_op:
        batch_op.drop_index("ix_volunteer_sign_in_link_email")
    op.drop_table("volunteer_sign_in_link")
