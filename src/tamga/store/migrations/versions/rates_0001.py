"""rates: exchange rates against a base currency, and the files loaded

Revision ID: rates_0001
Revises:
Create Date: 2026-12-04 19:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "rates_0001"
down_revision = None
branch_labels = ("rates",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "exchange_rates",
        sa.Column("base", sa.String(length=3), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("rate", sa.Float(), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.PrimaryKeyConstraint("base", "currency", "day", name=op.f("pk_exchange_rates")),
    )
    op.create_table(
        "rates_loads",
        sa.Column("load_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("base", sa.String(length=3), nullable=False),
        sa.Column("loaded_at", sa.String(length=40), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("added", sa.Integer(), nullable=False),
        sa.Column("changed", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("load_id", name=op.f("pk_rates_loads")),
    )


def downgrade() -> None:
    op.drop_table("rates_loads")
    op.drop_table("exchange_rates")
