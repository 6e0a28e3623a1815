"""What a batch of events is on its way into the log, and the hash chain that links the log.

A leaf of the store: it imports the ledger's domain and no other store module, so the write
path, the pipeline, verification and the case file can all share it without importing each
other. :class:`BatchWriter` is the one interface an ingest writes through (the direct writer
or the pipelined one, picked in :func:`tamga.store.pipeline.batch_writer`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

import orjson

from tamga.errors import EventRejected
from tamga.ledger.engine import Applied
from tamga.ledger.model import Event, ExportEvent, ImportEvent, TransferEvent

#: the chain hash before the first event
GENESIS = "0" * 64


@dataclass(slots=True)
class Candidate:
    """A parsed event on its way into the log, with its canonical content and its hash."""

    ref: str
    event: Event
    payload: str
    content_hash: str


@dataclass(slots=True)
class Outcome:
    """What became of one candidate: accepted (with what it did), a duplicate, or rejected."""

    ref: str
    event_id: str
    status: Literal["accepted", "duplicate", "rejected"]
    error: EventRejected | None = None
    applied: Applied | None = None


#: takes the outcomes of committed batches, one list per batch, in the order they were submitted
Deliver = Callable[[list[list[Outcome]]], None]


class BatchWriter(Protocol):
    """Writes batches of candidates into the log; outcomes go to ``deliver`` once committed.

    The direct writer commits each batch before ``submit`` returns; the pipelined one
    (:mod:`tamga.store.pipeline`) delivers a batch's outcomes later, with a later ``submit`` or
    ``finish``. Either way ``deliver`` sees every batch once, in order, and only after its commit.
    """

    def submit(self, candidates: Sequence[Candidate], deliver: Deliver) -> None:
        """Apply and write one batch (its events' ids unique within it)."""

    def finish(self, deliver: Deliver) -> None:
        """Commit everything submitted and deliver what is left."""

    def close(self) -> None:
        """Release the writer; what is not committed is abandoned, as a crash would. Idempotent."""


def canonical(event: Event) -> tuple[str, str]:
    """The canonical JSON of an event and its SHA-256: equal content, equal hash."""
    # what model_dump(mode="json", exclude_none=True) does, without its Python wrapper
    fields = event.__pydantic_serializer__.to_python(event, mode="json", exclude_none=True)
    payload = orjson.dumps(fields, option=orjson.OPT_SORT_KEYS)
    return payload.decode(), hashlib.sha256(payload).hexdigest()


def chain(previous: str, content_hash: str) -> str:
    """The chain hash of an event: its content hash linked to the chain hash before it."""
    return hashlib.sha256(f"{previous}{content_hash}".encode()).hexdigest()


def claim_of(event: Event) -> tuple[str, str, str] | None:
    """The number an event claims for its holder: (field, number, holder), or None."""
    match event:
        case ImportEvent():
            return "declaration_no", event.declaration_no, event.consignee
        case ExportEvent():
            return "declaration_no", event.declaration_no, event.exporter
        case TransferEvent():
            return "invoice_no", event.invoice_no, event.seller
    return None


def unavailable(name: str, value: str, record: str) -> EventRejected:
    """The one refusal for an identifier this event may not use: the same words whether
    another holder owns it or the reporter used it before for other content, so the reply
    tells nobody whose it is."""
    return EventRejected(
        f"{name} {value!r} is not available for this event", record=record, field=name
    )
