"""The one error root: every failure leaves the API as an RFC 7807 problem document.

tamga's own errors carry their HTTP status and title (``tamga.errors``); request validation
errors become 422 with the failing fields listed; anything unexpected is a 500 that names no
internals. Routes never build error responses themselves.
"""

from __future__ import annotations

import logging
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from tamga.errors import InvalidInput, TamgaError, Unauthenticated

log = logging.getLogger(__name__)

PROBLEM_MEDIA = "application/problem+json"


class FieldError(BaseModel):
    field: str | None = None
    record: str | None = None
    reason: str


class Problem(BaseModel):
    """RFC 7807: ``type``, ``title``, ``status``, ``detail``, ``instance`` and extensions."""

    model_config = ConfigDict(extra="allow")

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    errors: list[FieldError] | None = None


#: the error answers every protected route may give, for the OpenAPI document
COMMON_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": Problem, "description": "A body that cannot be read"},
    401: {"model": Problem, "description": "Missing, unknown or revoked token"},
    403: {"model": Problem, "description": "The token's role may not do this"},
    422: {"model": Problem, "description": "Invalid input"},
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": Problem, "description": "Not found (or not yours to see)"}
}
CONFLICT: dict[int | str, dict[str, Any]] = {
    409: {"model": Problem, "description": "The step conflicts with the record's state"}
}


def problem_media_in(schema: dict[str, Any]) -> dict[str, Any]:
    """Declare every error answer of an OpenAPI document as ``application/problem+json``
    (what is sent) rather than the ``application/json`` FastAPI writes for a response model."""
    for ops in schema.get("paths", {}).values():
        for op in ops.values():
            if not isinstance(op, dict):
                continue
            for code, answer in op.get("responses", {}).items():
                content = answer.get("content") if isinstance(answer, dict) else None
                if str(code)[:1] in "45" and content and "application/json" in content:
                    content[PROBLEM_MEDIA] = content.pop("application/json")
    return schema


def problem_bytes(
    status: int, title: str, detail: str | None = None, instance: str | None = None, **extra: Any
) -> bytes:
    """A problem document's body (also for ASGI middlewares that answer before any route)."""
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    if instance is not None:
        body["instance"] = instance
    body.update({k: v for k, v in extra.items() if v is not None})
    return orjson.dumps(body)


def problem_response(
    request: Request | None,
    status: int,
    title: str,
    detail: str | None = None,
    **extra: Any,
) -> Response:
    instance = request.url.path if request is not None else None
    body = problem_bytes(status, title, detail, instance, **extra)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return Response(body, status, headers=headers, media_type=PROBLEM_MEDIA)


def _tamga_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, TamgaError)
    extra: dict[str, Any] = {}
    if isinstance(exc, InvalidInput):
        extra = {"field": exc.field, "record": exc.record}
        detail = exc.reason
    else:
        detail = str(exc)
    if exc.status >= 500:
        log.error("server error on %s: %s", request.url.path, exc)
    status = 401 if isinstance(exc, Unauthenticated) else exc.status
    return problem_response(request, status, exc.title, detail, **extra)


def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = []
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path")]
        errors.append({"field": ".".join(loc) or None, "reason": str(err.get("msg", "invalid"))})
    first = errors[0] if errors else {"field": None, "reason": "invalid request"}
    detail = f"{first['field']}: {first['reason']}" if first["field"] else first["reason"]
    return problem_response(request, 422, "Invalid input", detail, errors=errors)


def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    title = {
        400: "Bad request",
        401: "Unauthorized",
        404: "Not found",
        405: "Method not allowed",
        413: "Content too large",
    }.get(exc.status_code, "Error")
    return problem_response(request, exc.status_code, title, str(exc.detail or title))


def _unexpected(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error on %s", request.url.path, exc_info=exc)
    return problem_response(request, 500, "Internal server error", "an unexpected error occurred")


def install(app: FastAPI) -> None:
    app.add_exception_handler(TamgaError, _tamga_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
