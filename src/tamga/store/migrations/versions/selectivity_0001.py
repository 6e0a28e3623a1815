"""selectivity: outcomes of inspections and reviews, trained models

Revision ID: selectivity_0001
Revises:
Create Date: 2026-12-04 20:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "selectivity_0001"
down_revision = None
branch_labels = ("selectivity",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "selectivity_outcomes",
        sa.Column("declaration_no", sa.String(length=120), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("found", sa.Boolean(), nullable=False),
        sa.Column("offence", sa.String(length=60), nullable=True),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("inspector", sa.String(length=200), nullable=False),
        sa.Column("at", sa.String(length=40), nullable=False),
        sa.Column("lane", sa.String(length=8), nullable=True),
        sa.Column("random", sa.Boolean(), nullable=False),
        sa.Column("reference", sa.String(length=200), nullable=True),
        sa.Column("loaded_at", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("declaration_no", "source", name=op.f("pk_selectivity_outcomes")),
    )
    op.create_index("ix_selectivity_outcomes_at", "selectivity_outcomes", ["at"])
    op.create_table(
        "selectivity_models",
        sa.Column("version", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("trained_at", sa.String(length=40), nullable=False),
        sa.Column("algorithm", sa.String(length=60), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("found", sa.Integer(), nullable=False),
        sa.Column("spec", sa.Text(), nullable=False),
        sa.Column("params", sa.Text(), nullable=False),
        sa.Column("metrics", sa.Text(), nullable=False),
        sa.Column("training_set", sa.Text(), nullable=False),
        sa.Column("model", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("version", name=op.f("pk_selectivity_models")),
    )


def downgrade() -> None:
    op.drop_table("selectivity_models")
    op.drop_index("ix_selectivity_outcomes_at", table_name="selectivity_outcomes")
    op.drop_table("selectivity_outcomes")
