"""Controlled goods lists over HTTP: goods checks, lists as of a date, diffs, history, loading,
amendments, and the delisting-request workflow.

Roles (``tamga.auth.policy``): every role may check goods and read lists (``READ_LISTS``); only
admins load or amend lists and decide requests (``MANAGE_LISTS``); any role may file a request
(``REQUEST_DELISTING``), and traders see only the requests they filed; analysts and admins,
who read everything, take requests under review.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Path, Query, Request
from pydantic import BaseModel, Field

from tamga.api.deps import Caller, Svc
from tamga.api.pagination import Cursor, Page, PageSize, decode_cursor, next_link
from tamga.api.problems import COMMON_ERRORS, CONFLICT, NOT_FOUND
from tamga.auth.policy import Action, require
from tamga.errors import NotFound
from tamga.lists.loading import list_from_mapping

router = APIRouter(
    prefix="/api/v1", tags=["lists"], responses={**COMMON_ERRORS, **NOT_FOUND, **CONFLICT}
)

ListName = Annotated[str, Path(min_length=1, max_length=100, pattern=r"^[a-z0-9][a-z0-9_.-]*$")]
RequestId = Annotated[str, Path(min_length=1, max_length=40)]
Short = Annotated[str, Field(min_length=1, max_length=300)]


# -- models -------------------------------------------------------------------------------------
class CheckRequest(BaseModel):
    hs_code: Annotated[str, Field(min_length=2, max_length=14)]
    brand: Annotated[str | None, Field(max_length=200)] = None
    origin: Annotated[str | None, Field(max_length=3)] = None
    destination: Annotated[str | None, Field(max_length=3)] = None
    on: date | None = None


class FindingOut(BaseModel):
    list: str
    entry: str
    effect: str
    reason: str
    tier: str | None = None
    allowed: bool | None = None


class CheckResult(BaseModel):
    hs_code: str
    on: date
    findings: list[FindingOut]


class EntryOut(BaseModel):
    entry_id: str
    effect: str
    hs_prefixes: list[str]
    brands: list[str]
    origins: list[str] | None
    destinations: list[str] | None
    tier: str | None
    category: str | None
    note: str | None
    valid_from: date
    valid_to: date | None


class ListSummary(BaseModel):
    name: str
    title: str
    source: str
    version: str
    entries_on: int
    amendments: int


class ListEntries(BaseModel):
    name: str
    title: str
    on: date
    entries: list[EntryOut]


class ChangedEntry(BaseModel):
    from_: EntryOut = Field(alias="from")
    to: EntryOut


class ListDiffOut(BaseModel):
    name: str
    start: date
    end: date
    added: list[EntryOut]
    removed: list[EntryOut]
    changed: list[ChangedEntry]


class AmendmentOut(BaseModel):
    seq: int
    recorded_at: str
    action: str
    entry_id: str
    effective: date
    entry: EntryOut | None
    note: str | None
    recorded_by: str | None


class LoadResult(BaseModel):
    name: str
    entries: int
    amendments: int
    replaced: bool


class StepOut(BaseModel):
    step: str
    actor: str
    at: str
    note: str | None


class DelistingOut(BaseModel):
    id: str
    list_name: str = Field(alias="list")
    rights_holder: str
    brand: str
    hs_scope: list[str]
    grounds: str | None
    state: str
    filed_by: str
    filed: str
    reviewer: str | None
    decision: str | None
    decided_by: str | None
    decided: str | None
    decision_reason: str | None
    effective: date | None
    amendments: list[int]
    steps: list[StepOut]


class FileDelisting(BaseModel):
    list_name: Annotated[str, Field(alias="list", max_length=100)] = "ru-parallel-import"
    rights_holder: Short
    brand: Annotated[str, Field(min_length=1, max_length=200)]
    hs_scope: Annotated[list[Annotated[str, Field(max_length=14)]], Field(max_length=50)] = []
    grounds: Annotated[str | None, Field(max_length=2000)] = None


class Review(BaseModel):
    note: Annotated[str | None, Field(max_length=2000)] = None


class Approve(BaseModel):
    effective: date
    reason: Annotated[str | None, Field(max_length=2000)] = None


class Reject(BaseModel):
    reason: Annotated[str, Field(min_length=1, max_length=2000)]


# -- goods checks -------------------------------------------------------------------------------
@router.post("/goods/check", response_model=CheckResult, summary="Which lists apply to goods")
def check_goods(body: CheckRequest, services: Svc, principal: Caller) -> CheckResult:
    require(principal, Action.READ_LISTS)
    from tamga.lists.model import normalize_hs

    code = normalize_hs(body.hs_code)
    on = body.on or date.today()
    findings = services.lists.check(code, body.brand, body.origin, body.destination, on)
    return CheckResult(
        hs_code=code, on=on, findings=[FindingOut.model_validate(f.to_dict()) for f in findings]
    )


# -- lists --------------------------------------------------------------------------------------
@router.get("/lists", response_model=list[ListSummary], summary="The lists, counted as of a date")
def list_lists(
    services: Svc, principal: Caller, on: Annotated[date | None, Query()] = None
) -> list[ListSummary]:
    require(principal, Action.READ_LISTS)
    day = on or date.today()
    return [
        ListSummary(
            name=gl.name,
            title=gl.title,
            source=gl.source,
            version=gl.version,
            entries_on=len(gl.entries_on(day)),
            amendments=len(gl.amendments),
        )
        for gl in services.lists.checker().lists.values()
    ]


@router.get("/lists/{name}", response_model=ListEntries, summary="A list's entries as of a date")
def list_entries(
    name: ListName, services: Svc, principal: Caller, on: Annotated[date | None, Query()] = None
) -> ListEntries:
    require(principal, Action.READ_LISTS)
    service = services.lists
    day = on or date.today()
    goods = service.checker().lists.get(name)
    if goods is None:
        raise NotFound(f"no list {name!r}")
    return ListEntries(
        name=name,
        title=goods.title,
        on=day,
        entries=[EntryOut.model_validate(e.to_dict()) for e in goods.entries_on(day)],
    )


@router.get("/lists/{name}/diff", response_model=ListDiffOut, summary="Changes between two dates")
def list_diff(
    name: ListName,
    services: Svc,
    principal: Caller,
    start: Annotated[date, Query(alias="from")],
    end: Annotated[date, Query(alias="to")],
) -> ListDiffOut:
    require(principal, Action.READ_LISTS)
    changes = services.lists.diff(name, start, end).to_dict()
    return ListDiffOut.model_validate({"name": name, "start": start, "end": end, **changes})


@router.get(
    "/lists/{name}/history", response_model=list[AmendmentOut], summary="A list's amendments"
)
def list_history(name: ListName, services: Svc, principal: Caller) -> list[AmendmentOut]:
    require(principal, Action.READ_LISTS)
    return [AmendmentOut.model_validate(a) for a in services.lists.history(name)]


@router.put("/lists/{name}", response_model=LoadResult, summary="Load (replace) a whole list")
def put_list(
    name: ListName,
    services: Svc,
    principal: Caller,
    document: Annotated[
        dict[str, Any], Body(description="The list file's YAML/JSON shape (docs/lists.md).")
    ],
) -> LoadResult:
    require(principal, Action.MANAGE_LISTS)
    goods = list_from_mapping({**document, "name": name}, source=f"PUT {name}")
    report = services.lists.load(goods, actor=principal.subject)
    return LoadResult.model_validate(report.to_dict())


@router.post(
    "/lists/{name}/amendments", response_model=AmendmentOut, summary="Amend a list from a date"
)
def post_amendment(
    name: ListName,
    services: Svc,
    principal: Caller,
    amendment: Annotated[
        dict[str, Any],
        Body(description="One amendment: action, entry_id, effective, entry or set/add_brands."),
    ],
) -> AmendmentOut:
    require(principal, Action.MANAGE_LISTS)
    applied = services.lists.amend(name, amendment, actor=principal.subject)
    history = services.lists.history(name)
    return AmendmentOut.model_validate(next(a for a in history if a["seq"] == applied["seq"]))


# -- delisting requests -------------------------------------------------------------------------
def _visible(principal: Any, data: dict[str, Any]) -> dict[str, Any]:
    if principal.is_trader and data["filed_by"] != principal.subject:
        raise NotFound(f"no delisting request {data['id']!r}")  # as if it did not exist
    return data


@router.get(
    "/delisting-requests",
    response_model=Page[DelistingOut],
    summary="Delisting requests, oldest first",
)
def list_requests(
    request: Request,
    services: Svc,
    principal: Caller,
    state: Literal["filed", "under_review", "approved", "rejected"] | None = None,
    limit: PageSize = 100,
    cursor: Cursor = None,
) -> Page[DelistingOut]:
    require(principal, Action.REQUEST_DELISTING)
    filed_by = principal.subject if principal.is_trader else None
    rows = services.lists.requests(
        state=state, filed_by=filed_by, after=decode_cursor(cursor), limit=limit
    )
    last = rows[-1].request_id if len(rows) == limit else None
    return Page[DelistingOut](
        items=[DelistingOut.model_validate(r.to_dict()) for r in rows],
        next=next_link(request, last),
    )


@router.post(
    "/delisting-requests",
    response_model=DelistingOut,
    status_code=201,
    summary="File a delisting request",
)
def file_request(body: FileDelisting, services: Svc, principal: Caller) -> DelistingOut:
    require(principal, Action.REQUEST_DELISTING)
    req = services.lists.file_request(
        body.list_name,
        rights_holder=body.rights_holder,
        brand=body.brand,
        hs_scope=body.hs_scope,
        grounds=body.grounds,
        actor=principal.subject,
    )
    return DelistingOut.model_validate(req.to_dict())


@router.get("/delisting-requests/{request_id}", response_model=DelistingOut, summary="One request")
def get_request(request_id: RequestId, services: Svc, principal: Caller) -> DelistingOut:
    require(principal, Action.REQUEST_DELISTING)
    data = _visible(principal, services.lists.request(request_id).to_dict())
    return DelistingOut.model_validate(data)


@router.post(
    "/delisting-requests/{request_id}/review",
    response_model=DelistingOut,
    summary="Take a request under review",
)
def review_request(
    request_id: RequestId, body: Review, services: Svc, principal: Caller
) -> DelistingOut:
    require(principal, Action.READ_ALL)  # reviewing is for those who read everything
    req = services.lists.review(request_id, actor=principal.subject, note=body.note)
    return DelistingOut.model_validate(req.to_dict())


@router.post(
    "/delisting-requests/{request_id}/approve",
    response_model=DelistingOut,
    summary="Approve: the brand comes off the list from the effective date",
)
def approve_request(
    request_id: RequestId, body: Approve, services: Svc, principal: Caller
) -> DelistingOut:
    require(principal, Action.MANAGE_LISTS)
    req = services.lists.approve(
        request_id, actor=principal.subject, effective=body.effective, reason=body.reason
    )
    return DelistingOut.model_validate(req.to_dict())


@router.post(
    "/delisting-requests/{request_id}/reject",
    response_model=DelistingOut,
    summary="Reject a request, with the reason",
)
def reject_request(
    request_id: RequestId, body: Reject, services: Svc, principal: Caller
) -> DelistingOut:
    require(principal, Action.MANAGE_LISTS)
    req = services.lists.reject(request_id, actor=principal.subject, reason=body.reason)
    return DelistingOut.model_validate(req.to_dict())
