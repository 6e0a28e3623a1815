"""The API's ledger listings, through the one read side (``tamga.store.ledger_read``)."""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import Engine

from tamga.auth import Principal
from tamga.ledger.views import EventColumns
from tamga.store import ledger_read


class EventItem(EventColumns):
    """An event as the API lists it (``tamga.api.models.EventRow``): the row and its event."""

    late: bool
    event: dict[str, Any]


def event_view(row: Any) -> EventItem:
    """A row of ``ledger_read.event_page`` with its payload parsed."""
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
    with engine.connect() as conn:
        rows = ledger_read.event_page(
            conn,
            principal,
            after=after,
            limit=limit,
            types=types,
            holder=holder,
            location=location,
            declaration_no=declaration_no,
            transit_id=transit_id,
        )
    return [event_view(r) for r in rows]


def declaration_holders(engine: Engine, declaration_no: str) -> set[str]:
    """Holders a declaration belongs to: its filer, and the buyer of a sale invoice."""
    with engine.connect() as conn:
        return ledger_read.declaration_holders(conn, declaration_no)


def transit_ids_visible(
    engine: Engine,
    principal: Principal,
    ids: list[str],
) -> set[str]:
    if principal.reads_all or not ids:
        return set(ids)
    with engine.connect() as conn:
        return ledger_read.visible_transit_ids(conn, principal, ids)
