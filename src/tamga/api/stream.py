"""The live stream: new events, transit changes and alerts, read from the store by sequence.

Every stream polls the store a few times a second for rows after its cursor (``events.seq``
and the risk part's alert sequence), so it sees what any worker process, the CLI or a bulk
load wrote, and no in-process queue can lose anything. The SSE id of each message is the
cursor ``"<event seq>:<alert seq>"``; a client reconnecting with ``Last-Event-ID`` resumes
exactly after the last message it received.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import orjson
from starlette.concurrency import run_in_threadpool

from tamga.api import queries
from tamga.api.pagination import parse_seq
from tamga.auth import Principal
from tamga.auth.policy import alert_views, may_see_transit
from tamga.errors import InvalidInput
from tamga.services import Services
from tamga.store import ledger_read

KINDS = ("event", "transit", "alert")
#: seconds between checks that a stream's token is still active
RECHECK = 1.0
BATCH = 500
TRANSIT_TYPES = ("transit_start", "checkpoint", "transit_end")


@dataclass(frozen=True)
class Cursor:
    event_seq: int
    alert_seq: int

    def __str__(self) -> str:
        return f"{self.event_seq}:{self.alert_seq}"

    @classmethod
    def parse(cls, text: str) -> Cursor:
        head, _, tail = text.strip().partition(":")
        try:
            event_seq = parse_seq(head, "Last-Event-ID")
            alert_seq = parse_seq(tail, "Last-Event-ID") if tail else 0
        except InvalidInput:
            raise InvalidInput(
                "Last-Event-ID is not an id this stream gave out", field="Last-Event-ID"
            ) from None
        assert event_seq is not None and alert_seq is not None
        return cls(event_seq, alert_seq)


@dataclass(frozen=True)
class Filters:
    kinds: frozenset[str]
    holder: str | None = None
    location: str | None = None


def current_cursor(services: Services) -> Cursor:
    with services.engine.connect() as conn:
        seq = ledger_read.newest_seq(conn)
    return Cursor(seq, services.alerts.last_seq())


def _transit_views(services: Services, ids: set[str]) -> dict[str, dict[str, Any]]:
    if not ids:
        return {}
    cols = (
        "state", "office_of_departure", "office_of_destination", "end_office", "carrier",
        "deadline", "last_time", "last_location", "last_lat", "last_lon",
    )  # fmt: skip
    with services.engine.connect() as conn:
        return ledger_read.transit_columns(conn, ids, cols)


def poll(
    services: Services, principal: Principal, cursor: Cursor, filters: Filters
) -> tuple[list[dict[str, str]], Cursor, bool]:
    """Messages after ``cursor`` the principal may see and the filters select, the new
    cursor, and whether more rows are already waiting."""
    out: list[dict[str, str]] = []
    rows = queries.list_events(services.engine, principal, after=cursor.event_seq, limit=BATCH)
    seq = cursor.event_seq
    touched = {r["transit_id"] for r in rows if r["transit_id"]}
    views = _transit_views(services, touched) if "transit" in filters.kinds else {}
    for row in rows:
        seq = row["seq"]
        mark = str(Cursor(seq, cursor.alert_seq))
        holder_ok = filters.holder is None or filters.holder in (row["holder"], row["counterparty"])
        location_ok = filters.location is None or row["location"] == filters.location
        if not (holder_ok and location_ok):
            continue
        if "event" in filters.kinds:
            out.append({"id": mark, "event": "event", "data": _json(row)})
        view = views.get(row["transit_id"] or "")
        moved = row["type"] in TRANSIT_TYPES or row["type"] == "transfer"  # a diversion
        if view is not None and moved and may_see_transit(principal, view):
            change = {
                "transit_id": view["transit_id"],
                "seq": seq,
                "by": row["type"],
                "at": row["location"],
                "time": row["time"],
                "state_now": view["state"],
                "transit": view,
            }
            out.append({"id": mark, "event": "transit", "data": _json(change)})
    more = len(rows) == BATCH
    alert_seq = cursor.alert_seq
    if "alert" in filters.kinds:
        alerts = services.alerts.alerts_after(cursor.alert_seq, limit=BATCH)
        more = more or len(alerts) == BATCH
        for alert in alerts:
            alert_seq = max(alert_seq, int(alert.get("seq", alert_seq)))
            # the viewer's redacted view, matched on what it shows
            for view in alert_views(
                principal, [alert], holder=filters.holder, location=filters.location
            ):
                message = {"id": str(Cursor(seq, alert_seq)), "event": "alert", "data": _json(view)}
                out.append(message)
    return out, Cursor(seq, alert_seq), more


def _json(data: Any) -> str:
    return orjson.dumps(data, default=str, option=orjson.OPT_NON_STR_KEYS).decode()


async def messages(
    services: Services,
    principal: Principal,
    cursor: Cursor,
    filters: Filters,
    *,
    interval: float = 0.2,
    duration: float | None = None,
    recheck: float = RECHECK,
) -> AsyncIterator[dict[str, str]]:
    """Poll forever (or for ``duration`` seconds), yielding SSE messages as they appear.

    The token is checked again every ``recheck`` seconds: once it is revoked the stream ends,
    as the next request with it would be refused.
    """
    stop = time.monotonic() + duration if duration else None
    checked = time.monotonic()
    while True:
        if time.monotonic() - checked >= recheck:
            if not await run_in_threadpool(services.tokens.is_active, principal.token_id):
                return
            checked = time.monotonic()
        batch, cursor, more = await run_in_threadpool(poll, services, principal, cursor, filters)
        for message in batch:
            yield message
        if more:
            continue  # catching up: read the next page at once
        if stop is not None and time.monotonic() >= stop:
            return
        await asyncio.sleep(interval)
