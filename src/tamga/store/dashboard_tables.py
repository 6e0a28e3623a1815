"""The dashboard's indexes on the ledger's line table (it has no tables of its own).

The overview reads a time window of lines (today, the last week), the holder page reads the
lines where a holder is the buyer, and an officer's latest events are those at its office's
locations; without these each would scan the whole ledger.
"""

from __future__ import annotations

from sqlalchemy import Index

from tamga.store.risk_tables import risk_alerts
from tamga.store.schema import event_lines, events

ix_event_lines_time = Index("ix_event_lines_time", event_lines.c.time)
ix_event_lines_counterparty_time = Index(
    "ix_event_lines_counterparty_time", event_lines.c.counterparty, event_lines.c.time
)
ix_events_location_seq = Index("ix_events_location_seq", events.c.location, events.c.seq)

#: the alert queue newest first (``tamga.dashboard.alert_queue``, sort=time): migration
#: risk_0005 makes it on the risk part's table
ix_risk_alerts_time_id = Index(
    "ix_risk_alerts_time_id", risk_alerts.c.time.desc(), risk_alerts.c.id
)
