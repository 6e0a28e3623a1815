"""The dashboard's pages over the same services as the API, mounted under ``/dashboard``.

Pages are Jinja2 templates rendered on the server, and the few live or interactive parts are
the small script in ``static/dashboard.js``. Every page asks ``tamga.auth.policy`` what the
signed-in principal may see; another trader's holder, declaration or alert answers like a
missing one. The routes are by page in ``tamga.dashboard.routes`` (and the network, screening
decision and selectivity modules), all built over one ``tamga.dashboard.pages.Pages``.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from tamga.dashboard.context import DashboardContext
from tamga.dashboard.pages import HERE, PREFIX, Pages


def build_router(ctx: DashboardContext) -> APIRouter:
    """Every dashboard route over ``ctx``, in one router (the order is the matching order)."""
    from tamga.dashboard.network_page import build_network_router
    from tamga.dashboard.routes import (
        alerts,
        declarations,
        holders,
        lists,
        overview,
        signin,
        tools,
        transits,
    )
    from tamga.dashboard.screening_decision import decision_router
    from tamga.dashboard.selectivity import selectivity_router

    pages = Pages(ctx)
    router = APIRouter()
    for module in (signin, overview, transits, alerts, holders, declarations, lists, tools):
        router.include_router(module.router(pages))
    router.include_router(build_network_router(pages))
    router.include_router(decision_router(pages))
    router.include_router(selectivity_router(pages))
    return router


def mount(app: FastAPI, ctx: DashboardContext) -> None:
    """Serve the dashboard under ``/dashboard`` (pages, its own static files, plotly.js)."""
    from tamga.dashboard.csrf import SameOriginForms

    app.add_middleware(SameOriginForms, prefix=PREFIX)  # every form, without a token in each
    app.include_router(build_router(ctx))
    app.mount(f"{PREFIX}/static", StaticFiles(directory=HERE / "static"), name="dashboard-static")


def create_app(ctx: DashboardContext) -> FastAPI:
    """The dashboard alone, for running it without the rest of the service."""
    app = FastAPI(title="tamga dashboard", docs_url=None, redoc_url=None, openapi_url=None)
    mount(app, ctx)

    @app.get("/")
    def root() -> Response:
        return RedirectResponse(f"{PREFIX}/", status_code=307)

    return app
