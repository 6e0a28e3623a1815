"""ownership: the trade network built from the ledger (edges by month, parties, builds), and the
analysts' same / not-the-same judgements of entity resolution

Revision ID: ownership_0002
Revises: ownership_0001
Create Date: 2026-12-04 19:55:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "ownership_0002"
down_revision = "ownership_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "network_edges",
        sa.Column("src", sa.String(length=200), nullable=False),
        sa.Column("dst", sa.String(length=200), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("controlled_value", sa.Float(), nullable=False),
        sa.Column("lines", sa.Integer(), nullable=False),
        sa.Column("first", sa.String(length=40), nullable=False),
        sa.Column("last", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("src", "dst", "month", name=op.f("pk_network_edges")),
    )
    op.create_index("ix_network_edges_dst", "network_edges", ["dst"])
    op.create_table(
        "network_nodes",
        sa.Column("node_id", sa.String(length=200), nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.PrimaryKeyConstraint("node_id", name=op.f("pk_network_nodes")),
    )
    op.create_table(
        "network_builds",
        sa.Column("build_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("built_at", sa.String(length=40), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("edges", sa.Integer(), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("build_id", name=op.f("pk_network_builds")),
    )

    op.create_table(
        "resolution_judgements",
        sa.Column("judgement_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("left_id", sa.String(length=200), nullable=False),
        sa.Column("right_id", sa.String(length=200), nullable=False),
        sa.Column("same", sa.Boolean(), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("at", sa.String(length=40), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("judgement_id", name=op.f("pk_resolution_judgements")),
    )
    op.create_index("ix_resolution_judgements_left_id", "resolution_judgements", ["left_id"])
    op.create_index("ix_resolution_judgements_right_id", "resolution_judgements", ["right_id"])


def downgrade() -> None:
    op.drop_index("ix_resolution_judgements_right_id", table_name="resolution_judgements")
    op.drop_index("ix_resolution_judgements_left_id", table_name="resolution_judgements")
    op.drop_table("resolution_judgements")
    op.drop_table("network_builds")
    op.drop_table("network_nodes")
    op.drop_index("ix_network_edges_dst", table_name="network_edges")
    op.drop_table("network_edges")
