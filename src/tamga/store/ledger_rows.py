"""Rows of the ledger's tables to and from the domain's objects (lots, transits, lines).

The write path builds its rows here as tuples in column order (checked against the tables at
import), and the write path, the queries and the risk follower read lots and transits back
through the same mappers.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import orjson

from tamga.ledger.engine import Applied
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
from tamga.ledger.provenance import Component, components_json
from tamga.ledger.state import Lot, Transit
from tamga.store.schema import event_lines, events, lots

#: column order of the rows built here (checked against the tables at import)
_EVENT_COLUMNS = (
    "seq",
    "event_id",
    "type",
    "time",
    "location",
    "holder",
    "counterparty",
    "declaration_no",
    "transit_id",
    "late",
    "content_hash",
    "chain_hash",
    "payload",
)
_LINE_COLUMNS = (
    "event_seq",
    "role",
    "line_no",
    "event_id",
    "type",
    "time",
    "holder",
    "counterparty",
    "country",
    "declaration_no",
    "transit_id",
    "hs_code",
    "goods_key",
    "brand",
    "gtin",
    "quantity",
    "unit",
    "net_kg",
    "value",
    "currency",
    "origin_country",
    "lot_id",
    "unbacked_qty",
    "localization",
    "provenance",
)
_LOT_COLUMNS = (
    "lot_id",
    "holder",
    "goods_key",
    "unit",
    "hs_code",
    "brand",
    "label",
    "seq",
    "time",
    "qty_in",
    "remaining",
    "value",
    "origin_country",
    "declaration_no",
    "consignor",
    "localization",
    "provenance",
)
for _table, _names in (
    (events, _EVENT_COLUMNS),
    (event_lines, _LINE_COLUMNS),
    (lots, _LOT_COLUMNS),
):
    assert tuple(c.name for c in _table.columns) == _names, f"{_table.name} columns changed"


def event_facts(event: Event, applied: Applied) -> tuple[str | None, ...]:
    """The log row's ``holder``, ``counterparty``, ``declaration_no`` and ``transit_id``."""
    match event:
        case TransferEvent():
            transit_id = None
            if applied.transit_change == "diverted" and applied.transit is not None:
                transit_id = applied.transit.transit_id
            return event.seller, event.buyer, event.invoice_no, transit_id
        case ExportEvent():
            return event.exporter, event.consignee.id, event.declaration_no, None
        case ImportEvent():
            return event.consignee, event.consignor.id, event.declaration_no, None
        case TransformationEvent() | AdjustmentEvent():
            return event.holder, None, None, None
        case TransitStart():
            return None, event.carrier, None, event.transit_id
        case Checkpoint() | TransitEnd():
            return None, None, None, event.transit_id
    return None, None, None, None  # pragma: no cover - every type is matched above


def _line_facts(event: Event) -> tuple[str | None, ...]:
    """The line rows' ``country``, ``counterparty``, ``declaration_no`` and ``transit_id``."""
    match event:
        case TransferEvent():
            return None, event.buyer, event.invoice_no, None
        case ExportEvent():
            return event.destination_country, event.consignee.id, event.declaration_no, None
        case ImportEvent():
            return event.dispatch_country, event.consignor.id, event.declaration_no, None
        case TransitStart():
            return event.destination_country, event.carrier, None, event.transit_id
    return None, None, None, None


def line_rows(applied: Applied) -> Iterator[tuple[Any, ...]]:
    """The ``event_lines`` rows of an applied event, as tuples in column order."""
    event = applied.event
    seq, event_id, type_, time_ = applied.seq, event.event_id, event.type, applied.time
    country, counterparty, declaration, transit_id = _line_facts(event)
    for r in applied.lines:
        line = r.line
        parts = r.parts
        yield (
            seq,
            r.role,
            line.line_no,
            event_id,
            type_,
            time_,
            r.holder,
            counterparty,
            country,
            declaration,
            transit_id,
            line.hs_code,
            line.goods_key,
            line.brand,
            line.gtin,
            line.quantity,
            line.unit,
            line.net_kg,
            line.value,
            line.currency,
            line.origin_country,
            r.lot_id,
            r.unbacked,
            r.localization,
            parts.to_json_bytes().decode() if parts is not None else None,
        )


def lot_tuple(lot: Lot) -> tuple[Any, ...]:
    """A ``lots`` row as a tuple in column order."""
    return (
        lot.lot_id,
        lot.holder,
        lot.goods_key,
        lot.unit,
        lot.hs_code,
        lot.brand,
        lot.label,
        lot.seq,
        lot.time,
        lot.qty_in,
        lot.remaining,
        lot.value,
        lot.origin_country,
        lot.declaration_no,
        lot.consignor,
        lot.localization,
        components_json(lot.components).decode(),
    )


def lot_to_row(lot: Lot) -> dict[str, Any]:
    return dict(zip(_LOT_COLUMNS, lot_tuple(lot), strict=True))


def lot_from_tuple(row: Sequence[Any]) -> Lot:
    """A lot from a ``lots`` row in column order (the provenance last)."""
    lot_id, holder, goods_key, unit, hs_code, brand, label, seq, time, *rest = row
    qty_in, remaining, value, origin, declaration, consignor, localization, provenance = rest
    components = [Component.from_json(c) for c in orjson.loads(provenance)]
    return Lot(
        lot_id,
        holder,
        goods_key,
        unit,
        hs_code,
        brand,
        label,
        seq,
        time,
        qty_in,
        remaining,
        value,
        origin,
        declaration,
        consignor,
        localization,
        components,
    )


def lot_from_row(row: Any) -> Lot:
    """A lot from a row of ``select(lots)`` (all columns, in table order)."""
    return lot_from_tuple(tuple(row))


#: the columns of a transit row that change after its start (updated in place)
TRANSIT_MUTABLE = (
    "state",
    "end_time",
    "end_office",
    "last_time",
    "last_location",
    "last_lat",
    "last_lon",
    "checkpoints",
    "reason",
)


def transit_to_row(t: Transit) -> dict[str, Any]:
    return {
        "transit_id": t.transit_id,
        "state": t.state,
        "start_seq": t.start_seq,
        "start_time": t.start_time,
        "deadline": t.deadline,
        "office_of_departure": t.office_of_departure,
        "office_of_destination": t.office_of_destination,
        "destination_country": t.destination_country,
        "carrier": t.carrier,
        "vehicle": t.vehicle,
        "seals": orjson.dumps(t.seals).decode(),
        "lines": orjson.dumps(t.lines).decode(),
        "end_time": t.end_time,
        "end_office": t.end_office,
        "last_time": t.last_time,
        "last_location": t.last_location,
        "last_lat": t.last_lat,
        "last_lon": t.last_lon,
        "checkpoints": t.checkpoints,
        "reason": t.reason,
    }


def transit_from_row(row: Any) -> Transit:
    m = dict(row._mapping)
    m["seals"] = orjson.loads(m["seals"])
    m["lines"] = orjson.loads(m["lines"])
    return Transit(**m)
