"""The live part of the pages: a server-sent-events stream of new ledger events and alerts.

It reads the log by sequence number (the primary key) a few times a second, so it sees events
however they arrived — this process's API, another worker, the CLI. Alerts the risk rules raise
(or analysts work) follow from the alert service's own sequence. Each ``id`` is both marks,
``"<event seq>:<alert seq>"``: a browser that reconnects with ``Last-Event-ID`` resumes after the
last event and the last alert it saw, so an alert raised while it was away is not lost.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import AsyncIterator, Callable
from typing import Any, Protocol

import orjson
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from tamga.dashboard.access import Viewer, visible_events
from tamga.dashboard.alert_feed import FeedAlert
from tamga.dashboard.names import Names
from tamga.store import ledger_read
from tamga.wording import i18n

_MARK = re.compile(r"[0-9]{1,19}")  # a stream mark: ASCII digits within 64 bits

BATCH = 200
#: seconds between checks that the stream's token is still valid
RECHECK = 10.0


class AlertFeed(Protocol):
    """Alerts one viewer may see, by the alert service's sequence number."""

    def last_seq(self) -> int: ...

    def after(self, seq: int) -> tuple[list[FeedAlert], int]: ...


def last_seq(engine: Engine) -> int:
    with engine.connect() as conn:
        return ledger_read.newest_seq(conn)


def resume_marks(header: str | None) -> tuple[int | None, int | None]:
    """The event and alert marks in a ``Last-Event-ID`` (``"12:5"``; a bare ``"12"`` names the
    event mark only); ``None`` for a mark it does not give."""
    event, _, alert = (header or "").partition(":")
    if not _MARK.fullmatch(event) or int(event) >= 2**63:
        return None, None
    return int(event), int(alert) if _MARK.fullmatch(alert) and int(alert) < 2**63 else None


def events_after(
    engine: Engine, after: int, viewer: Viewer, lang: str = i18n.DEFAULT
) -> tuple[list[dict[str, Any]], int]:
    """Events after ``after`` the viewer may see (with their line value and the holders'
    names in ``lang``), and the new mark."""
    with engine.connect() as conn:
        rows = ledger_read.listed_events_after(conn, after, BATCH)
    mark = int(rows[-1]["seq"]) if rows else after
    seen = [dict(r) for r in visible_events(engine, viewer, rows)]
    if seen:
        known = Names(engine).prime(
            p for r in seen for p in (r.get("holder"), r.get("counterparty"))
        )
        with i18n.language(lang):
            for r in seen:
                for key in ("holder", "counterparty"):
                    name = known.get(r[key]) if r.get(key) else None
                    if name is not None:
                        r[f"{key}_name"] = name.shown(lang)
    return seen, mark


async def stream(
    request: Request,
    engine: Engine,
    viewer: Viewer,
    poll: float,
    still_valid: Callable[[], bool] | None = None,
    alerts: AlertFeed | None = None,
    lang: str = i18n.DEFAULT,
) -> AsyncIterator[bytes]:
    """SSE frames: ``event: ledger`` per visible event (ids are sequence numbers) and
    ``event: alert`` per alert raised or worked since the stream began.

    ``still_valid`` is asked every ``RECHECK`` seconds: a revoked token ends the stream.
    """
    event_mark, alert_mark_seen = resume_marks(request.headers.get("last-event-id"))
    after = event_mark if event_mark is not None else await run_in_threadpool(last_seq, engine)
    alert_mark = 0
    if alerts is not None:
        if alert_mark_seen is not None:
            alert_mark = alert_mark_seen
        else:
            alert_mark = await run_in_threadpool(alerts.last_seq)
    yield b"retry: 1000\n\n"
    checked = time.monotonic()
    while not await request.is_disconnected():
        if still_valid is not None and time.monotonic() - checked > RECHECK:
            if not await run_in_threadpool(still_valid):
                yield b"event: signed-out\ndata: {}\n\n"
                return
            checked = time.monotonic()
        rows, mark = await run_in_threadpool(events_after, engine, after, viewer, lang)
        for row in rows:
            frame = (row["seq"], alert_mark, orjson.dumps(row))
            yield b"id: %d:%d\nevent: ledger\ndata: %s\n\n" % frame
        new_alerts = alert_mark
        if alerts is not None:
            raised, new_alerts = await run_in_threadpool(alerts.after, alert_mark)
            for alert in raised:
                yield b"event: alert\ndata: %s\n\n" % orjson.dumps(alert)
        if mark != after or new_alerts != alert_mark:
            more = mark != after  # a full page of events: read on without waiting
            after, alert_mark = mark, new_alerts
            yield b"id: %d:%d\n: mark\n\n" % (after, alert_mark)
            if more:
                continue
        yield b": idle\n\n"
        await asyncio.sleep(poll)
