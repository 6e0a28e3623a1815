"""The service's FastAPI application: ``create_app`` wires the store, auth and every router.

Routers are by area (capture, ledger, transits, stream, admin, and the other parts' when they
run here); errors leave through one root (``tamga.api.problems``); bodies are size-limited
before they are read. Several worker processes can serve one PostgreSQL store: nothing here
keeps state between requests except caches the store can always rebuild.
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from sqlalchemy import Engine

from tamga import __version__
from tamga.api import problems
from tamga.api.limits import DEFAULT_MAX_BODY, BodyLimit
from tamga.api.routes import admin, capture, ledger, stream, transits
from tamga.api.services import Services
from tamga.auth import TokenStore
from tamga.ledger.parsing import EVENT_ADAPTER
from tamga.ledger.service import LedgerService
from tamga.store.database import connect

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Settings:
    max_body: int = DEFAULT_MAX_BODY
    stream_interval: float = 0.2  # seconds between store polls on a live stream


def create_app(
    database_url: str | None = None,
    *,
    engine: Engine | None = None,
    home_country: str = "KZ",
    settings: Settings | None = None,
    risk_config: Any = None,
    alerts: Any = None,
    lists: Any = None,
    screener: Any = None,
    epcis: Any = None,
    dashboard: bool = True,
) -> FastAPI:
    """The API over the store at ``database_url`` (default: ``TAMGA_DATABASE_URL`` or SQLite).

    Parts not passed in are looked up: the risk engine is attached to the ledger when
    ``tamga.risk`` is installed, so captured events are scored as they arrive.
    """
    settings = settings or Settings()
    engine = engine or connect(database_url)
    ledger_service = LedgerService(engine, home_country)
    services = Services(
        engine=engine,
        ledger=ledger_service,
        tokens=TokenStore(engine),
        alerts=alerts,
        lists=lists if lists is not None else _lists_service(engine),
        screener=screener,
        epcis=epcis,
    )
    _attach_risk(services, risk_config)
    if hasattr(services.alerts, "alerts_after") and hasattr(services.alerts, "last_seq"):
        services.alert_feed = services.alerts  # type: ignore[assignment]  # same service

    app = FastAPI(
        title="tamga",
        version=__version__,
        summary="Follow goods from border to border: capture, ledger queries, live stream, EPCIS.",
    )
    app.state.services = services
    app.state.settings = settings
    problems.install(app)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body)

    for module in (capture, ledger, transits, stream, admin):
        app.include_router(module.router)
    _include_optional(app)
    if dashboard:  # the analysts' pages, over the same services
        from tamga.dashboard import mount_services

        mount_services(app, services)

    @app.get("/api/v1/health", tags=["admin"], summary="Liveness: the store answers")
    def health() -> dict[str, Any]:
        summary = ledger_service.summary()
        return {"status": "ok", "events": summary.get("events"), "clock": summary.get("clock")}

    _openapi_with_events(app)
    return app


def _attach_risk(services: Services, config: Any) -> None:
    try:
        risk = importlib.import_module("tamga.risk")
    except ImportError:
        return
    attach = getattr(risk, "attach", None)
    if attach is None:
        return
    attached = attach(services.ledger, config)
    if services.alerts is None and attached is not None:
        services.alerts = attached


def _lists_service(engine: Engine) -> Any:
    """The lists part's service over the same store (seeded on first use), when installed."""
    try:
        service = importlib.import_module("tamga.lists.service")
    except ImportError as exc:
        log.info("the lists part is not running: %s", exc)
        return None
    return service.ListsService(engine)


def _include_optional(app: FastAPI) -> None:
    """Routers over other parts, included when their module imports (their part has landed)."""
    for name in ("alerts", "lists", "screening", "epcis"):
        try:
            module = importlib.import_module(f"tamga.api.routes.{name}")
        except ImportError as exc:
            log.info("API routes for %s are not mounted: %s", name, exc)
            continue
        app.include_router(module.router)


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
        app.openapi_schema = schema
        return schema

    app.openapi = build  # type: ignore[method-assign]
