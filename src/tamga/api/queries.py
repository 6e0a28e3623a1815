"""The API's ledger listings, through the one read side (``tamga.store.ledger_read``)."""

from __future__ import annotations

from typing import Any, TypedDict

import orjson
from sqlalchemy import Engine, or_, select

from tamga.auth import Principal
from tamga.ledger.model import EventType
from tamga.store.ledger_read import visible_events, visible_transits
from tamga.store.schema import events, transits

EVENT_COLUMNS = (
    events.c.seq,
    events.c.event_id,
    events.c.type,
    events.c.time,
    events.c.location,
    events.c.holder,
    events.c.counterparty,
    events.c.declaration_no,
    events.c.transit_id,
    events.c.late,
    events.c.payload,
)


class EventItem(TypedDict):
    """An event as the API lists it (``tamga.api.models.EventRow``): the row and its event."""

    seq: int
    event_id: str
    type: EventType
    time: str
    location: str
    holder: str | None
    counterparty: str | None
    declaration_no: str | None
    transit_id: str | None
    late: bool
    event: dict[str, Any]


def event_view(row: Any) -> EventItem:
    """A row of ``EVENT_COLUMNS`` with its payload parsed."""
    return EventItem(
        seq=row.seq,
        event_id=row.event_id,
        type=row.type,
        time=row.time,
        location=row.location,
        holder=row.holder,
        counterparty=row.counterparty,
        declaration_no=row.declaration_no,
        transit_id=row.transit_id,
        late=bool(row.late),
        event=orjson.loads(row.payload),
    )


def list_events(
    engine: Engine,
    principal: Principal,
    *,
    after: int = 0,
    limit: int = 100,
    types: list[str] | None = None,
    holder: str | None = None,
    location: str | None = None,
    declaration_no: str | None = None,
    transit_id: str | None = None,
) -> list[EventItem]:
    """Events after ``after`` (a seq) that the principal may see, oldest first."""
    query = (
        select(*EVENT_COLUMNS)
        .where(events.c.seq > after, visible_events(principal))
        .order_by(events.c.seq)
        .limit(limit)
    )
    if types:
        query = query.where(events.c.type.in_(types))
    if holder:
        query = query.where(or_(events.c.holder == holder, events.c.counterparty == holder))
    if location:
        query = query.where(events.c.location == location)
    if declaration_no:
        query = query.where(events.c.declaration_no == declaration_no)
    if transit_id:
        query = query.where(events.c.transit_id == transit_id)
    with engine.connect() as conn:
        return [event_view(r) for r in conn.execute(query)]


def declaration_holders(engine: Engine, declaration_no: str) -> set[str]:
    """Holders a declaration belongs to: its filer, and the buyer of a sale invoice."""
    query = select(events.c.type, events.c.holder, events.c.counterparty).where(
        events.c.declaration_no == declaration_no
    )
    out: set[str] = set()
    with engine.connect() as conn:
        for row in conn.execute(query):
            if row.holder:
                out.add(row.holder)
            if row.type == "transfer" and row.counterparty:
                out.add(row.counterparty)
    return out


def transit_ids_visible(
    engine: Engine,
    principal: Principal,
    ids: list[str],
) -> set[str]:
    if principal.reads_all or not ids:
        return set(ids)
    query = select(transits.c.transit_id).where(
        transits.c.transit_id.in_(ids), visible_transits(principal)
    )
    with engine.connect() as conn:
        return {r.transit_id for r in conn.execute(query)}
