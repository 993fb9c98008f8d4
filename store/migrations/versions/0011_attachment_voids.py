"""attachment voids: an attachment is voided with who, when and why, never deleted

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import store.coltypes

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("voided_at", store.coltypes.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("voided_by", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("void_reason", sa.Text(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_attachments_voided_by_users"), "users", ["voided_by"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_attachments_voided_by_users"), type_="foreignkey")
        batch_op.drop_column("void_reason")
        batch_op.drop_column("voided_by")
        batch_op.drop_column("voided_at")
