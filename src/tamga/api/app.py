"""The service's FastAPI application: ``create_app`` wires the store, auth and every router.

Routers are by area (capture, ledger, transits, stream, admin, alerts, lists, screening,
EPCIS); errors leave through one root (``tamga.api.problems``); bodies are size-limited
before they are read. Several worker processes can serve one PostgreSQL store: nothing here
keeps state between requests except caches the store can always rebuild.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request
from fastapi.openapi.utils import get_openapi
from sqlalchemy import Engine, select

from tamga import __version__
from tamga.api import problems
from tamga.api.limits import DEFAULT_MAX_BODY, BodyLimit
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
from tamga.api.services import Services
from tamga.auth import TokenStore
from tamga.ledger.parsing import EVENT_ADAPTER
from tamga.ledger.service import LedgerService
from tamga.lists.checker import GoodsChecker
from tamga.lists.service import ListsService
from tamga.risk import attach
from tamga.risk.service import ConfigSource
from tamga.screening import Screener
from tamga.store.database import connect


@dataclass(frozen=True)
class Settings:
    max_body: int = DEFAULT_MAX_BODY
    stream_interval: float = 0.2  # seconds between store polls on a live stream
    #: the dashboard's session cookie is ``Secure`` (off only for plain HTTP beyond localhost)
    secure_cookie: bool = True


def create_app(
    database_url: str | None = None,
    *,
    engine: Engine | None = None,
    home_country: str = "KZ",
    settings: Settings | None = None,
    risk_config: ConfigSource = None,
    checker: GoodsChecker | None = None,
    screener: Screener | None = None,
    dashboard: bool = True,
) -> FastAPI:
    """The API over the store at ``database_url`` (default: ``TAMGA_DATABASE_URL`` or SQLite).

    The risk engine is attached to the ledger, so captured events are scored as they arrive.
    ``checker`` and ``screener`` fix the rules' goods lists and the sanctions screener (tests);
    by default both follow the store (the lists part's lists, the loaded sanctions entities).
    """
    settings = settings or Settings()
    engine = engine or connect(database_url)
    ledger_service = LedgerService(engine, home_country)
    services = Services(
        engine=engine,
        ledger=ledger_service,
        tokens=TokenStore(engine),
        alerts=attach(ledger_service, risk_config, checker=checker, screener=screener),
        lists=ListsService(engine),
        screener=screener,
    )

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
    if dashboard:  # the analysts' pages, over the same services
        from tamga.dashboard import mount_services

        mount_services(app, services, secure_cookie=settings.secure_cookie)

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
