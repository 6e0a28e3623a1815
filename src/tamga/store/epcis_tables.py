"""EPCIS capture storage: captured events (one row each, keyed by the CBV 2.0 Event Hash ID so a
re-sent event is a duplicate), their identifiers and business transactions in side tables for
the standard queries, and capture jobs. Values in the query columns are canonical (Digital Links,
CBV web URIs, UTC millisecond times) so a query matches however an event was written."""

from __future__ import annotations

from sqlalchemy import Column, Float, ForeignKey, Index, Integer, String, Table, Text, func

from tamga.store.schema import metadata

#: one row per captured event; ``payload`` is the event's JSON-LD as stored (recordTime set);
#: ``owner`` is the holder that captured it (for scoping a trader's queries), if any
epcis_events = Table(
    "epcis_events",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("event_hash", String(120), nullable=False),
    Column("event_id", String(300), nullable=False),
    Column("event_type", String(40), nullable=False),
    Column("event_time", String(40), nullable=False),
    Column("record_time", String(40), nullable=False),
    Column("action", String(10)),
    Column("biz_step", String(300)),
    Column("disposition", String(300)),
    Column("read_point", String(300)),
    Column("biz_location", String(300)),
    Column("job_id", String(40)),
    Column("owner", String(120)),
    Column("payload", Text, nullable=False),
    Index("ix_epcis_events_event_time", "event_time"),
    Index("ix_epcis_events_record_time", "record_time"),
    Index("ix_epcis_events_biz_step", "biz_step", "seq"),
    Index("ix_epcis_events_owner", "owner"),
    Index("ix_epcis_events_event_hash", "event_hash"),
)
#: an Event Hash ID is unique among one owner's captures (NULL: the unscoped ones, together)
ux_epcis_events_owner_hash = Index(
    "ux_epcis_events_owner_hash",
    func.coalesce(epcis_events.c.owner, ""),
    epcis_events.c.event_hash,
    unique=True,
)

#: the identifiers an event names; ``role``: epc, child, input, output, parent, class
#: (``quantity`` for a class from a quantity list; ``epc_class`` the GTIN-level Digital Link of a
#: serial or lot, so a class-level MATCH_ is an indexed equality)
epcis_event_epcs = Table(
    "epcis_event_epcs",
    metadata,
    Column("seq", Integer, ForeignKey("epcis_events.seq"), nullable=False),
    Column("role", String(10), nullable=False),
    Column("epc", String(300), nullable=False),
    Column("quantity", Float),
    Column("epc_class", String(300)),
    Index("ix_epcis_event_epcs_epc", "epc"),
    Index("ix_epcis_event_epcs_epc_class", "epc_class"),
    Index("ix_epcis_event_epcs_seq", "seq"),
)

#: business transactions of an event (type is a canonical URI, or "" when untyped)
epcis_event_biztx = Table(
    "epcis_event_biztx",
    metadata,
    Column("seq", Integer, ForeignKey("epcis_events.seq"), nullable=False),
    Column("type", String(300), nullable=False),
    Column("value", String(300), nullable=False),
    Index("ix_epcis_event_biztx_type", "type", "value"),
    Index("ix_epcis_event_biztx_seq", "seq"),
)

#: capture jobs: one per captured document; ``errors`` is a JSON array
epcis_capture_jobs = Table(
    "epcis_capture_jobs",
    metadata,
    Column("job_id", String(40), primary_key=True),
    Column("status", String(10), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("finished_at", String(40)),
    Column("event_count", Integer, nullable=False, default=0),
    Column("captured", Integer, nullable=False, default=0),
    Column("duplicates", Integer, nullable=False, default=0),
    Column("errors", Text, nullable=False, default="[]"),
    Column("owner", String(120)),
)
