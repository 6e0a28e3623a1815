"""``GET /api/v1/stream``: server-sent events of new events, transit changes and alerts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query, Request
from sse_starlette import EventSourceResponse
from starlette.concurrency import run_in_threadpool

from tamga.api.deps import Caller, Svc
from tamga.api.problems import COMMON_ERRORS
from tamga.api.stream import KINDS, Cursor, Filters, current_cursor, messages
from tamga.auth.policy import check_holder
from tamga.errors import InvalidInput

router = APIRouter(prefix="/api/v1", tags=["stream"], responses=COMMON_ERRORS)


@router.get(
    "/stream",
    summary="Live: new events, transit changes and alerts (server-sent events)",
    response_class=EventSourceResponse,
    responses={200: {"content": {"text/event-stream": {"schema": {"type": "string"}}}}},
)
async def stream(
    request: Request,
    services: Svc,
    principal: Caller,
    kind: Annotated[list[str] | None, Query(description="event | transit | alert")] = None,
    holder: Annotated[str | None, Query(max_length=120)] = None,
    location: Annotated[str | None, Query(max_length=120)] = None,
    last_event_id: Annotated[
        str | None, Header(alias="Last-Event-ID", max_length=60, include_in_schema=True)
    ] = None,
    since: Annotated[
        str | None, Query(max_length=60, description="A stream id to resume after")
    ] = None,
    duration: Annotated[
        float | None, Query(gt=0, le=3600, description="Close after this many seconds")
    ] = None,
) -> EventSourceResponse:
    """Each message's ``id`` is a resume cursor: reconnect with ``Last-Event-ID`` (or
    ``?since=``) and nothing is missed. Without one, the stream starts at the present."""
    kinds = frozenset(kind or KINDS)
    unknown = kinds - set(KINDS)
    if unknown:
        raise InvalidInput(f"unknown kind {sorted(unknown)[0]!r}", field="kind")
    if holder is not None:
        check_holder(principal, holder)
    resume = last_event_id or since
    cursor = Cursor.parse(resume) if resume else await run_in_threadpool(current_cursor, services)
    settings = request.app.state.settings
    return EventSourceResponse(
        messages(
            services,
            principal,
            cursor,
            Filters(kinds, holder, location),
            interval=settings.stream_interval,
            duration=duration,
        ),
        ping=15,
    )
