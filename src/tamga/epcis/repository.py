"""Captured EPCIS events in the store: add with duplicate detection by Event Hash ID, capture
jobs, and the standard query with keyset pagination (same results on SQLite and PostgreSQL)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

import orjson
from sqlalchemy import (
    ColumnElement,
    Engine,
    and_,
    exists,
    func,
    insert,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from tamga.epcis import digital_link
from tamga.epcis import vocabulary as voc
from tamga.epcis.documents import RawEvent
from tamga.epcis.event_hash import canonical_time, canonical_value
from tamga.epcis.query import EventQuery, decode_token, encode_token
from tamga.errors import NotFound
from tamga.store.epcis_tables import (
    epcis_capture_jobs,
    epcis_event_biztx,
    epcis_event_epcs,
    epcis_events,
)

Status = Literal["captured", "duplicate"]
JobStatus = Literal["running", "success", "failed"]

_EPC_ROLES = {
    "epcList": "epc",
    "childEPCs": "child",
    "inputEPCList": "input",
    "outputEPCList": "output",
}
_CLASS_LISTS = ("quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList")


def utc_now() -> str:
    return canonical_time(datetime.now(UTC).isoformat())


@dataclass
class CaptureOutcome:
    index: int
    event_hash: str
    event_id: str
    status: Status
    #: what became of it beyond the EPCIS store: ``not_mapped``, ``ledger_rejected`` (field,
    #: reason) — empty when the ledger took it
    notes: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class CaptureJob:
    job_id: str
    status: JobStatus
    created_at: str
    finished_at: str | None
    event_count: int
    captured: int
    duplicates: int
    errors: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class QueryPage:
    events: list[dict[str, Any]]
    next_page_token: str | None


def _vocab_uri(kind: str, value: Any) -> str | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return voc.web_uri(kind, value)
    except ValueError:
        return value


def _place(value: Any) -> str | None:
    if isinstance(value, dict) and isinstance(value.get("id"), str):
        return canonical_value(value["id"])
    return canonical_value(value) if isinstance(value, str) else None


def _row(raw: RawEvent, record_time: str, job_id: str | None, owner: str | None) -> dict[str, Any]:
    event = dict(raw.event)
    event["recordTime"] = record_time
    event.setdefault("eventID", raw.event_hash)
    if "@context" not in event and raw.context:
        event["@context"] = raw.context
    return {
        "event_hash": raw.event_hash,
        "event_id": str(event["eventID"]),
        "event_type": str(event.get("type")),
        "event_time": canonical_time(str(event.get("eventTime", ""))),
        "record_time": record_time,
        "action": event.get("action"),
        "biz_step": _vocab_uri("bizStep", event.get("bizStep")),
        "disposition": _vocab_uri("disposition", event.get("disposition")),
        "read_point": _place(event.get("readPoint")),
        "biz_location": _place(event.get("bizLocation")),
        "job_id": job_id,
        "owner": owner,
        "payload": orjson.dumps(event).decode(),
    }


def class_of(uri: str) -> str | None:
    """The GTIN-level Digital Link of a serialised or lot-level one (``/01/<gtin>/21/7`` →
    ``/01/<gtin>``), which an EPC class pattern (``urn:epc:idpat:sgtin:…*``) names."""
    for ai in ("/01/", "/8006/"):
        head = digital_link.CANONICAL + ai
        if uri.startswith(head):
            rest = uri[len(head) :].split("/", 1)
            return head + rest[0] if len(rest) == 2 else None
    return None


def _ident(role: str, value: str, quantity: float | None = None) -> dict[str, Any]:
    epc = canonical_value(value)
    return {"role": role, "epc": epc, "quantity": quantity, "epc_class": class_of(epc)}


def _identifiers(event: dict[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = [
        _ident(role, str(epc)) for key, role in _EPC_ROLES.items() for epc in event.get(key) or []
    ]
    if isinstance(event.get("parentID"), str):
        out.append(_ident("parent", event["parentID"]))
    for key in _CLASS_LISTS:
        for q in event.get(key) or []:
            if isinstance(q, dict) and isinstance(q.get("epcClass"), str):
                amount = q.get("quantity")
                number = float(amount) if isinstance(amount, int | float) else None
                out.append(_ident("class", q["epcClass"], number))
    return out


def _transactions(event: dict[str, Any]) -> list[tuple[str, str]]:
    out = []
    for bt in event.get("bizTransactionList") or []:
        if isinstance(bt, dict) and isinstance(bt.get("bizTransaction"), str):
            kind = _vocab_uri("bizTransactionType", bt.get("type")) or ""
            out.append((kind, canonical_value(bt["bizTransaction"])))
    return out


class EpcisRepository:
    """Captured events and capture jobs on one Engine (migrated by tamga.store.database)."""

    def __init__(self, engine: Engine):
        self.engine = engine

    # ------------------------------------------------------------ capture

    def add(
        self,
        events: Sequence[RawEvent],
        *,
        job_id: str | None = None,
        owner: str | None = None,
        record_time: str | None = None,
    ) -> list[CaptureOutcome]:
        """Store events not seen before; a known Event Hash ID (also twice in one batch) is a
        duplicate. One transaction: either all new events are stored or none."""
        for attempt in range(3):
            try:
                return self._add(events, job_id, owner, record_time or utc_now())
            except IntegrityError:  # a concurrent writer stored one of these hashes first
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _add(
        self, events: Sequence[RawEvent], job_id: str | None, owner: str | None, now: str
    ) -> list[CaptureOutcome]:
        hashes = [e.event_hash for e in events]
        outcomes: list[CaptureOutcome] = []
        with self.engine.begin() as conn:
            if conn.dialect.name == "sqlite":
                # Take SQLite's write lock first: a read-then-write transaction cannot wait for
                # a concurrent writer (SQLITE_BUSY at once); a write-first one waits its turn.
                conn.execute(
                    update(epcis_capture_jobs)
                    .where(epcis_capture_jobs.c.job_id == "")
                    .values(status="running")
                )
            known: dict[str, str] = {}
            # duplicates are one owner's: another holder capturing the same event first does
            # not make this owner's own capture a duplicate
            mine = func.coalesce(epcis_events.c.owner, "") == (owner or "")
            for start in range(0, len(hashes), 500):
                chunk = hashes[start : start + 500]
                rows = conn.execute(
                    select(epcis_events.c.event_hash, epcis_events.c.event_id).where(
                        epcis_events.c.event_hash.in_(chunk), mine
                    )
                )
                known.update({r.event_hash: r.event_id for r in rows})
            new: list[tuple[RawEvent, dict[str, Any]]] = []
            for raw in events:
                if raw.event_hash in known:
                    status: Status = "duplicate"
                else:
                    status = "captured"
                    row = _row(raw, now, job_id, owner)
                    known[raw.event_hash] = row["event_id"]
                    new.append((raw, row))
                event_id = known[raw.event_hash]
                outcomes.append(CaptureOutcome(raw.index, raw.event_hash, event_id, status))
            if new:
                conn.execute(insert(epcis_events), [row for _, row in new])
                seqs: dict[str, int] = {}
                new_hashes = [raw.event_hash for raw, _ in new]
                for start in range(0, len(new_hashes), 500):
                    rows = conn.execute(
                        select(epcis_events.c.event_hash, epcis_events.c.seq).where(
                            epcis_events.c.event_hash.in_(new_hashes[start : start + 500]), mine
                        )
                    )
                    seqs.update({r.event_hash: r.seq for r in rows})
                epc_rows = [
                    {"seq": seqs[raw.event_hash], **ident}
                    for raw, _ in new
                    for ident in _identifiers(raw.event)
                ]
                tx_rows = [
                    {"seq": seqs[raw.event_hash], "type": t, "value": v}
                    for raw, _ in new
                    for t, v in _transactions(raw.event)
                ]
                if epc_rows:
                    conn.execute(insert(epcis_event_epcs), epc_rows)
                if tx_rows:
                    conn.execute(insert(epcis_event_biztx), tx_rows)
        return outcomes

    # ------------------------------------------------------------ jobs

    def create_job(self, event_count: int = 0, owner: str | None = None) -> CaptureJob:
        job = CaptureJob(uuid.uuid4().hex, "running", utc_now(), None, event_count, 0, 0, [])
        with self.engine.begin() as conn:
            conn.execute(
                insert(epcis_capture_jobs).values(
                    job_id=job.job_id,
                    status=job.status,
                    created_at=job.created_at,
                    event_count=event_count,
                    captured=0,
                    duplicates=0,
                    errors="[]",
                    owner=owner,
                )
            )
        return job

    def finish_job(
        self,
        job_id: str,
        *,
        status: JobStatus,
        event_count: int,
        captured: int = 0,
        duplicates: int = 0,
        errors: list[dict[str, Any]] | None = None,
    ) -> CaptureJob:
        with self.engine.begin() as conn:
            conn.execute(
                update(epcis_capture_jobs)
                .where(epcis_capture_jobs.c.job_id == job_id)
                .values(
                    status=status,
                    finished_at=utc_now(),
                    event_count=event_count,
                    captured=captured,
                    duplicates=duplicates,
                    errors=orjson.dumps(errors or []).decode(),
                )
            )
        return self.job(job_id)

    def job(self, job_id: str, owner: str | None = None) -> CaptureJob:
        """A capture job; with ``owner``, only that owner's job (else NotFound, not Forbidden)."""
        stmt = select(epcis_capture_jobs).where(epcis_capture_jobs.c.job_id == job_id)
        if owner is not None:
            stmt = stmt.where(epcis_capture_jobs.c.owner == owner)
        with self.engine.connect() as conn:
            row = conn.execute(stmt).first()
        if row is None:
            raise NotFound(f"no capture job {job_id!r}")
        return CaptureJob(
            row.job_id,
            row.status,
            row.created_at,
            row.finished_at,
            row.event_count,
            row.captured,
            row.duplicates,
            orjson.loads(row.errors),
        )

    # ------------------------------------------------------------ query

    def event(self, event_id: str, owner: str | None = None) -> dict[str, Any]:
        """One stored event by eventID or Event Hash ID."""
        stmt = select(epcis_events.c.payload).where(
            or_(epcis_events.c.event_id == event_id, epcis_events.c.event_hash == event_id)
        )
        if owner is not None:
            stmt = stmt.where(epcis_events.c.owner == owner)
        with self.engine.connect() as conn:
            payload = conn.execute(stmt).scalar()
        if payload is None:
            raise NotFound(f"no EPCIS event {event_id!r}")
        result: dict[str, Any] = orjson.loads(payload)
        return result

    def query(self, q: EventQuery, owner: str | None = None) -> QueryPage:
        """One page of events matching ``q`` (``owner`` restricts to that owner's captures)."""
        ev = epcis_events.c
        conditions: list[ColumnElement[bool]] = []
        if owner is not None:
            conditions.append(ev.owner == owner)
        for values, column in (
            (q.event_types, ev.event_type),
            (q.actions, ev.action),
            (q.biz_steps, ev.biz_step),
            (q.dispositions, ev.disposition),
            (q.read_points, ev.read_point),
            (q.biz_locations, ev.biz_location),
        ):
            if values:
                conditions.append(column.in_(values))
        bounds = {
            "GE_eventTime": ev.event_time.__ge__,
            "LT_eventTime": ev.event_time.__lt__,
            "GE_recordTime": ev.record_time.__ge__,
            "LT_recordTime": ev.record_time.__lt__,
        }
        for name, moment in q.times.items():
            conditions.append(bounds[name](moment))
        for values, roles in (
            (q.match_epc, ("epc", "child")),
            (q.match_any_epc, ("epc", "child", "input", "output", "parent")),
            (q.match_epc_class, ("class",)),
            (q.match_parent_id, ("parent",)),
        ):
            if values:
                conditions.append(_matches(values, roles))
        if q.quantity:
            ep = epcis_event_epcs.c
            compare = {
                "EQ": ep.quantity.__eq__,
                "GT": ep.quantity.__gt__,
                "GE": ep.quantity.__ge__,
                "LT": ep.quantity.__lt__,
                "LE": ep.quantity.__le__,
            }
            tests = [compare[op](value) for op, value in q.quantity.items()]
            conditions.append(exists().where(and_(ep.seq == ev.seq, ep.role == "class", *tests)))
        for kind, values in q.biz_transactions.items():
            tx = epcis_event_biztx.c
            conditions.append(
                ev.seq.in_(select(tx.seq).where(and_(tx.type == kind, tx.value.in_(values))))
            )
        sort = {"seq": ev.seq, "eventTime": ev.event_time, "recordTime": ev.record_time}[q.order_by]
        key = decode_token(q)
        served = 0
        if key is not None:
            value, seq, served = key
            if q.descending:
                conditions.append(or_(sort < value, and_(sort == value, ev.seq < seq)))
            else:
                conditions.append(or_(sort > value, and_(sort == value, ev.seq > seq)))
        order = [sort.desc(), ev.seq.desc()] if q.descending else [sort.asc(), ev.seq.asc()]
        limit = q.per_page
        if q.event_count_limit is not None:
            limit = max(0, min(limit, q.event_count_limit - served))
        stmt = (
            select(ev.seq, sort.label("sort_key"), ev.payload)
            .where(and_(literal(True), *conditions))
            .order_by(*order)
            .limit(limit + 1)
        )
        with self.engine.connect() as conn:
            rows = conn.execute(stmt).all()
        more = len(rows) > limit
        rows = rows[:limit]
        if q.event_count_limit is not None and served + len(rows) >= q.event_count_limit:
            more = False
        last = [rows[-1].sort_key, rows[-1].seq, served + len(rows)] if rows else None
        token = encode_token(q, last) if more and last else None
        return QueryPage([orjson.loads(r.payload) for r in rows], token)


def _matches(values: list[str], roles: tuple[str, ...]) -> ColumnElement[bool]:
    """An identifier equal to a value, or of that class (a GTIN-level value matches serials)."""
    ep = epcis_event_epcs.c
    hits = select(ep.seq).where(
        and_(ep.role.in_(roles), or_(ep.epc.in_(values), ep.epc_class.in_(values)))
    )
    return epcis_events.c.seq.in_(hits)
