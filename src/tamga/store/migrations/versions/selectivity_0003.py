"""selectivity: the model's score of each declaration as the risk follower scored it

Revision ID: selectivity_0003
Revises: selectivity_0002
Create Date: 2026-12-06 21:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "selectivity_0003"
down_revision = "selectivity_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "selectivity_scores",
        sa.Column("declaration_no", sa.String(length=120), nullable=False),
        sa.Column("model_version", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("rules_score", sa.Float(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("event_seq", sa.Integer(), nullable=False),
        sa.Column("scored_at", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("declaration_no", name=op.f("pk_selectivity_scores")),
    )


def downgrade() -> None:
    op.drop_table("selectivity_scores")
