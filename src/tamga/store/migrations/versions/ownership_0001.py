"""ownership: links between parties, their loads, and which screening entities are listed

Revision ID: ownership_0001
Revises:
Create Date: 2026-12-04 19:40:00

A FollowTheMoney file holds known parties (owners, assets, relatives) beside the listed ones:
``screening_entities.listed`` tells them apart (every row loaded before is taken as listed, as it
was screened until now).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "ownership_0001"
down_revision = None
branch_labels = ("ownership",)
depends_on = "screening_0001"


def upgrade() -> None:
    op.create_table(
        "ownership_links",
        sa.Column("link_id", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("source_id", sa.String(length=200), nullable=False),
        sa.Column("target_id", sa.String(length=200), nullable=False),
        sa.Column("share", sa.Float(), nullable=True),
        sa.Column("share_text", sa.String(length=60), nullable=True),
        sa.Column("start_date", sa.String(length=10), nullable=True),
        sa.Column("end_date", sa.String(length=10), nullable=True),
        sa.Column("role", sa.Text(), nullable=True),
        sa.Column("source_name", sa.Text(), nullable=True),
        sa.Column("origin", sa.String(length=300), nullable=False),
        sa.Column("loaded_at", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("link_id", name=op.f("pk_ownership_links")),
    )
    op.create_index("ix_ownership_links_target_id", "ownership_links", ["target_id"])
    op.create_index("ix_ownership_links_source_id", "ownership_links", ["source_id"])
    op.create_index("ix_ownership_links_origin", "ownership_links", ["origin"])
    op.create_table(
        "ownership_loads",
        sa.Column("load_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("loaded_at", sa.String(length=40), nullable=False),
        sa.Column("links", sa.Integer(), nullable=False),
        sa.Column("deleted", sa.Integer(), nullable=False),
        sa.Column("dangling", sa.Integer(), nullable=False),
        sa.Column("report", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("load_id", name=op.f("pk_ownership_loads")),
    )
    with op.batch_alter_table("screening_entities") as batch:
        batch.add_column(
            sa.Column("listed", sa.Boolean(), nullable=False, server_default=sa.true())
        )


def downgrade() -> None:
    with op.batch_alter_table("screening_entities") as batch:
        batch.drop_column("listed")
    op.drop_table("ownership_loads")
    op.drop_index("ix_ownership_links_origin", table_name="ownership_links")
    op.drop_index("ix_ownership_links_source_id", table_name="ownership_links")
    op.drop_index("ix_ownership_links_target_id", table_name="ownership_links")
    op.drop_table("ownership_links")
