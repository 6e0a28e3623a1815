"""Deeper checks of a stored ledger than the hash chain: the log rows' own columns, the
projections against a replay, and the head against an anchor kept outside the store.

The chain proves the payloads and their order, but the columns queries read (an event's
``holder``, ``declaration_no``, ...) and the projections (lots, transits, lines) are stored
beside it: an edit there changed what the API answered and ``verify`` saw nothing. And an
attacker who deletes the last events and rewrites the head row leaves a chain that verifies;
only a head written down elsewhere (``tamga verify --anchor``) shows the loss.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import zip_longest
from typing import Any

from sqlalchemy import Engine, Table, select

from tamga.ledger.engine import utc_text
from tamga.ledger.model import (
    AdjustmentEvent,
    Checkpoint,
    Event,
    ExportEvent,
    ImportEvent,
    TransferEvent,
    TransformationEvent,
    TransitEnd,
    TransitStart,
)
from tamga.store.schema import event_lines, lots, transits

#: the log row's columns that are its payload's facts (``late`` depends on the clock when the
#: event arrived, and a transfer's ``transit_id`` on the ledger's state: neither is here)
LOGGED_COLUMNS = ("event_id", "type", "time", "location", "holder", "counterparty")


def logged_facts(event: Event) -> dict[str, Any]:
    """What a log row's columns must say about its event."""
    holder: str | None = None
    counterparty: str | None = None
    declaration: str | None = None
    transit_id: str | None = None
    match event:
        case TransferEvent():
            holder, counterparty, declaration = event.seller, event.buyer, event.invoice_no
        case ExportEvent():
            holder, counterparty = event.exporter, event.consignee.id
            declaration = event.declaration_no
        case ImportEvent():
            holder, counterparty = event.consignee, event.consignor.id
            declaration = event.declaration_no
        case TransformationEvent() | AdjustmentEvent():
            holder = event.holder
        case TransitStart():
            counterparty, transit_id = event.carrier, event.transit_id
        case Checkpoint() | TransitEnd():
            transit_id = event.transit_id
    facts: dict[str, Any] = {
        "event_id": event.event_id,
        "type": event.type,
        "time": utc_text(event.time),
        "location": event.location,
        "holder": holder,
        "counterparty": counterparty,
        "declaration_no": declaration,
    }
    if not isinstance(event, TransferEvent):
        facts["transit_id"] = transit_id
    return facts


def row_problems(row: Any, event: Event) -> list[str]:
    """The columns of a log row that disagree with its payload."""
    out = []
    for column, expected in logged_facts(event).items():
        stored = getattr(row, column)
        if stored != expected:
            where = f"seq {row.seq} ({row.event_id})"
            out.append(f"{where}: column {column} is {stored!r}, the log says {expected!r}")
    return out


#: the projections and their keys, compared row by row with a replay of the log
PROJECTIONS: tuple[tuple[Table, tuple[str, ...]], ...] = (
    (lots, ("lot_id",)),
    (transits, ("transit_id",)),
    (event_lines, ("event_seq", "role", "line_no")),
)


def _rows(engine: Engine, table: Table, key: tuple[str, ...]) -> Iterator[tuple[Any, ...]]:
    order = [table.c[k] for k in key]
    with engine.connect() as conn:
        result = conn.execution_options(yield_per=5000).execute(select(table).order_by(*order))
        for row in result:
            yield tuple(row)


def projection_problems(live: Engine, replayed: Engine, limit: int = 100) -> list[str]:
    """Every row of each projection against the same table rebuilt from the log (full)."""
    out: list[str] = []
    for table, key in PROJECTIONS:
        width = len(key)
        names = [c.name for c in table.columns]
        at = [names.index(k) for k in key]
        for stored, rebuilt in zip_longest(_rows(live, table, key), _rows(replayed, table, key)):
            if stored == rebuilt:
                continue
            if stored is None or rebuilt is None:
                row = stored if stored is not None else rebuilt
                assert row is not None
                ident = tuple(row[i] for i in at)[:width]
                what = "not in a replay of the log" if stored is not None else "missing"
                out.append(f"{table.name} {ident}: {what}")
            else:
                ident = tuple(stored[i] for i in at)
                changed = [n for n, a, b in zip(names, stored, rebuilt, strict=True) if a != b]
                out.append(f"{table.name} {ident}: {', '.join(changed)} differ from a replay")
            if len(out) >= limit:
                return out
    return out
