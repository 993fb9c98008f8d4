"""login throttle per username and client address, instead of the per-account lock

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import store.coltypes

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_throttle",
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", store.coltypes.UTCDateTime(timezone=True), nullable=True),
        sa.Column("blocked_until", store.coltypes.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_login_throttle")),
    )
    # A plain DROP COLUMN (SQLite 3.35+), not batch mode: batch would copy and drop the users table,
    # which foreign keys forbid inside the migration's transaction.
    op.drop_column("users", "locked_until")
    op.drop_column("users", "failed_logins")


def downgrade() -> None:
    op.add_column("users", sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0"))
    op.add_column(
        "users", sa.Column("locked_until", store.coltypes.UTCDateTime(timezone=True), nullable=True)
    )
    op.drop_table("login_throttle")
