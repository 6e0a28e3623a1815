"""A declaration's page: its event, lines, trace, the lists' findings on each line, its
channel and alerts, and the provenance drawn as a Sankey diagram (also on an alert's page)."""

from __future__ import annotations

from datetime import date
from typing import Any

import orjson
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from tamga.auth import policy
from tamga.dashboard import charts, names, queries
from tamga.dashboard.access import Viewer
from tamga.dashboard.pages import PREFIX, Pages, html_errors, who
from tamga.errors import NotFound
from tamga.ledger.provenance import Parts
from tamga.ledger.service import holder_of_line
from tamga.wording.i18n import gettext


def masked(parts: Parts, viewer: Viewer) -> Parts:
    """The same parts with every holder the viewer may not see renamed "another holder"."""
    out = Parts()
    for (kind, country, decl, consignor, path), (q, v) in parts.items.items():
        out.add((kind, country, decl, consignor, tuple(who(h, viewer) for h in path)), q, v)
    return out


def declaration_sankey(pages: Pages, declaration_no: str, viewer: Viewer) -> Any:
    """The provenance of a declaration's exported lines as a Sankey figure (None if none)."""
    rows = pages.ledger.store.lines_of_declaration(declaration_no)
    parts = []
    for r in rows:
        if r["provenance"]:
            target = gettext("export → %(country)s") % {"country": r["country"] or "??"}
            line_parts = Parts.from_json(orjson.loads(r["provenance"]))
            if viewer.is_trader:
                line_parts = masked(line_parts, viewer)
            parts.append((line_parts, target))
    if not parts:
        return None
    title = gettext("Provenance of %(no)s") % {"no": declaration_no}
    return charts.provenance_sankey(parts, title, names.name_of)


def router(pages: Pages) -> APIRouter:
    router = APIRouter(prefix=PREFIX, include_in_schema=False)
    ctx, engine, ledger = pages.ctx, pages.engine, pages.ledger

    @router.get("/declarations/{declaration_no:path}", response_class=HTMLResponse)
    @html_errors
    def declaration_page(request: Request, declaration_no: str) -> Response:
        viewer = pages.viewer(request)
        event = queries.declaration_event(engine, declaration_no)
        if event is None or not policy.may_see_holder(viewer, event["holder"]):
            raise NotFound(f"no declaration {declaration_no!r}")
        # a trader's view holds only the lines it filed or bought, whoever else used the number
        own = viewer.holder if viewer.is_trader else None
        trace = ledger.trace(declaration_no, holder=own)
        lines = [
            ln
            for ln in ledger.store.lines_of_declaration(declaration_no)
            if own is None or own in (ln["holder"], holder_of_line(ln))
        ]
        on = date.fromisoformat(event["time"][:10])
        findings: dict[int, list[dict[str, Any]]] = {}
        if ctx.lists is not None:
            checker = ctx.lists.checker()
            destination = lines[0]["country"] if event["type"] == "export" else None
            for ln in lines:
                found = checker.check(
                    ln["hs_code"], ln["brand"], ln["origin_country"], destination, on
                )
                findings[ln["line_no"]] = [f.to_dict() for f in found]
        status: dict[str, Any] = {}
        alerts: list[dict[str, Any]] = []
        if ctx.alerts is not None:
            status = ctx.alerts.declaration_status(declaration_no)
            if viewer.is_trader:  # its channel and hold, not the risk criteria's score
                status = {"channel": status.get("channel"), "hold": status.get("hold")}
            alerts = pages.visible_alerts(viewer, 100, declaration=declaration_no)
        fig = declaration_sankey(pages, declaration_no, viewer)
        return pages.page(
            request,
            "declaration.html",
            viewer,
            no=declaration_no,
            event=event,
            payload=orjson.loads(event["payload"]),
            lines=lines,
            trace=trace,
            findings=findings,
            status=status,
            alerts=alerts,
            sankey=charts.to_json(fig) if fig is not None else None,
        )

    return router
