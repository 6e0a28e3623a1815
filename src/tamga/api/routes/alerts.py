"""Alerts and their workflow, over the risk engine's alert service.

Visibility is the policy's: analysts and admins see every alert, an officer those at its
office, a trader only those it owns, redacted (``policy.redact_alert``; others answer 404, and
filters match the redacted view). Only analysts and admins act; every action is audited.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from tamga.api.deps import Caller, Svc
from tamga.api.pagination import Cursor, Page, PageSize, decode_cursor, next_link
from tamga.api.problems import COMMON_ERRORS, CONFLICT, NOT_FOUND
from tamga.auth import audit
from tamga.auth.policy import Action, alert_views, check_alert, redact_alert, require
from tamga.risk.workflow import Action as WorkflowAction

router = APIRouter(
    prefix="/api/v1", tags=["alerts"], responses={**COMMON_ERRORS, **NOT_FOUND, **CONFLICT}
)

#: how many alerts one listing reads from the risk part before paging them
SCAN = 5000
AlertId = Annotated[str, Path(min_length=1, max_length=200)]


class Alert(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str
    rule: str | None = None
    severity: Any = None
    score: float | None = None
    channel: str | None = None
    state: str | None = None
    declarations: list[str] = []
    event_ids: list[str] = []
    holders: list[str] = []
    transits: list[str] = []


class AlertAction(BaseModel):
    action: WorkflowAction
    reason: Annotated[str, Field(min_length=1, max_length=2000)]
    assignee: Annotated[str | None, Field(max_length=200)] = None


@router.get("/alerts", response_model=Page[Alert], summary="Alerts the caller may see")
def list_alerts(
    request: Request,
    services: Svc,
    principal: Caller,
    state: Annotated[str | None, Query(max_length=40)] = None,
    rule: Annotated[str | None, Query(max_length=100)] = None,
    channel: Annotated[str | None, Query(max_length=40)] = None,
    declaration: Annotated[str | None, Query(max_length=120)] = None,
    holder: Annotated[str | None, Query(max_length=120)] = None,
    limit: PageSize = 100,
    cursor: Cursor = None,
) -> Page[Alert]:
    filters = {"rule": rule, "declaration": declaration, "holder": holder}
    if principal.is_trader:  # its own alerts; the other filters apply to what it may see
        found = services.alerts.list(
            owner=principal.holder, state=state, channel=channel, limit=SCAN
        )
    else:
        found = services.alerts.list(state=state, channel=channel, limit=SCAN, **filters)
    after = decode_cursor(cursor)
    visible = sorted(alert_views(principal, found, **filters), key=lambda a: str(a["id"]))
    if after is not None:
        visible = [a for a in visible if str(a["id"]) > after]
    page = visible[:limit]
    last = str(page[-1]["id"]) if len(visible) > limit else None
    return Page[Alert](items=[Alert.model_validate(a) for a in page], next=next_link(request, last))


@router.get("/alerts/{alert_id}", response_model=Alert, summary="One alert with its history")
def get_alert(alert_id: AlertId, services: Svc, principal: Caller) -> Alert:
    alert = services.alerts.get(alert_id)
    check_alert(principal, alert)
    return Alert.model_validate(redact_alert(principal, alert))


@router.post("/alerts/{alert_id}/actions", response_model=Alert, summary="Work an alert (audited)")
def act_on_alert(alert_id: AlertId, body: AlertAction, services: Svc, principal: Caller) -> Alert:
    alerts = services.alerts
    check_alert(principal, alerts.get(alert_id))  # unseen alerts are 404 before any 403
    require(principal, Action.ALERT_WORKFLOW)
    updated = alerts.act(
        alert_id,
        body.action,
        reason=body.reason,
        actor=principal.subject,
        assignee=body.assignee,
    )
    audit(
        services.engine,
        actor=principal.token_id,
        role=principal.role.value,
        action=f"alert.{body.action}",
        target=alert_id,
        detail={"reason": body.reason, "assignee": body.assignee},
    )
    return Alert.model_validate(updated)
