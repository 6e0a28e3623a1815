"""ledger: the chain head, last seq and clock rows exist from the start

Revision ID: ledger_0004
Revises: ledger_0003
Create Date: 2026-12-04 20:00:00

They were inserted by the first writer; two first ingests at once on a fresh PostgreSQL store
both inserted them, and one failed on the primary key. Now the migration (which runs under an
advisory lock) makes them, so every writer finds a row to lock.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "ledger_0004"
down_revision = "ledger_0003"
branch_labels = None
depends_on = None

_META = sa.table("ledger_meta", sa.column("key", sa.String), sa.column("value", sa.Text))
_GENESIS = "0" * 64


def upgrade() -> None:
    bind = op.get_bind()
    have = {row[0] for row in bind.execute(sa.select(_META.c.key))}
    rows = [
        {"key": key, "value": value}
        for key, value in (("head", _GENESIS), ("last_seq", "0"), ("clock", ""))
        if key not in have
    ]
    if rows:
        op.bulk_insert(_META, rows)


def downgrade() -> None:
    """The rows stay: a store with them is what every version expects after its first write."""
