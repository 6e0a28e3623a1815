"""The EPCIS interface for the REST API: capture (documents as jobs, single events), query, jobs.

Captured events are stored as EPCIS (deduplicated by Event Hash ID). Events that map to tamga
ledger events are handed, after storage, to the ``ledger_ingest`` callable given at construction,
so this package never reaches into the ledger's internals. An event that is valid EPCIS but has no
ledger meaning (a sensor reading, an AggregationEvent) is stored and noted in the job, not refused.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from tamga.epcis.documents import Document, read_document
from tamga.epcis.mapping import CONTEXT, MappingRefused, from_epcis, to_epcis
from tamga.epcis.query import EventQuery, parse_query
from tamga.epcis.repository import (
    CaptureJob,
    CaptureOutcome,
    EpcisRepository,
    QueryPage,
    utc_now,
)
from tamga.epcis.validation import EventInvalid, validate_document
from tamga.errors import InvalidInput, TamgaError

log = logging.getLogger(__name__)

#: ``ingest(events) -> outcomes``: tamga event dicts in; it may return one outcome per event
#: (objects with ``status`` and ``error``, like LedgerService.ingest) or raise a TamgaError
LedgerIngest = Callable[[list[dict[str, Any]]], object]


def _error(exc: InvalidInput, kind: str) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": kind, "record": exc.record, "field": exc.field}
    out["reason"] = exc.reason
    if isinstance(exc, EventInvalid) and len(exc.errors) > 1:
        out["all"] = exc.errors
    return out


@dataclass
class CaptureResult:
    """The outcome of one document: the job record plus each event's capture outcome."""

    job: CaptureJob
    outcomes: list[CaptureOutcome]


class EpcisService:
    """``EpcisService(engine, ledger_ingest=callable)``; ``owner`` scopes captures and queries to
    one holder (a trader sees only what it captured)."""

    def __init__(self, engine: Engine, ledger_ingest: LedgerIngest | None = None):
        self.repository = EpcisRepository(engine)
        self.ledger_ingest = ledger_ingest

    # ------------------------------------------------------------ capture

    def start_capture(self, owner: str | None = None) -> CaptureJob:
        """A running job (the API answers 202 with it, then calls ``run_capture``)."""
        return self.repository.create_job(owner=owner)

    def run_capture(
        self,
        job_id: str,
        body: bytes | str,
        content_type: str | None = None,
        owner: str | None = None,
    ) -> CaptureResult:
        """Validate and store a whole document (all-or-nothing, as EPCIS capture is).

        The job always ends: a failure nobody foresaw marks it ``failed`` (and is logged), so
        no job stays ``running`` forever.
        """
        try:
            return self._run_capture(job_id, body, content_type, owner)
        except Exception:
            log.exception("EPCIS capture job %s failed", job_id)
            job = self.repository.finish_job(
                job_id,
                status="failed",
                event_count=0,
                errors=[{"kind": "internal", "reason": "the capture could not be completed"}],
            )
            return CaptureResult(job, [])

    def _run_capture(
        self, job_id: str, body: bytes | str, content_type: str | None, owner: str | None
    ) -> CaptureResult:
        try:
            doc = read_document(body, content_type)
            validate_document(doc)
        except InvalidInput as exc:
            job = self.repository.finish_job(
                job_id, status="failed", event_count=0, errors=[_error(exc, "invalid")]
            )
            return CaptureResult(job, [])
        try:
            outcomes = self.repository.add(doc.events, job_id=job_id, owner=owner)
        except TamgaError as exc:
            job = self.repository.finish_job(
                job_id,
                status="failed",
                event_count=len(doc.events),
                errors=[{"kind": "store", "reason": str(exc)}],
            )
            return CaptureResult(job, [])
        notes = self._to_ledger(doc, outcomes)
        captured = sum(o.status == "captured" for o in outcomes)
        job = self.repository.finish_job(
            job_id,
            status="success",
            event_count=len(doc.events),
            captured=captured,
            duplicates=len(outcomes) - captured,
            errors=notes,
        )
        return CaptureResult(job, outcomes)

    def capture_document(
        self, body: bytes | str, content_type: str | None = None, owner: str | None = None
    ) -> CaptureResult:
        """``POST /epcis/capture`` done synchronously: a job, run to its end."""
        job = self.start_capture(owner)
        return self.run_capture(job.job_id, body, content_type, owner)

    def capture_event(
        self,
        body: bytes | str | dict[str, Any],
        content_type: str | None = None,
        owner: str | None = None,
    ) -> CaptureOutcome:
        """``POST /epcis/events``: one bare event; raises InvalidInput (event and field named)."""
        if isinstance(body, dict):
            from tamga.epcis.documents import read_json

            doc = read_json(body)
        else:
            doc = read_document(body, content_type)
        if doc.kind != "event" or len(doc.events) != 1:
            raise InvalidInput("expected one bare EPCIS event", field="body")
        validate_document(doc)
        outcomes = self.repository.add(doc.events, owner=owner)
        outcomes[0].notes = self._to_ledger(doc, outcomes)  # the ledger's refusal, if any
        return outcomes[0]

    def _to_ledger(self, doc: Document, outcomes: list[CaptureOutcome]) -> list[dict[str, Any]]:
        """Map newly captured events to tamga events and hand them to the ledger ingest."""
        notes: list[dict[str, Any]] = []
        mapped: list[tuple[int, dict[str, Any]]] = []
        for raw, outcome in zip(doc.events, outcomes, strict=True):
            if outcome.status != "captured":
                continue
            try:
                mapped.append((raw.index, from_epcis(raw.event, raw.event_hash)))
            except MappingRefused as exc:
                notes.append(_error(exc, "not_mapped") | {"index": raw.index})
        if not mapped or self.ledger_ingest is None:
            return notes
        try:
            results = self.ledger_ingest([event for _, event in mapped])
            if isinstance(results, list) and len(results) == len(mapped):
                for (index, _), result in zip(mapped, results, strict=True):
                    if getattr(result, "status", None) == "rejected":
                        error = getattr(result, "error", None)
                        reason = getattr(result, "reason", None) or getattr(error, "reason", None)
                        field = getattr(result, "field", None) or getattr(error, "field", None)
                        note: dict[str, Any] = {"kind": "ledger_rejected", "index": index}
                        note["field"] = field
                        notes.append(note | {"reason": str(reason or "rejected by the ledger")})
        except TamgaError:
            for index, event in mapped:  # isolate the refused ones; the others still go in
                try:
                    self.ledger_ingest([event])
                except TamgaError as exc:
                    refused: dict[str, Any] = {"kind": "ledger_rejected", "index": index}
                    notes.append(refused | {"reason": str(exc)})
        return notes

    # ------------------------------------------------------------ query

    def job(self, job_id: str, owner: str | None = None) -> CaptureJob:
        return self.repository.job(job_id, owner)

    def query(self, params: Mapping[str, Any] | EventQuery, owner: str | None = None) -> QueryPage:
        q = params if isinstance(params, EventQuery) else parse_query(params)
        return self.repository.query(q, owner)

    def event(self, event_id: str, owner: str | None = None) -> dict[str, Any]:
        return self.repository.event(event_id, owner)


def query_document(events: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """An EPCISQueryDocument (JSON-LD) around events, e.g. a QueryPage's or mapped tamga events."""
    return {
        "@context": CONTEXT,
        "type": "EPCISQueryDocument",
        "schemaVersion": "2.0",
        "creationDate": utc_now(),
        "epcisBody": {
            "queryResults": {
                "queryName": "SimpleEventQuery",
                "resultsBody": {"eventList": list(events)},
            }
        },
    }


def tamga_events_as_epcis(events: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """tamga ledger events as EPCIS events, skipping kinds EPCIS has no equivalent for."""
    out = []
    for event in events:
        try:
            out.append(to_epcis(event))
        except MappingRefused:
            continue
    return out
