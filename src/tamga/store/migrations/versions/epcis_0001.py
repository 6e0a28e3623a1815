"""epcis: captured events, their identifiers and business transactions, capture jobs

Revision ID: epcis_0001
Revises:
Create Date: 2026-11-23 08:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "epcis_0001"
down_revision = None
branch_labels = ("epcis",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "epcis_events",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("event_hash", sa.String(length=120), nullable=False),
        sa.Column("event_id", sa.String(length=300), nullable=False),
        sa.Column("event_type", sa.String(length=40), nullable=False),
        sa.Column("event_time", sa.String(length=40), nullable=False),
        sa.Column("record_time", sa.String(length=40), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=True),
        sa.Column("biz_step", sa.String(length=300), nullable=True),
        sa.Column("disposition", sa.String(length=300), nullable=True),
        sa.Column("read_point", sa.String(length=300), nullable=True),
        sa.Column("biz_location", sa.String(length=300), nullable=True),
        sa.Column("job_id", sa.String(length=40), nullable=True),
        sa.Column("owner", sa.String(length=120), nullable=True),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_epcis_events")),
        sa.UniqueConstraint("event_hash", name=op.f("uq_epcis_events_event_hash")),
    )
    op.create_index("ix_epcis_events_event_time", "epcis_events", ["event_time"])
    op.create_index("ix_epcis_events_record_time", "epcis_events", ["record_time"])
    op.create_index("ix_epcis_events_biz_step", "epcis_events", ["biz_step", "seq"])
    op.create_index("ix_epcis_events_owner", "epcis_events", ["owner"])
    op.create_table(
        "epcis_event_epcs",
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("epc", sa.String(length=300), nullable=False),
        sa.Column("quantity", sa.Float(), nullable=True),
        sa.Column("epc_class", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(["seq"], ["epcis_events.seq"]),
    )
    op.create_index("ix_epcis_event_epcs_epc", "epcis_event_epcs", ["epc"])
    op.create_index("ix_epcis_event_epcs_seq", "epcis_event_epcs", ["seq"])
    op.create_index("ix_epcis_event_epcs_epc_class", "epcis_event_epcs", ["epc_class"])
    op.create_table(
        "epcis_event_biztx",
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=300), nullable=False),
        sa.Column("value", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(["seq"], ["epcis_events.seq"]),
    )
    op.create_index("ix_epcis_event_biztx_type", "epcis_event_biztx", ["type", "value"])
    op.create_index("ix_epcis_event_biztx_seq", "epcis_event_biztx", ["seq"])
    op.create_table(
        "epcis_capture_jobs",
        sa.Column("job_id", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.String(length=40), nullable=False),
        sa.Column("finished_at", sa.String(length=40), nullable=True),
        sa.Column("event_count", sa.Integer(), nullable=False),
        sa.Column("captured", sa.Integer(), nullable=False),
        sa.Column("duplicates", sa.Integer(), nullable=False),
        sa.Column("errors", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=120), nullable=True),
        sa.PrimaryKeyConstraint("job_id", name=op.f("pk_epcis_capture_jobs")),
    )


def downgrade() -> None:
    op.drop_table("epcis_capture_jobs")
    op.drop_index("ix_epcis_event_biztx_seq", table_name="epcis_event_biztx")
    op.drop_index("ix_epcis_event_biztx_type", table_name="epcis_event_biztx")
    op.drop_table("epcis_event_biztx")
    op.drop_index("ix_epcis_event_epcs_epc_class", table_name="epcis_event_epcs")
    op.drop_index("ix_epcis_event_epcs_seq", table_name="epcis_event_epcs")
    op.drop_index("ix_epcis_event_epcs_epc", table_name="epcis_event_epcs")
    op.drop_table("epcis_event_epcs")
    op.drop_index("ix_epcis_events_owner", table_name="epcis_events")
    op.drop_index("ix_epcis_events_biz_step", table_name="epcis_events")
    op.drop_index("ix_epcis_events_record_time", table_name="epcis_events")
    op.drop_index("ix_epcis_events_event_time", table_name="epcis_events")
    op.drop_table("epcis_events")
