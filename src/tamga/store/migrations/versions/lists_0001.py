"""lists: goods lists, entry versions, amendments, delisting requests and their steps

Revision ID: lists_0001
Revises:
Create Date: 2026-11-29 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "lists_0001"
down_revision = None
branch_labels = ("lists",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "goods_lists",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("version", sa.String(length=40), nullable=False),
        sa.Column("loaded_at", sa.String(length=40), nullable=False),
        sa.Column("loaded_by", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_goods_lists")),
    )
    op.create_table(
        "goods_list_entries",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("list_name", sa.String(length=100), nullable=False),
        sa.Column("entry_id", sa.String(length=200), nullable=False),
        sa.Column("valid_from", sa.String(length=10), nullable=False),
        sa.Column("valid_to", sa.String(length=10), nullable=True),
        sa.Column("content", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["list_name"], ["goods_lists.name"]),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goods_list_entries")),
    )
    op.create_index("ix_goods_list_entries_list", "goods_list_entries", ["list_name", "entry_id"])
    op.create_table(
        "goods_list_amendments",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("list_name", sa.String(length=100), nullable=False),
        sa.Column("entry_id", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("effective", sa.String(length=10), nullable=False),
        sa.Column("entry", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.String(length=200), nullable=True),
        sa.Column("recorded_at", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(["list_name"], ["goods_lists.name"]),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_goods_list_amendments")),
    )
    op.create_index("ix_goods_list_amendments_list", "goods_list_amendments", ["list_name", "seq"])
    op.create_table(
        "delisting_requests",
        sa.Column("request_id", sa.String(length=40), nullable=False),
        sa.Column("list_name", sa.String(length=100), nullable=False),
        sa.Column("rights_holder", sa.String(length=300), nullable=False),
        sa.Column("brand", sa.String(length=200), nullable=False),
        sa.Column("hs_scope", sa.Text(), nullable=False),
        sa.Column("grounds", sa.Text(), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("filed_by", sa.String(length=200), nullable=False),
        sa.Column("filed_at", sa.String(length=40), nullable=False),
        sa.Column("reviewer", sa.String(length=200), nullable=True),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.Column("decided_at", sa.String(length=40), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=True),
        sa.Column("effective", sa.String(length=10), nullable=True),
        sa.Column("amendments", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("request_id", name=op.f("pk_delisting_requests")),
    )
    op.create_index("ix_delisting_requests_state", "delisting_requests", ["state", "request_id"])
    op.create_table(
        "delisting_steps",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("request_id", sa.String(length=40), nullable=False),
        sa.Column("step", sa.String(length=20), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("at", sa.String(length=40), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["request_id"], ["delisting_requests.request_id"]),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_delisting_steps")),
    )
    op.create_index("ix_delisting_steps_request", "delisting_steps", ["request_id", "seq"])
    op.create_table(
        "lists_meta",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_lists_meta")),
    )


def downgrade() -> None:
    op.drop_table("lists_meta")
    op.drop_index("ix_delisting_steps_request", table_name="delisting_steps")
    op.drop_table("delisting_steps")
    op.drop_index("ix_delisting_requests_state", table_name="delisting_requests")
    op.drop_table("delisting_requests")
    op.drop_index("ix_goods_list_amendments_list", table_name="goods_list_amendments")
    op.drop_table("goods_list_amendments")
    op.drop_index("ix_goods_list_entries_list", table_name="goods_list_entries")
    op.drop_table("goods_list_entries")
    op.drop_table("goods_lists")
