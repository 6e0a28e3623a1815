"""The goods lists as they stand on a day (and what changed between two days), and the
delisting requests' steps by role, as the API allows them."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from tamga.auth import policy
from tamga.auth.audit import audit
from tamga.dashboard import queries
from tamga.dashboard.access import Viewer
from tamga.dashboard.pages import PREFIX, Pages, html_errors
from tamga.errors import Conflict, InvalidInput, NotFound


def day(text: str) -> date:
    """An ISO date from a form or query (``2022-03-10``), refused with the field's name."""
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        raise InvalidInput(f"not a date: {text!r} (YYYY-MM-DD)", field="date") from None


def router(pages: Pages) -> APIRouter:
    router = APIRouter(prefix=PREFIX, include_in_schema=False)
    ctx, engine = pages.ctx, pages.engine

    def lists_view(
        request: Request,
        viewer: Viewer,
        name: str | None = None,
        as_of: str | None = None,
        start: str | None = None,
        end: str | None = None,
        done: str | None = None,
        error: str | None = None,
        status: int = 200,
    ) -> Response:
        data: dict[str, Any] = {"names": [], "entries": [], "diff": None, "requests": []}
        clock = queries.ledger_clock(engine)
        as_of = as_of or (clock[:10] if clock else date.today().isoformat())
        service = ctx.lists
        if service is not None:
            names = service.names()
            name = name if name in names else (names[0] if names else None)
            data["names"] = names
            if name:
                data["entries"] = [e.to_dict() for e in service.entries_on(name, day(as_of))]
            if name and start and end:
                data["diff"] = service.diff(name, day(start), day(end)).to_dict()
            mine = viewer.subject if viewer.is_trader else None  # traders see their own
            data["requests"] = [r.to_dict() for r in service.requests(filed_by=mine)]
        response = pages.page(
            request,
            "lists.html",
            viewer,
            list_name=name,
            as_of=as_of,
            start=start,
            end=end,
            done=done,
            error=error,
            may_review=policy.may(viewer, policy.Action.READ_ALL),
            may_decide=policy.may(viewer, policy.Action.MANAGE_LISTS),
            **data,
        )
        response.status_code = status
        return response

    @router.get("/lists", response_class=HTMLResponse)
    @html_errors
    def lists_page(
        request: Request,
        name: str | None = None,
        as_of: str | None = None,
        start: str | None = None,
        end: str | None = None,
        done: str | None = None,
    ) -> Response:
        viewer = pages.viewer(request)
        return lists_view(request, viewer, name, as_of or None, start or None, end or None, done)

    @router.post("/lists/delisting")
    @html_errors
    def delisting_step(
        request: Request,
        step: str = Form(...),
        request_id: str = Form(""),
        list_name: str = Form(""),
        rights_holder: str = Form(""),
        brand: str = Form(""),
        hs_scope: str = Form(""),
        note: str = Form(""),
        effective: str = Form(""),
    ) -> Response:
        """One step of a delisting request, by role as the API allows it: anyone files, those
        who read everything review, admins approve (from an effective date) or reject."""
        viewer = pages.viewer(request)
        service = ctx.lists
        if service is None:
            raise NotFound("the lists part is not wired in")
        note = note.strip()
        try:
            if step == "file":
                policy.require(viewer, policy.Action.REQUEST_DELISTING)
                req = service.file_request(
                    list_name,
                    rights_holder=rights_holder,
                    brand=brand,
                    hs_scope=hs_scope.replace(",", " ").split(),
                    grounds=note or None,
                    actor=viewer.subject,
                )
            elif step == "review":
                policy.require(viewer, policy.Action.READ_ALL)
                req = service.review(request_id, actor=viewer.subject, note=note or None)
            elif step == "approve":
                policy.require(viewer, policy.Action.MANAGE_LISTS)
                if not effective:
                    raise InvalidInput("an approval needs its effective date", field="effective")
                req = service.approve(
                    request_id, actor=viewer.subject, effective=day(effective), reason=note or None
                )
            elif step == "reject":
                policy.require(viewer, policy.Action.MANAGE_LISTS)
                req = service.reject(request_id, actor=viewer.subject, reason=note)
            else:
                raise InvalidInput(f"unknown step {step!r}", field="step")
        except (InvalidInput, Conflict) as exc:
            return lists_view(request, viewer, list_name or None, error=str(exc), status=exc.status)
        audit(
            engine,
            actor=viewer.token_id,
            role=viewer.role.value,
            action=f"delisting.{step}",
            target=req.request_id,
            detail={"note": note or None, "effective": effective or None, "via": "dashboard"},
        )
        target = f"{PREFIX}/lists?name={req.list_name}&done={step}+{req.request_id}"
        if req.effective is not None:  # show the list as it stands from that day
            target += f"&as_of={req.effective.isoformat()}"
        return RedirectResponse(f"{target}#delisting", status_code=303)

    return router
