"""Transits: the list by state (paginated) and one transit with its timeline."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request

from tamga.api import queries
from tamga.api.deps import Caller, Svc
from tamga.api.models import TransitDetail, TransitSummary
from tamga.api.pagination import Cursor, Page, PageSize, decode_cursor, next_link
from tamga.api.problems import COMMON_ERRORS, NOT_FOUND
from tamga.auth.policy import check_transit
from tamga.errors import InvalidInput, NotFound
from tamga.store.ledger_read import visible_transits

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
    # the caller's scope is part of the one query (a trader's page used to take a query per
    # page of everybody's transits, and its time grew with theirs)
    scope = None if principal.reads_all else visible_transits(principal)
    out = services.ledger.transits(
        state=state, as_of=_as_of(as_of), limit=limit, after=after, visible=scope
    )
    last = str(out[-1]["transit_id"]) if len(out) == limit else None
    return Page[TransitSummary](
        items=[TransitSummary.model_validate(t) for t in out], next=next_link(request, last)
    )


@router.get(
    "/transits/{transit_id:path}",
    response_model=TransitDetail,
    response_model_exclude_unset=True,
    summary="One transit",
)
def get_transit(
    transit_id: Annotated[str, Path(min_length=1, max_length=120)],
    services: Svc,
    principal: Caller,
) -> TransitDetail:
    # asked first, in one query: another holder's transit and a missing one take the same
    # path (the same 404, in the same time), and its timeline is never read for a stranger
    if not principal.reads_all and not queries.transit_ids_visible(
        services.engine, principal, [transit_id]
    ):
        raise NotFound(f"no transit {transit_id!r} in the ledger")
    view = services.ledger.transit(transit_id)
    check_transit(principal, view)
    return TransitDetail.model_validate(view)


def _as_of(text: str | None) -> str | None:
    """``as_of`` as stored time text (UTC), refused naming the field if it is no time."""
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC).isoformat(timespec="microseconds")
    except (ValueError, OverflowError):
        raise InvalidInput(f"not an ISO 8601 time: {text!r}", field="as_of") from None
