"""A holder's page: its registry record, virtual warehouse, flows, declarations and alerts."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from tamga.auth import policy
from tamga.dashboard import charts, queries
from tamga.dashboard.pages import PREFIX, Pages, html_errors
from tamga.errors import NotFound


def router(pages: Pages) -> APIRouter:
    router = APIRouter(prefix=PREFIX, include_in_schema=False)
    engine = pages.engine

    @router.get("/holders/{holder_id:path}", response_class=HTMLResponse)
    @html_errors
    def holder_page(request: Request, holder_id: str) -> Response:
        viewer = pages.viewer(request)
        policy.check_holder(viewer, holder_id)
        record = queries.holder_record(engine, holder_id)
        if record is None:
            raise NotFound(f"no holder {holder_id!r}")
        stock = pages.ledger.stock(holder_id)
        flows = queries.holder_flows(engine, holder_id)
        alerts = pages.visible_alerts(viewer, 100, holder=holder_id)
        return pages.page(
            request,
            "holder.html",
            viewer,
            h=record,
            stock=stock["items"],
            flows=flows,
            figure=charts.to_json(charts.flows_chart(flows)) if flows else None,
            declarations=queries.holder_declarations(engine, holder_id),
            alerts=alerts,
        )

    return router
