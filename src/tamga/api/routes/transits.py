"""Transits: the list by state (paginated) and one transit with its timeline."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request

from tamga.api import queries
from tamga.api.deps import Caller, Svc
from tamga.api.models import TransitDetail, TransitSummary
from tamga.api.pagination import Cursor, Page, PageSize, decode_cursor, next_link
from tamga.api.problems import COMMON_ERRORS, NOT_FOUND
from tamga.auth.policy import check_transit

router = APIRouter(prefix="/api/v1", tags=["transits"], responses={**COMMON_ERRORS, **NOT_FOUND})

State = Literal["open", "overdue", "discharged", "diverted"]


@router.get(
    "/transits",
    response_model=Page[TransitSummary],
    response_model_exclude_unset=True,
    summary="Transits by state",
)
def list_transits(
    request: Request,
    services: Svc,
    principal: Caller,
    state: State | None = None,
    as_of: Annotated[str | None, Query(max_length=40, description="ISO time")] = None,
    limit: PageSize = 100,
    cursor: Cursor = None,
) -> Page[TransitSummary]:
    after = decode_cursor(cursor)
    out: list[dict[str, object]] = []
    while len(out) < limit:
        chunk = services.ledger.transits(state=state, as_of=as_of, limit=limit, after=after)
        if not chunk:
            break
        visible = queries.transit_ids_visible(
            services.engine, principal, [t["transit_id"] for t in chunk]
        )
        for t in chunk:
            after = t["transit_id"]
            if t["transit_id"] in visible:
                out.append(t)
                if len(out) == limit:
                    break
        if len(chunk) < limit:
            break
    last = str(out[-1]["transit_id"]) if len(out) == limit else None
    return Page[TransitSummary](
        items=[TransitSummary.model_validate(t) for t in out], next=next_link(request, last)
    )


@router.get(
    "/transits/{transit_id}",
    response_model=TransitDetail,
    response_model_exclude_unset=True,
    summary="One transit",
)
def get_transit(
    transit_id: Annotated[str, Path(min_length=1, max_length=120)],
    services: Svc,
    principal: Caller,
) -> TransitDetail:
    view = services.ledger.transit(transit_id)
    check_transit(principal, view)
    return TransitDetail.model_validate(view)
