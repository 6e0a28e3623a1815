"""The API's ledger listings, through the one read side (``tamga.store.ledger_read``)."""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import Engine, or_, select

from tamga.auth import Principal
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


def event_view(row: Any) -> dict[str, Any]:
    item = {str(k): v for k, v in row._mapping.items()}
    item["event"] = orjson.loads(item.pop("payload"))
    item["late"] = bool(item["late"])
    return item


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
) -> list[dict[str, Any]]:
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
