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
from dataclasses import dataclass
from enum import StrEnum
from itertools import zip_longest
from typing import Any

from sqlalchemy import Engine

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
from tamga.store import ledger_read


class ProblemKind(StrEnum):
    """What verification found wrong; tests and scripts match these, not the message."""

    #: a seq is missing from the log (an event removed)
    SEQ_MISSING = "seq_missing"
    #: an event's payload does not hash to its stored content hash
    CONTENT_CHANGED = "content_changed"
    #: an event's chain hash does not follow from the one before (reordered or re-hashed)
    CHAIN_BROKEN = "chain_broken"
    #: a log row's column disagrees with its payload
    COLUMN_CHANGED = "column_changed"
    #: the chain-head row does not match the last event (events removed at the end)
    HEAD_MISMATCH = "head_mismatch"
    #: the anchor's event is no longer in the log (tail removed)
    ANCHOR_MISSING = "anchor_missing"
    #: the anchor's event is there with another chain hash
    ANCHOR_MISMATCH = "anchor_mismatch"
    #: a projection row that a replay of the log does not produce
    PROJECTION_EXTRA = "projection_extra"
    #: a projection row that a replay produces but the store lacks
    PROJECTION_MISSING = "projection_missing"
    #: a projection row whose columns differ from a replay's
    PROJECTION_CHANGED = "projection_changed"


@dataclass(frozen=True, slots=True)
class IntegrityProblem:
    """One thing ``verify`` found: its kind, where (event, column, projection row), and a
    sentence for people."""

    kind: ProblemKind
    message: str
    seq: int | None = None
    event_id: str | None = None
    #: the column that disagrees (several, comma-separated, where a projection row differs)
    field: str | None = None
    #: the projection table and the row's key, for projection problems
    table: str | None = None
    key: tuple[Any, ...] | None = None

    def __str__(self) -> str:
        return self.message

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "seq": self.seq,
            "event_id": self.event_id,
            "field": self.field,
            "table": self.table,
            "key": list(self.key) if self.key is not None else None,
            "message": self.message,
        }


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


def row_problems(row: Any, event: Event) -> list[IntegrityProblem]:
    """The columns of a log row that disagree with its payload."""
    out = []
    for column, expected in logged_facts(event).items():
        stored = getattr(row, column)
        if stored != expected:
            where = f"seq {row.seq} ({row.event_id})"
            message = f"{where}: column {column} is {stored!r}, the log says {expected!r}"
            out.append(
                IntegrityProblem(
                    ProblemKind.COLUMN_CHANGED, message, row.seq, row.event_id, field=column
                )
            )
    return out


def _rows(engine: Engine, name: str) -> Iterator[tuple[Any, ...]]:
    with engine.connect() as conn:
        yield from ledger_read.projection_rows(conn, name)


def projection_problems(live: Engine, replayed: Engine, limit: int = 100) -> list[IntegrityProblem]:
    """Every row of each projection against the same table rebuilt from the log (full)."""
    out: list[IntegrityProblem] = []
    for table, key in ledger_read.PROJECTION_KEYS.items():
        width = len(key)
        names = ledger_read.projection_columns(table)
        at = [names.index(k) for k in key]
        for stored, rebuilt in zip_longest(_rows(live, table), _rows(replayed, table)):
            if stored == rebuilt:
                continue
            if stored is None or rebuilt is None:
                row = stored if stored is not None else rebuilt
                assert row is not None
                ident = tuple(row[i] for i in at)[:width]
                if stored is not None:
                    kind, what = ProblemKind.PROJECTION_EXTRA, "not in a replay of the log"
                else:
                    kind, what = ProblemKind.PROJECTION_MISSING, "missing"
                message = f"{table} {ident}: {what}"
                out.append(IntegrityProblem(kind, message, table=table, key=ident))
            else:
                ident = tuple(stored[i] for i in at)
                changed = ", ".join(
                    n for n, a, b in zip(names, stored, rebuilt, strict=True) if a != b
                )
                message = f"{table} {ident}: {changed} differ from a replay"
                out.append(
                    IntegrityProblem(
                        ProblemKind.PROJECTION_CHANGED,
                        message,
                        field=changed,
                        table=table,
                        key=ident,
                    )
                )
            if len(out) >= limit:
                return out
    return out
