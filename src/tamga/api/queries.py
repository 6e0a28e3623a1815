"""The policy's visibility rules as SQL, for listings and the live stream.

``tamga.auth.policy.may_see_event`` and ``may_see_transit`` state the rules; these clauses say
the same thing to the database so a page of a trader's events is filled from its own rows
rather than filtered after the fact (tests check the two agree).
"""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import ColumnElement, Engine, and_, or_, select, true

from tamga.auth import Principal
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


def _transits_at(locations: frozenset[str]) -> Any:
    """Transits declared at these offices (departure, destination) or ended there; not those
    merely seen there (``policy.transit_offices``)."""
    loc = list(locations)
    return select(transits.c.transit_id).where(
        or_(
            transits.c.office_of_departure.in_(loc),
            transits.c.office_of_destination.in_(loc),
            transits.c.end_office.in_(loc),
        )
    )


def visible_events(principal: Principal) -> ColumnElement[bool]:
    if principal.reads_all:
        return true()
    if principal.is_officer:
        locations = list(principal.office_locations)
        return or_(
            events.c.location.in_(locations),
            events.c.transit_id.in_(_transits_at(principal.office_locations)),
        )
    holder = principal.holder
    return or_(
        events.c.holder == holder,
        and_(events.c.type.in_(("transfer", "transit_start")), events.c.counterparty == holder),
        events.c.transit_id.in_(select(transits.c.transit_id).where(transits.c.carrier == holder)),
    )


def visible_transits(principal: Principal) -> ColumnElement[bool]:
    if principal.reads_all:
        return true()
    if principal.is_officer:
        return transits.c.transit_id.in_(_transits_at(principal.office_locations))
    return transits.c.carrier == principal.holder


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
