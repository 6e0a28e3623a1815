"""risk: each alert's owner (the holder whose declaration, sale or transit it is about)

Revision ID: risk_0002
Revises: risk_0001
Create Date: 2026-11-25 09:00:00

Existing alerts get their owner from the ledger as ``AlertStore`` derives it for new ones: the
holder of the import, export or sale whose declaration (invoice) number is the alert's subject,
the carrier of a transit, the holder itself for a holder's alert. An alert whose subject the
ledger does not know keeps no owner, and no trader sees it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "risk_0002"
down_revision = "risk_0001"
branch_labels = None
depends_on = "ledger_0001"  # the backfill reads the ledger's events

BACKFILL = """
UPDATE risk_alerts SET owner = CASE
  WHEN subject_kind = 'holder' THEN subject
  WHEN subject_kind = 'transit' THEN (
    SELECT e.counterparty FROM events e
    WHERE e.transit_id = risk_alerts.subject AND e.type = 'transit_start'
    ORDER BY e.seq LIMIT 1)
  ELSE (
    SELECT e.holder FROM events e
    WHERE e.declaration_no = risk_alerts.subject AND e.type IN ('import', 'export', 'transfer')
    ORDER BY e.seq LIMIT 1)
END
"""


def upgrade() -> None:
    op.add_column("risk_alerts", sa.Column("owner", sa.String(length=120), nullable=True))
    op.create_index("ix_risk_alerts_owner", "risk_alerts", ["owner"], unique=False)
    op.execute(BACKFILL)


def downgrade() -> None:
    with op.batch_alter_table("risk_alerts") as batch:
        batch.drop_index("ix_risk_alerts_owner")
        batch.drop_column("owner")
