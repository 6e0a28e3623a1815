"""Build the dashboard's context from the service's parts, as ``tamga serve`` runs them.

``context_from_services`` takes the API's ``Services`` (the same ledger, token store, alert
service and lists service the REST routes use) and adds what only the pages need: the
statistics part's charts and the geography part's map data.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from tamga.dashboard.context import DashboardContext
from tamga.dashboard.geo import map_data
from tamga.dashboard.ports import MapData, StatsPort

if TYPE_CHECKING:
    from tamga.api.services import Services


class CachedStats:
    """The statistics charts, recomputed at most every ``ttl`` seconds (they are analyses of
    a whole panel; the page must not redo them on every view)."""

    def __init__(self, source: StatsPort, ttl: float = 300.0) -> None:
        self.source, self.ttl = source, ttl
        self._at = -1e18
        self._charts: list[tuple[str, dict[str, Any]]] = []

    def charts(self) -> list[tuple[str, dict[str, Any]]]:
        now = time.monotonic()
        if now - self._at > self.ttl:
            self._charts = self.source.charts()
            self._at = now
        return self._charts


def default_stats() -> StatsPort:
    """The statistics part's charts over its default panel."""
    from tamga.stats.panel import Panel
    from tamga.stats.report import PanelCharts

    return CachedStats(PanelCharts(Panel()))


def default_geography() -> MapData:
    """Border posts, the country outline and corridors from the geography part."""
    return map_data()


def context_from_services(
    services: Services,
    *,
    stats: StatsPort | None = None,
    geography: MapData | None = None,
    secure_cookie: bool = True,
) -> DashboardContext:
    """The dashboard over the API's ``Services``: its ledger, tokens, the risk part's
    ``AlertService`` and the lists part's ``ListsService``."""
    return DashboardContext(
        ledger=services.ledger,
        resolve=services.tokens.resolve,
        alerts=services.alerts,
        lists=services.lists,
        stats=stats if stats is not None else default_stats(),
        geography=geography if geography is not None else default_geography(),
        secure_cookie=secure_cookie,
    )


def mount_services(app: Any, services: Services, *, secure_cookie: bool = True) -> None:
    """Serve the dashboard under ``/dashboard`` in the service's app, over its services."""
    from tamga.dashboard.web import mount

    mount(app, context_from_services(services, secure_cookie=secure_cookie))
