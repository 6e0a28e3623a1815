"""ledger: index lots by label first, and only the events that name a transit

Revision ID: ledger_0003
Revises: ledger_0002
Create Date: 2026-11-29 16:40:00

A lot's label is a declaration or invoice number and its line (or a trader's own lot code), so
``(label, holder)`` takes new lots near the end of the index, where ``(holder, label)`` put each
one at a random place: at a million events that index alone dirtied a page per holder per
commit. The lookup (a named lot of a holder) is the same equality on both columns.

Nine events in ten name no transit; ``ix_events_transit`` now holds only those that do.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "ledger_0003"
down_revision = "ledger_0002"
branch_labels = None
depends_on = None

_NAMED = sa.text("transit_id IS NOT NULL")


def upgrade() -> None:
    op.drop_index("ix_lots_holder_label", table_name="lots")
    op.create_index("ix_lots_label_holder", "lots", ["label", "holder"])
    op.drop_index("ix_events_transit", table_name="events")
    op.create_index(
        "ix_events_transit",
        "events",
        ["transit_id"],
        sqlite_where=_NAMED,
        postgresql_where=_NAMED,
    )


def downgrade() -> None:
    op.drop_index("ix_events_transit", table_name="events")
    op.create_index("ix_events_transit", "events", ["transit_id"])
    op.drop_index("ix_lots_label_holder", table_name="lots")
    op.create_index("ix_lots_holder_label", "lots", ["holder", "label"])
