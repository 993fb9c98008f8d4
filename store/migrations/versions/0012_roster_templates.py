"""roster templates: a person's usual week at a site, applied to a chosen week

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import store.coltypes

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "roster_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("slots", sa.JSON(), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.Column("created_at", store.coltypes.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", store.coltypes.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], name=op.f("fk_roster_templates_site_id_sites")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_roster_templates_user_id_users")),
        sa.ForeignKeyConstraint(
            ["updated_by"], ["users.id"], name=op.f("fk_roster_templates_updated_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roster_templates")),
        sa.UniqueConstraint("site_id", "user_id", name="uq_roster_templates_site_person"),
    )


def downgrade() -> None:
    op.drop_table("roster_templates")
