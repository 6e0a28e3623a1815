"""Who am I, tokens and the audit log (admin only, except ``/me``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from tamga.api.deps import Caller, Svc
from tamga.api.models import AuditEntry, Me, NewToken, TokenInfo
from tamga.api.pagination import Cursor, Page, PageSize, decode_cursor, next_link, parse_seq
from tamga.api.problems import COMMON_ERRORS, NOT_FOUND
from tamga.auth import Role, entries
from tamga.auth.policy import Action, require

router = APIRouter(prefix="/api/v1", tags=["admin"], responses=COMMON_ERRORS)


class TokenRequest(BaseModel):
    role: Role
    holder: str | None = Field(default=None, min_length=1, max_length=120)
    office: str | None = Field(default=None, min_length=1, max_length=120)
    name: str | None = Field(default=None, max_length=200)


@router.get("/me", response_model=Me, summary="The caller's own token and scope")
def me(principal: Caller) -> Me:
    return Me(
        token_id=principal.token_id,
        role=principal.role.value,
        holder=principal.holder,
        office=principal.office,
        name=principal.name,
    )


@router.get("/tokens", response_model=list[TokenInfo], summary="Every token (never secrets)")
def list_tokens(services: Svc, principal: Caller) -> list[TokenInfo]:
    require(principal, Action.MANAGE_TOKENS)
    return [TokenInfo.model_validate(t) for t in services.tokens.list()]


@router.post("/tokens", response_model=NewToken, status_code=201, summary="Make a token")
def create_token(body: TokenRequest, services: Svc, principal: Caller) -> NewToken:
    """The answer holds the token's secret; it is never shown again."""
    require(principal, Action.MANAGE_TOKENS)
    issued = services.tokens.create(
        body.role,
        holder=body.holder,
        office=body.office,
        name=body.name,
        actor=principal.token_id,
    )
    info = next(t for t in services.tokens.list() if t["token_id"] == issued.principal.token_id)
    return NewToken(token=issued.token, **info)


@router.delete("/tokens/{token_id}", status_code=204, responses=NOT_FOUND, summary="Revoke a token")
async def revoke_token(
    token_id: Annotated[str, Path(min_length=1, max_length=32)],
    services: Svc,
    principal: Caller,
) -> Response:
    require(principal, Action.MANAGE_TOKENS)
    await run_in_threadpool(services.tokens.revoke, token_id, actor=principal.token_id)
    return Response(status_code=204)


@router.get("/audit", response_model=Page[AuditEntry], summary="The audit log, newest first")
def audit_log(
    request: Request,
    services: Svc,
    principal: Caller,
    actor: str | None = None,
    limit: PageSize = 100,
    cursor: Cursor = None,
) -> Page[AuditEntry]:
    require(principal, Action.READ_AUDIT)
    raw = parse_seq(decode_cursor(cursor))
    rows = entries(services.engine, actor=actor, limit=limit, before=int(raw) if raw else None)
    last = str(rows[-1]["id"]) if len(rows) == limit else None
    return Page[AuditEntry](
        items=[AuditEntry.model_validate(r) for r in rows], next=next_link(request, last)
    )
