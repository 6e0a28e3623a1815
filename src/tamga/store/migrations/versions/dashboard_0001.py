"""dashboard: indexes for the overview's time windows, purchases and an office's events

Revision ID: dashboard_0001
Revises:
Create Date: 2026-11-23 07:45:00

It indexes the ledger's tables, so it depends on the ledger branch's first
revision (otherwise ``upgrade heads`` could run it before the table exists).
"""

from __future__ import annotations

from alembic import op

revision = "dashboard_0001"
down_revision = None
branch_labels = ("dashboard",)
depends_on = ("ledger_0001",)


def upgrade() -> None:
    op.create_index("ix_event_lines_time", "event_lines", ["time"])
    op.create_index("ix_event_lines_counterparty_time", "event_lines", ["counterparty", "time"])
    op.create_index("ix_events_location_seq", "events", ["location", "seq"])


def downgrade() -> None:
    op.drop_index("ix_events_location_seq", table_name="events")
    op.drop_index("ix_event_lines_counterparty_time", table_name="event_lines")
    op.drop_index("ix_event_lines_time", table_name="event_lines")
