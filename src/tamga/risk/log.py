"""The ledger's log read back as the rules see it: ``Applied`` records rebuilt from the store.

A live listener is handed each committed batch as the ledger engine produced it. Events another
process committed (another API worker, the CLI) reach this process only through the store, so
the risk follower reads them back here: the event from its logged payload (parsed as
``LedgerService.rebuild`` parses it), and its effects from what the ledger recorded when it
applied it, without applying anything again:

- each goods line's holder, lot, unbacked quantity, provenance and localization from
  ``event_lines`` (written from the very ``LineResult`` the live listener saw);
- ``late`` and the time from the log row;
- the transit the event concerns (``events.transit_id``, which the ledger sets exactly when the
  applied event carries a transit) from ``transits``, with the change it made.

A line or transit missing from the store (only while a rebuild replays the log) stops the read
with an error rather than giving the rules less than the live path gave them. The transit is
its stored row, i.e. as it is now; the live path's transit object is likewise
the one the batch left behind, and rules read only what a transit declared at its start.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson
from sqlalchemy import Connection

from tamga.errors import IntegrityError
from tamga.ledger.engine import Applied, LineResult
from tamga.ledger.model import Event, TransferEvent, TransitEnd
from tamga.ledger.parsing import EVENT_ADAPTER
from tamga.ledger.provenance import Parts
from tamga.ledger.state import DISCHARGED, Transit
from tamga.store import ledger_read

#: events read per round trip
CHUNK = 5000
_CHANGES = {"transit_start": "started", "checkpoint": "moved"}


def read_applied(
    conn: Connection, after: int, upto: int | None = None, chunk: int = CHUNK
) -> Iterator[list[Applied]]:
    """The logged events with ``after < seq <= upto`` (to the end if ``upto`` is None), in
    ``seq`` order, as ``Applied`` records, a chunk at a time."""
    last = after
    while upto is None or last < upto:
        rows = ledger_read.logged_events(conn, last, upto, chunk)
        if not rows:
            return
        first, last = rows[0].seq, rows[-1].seq
        lines = ledger_read.applied_lines(conn, first, last)
        found = ledger_read.transits_by_id(conn, (r.transit_id for r in rows if r.transit_id))
        yield [_applied(row, lines, found) for row in rows]


def _applied(
    row: Any, lines: dict[tuple[int, str, int], Any], found: dict[str, Transit]
) -> Applied:
    event: Event = EVENT_ADAPTER.validate_json(row.payload)
    applied = Applied(event, row.seq, row.time, bool(row.late))
    seq = row.seq
    for role, goods in _roles(event):
        for line in goods:
            r = lines.get((seq, role, line.line_no))
            if r is None:
                raise _incomplete(seq, f"{role} {line.line_no}")
            applied.lines.append(
                LineResult(
                    role,
                    line,
                    r.holder,
                    lot_id=r.lot_id,
                    unbacked=float(r.unbacked_qty or 0.0),
                    parts=Parts.from_json(orjson.loads(r.provenance)) if r.provenance else None,
                    localization=r.localization,
                )
            )
    if row.transit_id:
        transit = found.get(row.transit_id)
        if transit is None:
            raise _incomplete(seq, f"transit {row.transit_id}")
        applied.transit = transit
        applied.transit_change = _change(event, transit)
    return applied


def _incomplete(seq: int, what: str) -> IntegrityError:
    # the ledger writes a line row for every line it applies, and the transit it touches, in
    # the event's own transaction: only a rebuild (projections cleared, being replayed) lacks
    # them. Scoring must not go on with less than the live path saw; it is retried later.
    return IntegrityError(
        f"the ledger's projections lack the {what} of event seq {seq} (a rebuild running?)"
    )


def _roles(event: Event) -> list[tuple[str, list[Any]]]:
    """An event's goods lines by role, in the order the ledger engine applies them."""
    inputs = getattr(event, "inputs", None)
    if inputs is not None:
        return [("input", inputs), ("output", getattr(event, "outputs", []))]
    return [("line", list(getattr(event, "lines", None) or []))]


def _change(event: Event, transit: Transit) -> str | None:
    if isinstance(event, TransferEvent):
        return "diverted"
    if isinstance(event, TransitEnd):
        if event.location != transit.office_of_destination:
            return "diverted"
        return "discharged" if transit.state == DISCHARGED else None
    return _CHANGES.get(event.type)
