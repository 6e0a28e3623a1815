"""screening: what re-screening found for each party the ledger knows

Revision ID: screening_0003
Revises: screening_0002
Create Date: 2026-12-04 20:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "screening_0003"
down_revision = "screening_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "screening_results",
        sa.Column("party_key", sa.String(length=400), nullable=False),
        sa.Column("entity_id", sa.String(length=200), nullable=False),
        sa.Column("party_name", sa.Text(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("first_matched", sa.String(length=40), nullable=False),
        sa.Column("last_screened", sa.String(length=40), nullable=False),
        sa.Column("load_id", sa.Integer(), nullable=True),
        sa.Column("algorithm_version", sa.String(length=40), nullable=False),
        sa.Column("threshold", sa.Float(), nullable=False),
        sa.Column("alerts", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("party_key", "entity_id", name=op.f("pk_screening_results")),
    )


def downgrade() -> None:
    op.drop_table("screening_results")
