"""``POST /api/v1/events``: one event or a batch, each answered accepted/duplicate/rejected."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from tamga.api.capture import MAX_BATCH, capture
from tamga.api.deps import Caller, Svc
from tamga.api.models import CaptureResult
from tamga.api.problems import COMMON_ERRORS
from tamga.errors import InvalidInput

router = APIRouter(prefix="/api/v1", tags=["capture"])

_BODY_SCHEMA: dict[str, Any] = {
    "oneOf": [
        {"$ref": "#/components/schemas/LedgerEvent"},
        {
            "type": "array",
            "items": {"$ref": "#/components/schemas/LedgerEvent"},
            "minItems": 1,
            "maxItems": MAX_BATCH,
        },
    ]
}


def decode_events(raw: bytes) -> list[Any]:
    """The body as a list of event bodies; a body that is not JSON is refused as a whole."""
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as err:
        raise InvalidInput(f"the body is not JSON: {err}", field="body") from None
    if isinstance(data, dict):
        return [data]
    if isinstance(data, list):
        return data
    raise InvalidInput("the body must be an event object or an array of events", field="body")


@router.post(
    "/events",
    response_model=CaptureResult,
    summary="Report ledger events (one or a batch of up to 10,000)",
    responses={**COMMON_ERRORS, 413: {"description": "Body too large"}},
    openapi_extra={
        "requestBody": {"required": True, "content": {"application/json": {"schema": _BODY_SCHEMA}}}
    },
)
async def post_events(request: Request, services: Svc, principal: Caller) -> CaptureResult:
    """Each event is decided on its own: accepted, duplicate (already recorded, same content)
    or rejected with the field and the reason; a rejected event never blocks the others."""
    bodies = decode_events(await request.body())
    return await run_in_threadpool(capture, services, principal, bodies)
