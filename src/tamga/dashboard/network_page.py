"""The dashboard's trade network page: one holder's trade drawn with Cytoscape.js, with the
tables of ``tamga network`` (counterparties, brokers, circular trades, fast-growing parties).

Cytoscape.js is the npm registry's package, vendored into the environment by
``scripts/install`` (``<prefix>/share/tamga/vendor``) and served from here: never a CDN. Without
it the page shows its tables and says the drawing is missing. The page reads the last network
build (built on first use); it is for customs staff: a trader's token gets a 403.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from tamga.dashboard.pages import PREFIX, Pages, html_errors, session_viewer, templates
from tamga.errors import InvalidInput, NotFound, PermissionDenied

VENDOR = Path(sys.prefix) / "share" / "tamga" / "vendor"
CYTOSCAPE_JS = VENDOR / "cytoscape.min.js"
#: parties drawn at most (the tables list them all)
DRAWN = 150


def elements(view: dict[str, Any]) -> list[dict[str, Any]]:
    """Cytoscape elements: the holder and its nearest parties, and the trades between them."""
    keep = {n["id"] for n in view["nodes"][:DRAWN]}
    out: list[dict[str, Any]] = []
    for n in view["nodes"][:DRAWN]:
        label = n["name"] if len(n["name"]) <= 28 else n["name"][:27] + "…"
        out.append({"data": {"id": n["id"], "label": label, "kind": n["kind"], "hops": n["hops"]}})
    for i, e in enumerate(view["edges"]):
        if e["source"] in keep and e["target"] in keep:
            data = {"id": f"e{i}", "source": e["source"], "target": e["target"],
                    "value": e["value"], "controlled": e["controlled_share"]}  # fmt: skip
            out.append({"data": data})
    return out


def build_network_router(pages: Pages) -> APIRouter:
    from tamga.network import NetworkService

    router = APIRouter(prefix=PREFIX, include_in_schema=False)
    service = NetworkService(pages.engine)

    @router.get("/assets/cytoscape.min.js")
    def cytoscape_js() -> Response:
        """Cytoscape.js as the npm package ships it (vendored at install)."""
        if not CYTOSCAPE_JS.is_file():
            return Response("cytoscape.js is not vendored: run scripts/install", status_code=404)
        return FileResponse(
            CYTOSCAPE_JS,
            media_type="text/javascript",
            headers={"Cache-Control": "public, max-age=86400"},
        )

    @router.get("/network/{holder_id}", response_class=HTMLResponse)
    @html_errors
    def network_page(
        request: Request, holder_id: str, depth: int = 2, since: str | None = None
    ) -> Response:
        viewer = session_viewer(request, pages.sessions)
        if viewer.is_trader:
            raise PermissionDenied("the trade network is for customs staff")
        if not 1 <= depth <= 4:
            raise InvalidInput("depth must be 1 to 4", field="depth")
        try:
            view = service.view(holder_id, depth, since or None, refresh=False)
        except NotFound:
            raise NotFound(f"{holder_id!r} has no trade in the network") from None
        import orjson

        build = service.store.last_build()
        return templates.TemplateResponse(
            request,
            "network.html",
            {
                "viewer": viewer,
                "has": pages.parts(),
                "v": view,
                "build": build,
                "head": service.store.log_head(),
                "elements": orjson.dumps(elements(view)).decode().replace("</", "<\\/"),
                "drawable": CYTOSCAPE_JS.is_file(),
            },
        )

    return router
