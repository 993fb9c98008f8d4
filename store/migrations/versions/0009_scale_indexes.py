"""scale indexes: logins by time, requests by receipt

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_OPEN = (
    "status IN ('registered', 'dispatched', 'in_progress', 'done', 'received', 'verifying', 'handling',"
    " 'replied', 'recorded', 'forwarded', 'callback_due', 'on_hold')"
)


def upgrade() -> None:
    # "Who worked a shift" reads a person's logins of the period only, not their whole history.
    with op.batch_alter_table("login_sessions", schema=None) as batch_op:
        batch_op.create_index("ix_login_sessions_user_created", ["user_id", "created_at"], unique=False)
    # The request list "all" of a centre: newest first, read straight off the index.
    with op.batch_alter_table("desk_requests", schema=None) as batch_op:
        batch_op.create_index(
            "ix_desk_requests_site_received", ["site_id", "received_at", "id"], unique=False
        )
        # The same list over many centres: walk the newest requests of all and stop at the page's end.
        batch_op.create_index("ix_desk_requests_received", ["received_at", "id"], unique=False)
        # The open requests of many centres, soonest due first (the list views name the same statuses).
        batch_op.create_index(
            "ix_desk_requests_open_due", ["due_at", "id"], unique=False,
            sqlite_where=sa.text(_OPEN), postgresql_where=sa.text(_OPEN),
        )  # fmt: skip


def downgrade() -> None:
    with op.batch_alter_table("desk_requests", schema=None) as batch_op:
        batch_op.drop_index("ix_desk_requests_open_due")
        batch_op.drop_index("ix_desk_requests_received")
        batch_op.drop_index("ix_desk_requests_site_received")
    with op.batch_alter_table("login_sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_login_sessions_user_created")
