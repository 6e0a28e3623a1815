"""ledger: a clock pushed past the wall clock by one far-future event comes back

Revision ID: ledger_0005
Revises: ledger_0004
Create Date: 2026-12-04 20:05:00

Before the plausible-time window (``tamga.ledger.clock``) one event dated 9999 moved the ledger
clock there for good. A clock beyond the time of this migration is set back to the latest
event time that is not (the events themselves stay in the log, as the hash chain requires).
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "ledger_0005"
down_revision = "ledger_0004"
branch_labels = None
depends_on = None

_META = sa.table("ledger_meta", sa.column("key", sa.String), sa.column("value", sa.Text))
_EVENTS = sa.table("events", sa.column("time", sa.String))


def upgrade() -> None:
    bind = op.get_bind()
    now = datetime.now(UTC).isoformat(timespec="microseconds")
    clock = bind.execute(sa.select(_META.c.value).where(_META.c.key == "clock")).scalar()
    if not clock or clock <= now:
        return
    latest = bind.execute(
        sa.select(sa.func.max(_EVENTS.c.time)).where(_EVENTS.c.time <= now)
    ).scalar()
    bind.execute(sa.update(_META).where(_META.c.key == "clock").values(value=latest or ""))


def downgrade() -> None:
    """Nothing to undo: the clock moves on with the next events."""
