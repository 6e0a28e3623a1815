"""The ASGI entry point for worker processes: ``uvicorn tamga.api.asgi:app --factory``.

Each worker process builds its own app (its own engine and pool) from ``TAMGA_DATABASE_URL``;
the store is the only thing the workers share. While a worker serves, its risk follower polls
the store for other workers' commits, so one of them scores every event in log order
(``tamga.risk.service.RiskRuntime``); at shutdown it catches up and saves the rules' state.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from tamga.api.app import Settings, create_app


def app() -> FastAPI:
    # the dashboard's session cookie is Secure unless the operator serves plain HTTP beyond
    # localhost on purpose (TAMGA_INSECURE_COOKIE=1)
    insecure = os.environ.get("TAMGA_INSECURE_COOKIE", "") in ("1", "true", "yes")
    application = create_app(settings=Settings(secure_cookie=not insecure))
    follow_risk(application)
    return application


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
