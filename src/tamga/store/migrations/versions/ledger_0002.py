"""ledger: drop two line indexes that cost ingest time and served no query

Revision ID: ledger_0002
Revises: ledger_0001
Create Date: 2026-11-24 09:20:00

``ix_event_lines_hs_time`` was read by no query (the dashboard sums a week of lines by HS code
from the time index instead). ``ix_event_lines_declaration`` duplicated ``ix_events_declaration``:
a line carries its event's declaration number, so a trace finds the events by that index and
their lines by the primary key (``event_seq`` leads it). Each index on ``event_lines`` is written
for every goods line ingested.
"""

from __future__ import annotations

from alembic import op

revision = "ledger_0002"
down_revision = "ledger_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_event_lines_hs_time", table_name="event_lines")
    op.drop_index("ix_event_lines_declaration", table_name="event_lines")


def downgrade() -> None:
    op.create_index("ix_event_lines_declaration", "event_lines", ["declaration_no"])
    op.create_index("ix_event_lines_hs_time", "event_lines", ["hs_code", "time"])
