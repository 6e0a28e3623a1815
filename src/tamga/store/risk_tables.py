"""The risk engine's tables: alerts, what they link to, their workflow history, the channel of
each declaration (or transit) they concern, and the rules' saved state."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Float, Index, Integer, LargeBinary, String, Table, Text

from tamga.store.schema import metadata

#: one row per alert; list-valued fields are JSON text, ``seq`` orders changes for the stream
risk_alerts = Table(
    "risk_alerts",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("rule", String(60), nullable=False),
    Column("key", Text, nullable=False),
    Column("subject", String(200), nullable=False),
    Column("subject_kind", String(20), nullable=False),
    Column("severity", String(12), nullable=False),
    Column("score", Float, nullable=False),
    Column("channel", String(8), nullable=False),
    Column("state", String(24), nullable=False),
    Column("assignee", String(200)),
    Column("title", Text, nullable=False),
    Column("time", String(40), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("updated_at", String(40), nullable=False),
    Column("declarations", Text, nullable=False),
    Column("event_ids", Text, nullable=False),
    Column("holders", Text, nullable=False),
    Column("transits", Text, nullable=False),
    Column("locations", Text, nullable=False),
    Column("evidence", Text, nullable=False),
    #: the domestic holder whose declaration, sale or transit the alert is about (who, as a
    #: trader, may see it): the subject event's holder in the ledger, set when it is stored
    Column("owner", String(120)),
    Index("ix_risk_alerts_seq", "seq"),
    Index("ix_risk_alerts_owner", "owner"),
    Index("ix_risk_alerts_subject", "subject"),
    Index("ix_risk_alerts_rule_channel_state", "rule", "channel", "state"),
)

#: the queue's order (highest score first), so its first page needs no sort of every alert
Index("ix_risk_alerts_score_id", risk_alerts.c.score.desc(), risk_alerts.c.id)

#: alert -> declaration / holder / transit it names, for filtering
risk_alert_links = Table(
    "risk_alert_links",
    metadata,
    Column("alert_id", String(40), primary_key=True),
    Column("kind", String(12), primary_key=True),
    Column("value", String(200), primary_key=True),
    Index("ix_risk_alert_links_kind_value", "kind", "value"),
)

#: who did what to an alert, when and why
risk_history = Table(
    "risk_history",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("alert_id", String(40), nullable=False),
    Column("at", String(40), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("action", String(24), nullable=False),
    Column("from_state", String(24), nullable=False),
    Column("to_state", String(24), nullable=False),
    Column("reason", Text, nullable=False),
    Column("assignee", String(200)),
    Index("ix_risk_history_alert", "alert_id"),
)

#: the combined score and criteria channel of each declaration (or transit) with alerts
risk_subjects = Table(
    "risk_subjects",
    metadata,
    Column("subject", String(200), primary_key=True),
    Column("kind", String(20), nullable=False),
    Column("score", Float, nullable=False),
    Column("channel", String(8), nullable=False),
    Column("alerts", Integer, nullable=False),
    Column("hold", Boolean, nullable=False, default=False),
)

#: the rules' state snapshot and the last event sequence it covers
risk_state = Table(
    "risk_state",
    metadata,
    Column("name", String(40), primary_key=True),
    Column("seq", Integer, nullable=False),
    Column("data", LargeBinary, nullable=False),
)
