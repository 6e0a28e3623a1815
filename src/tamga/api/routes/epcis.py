"""GS1 EPCIS 2.0 under ``/epcis/``: capture jobs, single-event capture, the standard query.

The EPCIS part (``tamga.epcis.service.EpcisService``) stores and deduplicates; this router
adds who may do it. Events that map to ledger events go through the same per-event policy and
audit as ``POST /api/v1/events``. Scoping: a trader's captures and queries are its holder's
own; an officer's are its office's own captures; analysts and admins query everything.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Path, Query, Request, Response
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from tamga.api.capture import capture
from tamga.api.deps import Caller, Svc
from tamga.api.problems import COMMON_ERRORS, NOT_FOUND, Problem
from tamga.auth import Principal, audit
from tamga.auth.policy import Action, require
from tamga.epcis.service import EpcisService, query_document
from tamga.services import Services

router = APIRouter(prefix="/epcis", tags=["epcis"], responses={**COMMON_ERRORS, **NOT_FOUND})

EPCIS_JSON = "application/ld+json"
_DOCUMENT_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/ld+json": {"schema": {"type": "object"}},
            "application/json": {"schema": {"type": "object"}},
            "application/xml": {"schema": {"type": "string"}},
        },
    }
}


def owner_of(principal: Principal) -> str | None:
    """The EPCIS store's owner key for this principal (``None``: sees every capture)."""
    if principal.is_trader:
        return principal.holder
    if principal.is_officer:
        return f"office:{principal.office}"
    return None


def _service(services: Services, principal: Principal) -> EpcisService:
    """An EPCIS service whose ledger hand-off applies this principal's capture policy."""

    def ingest(bodies: list[dict[str, Any]]) -> list[Any]:
        # one outcome per event (status, field, reason): the service notes each refusal
        return list(capture(services, principal, bodies, source="epcis").results)

    return EpcisService(services.engine, ledger_ingest=ingest)


def _job_view(job: Any) -> dict[str, Any]:
    data: dict[str, Any] = job.as_dict()
    data["location"] = f"/epcis/capture/{job.job_id}"
    return data


@router.post(
    "/capture",
    status_code=202,
    summary="Capture an EPCIS document (asynchronous job)",
    responses={202: {"description": "Job accepted; poll its Location"}},
    openapi_extra=_DOCUMENT_BODY,
)
async def capture_document(
    request: Request, background: BackgroundTasks, services: Svc, principal: Caller
) -> JSONResponse:
    require(principal, Action.CAPTURE)
    body = await request.body()
    content_type = request.headers.get("content-type")
    epcis = _service(services, principal)
    owner = owner_of(principal)
    job = await run_in_threadpool(epcis.start_capture, owner)
    background.add_task(run_in_threadpool, epcis.run_capture, job.job_id, body, content_type, owner)
    await run_in_threadpool(
        audit,
        services.engine,
        actor=principal.token_id,
        role=principal.role.value,
        action="epcis.capture",
        target=job.job_id,
        detail={"bytes": len(body), "content_type": content_type},
    )
    return JSONResponse(
        _job_view(job), status_code=202, headers={"Location": f"/epcis/capture/{job.job_id}"}
    )


@router.get("/capture/{capture_id}", summary="A capture job's status")
def capture_job(
    capture_id: Annotated[str, Path(min_length=1, max_length=100)],
    services: Svc,
    principal: Caller,
) -> dict[str, Any]:
    return _job_view(_service(services, principal).job(capture_id, owner_of(principal)))


@router.post(
    "/events",
    status_code=201,
    summary="Capture one EPCIS event",
    responses={201: {"description": "Captured (or a duplicate by Event Hash ID)"}},
    openapi_extra=_DOCUMENT_BODY,
)
async def capture_event(request: Request, services: Svc, principal: Caller) -> JSONResponse:
    require(principal, Action.CAPTURE)
    body = await request.body()
    epcis = _service(services, principal)
    outcome = await run_in_threadpool(
        epcis.capture_event, body, request.headers.get("content-type"), owner_of(principal)
    )
    await run_in_threadpool(
        audit,
        services.engine,
        actor=principal.token_id,
        role=principal.role.value,
        action="epcis.event",
        target=outcome.event_id,
        detail={"status": outcome.status, "event_hash": outcome.event_hash},
    )
    return JSONResponse(
        dict(outcome.__dict__),
        status_code=201,
        headers={"Location": f"/epcis/events/{outcome.event_id}"},
    )


@router.get(
    "/events",
    summary="Query events (SimpleEventQuery parameters), paginated by nextPageToken",
    responses={
        200: {"content": {EPCIS_JSON: {"schema": {"type": "object"}}}},
        422: {"model": Problem},
    },
)
def query_events(
    request: Request,
    services: Svc,
    principal: Caller,
    eventType: Annotated[list[str] | None, Query(description="e.g. ObjectEvent")] = None,
    GE_eventTime: Annotated[str | None, Query(max_length=40)] = None,
    LT_eventTime: Annotated[str | None, Query(max_length=40)] = None,
    EQ_bizStep: Annotated[list[str] | None, Query()] = None,
    EQ_bizLocation: Annotated[list[str] | None, Query()] = None,
    MATCH_epc: Annotated[list[str] | None, Query()] = None,
    perPage: Annotated[int | None, Query(ge=1, le=1000)] = None,
    nextPageToken: Annotated[str | None, Query(max_length=2000)] = None,
) -> Response:
    """Every standard parameter is accepted (``EQ_bizTransaction_<type>``, ``EQ_readPoint``,
    ``GE_recordTime``, ``orderBy``, ...); the declared ones are the common few."""
    params: dict[str, Any] = {}
    for name in request.query_params:
        values = request.query_params.getlist(name)
        params[name] = values if len(values) > 1 else values[0]
    page = _service(services, principal).query(params, owner_of(principal))
    headers = {}
    if page.next_page_token:
        link = request.url.include_query_params(nextPageToken=page.next_page_token)
        headers["Link"] = f'<{link}>; rel="next"'
    document = query_document(page.events)
    if page.next_page_token:
        document["nextPageToken"] = page.next_page_token
    return JSONResponse(document, headers=headers, media_type=EPCIS_JSON)


@router.get("/events/{event_id:path}", summary="One captured event (eventID or Event Hash ID)")
def get_event(event_id: str, services: Svc, principal: Caller) -> JSONResponse:
    event = _service(services, principal).event(event_id, owner_of(principal))
    return JSONResponse(event, media_type=EPCIS_JSON)
