"""Ledger queries: stock, trace, events — the CLI's JSON shapes, scoped by the policy."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request

from tamga.api import queries
from tamga.api.deps import Caller, Svc
from tamga.api.models import EventRow, Stock, Trace
from tamga.api.pagination import Cursor, Page, PageSize, decode_cursor, next_link, parse_seq
from tamga.api.problems import COMMON_ERRORS, NOT_FOUND
from tamga.auth.policy import check_any_holder, check_holder, holder_filter, redact_trace
from tamga.errors import NotFound

router = APIRouter(prefix="/api/v1", tags=["ledger"], responses={**COMMON_ERRORS, **NOT_FOUND})

Code = Annotated[str, Path(min_length=1, max_length=120)]


@router.get(
    "/stock/{holder:path}",
    response_model=Stock,
    response_model_exclude_unset=True,
    summary="A holder's virtual warehouse",
)
def stock(holder: Code, services: Svc, principal: Caller) -> Stock:
    check_holder(principal, holder)
    return Stock.model_validate(services.ledger.stock(holder))


@router.get(
    "/trace/{declaration_no:path}",
    response_model=Trace,
    response_model_exclude_unset=True,
    summary="Where a declaration's goods came from",
)
def trace(
    declaration_no: Code,
    services: Svc,
    principal: Caller,
    line_no: Annotated[int | None, Query(ge=1, le=1_000_000)] = None,
) -> Trace:
    missing = NotFound(f"no declaration {declaration_no!r} in the ledger")
    if principal.is_trader:
        try:
            check_any_holder(
                principal, queries.declaration_holders(services.engine, declaration_no), "decl"
            )
        except NotFound:
            raise missing from None
    # a trader's trace holds only the lines it filed or bought, whoever else used the number
    view = services.ledger.trace(declaration_no, line_no, holder_filter(principal))
    return Trace.model_validate(redact_trace(principal, view))


@router.get("/events", response_model=Page[EventRow], summary="Recorded events, oldest first")
def list_events(
    request: Request,
    services: Svc,
    principal: Caller,
    type: Annotated[list[str] | None, Query(max_length=20)] = None,
    holder: Annotated[str | None, Query(max_length=120)] = None,
    location: Annotated[str | None, Query(max_length=120)] = None,
    declaration_no: Annotated[str | None, Query(max_length=120)] = None,
    transit_id: Annotated[str | None, Query(max_length=120)] = None,
    limit: PageSize = 100,
    cursor: Cursor = None,
) -> Page[EventRow]:
    raw = parse_seq(decode_cursor(cursor))
    items = queries.list_events(
        services.engine,
        principal,
        after=raw or 0,
        limit=limit,
        types=type,
        holder=holder,
        location=location,
        declaration_no=declaration_no,
        transit_id=transit_id,
    )
    last = str(items[-1]["seq"]) if len(items) == limit else None
    return Page[EventRow](
        items=[EventRow.model_validate(i) for i in items], next=next_link(request, last)
    )
