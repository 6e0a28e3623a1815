"""epcis: an Event Hash ID is unique per owner, not across owners

Revision ID: epcis_0002
Revises: epcis_0001
Create Date: 2026-12-04 19:50:00

A buyer that captured the seller's event first made the seller's own capture a silent
duplicate. Duplicates are now detected among one owner's captures (a trader's holder, an
office, or the unscoped admin/analyst captures, owner NULL, kept together by ``coalesce``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "epcis_0002"
down_revision = "epcis_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("epcis_events") as batch:
        batch.drop_constraint("uq_epcis_events_event_hash", type_="unique")
    op.create_index(
        "ux_epcis_events_owner_hash",
        "epcis_events",
        [sa.text("coalesce(owner, '')"), "event_hash"],
        unique=True,
    )
    op.create_index("ix_epcis_events_event_hash", "epcis_events", ["event_hash"])


def downgrade() -> None:
    op.drop_index("ix_epcis_events_event_hash", table_name="epcis_events")
    op.drop_index("ux_epcis_events_owner_hash", table_name="epcis_events")
    with op.batch_alter_table("epcis_events") as batch:
        batch.create_unique_constraint("uq_epcis_events_event_hash", ["event_hash"])
