"""The lane-mix panel: the realised share of red, yellow, blue and green per office against
the plan's targets (``tamga selectivity lanes``), for the officers who read every office."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from tamga.dashboard.context import DashboardContext
from tamga.dashboard.web import COOKIE, PREFIX, SignInRequired, html_errors, templates
from tamga.errors import NotFound


def lane_router(ctx: DashboardContext) -> APIRouter:
    router = APIRouter(prefix=PREFIX, include_in_schema=False)

    def mix(request: Request) -> dict[str, Any]:
        token = request.cookies.get(COOKIE)
        viewer = ctx.resolve(token) if token else None
        if viewer is None:
            raise SignInRequired("sign in with a token")
        if not viewer.reads_all:
            raise NotFound("no such page")
        from tamga.selectivity.service import SelectivityService

        return {"viewer": viewer, "lanes": SelectivityService(ctx.ledger.engine).lane_mix()}

    @router.get("/fragments/lanes", response_class=HTMLResponse)
    @html_errors
    def lanes_fragment(request: Request) -> Response:
        return templates.TemplateResponse(request, "_lane_mix.html", mix(request))

    @router.get("/lanes", response_class=HTMLResponse)
    @html_errors
    def lanes_page(request: Request) -> Response:
        return templates.TemplateResponse(request, "lanes.html", mix(request) | {"has": {}})

    return router
