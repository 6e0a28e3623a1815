"""An analyst's judgement on a screening match, recorded from the alert page.

``not the same`` (a namesake) or ``the same`` (the party is the listed one), with the reason,
who and when: ``tamga.screening.service.decide`` keeps it with the list version, the algorithm
version and the threshold, and every later screening of the party applies it (as
``tamga screen decide`` does from the command line).
"""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from tamga.auth import policy
from tamga.auth.audit import audit
from tamga.dashboard.pages import PREFIX, Pages, html_errors, session_viewer
from tamga.errors import NotFound
from tamga.screening.model import Party
from tamga.screening.repository import ScreeningRepository
from tamga.screening.service import decide


def decision_router(pages: Pages) -> APIRouter:
    router = APIRouter(prefix=PREFIX, include_in_schema=False)
    ctx, engine = pages.ctx, pages.engine

    @router.post("/alerts/{alert_id}/screening-decision")
    @html_errors
    def record_decision(
        request: Request,
        alert_id: str,
        entity_id: str = Form(...),
        party: str = Form(...),
        country: str = Form(""),
        identifier: str = Form(""),
        verdict: str = Form(...),
        reason: str = Form(""),
    ) -> Response:
        viewer = session_viewer(request, pages.sessions)
        policy.require(viewer, policy.Action.ALERT_WORKFLOW)
        if ctx.alerts is None:
            raise NotFound(f"no alert {alert_id!r}")
        policy.check_alert(viewer, ctx.alerts.get(alert_id))
        ids = (identifier.strip(),) if identifier.strip() else ()
        who = Party(party, country=country.strip().lower() or None, identifiers=ids)
        made = decide(ScreeningRepository(engine), who, entity_id, verdict, reason, viewer.subject)
        audit(
            engine,
            actor=viewer.token_id,
            role=viewer.role.value,
            action="screening.decide",
            target=entity_id,
            detail={"alert": alert_id, "party": party, "verdict": made.verdict, "via": "dashboard"},
        )
        return RedirectResponse(f"{PREFIX}/alerts/{alert_id}?done=decided", status_code=303)

    return router
