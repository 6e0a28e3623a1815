"""lists: where each amendment comes from (its order and sources), a list's regime dates and notes

Revision ID: lists_0002
Revises: lists_0001
Create Date: 2026-12-04 19:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "lists_0002"
down_revision = "lists_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("goods_list_amendments") as batch:
        batch.add_column(sa.Column("source", sa.Text(), nullable=True))
    with op.batch_alter_table("goods_lists") as batch:
        batch.add_column(sa.Column("details", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("goods_lists") as batch:
        batch.drop_column("details")
    with op.batch_alter_table("goods_list_amendments") as batch:
        batch.drop_column("source")
