"""selectivity: the lane each declaration was given, within its office's and period's capacity,
and the plans the lanes were given by

Revision ID: selectivity_0002
Revises: selectivity_0001
Create Date: 2026-12-04 20:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "selectivity_0002"
down_revision = "selectivity_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "selectivity_lanes",
        sa.Column("declaration_no", sa.String(length=120), nullable=False),
        sa.Column("office", sa.String(length=120), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("lane", sa.String(length=8), nullable=False),
        sa.Column("how", sa.String(length=8), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("model_version", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("declaration_no", name=op.f("pk_selectivity_lanes")),
    )
    op.create_index("ix_selectivity_lanes_office_period", "selectivity_lanes", ["office", "period"])
    op.create_table(
        "selectivity_plans",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", sa.String(length=40), nullable=False),
        sa.Column("plan", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_selectivity_plans")),
    )


def downgrade() -> None:
    op.drop_table("selectivity_plans")
    op.drop_index("ix_selectivity_lanes_office_period", table_name="selectivity_lanes")
    op.drop_table("selectivity_lanes")
