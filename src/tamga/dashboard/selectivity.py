"""Selectivity on the dashboard, for the analysts and administrators (who read every office):
the lane-mix panel (the realised share of red, yellow, blue and green per office against the
plan's targets, ``tamga selectivity lanes``) and a declaration's model score explained by its
features' contributions, as fragments a page includes."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from tamga.auth.principal import Principal
from tamga.dashboard.pages import PREFIX, Pages, html_errors, session_viewer, templates
from tamga.errors import NotFound
from tamga.risk.model_scores import stored_score


def selectivity_router(pages: Pages) -> APIRouter:
    router = APIRouter(prefix=PREFIX, include_in_schema=False)

    def service(request: Request) -> tuple[Principal, Any]:
        viewer = session_viewer(request, pages.sessions)
        if not viewer.reads_all:
            raise NotFound("no such page")
        from tamga.selectivity.service import SelectivityService

        return viewer, SelectivityService(pages.engine)

    def mix(request: Request) -> dict[str, Any]:
        viewer, selectivity = service(request)
        return {"viewer": viewer, "lanes": selectivity.lane_mix()}

    @router.get("/fragments/lanes", response_class=HTMLResponse)
    @html_errors
    def lanes_fragment(request: Request) -> Response:
        return templates.TemplateResponse(request, "_lane_mix.html", mix(request))

    @router.get("/lanes", response_class=HTMLResponse)
    @html_errors
    def lanes_page(request: Request) -> Response:
        return templates.TemplateResponse(request, "lanes.html", mix(request) | {"has": {}})

    @router.get("/fragments/declarations/{declaration_no}/selectivity", response_class=HTMLResponse)
    @html_errors
    def explanation(request: Request, declaration_no: str) -> Response:
        viewer, selectivity = service(request)
        try:  # the score as the follower gave it when the declaration was lodged, else now
            explained = stored_score(pages.engine, declaration_no) or selectivity.explain(
                declaration_no
            )
        except NotFound as exc:
            explained = {"missing": str(exc)}
        return templates.TemplateResponse(
            request, "_selectivity_explain.html", {"viewer": viewer, "x": explained}
        )

    return router
