"""Capture on behalf of a principal: parse, check the policy per event, ingest, audit.

Each event is decided on its own: a malformed event, or one this principal may not report,
is rejected with its field and reason and never blocks the valid ones beside it. Shared by
``POST /api/v1/events`` and the EPCIS endpoints (which map EPCIS events to these bodies).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tamga.api.models import CaptureResult, EventOutcome
from tamga.auth import Principal, audit
from tamga.auth.policy import Action, check_capture, check_checkpoint, require
from tamga.errors import EventRejected, InvalidInput
from tamga.ledger.model import Checkpoint, Event
from tamga.ledger.parsing import parse_event
from tamga.services import Services
from tamga.store import ledger_read

MAX_BATCH = 10_000


def _rejected(i: int, body: Any, err: EventRejected) -> EventOutcome:
    eid = body.get("event_id") if isinstance(body, dict) else None
    return EventOutcome(
        index=i,
        event_id=str(eid) if eid is not None else None,
        status="rejected",
        field=err.field,
        reason=err.reason,
    )


def _checkpoint_transits(
    services: Services, principal: Principal, parsed: Sequence[Event]
) -> dict[str, dict[str, Any]]:
    """The transits an officer's checkpoints name (one query), for the route check."""
    if not principal.is_officer:
        return {}
    ids = sorted({e.transit_id for e in parsed if isinstance(e, Checkpoint)})
    if not ids:
        return {}
    cols = ("state", "end_time", "office_of_departure", "office_of_destination")
    with services.engine.connect() as conn:
        return ledger_read.transit_columns(conn, ids, cols)


def capture(
    services: Services, principal: Principal, bodies: Sequence[Any], source: str = "api"
) -> CaptureResult:
    require(principal, Action.CAPTURE)
    if len(bodies) > MAX_BATCH:
        raise InvalidInput(f"a batch holds at most {MAX_BATCH} events, not {len(bodies)}")
    outcomes: list[EventOutcome | None] = [None] * len(bodies)
    slots: list[int] = []
    allowed: list[Any] = []
    parsed: list[tuple[int, Any, Event]] = []
    for i, body in enumerate(bodies):
        ref = f"[{i}]"
        try:
            event = parse_event(body, ref)
            check_capture(principal, event, ref)
        except EventRejected as err:
            outcomes[i] = _rejected(i, body, err)
            continue
        parsed.append((i, body, event))
    routes = _checkpoint_transits(services, principal, [e for _, _, e in parsed])
    for i, body, event in parsed:
        try:
            if isinstance(event, Checkpoint):
                check_checkpoint(principal, event, routes.get(event.transit_id), f"[{i}]")
        except EventRejected as err:
            outcomes[i] = _rejected(i, body, err)
            continue
        slots.append(i)
        allowed.append(body)
    seqs: list[int] = []
    if allowed:
        for i, o in zip(slots, services.ledger.ingest(allowed, source=source), strict=True):
            applied = o.applied
            if o.status == "rejected" and o.error is not None:
                outcomes[i] = _rejected(i, bodies[i], o.error)
                continue
            if applied is not None:
                seqs.append(applied.seq)
            outcomes[i] = EventOutcome(
                index=i,
                event_id=o.event_id,
                status=o.status,
                seq=applied.seq if applied else None,
                late=applied.late if applied else None,
            )
    results = [o for o in outcomes if o is not None]
    counts = {s: sum(1 for o in results if o.status == s) for s in ("accepted", "duplicate")}
    result = CaptureResult(
        accepted=counts["accepted"],
        duplicate=counts["duplicate"],
        rejected=len(results) - counts["accepted"] - counts["duplicate"],
        results=results,
    )
    audit(
        services.engine,
        actor=principal.token_id,
        role=principal.role.value,
        action=f"{source}.capture",
        target=f"{len(bodies)} events",
        detail={
            "accepted": result.accepted,
            "duplicate": result.duplicate,
            "rejected": result.rejected,
            "seqs": [min(seqs), max(seqs)] if seqs else None,
            "event_ids": [o.event_id for o in results if o.status == "accepted"][:100],
        },
    )
    return result
