"""department queues: department accounts, work orders accepted and finished, their notes; attachments

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import store.coltypes

# Only these two strings name this migration's place in the chain; the parent becomes "0009" when
# the migrations numbered 0007-0009 are merged before it.
revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("entity", sa.String(length=24), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=100), nullable=False),
        sa.Column("media_type", sa.String(length=40), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("thumbnail", sa.LargeBinary(), nullable=True),
        sa.Column("uploaded_at", store.coltypes.UTCDateTime(timezone=True), nullable=False),
        sa.Column("uploaded_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], name=op.f("fk_attachments_site_id_sites")),
        sa.ForeignKeyConstraint(["uploaded_by"], ["users.id"], name=op.f("fk_attachments_uploaded_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachments")),
    )
    op.create_index("ix_attachments_entity", "attachments", ["entity", "entity_id"], unique=False)
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("department", sa.String(length=40), nullable=True))
    with op.batch_alter_table("work_orders", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("accepted_at", store.coltypes.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("accepted_by", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("finished_by", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_work_orders_accepted_by_users"), "users", ["accepted_by"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_work_orders_finished_by_users"), "users", ["finished_by"], ["id"]
        )
        batch_op.create_index("ix_work_orders_queue", ["site_id", "department", "outcome"], unique=False)
    op.create_table(
        "work_order_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("work_order_id", sa.Integer(), nullable=False),
        sa.Column("at", store.coltypes.UTCDateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name=op.f("fk_work_order_notes_actor_id_users")),
        sa.ForeignKeyConstraint(
            ["work_order_id"], ["work_orders.id"], name=op.f("fk_work_order_notes_work_order_id_work_orders")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_order_notes")),
    )
    op.create_index(
        op.f("ix_work_order_notes_work_order_id"), "work_order_notes", ["work_order_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_attachments_entity", table_name="attachments")
    op.drop_table("attachments")
    op.drop_index(op.f("ix_work_order_notes_work_order_id"), table_name="work_order_notes")
    op.drop_table("work_order_notes")
    with op.batch_alter_table("work_orders", schema=None) as batch_op:
        batch_op.drop_index("ix_work_orders_queue")
        batch_op.drop_constraint(batch_op.f("fk_work_orders_finished_by_users"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_work_orders_accepted_by_users"), type_="foreignkey")
        batch_op.drop_column("finished_by")
        batch_op.drop_column("accepted_by")
        batch_op.drop_column("accepted_at")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("department")
