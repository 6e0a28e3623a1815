"""The pages that are no record of their own: the statistics charts, a case file to
download, and the search box (which sends the text to the page it names)."""

from __future__ import annotations

import copy
from urllib.parse import quote

import plotly.io
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from tamga.auth import policy
from tamga.dashboard import names, queries
from tamga.dashboard.case_download import case_download
from tamga.dashboard.pages import PREFIX, Pages, html_errors
from tamga.dashboard.search import search_target
from tamga.wording import labels


def router(pages: Pages) -> APIRouter:
    router = APIRouter(prefix=PREFIX, include_in_schema=False)
    ctx, engine = pages.ctx, pages.engine

    @router.get("/stats", response_class=HTMLResponse)
    @html_errors
    def stats_page(request: Request) -> Response:
        viewer = pages.viewer(request)
        figures = []
        if ctx.stats is not None:
            for title, fig in ctx.stats.charts():
                fig = labels.localise_figure(copy.deepcopy(fig))  # the cache keeps English
                text = plotly.io.to_json(fig, validate=False) or "{}"
                figures.append((title, text.replace("</", "<\\/")))
        return pages.page(request, "stats.html", viewer, figures=figures)

    @router.get("/case/{key}.{fmt}")
    @html_errors
    def case_file(request: Request, key: str, fmt: str) -> Response:
        """The case file of an alert or a declaration, to download (PDF, XLSX or HTML)."""
        return case_download(ctx, pages.viewer(request), key, fmt)

    @router.get("/go")
    @html_errors
    def go(request: Request, q: str = "") -> Response:
        """The search box: a declaration, a transit or a holder, whichever the text names."""
        viewer = pages.viewer(request)
        q = q.strip()
        target = search_target(engine, viewer, q)
        own_holder = policy.may_see_holder(viewer, q) and queries.holder_record(engine, q)
        if not target.startswith("holders/") or not q or own_holder:
            return RedirectResponse(f"{PREFIX}/{target}", status_code=303)
        # a name: the holders it names that the viewer may see (the same answer as for nothing)
        found = [h for h in names.search(engine, q) if policy.may_see_holder(viewer, h["id"])]
        if len(found) == 1:
            return RedirectResponse(f"{PREFIX}/holders/{quote(found[0]['id'], safe='/')}", 303)
        return pages.page(request, "search.html", viewer, q=q, found=found)

    return router
