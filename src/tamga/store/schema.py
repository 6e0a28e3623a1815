"""The ledger's tables, and the ``metadata`` every part's tables share."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    text,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "pk": "pk_%(table_name)s",
    }
)

#: the append-only, hash-chained log; ``payload`` is the canonical JSON of the event
events = Table(
    "events",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("event_id", String(200), nullable=False, unique=True),
    Column("type", String(20), nullable=False),
    Column("time", String(40), nullable=False),
    Column("location", String(120), nullable=False),
    Column("holder", String(120)),
    Column("counterparty", String(120)),
    Column("declaration_no", String(120)),
    Column("transit_id", String(120)),
    Column("late", Boolean, nullable=False, default=False),
    Column("content_hash", String(64), nullable=False),
    Column("chain_hash", String(64), nullable=False),
    Column("payload", Text, nullable=False),
    Index("ix_events_holder_time", "holder", "time"),
    Index("ix_events_declaration", "declaration_no"),
    Index(
        "ix_events_transit",
        "transit_id",
        sqlite_where=text("transit_id IS NOT NULL"),
        postgresql_where=text("transit_id IS NOT NULL"),
    ),
    Index("ix_events_time", "time"),
)

#: every goods line of every event, denormalised for queries, statistics and risk rules
event_lines = Table(
    "event_lines",
    metadata,
    Column("event_seq", Integer, primary_key=True),
    Column("role", String(8), primary_key=True),  # line | input | output
    Column("line_no", Integer, primary_key=True),
    Column("event_id", String(200), nullable=False),
    Column("type", String(20), nullable=False),
    Column("time", String(40), nullable=False),
    Column("holder", String(120)),
    Column("counterparty", String(120)),
    Column("country", String(2)),
    Column("declaration_no", String(120)),
    Column("transit_id", String(120)),
    Column("hs_code", String(10), nullable=False),
    Column("goods_key", String(200), nullable=False),
    Column("brand", String(200)),
    Column("gtin", String(14)),
    Column("quantity", Float, nullable=False),
    Column("unit", String(3), nullable=False),
    Column("net_kg", Float),
    Column("value", Float),
    Column("currency", String(3)),
    Column("origin_country", String(2)),
    Column("lot_id", String(260)),
    Column("unbacked_qty", Float, nullable=False, default=0.0),
    Column("localization", Float),
    Column("provenance", Text),
    # a declaration's lines are found through ix_events_declaration and the primary key
    Index("ix_event_lines_holder_time", "holder", "time"),
)

#: the virtual warehouse: what each holder took in, and what is left
lots = Table(
    "lots",
    metadata,
    Column("lot_id", String(260), primary_key=True),
    Column("holder", String(120), nullable=False),
    Column("goods_key", String(200), nullable=False),
    Column("unit", String(3), nullable=False),
    Column("hs_code", String(10), nullable=False),
    Column("brand", String(200)),
    Column("label", String(260), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("time", String(40), nullable=False),
    Column("qty_in", Float, nullable=False),
    Column("remaining", Float, nullable=False),
    Column("value", Float),
    Column("origin_country", String(2)),
    Column("declaration_no", String(120)),
    Column("consignor", String(300)),
    Column("localization", Float),
    Column("provenance", Text, nullable=False),
    Index(
        "ix_lots_open",
        "holder",
        "goods_key",
        "unit",
        sqlite_where=text("remaining > 0"),
        postgresql_where=text("remaining > 0"),
    ),
    # label first: labels (declaration or invoice numbers) arrive roughly in order, holders not
    Index("ix_lots_label_holder", "label", "holder"),
)

transits = Table(
    "transits",
    metadata,
    Column("transit_id", String(120), primary_key=True),
    Column("state", String(12), nullable=False),
    Column("start_seq", Integer, nullable=False),
    Column("start_time", String(40), nullable=False),
    Column("deadline", String(40), nullable=False),
    Column("office_of_departure", String(120), nullable=False),
    Column("office_of_destination", String(120), nullable=False),
    Column("destination_country", String(2), nullable=False),
    Column("carrier", String(120), nullable=False),
    Column("vehicle", String(120)),
    Column("seals", Text, nullable=False),
    Column("lines", Text, nullable=False),
    Column("end_time", String(40)),
    Column("end_office", String(120)),
    Column("last_time", String(40)),
    Column("last_location", String(120)),
    Column("last_lat", Float),
    Column("last_lon", Float),
    Column("checkpoints", Integer, nullable=False, default=0),
    Column("reason", Text),
    Index("ix_transits_state_deadline", "state", "deadline"),
)

#: domestic holders' registry (names, kind, registration date) loaded from a file
holders = Table(
    "holders",
    metadata,
    Column("id", String(120), primary_key=True),
    Column("name", String(300)),
    Column("name_cyrillic", String(300)),
    Column("kind", String(40)),
    Column("registered", String(10)),
    Column("city", String(120)),
)

#: small key/value facts: the chain head, the ledger clock
ledger_meta = Table(
    "ledger_meta",
    metadata,
    Column("key", String(40), primary_key=True),
    Column("value", Text, nullable=False),
)

LEDGER_PROJECTIONS = (event_lines, lots, transits)
