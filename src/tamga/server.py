"""The served application: the REST API and the dashboard over one set of services.

``create_server`` is what ``tamga serve`` and ``tamga demo`` run; ``app`` is its factory for
worker processes (``uvicorn tamga.server:app --factory``): each worker builds its own services
(its own engine and pool) from the settings; the store is the only thing workers share. While
a worker serves, its risk follower polls the store for other workers' commits, so one of them
scores every event in log order (``tamga.risk.follower.RiskRuntime``); at shutdown it catches up
and saves the rules' state.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from tamga.api.app import create_app
from tamga.dashboard import mount_services
from tamga.services import Services, build_services
from tamga.settings import Settings, get_settings


def create_server(
    settings: Settings | None = None, *, services: Services | None = None, **build: Any
) -> FastAPI:
    """The API with the dashboard under ``/dashboard``; the bare address leads to it.

    ``build`` goes to ``build_services`` (``engine``, ``checker``, ``screener``, ...).
    """
    services = services or build_services(settings, **build)
    application = create_app(services=services)
    mount_services(application, services)

    @application.get("/", include_in_schema=False)
    def index() -> RedirectResponse:
        """A person opening the bare address lands on the dashboard (the API's index: /docs)."""
        return RedirectResponse("/dashboard/", status_code=307)

    return application


def serving(settings: Settings) -> FastAPI:
    """The server as a process serves it: its risk follower running for its lifetime."""
    application = create_server(settings)
    follow_risk(application)
    return application


def app() -> FastAPI:
    """The worker factory: the server over the environment's settings."""
    return serving(get_settings())


def follow_risk(application: FastAPI, interval: float = 0.25) -> None:
    """Run the risk follower's poll for the app's lifetime."""
    runtime = application.state.services.alerts.runtime
    if runtime is None:
        return
    inner: Callable[[Any], AbstractAsyncContextManager[Any]] = application.router.lifespan_context

    @asynccontextmanager
    async def lifespan(scope_app: Any) -> AsyncIterator[Any]:
        runtime.start(interval)
        try:
            async with inner(scope_app) as state:
                yield state
        finally:
            await run_in_threadpool(runtime.stop)

    application.router.lifespan_context = lifespan
