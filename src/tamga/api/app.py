"""The REST API: ``create_app`` puts every router over the services of the composition root.

Routers are by area (capture, ledger, transits, stream, admin, alerts, lists, screening,
EPCIS); errors leave through one root (``tamga.api.problems``); bodies are size-limited
before they are read. Several worker processes can serve one PostgreSQL store: nothing here
keeps state between requests except caches the store can always rebuild.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.openapi.utils import get_openapi
from sqlalchemy import Engine, select

from tamga import __version__
from tamga.api import problems
from tamga.api.limits import BodyLimit
from tamga.api.nul import RefuseNul
from tamga.api.routes import (
    admin,
    alerts,
    capture,
    epcis,
    ledger,
    lists,
    screening,
    stream,
    transits,
)
from tamga.ledger.parsing import EVENT_ADAPTER
from tamga.lists.checker import GoodsChecker
from tamga.risk.alerts import ConfigSource
from tamga.screening import Screener
from tamga.services import Services, build_services
from tamga.settings import Settings, get_settings

__all__ = ["Settings", "create_app"]


def create_app(
    database_url: str | None = None,
    *,
    engine: Engine | None = None,
    settings: Settings | None = None,
    risk_config: ConfigSource = None,
    checker: GoodsChecker | None = None,
    screener: Screener | None = None,
    services: Services | None = None,
) -> FastAPI:
    """The REST API over ``services``, or over services built for ``database_url``/``engine``.

    ``settings`` defaults to the environment's (``tamga.settings``); a ``database_url`` given here
    wins over the settings' one. ``checker`` and ``screener`` fix the rules' goods lists and the
    sanctions screener (tests). The dashboard is mounted beside it by ``tamga.server``.
    """
    if services is None:
        if settings is None:
            settings = get_settings()
        if database_url is not None:
            settings = settings.model_copy(update={"database_url": database_url})
        services = build_services(
            settings, engine=engine, risk_config=risk_config, checker=checker, screener=screener
        )
    settings = services.settings

    app = FastAPI(
        title="tamga",
        version=__version__,
        summary="Follow goods from border to border: capture, ledger queries, live stream, EPCIS.",
    )
    app.state.services = services
    app.state.settings = settings
    problems.install(app)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body)
    app.add_middleware(RefuseNul)

    for module in (capture, ledger, transits, stream, admin, alerts, lists, screening, epcis):
        app.include_router(module.router)

    ledger_service, engine = services.ledger, services.engine

    @app.get("/api/v1/health", tags=["admin"], summary="Liveness: the store answers")
    def health(request: Request) -> dict[str, Any]:
        """``{"status": "ok"}`` once the store answers. The event count and the ledger clock
        (how busy the ledger is, how current) are customs' figures: shown to an analyst or
        admin token only, never without one."""
        with engine.connect() as conn:
            conn.execute(select(1))
        out: dict[str, Any] = {"status": "ok"}
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() == "bearer" and token:
            principal = services.tokens.resolve(token)
            if principal is not None and principal.reads_all:
                summary = ledger_service.summary()
                out |= {"events": summary.get("events"), "clock": summary.get("clock")}
        return out

    _openapi_with_events(app)
    return app


def _openapi_with_events(app: FastAPI) -> None:
    """Declare the ledger event vocabulary as ``LedgerEvent`` so the capture body is typed."""

    def build() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(
            title=app.title, version=app.version, summary=app.summary, routes=app.routes
        )
        event_schema = EVENT_ADAPTER.json_schema(ref_template="#/components/schemas/{model}")
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for name, sub in event_schema.pop("$defs", {}).items():
            components.setdefault(name, sub)
        components["LedgerEvent"] = event_schema
        problems.problem_media_in(schema)
        app.openapi_schema = schema
        return schema

    app.openapi = build  # type: ignore[method-assign]
