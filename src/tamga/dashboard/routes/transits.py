"""The transit list (by state, paged by deadline, with the open transits on a map) and one
transit's page (its route drawn from its timeline)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from tamga.auth import policy
from tamga.dashboard import charts, queries
from tamga.dashboard.context import DashboardContext
from tamga.dashboard.pages import PREFIX, Pages, html_errors
from tamga.errors import InvalidInput

#: transits on a page of the transit list (the next page follows the last one shown)
TRANSIT_PAGE = 300
STATES = ("open", "overdue", "discharged", "diverted", "all")


def route_points(
    ctx: DashboardContext, timeline: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """Timeline entries with a position: their own lat/lon, else the post they happened at."""
    points = []
    for item in timeline:
        lat, lon = item.get("lat"), item.get("lon")
        if lat is None and ctx.geography is not None:
            place = ctx.geography.place(item.get("location"))
            if place is not None:
                lat, lon = place.lat, place.lon
        points.append({**item, "lat": lat, "lon": lon})
    return points


def router(pages: Pages) -> APIRouter:
    router = APIRouter(prefix=PREFIX, include_in_schema=False)
    ctx, engine = pages.ctx, pages.engine

    @router.get("/transits", response_class=HTMLResponse)
    @html_errors
    def transits_page(request: Request, state: str = "open", after: str | None = None) -> Response:
        viewer = pages.viewer(request)
        if state not in STATES:
            raise InvalidInput(f"unknown transit state {state!r}", field="state")
        scope = pages.scope(viewer)
        positions = queries.open_transit_positions(engine, scope=scope)
        clock = queries.ledger_clock(engine)
        rows, following = queries.transit_list(
            engine, state, clock, scope, limit=TRANSIT_PAGE, after=after
        )
        rows = [t for t in rows if policy.may_see_transit(viewer, t)]
        fig = charts.transit_map(ctx.geography, positions, link_base=PREFIX)
        return pages.page(
            request,
            "transits.html",
            viewer,
            rows=rows,
            state=state,
            after=after,
            following=following,
            counts=queries.transit_counts(engine, clock, scope),
            figure=charts.to_json(fig),
            positions=len(positions),
        )

    @router.get("/transits/{transit_id:path}", response_class=HTMLResponse)
    @html_errors
    def transit_page(request: Request, transit_id: str) -> Response:
        viewer = pages.viewer(request)
        t = pages.ledger.transit(transit_id)
        policy.check_transit(viewer, t)
        route = route_points(ctx, t["timeline"])
        destination = None
        place = ctx.geography.place(t["office_of_destination"]) if ctx.geography else None
        if place is not None and t["state"] in ("open", "overdue"):
            destination = (place.lat, place.lon, place.code)
        fig = charts.transit_map(
            ctx.geography, [], route=route, link_base=PREFIX, destination=destination
        )
        return pages.page(request, "transit.html", viewer, t=t, figure=charts.to_json(fig))

    return router
