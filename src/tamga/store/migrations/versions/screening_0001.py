"""screening: listed entities and loads

Revision ID: screening_0001
Revises:
Create Date: 2026-11-23 08:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "screening_0001"
down_revision = None
branch_labels = ("screening",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "screening_entities",
        sa.Column("entity_id", sa.String(length=200), nullable=False),
        sa.Column("schema", sa.String(length=40), nullable=False),
        sa.Column("caption", sa.Text(), nullable=False),
        sa.Column("names", sa.Text(), nullable=False),
        sa.Column("countries", sa.Text(), nullable=False),
        sa.Column("identifiers", sa.Text(), nullable=False),
        sa.Column("addresses", sa.Text(), nullable=False),
        sa.Column("datasets", sa.Text(), nullable=False),
        sa.Column("topics", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("listed_on", sa.String(length=40), nullable=True),
        sa.Column("last_change", sa.String(length=40), nullable=True),
        sa.Column("loaded_at", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("entity_id", name=op.f("pk_screening_entities")),
    )
    op.create_index("ix_screening_entities_source", "screening_entities", ["source"], unique=False)
    op.create_table(
        "screening_loads",
        sa.Column("load_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("loaded_at", sa.String(length=40), nullable=False),
        sa.Column("added", sa.Integer(), nullable=False),
        sa.Column("modified", sa.Integer(), nullable=False),
        sa.Column("deleted", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("load_id", name=op.f("pk_screening_loads")),
    )


def downgrade() -> None:
    op.drop_table("screening_loads")
    op.drop_index("ix_screening_entities_source", table_name="screening_entities")
    op.drop_table("screening_entities")
