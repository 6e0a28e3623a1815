"""The alert queue, one alert's page (with its declaration's provenance), and the workflow
steps taken from it (each with its reason, audited)."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from tamga.auth import policy
from tamga.auth.audit import audit
from tamga.dashboard import charts
from tamga.dashboard.pages import PREFIX, Pages, html_errors
from tamga.dashboard.ports import ACTIONS, REOPEN
from tamga.dashboard.queue_page import queue_view
from tamga.dashboard.routes.declarations import declaration_sankey
from tamga.errors import InvalidInput, NotFound


def router(pages: Pages) -> APIRouter:
    router = APIRouter(prefix=PREFIX, include_in_schema=False)
    ctx, engine = pages.ctx, pages.engine

    @router.get("/alerts", response_class=HTMLResponse)
    @html_errors
    def alerts_page(request: Request, after: str | None = None) -> Response:
        viewer = pages.viewer(request)
        return pages.page(request, "alerts.html", viewer, **queue_view(request, viewer, ctx, after))

    @router.get("/alerts/{alert_id}", response_class=HTMLResponse)
    @html_errors
    def alert_page(request: Request, alert_id: str, done: str | None = None) -> Response:
        viewer = pages.viewer(request)
        if ctx.alerts is None:
            raise NotFound(f"no alert {alert_id!r}")
        alert = ctx.alerts.get(alert_id)
        policy.check_alert(viewer, alert)
        alert = policy.redact_alert(viewer, alert)
        sankey = None
        for decl in alert.get("declarations", []):
            fig = declaration_sankey(pages, decl, viewer)
            if fig is not None:
                sankey = charts.to_json(fig)
                break
        actions = REOPEN if str(alert.get("state", "")).startswith("closed") else ACTIONS
        return pages.page(
            request, "alert.html", viewer, a=alert, sankey=sankey, done=done, actions=actions
        )

    @router.post("/alerts/{alert_id}/action")
    @html_errors
    def alert_action(
        request: Request,
        alert_id: str,
        action: str = Form(...),
        reason: str = Form(""),
        assignee: str = Form(""),
    ) -> Response:
        viewer = pages.viewer(request)
        policy.require(viewer, policy.Action.ALERT_WORKFLOW)
        if ctx.alerts is None:
            raise NotFound(f"no alert {alert_id!r}")
        policy.check_alert(viewer, ctx.alerts.get(alert_id))
        if action not in ACTIONS + REOPEN:
            raise InvalidInput(f"unknown action {action!r}", field="action")
        if not reason.strip():
            raise InvalidInput("every workflow step needs a reason", field="reason")
        who = assignee.strip() or (viewer.subject if action == "assign" else None)
        ctx.alerts.act(alert_id, action, reason=reason.strip(), actor=viewer.subject, assignee=who)
        audit(
            engine,
            actor=viewer.token_id,
            role=viewer.role.value,
            action=f"alert.{action}",
            target=alert_id,
            detail={"reason": reason.strip(), "assignee": who, "via": "dashboard"},
        )
        return RedirectResponse(f"{PREFIX}/alerts/{alert_id}?done={action}", status_code=303)

    return router
