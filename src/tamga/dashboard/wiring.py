"""Build the dashboard's context from the service's parts, as ``tamga serve`` runs them.

``context_from_services`` takes the API's ``Services`` (the same ledger, token store and alert
service the REST routes use) and adds what only the pages need: the statistics part's charts and
the geography part's map data, each when that part is installed. The alert service is wrapped so
the pages can ask for counts and a declaration's status even if the risk part answers only
``list``/``get``/``act``.
"""

from __future__ import annotations

import inspect
import time
from typing import Any

from tamga.dashboard.access import TokenResolver
from tamga.dashboard.context import DashboardContext
from tamga.dashboard.ports import AlertsPort, ListsPort, MapData, StatsPort

CHANNEL_RANK = {"green": 0, "yellow": 1, "red": 2}
OPEN_LIMIT = 10_000


def _parameters(func: Any) -> set[str] | None:
    """The keyword names a callable takes (``None``: it takes any, through ``**kwargs``)."""
    try:
        params = inspect.signature(func).parameters.values()
    except (TypeError, ValueError):
        return None
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params):
        return None
    return {p.name for p in params}


class AlertsAdapter:
    """Any alert service with ``list``, ``get`` and ``act``, completed to ``AlertsPort``."""

    def __init__(self, service: Any) -> None:
        self.service = service

    def list(self, **filters: Any) -> list[dict[str, Any]]:
        """Filters the service takes go to it; the rest are applied here, on the alert fields."""
        clean = {k: v for k, v in filters.items() if v is not None}
        accepted = _parameters(self.service.list)
        passed = {k: v for k, v in clean.items() if accepted is None or k in accepted}
        rows = [dict(a) for a in self.service.list(**passed)]
        for key, value in clean.items():
            if key in passed or key == "limit":
                continue
            plural = {"declaration": "declarations", "holder": "holders", "transit": "transits"}
            if key in plural:
                rows = [a for a in rows if value in (a.get(plural[key]) or [])]
            else:
                rows = [a for a in rows if a.get(key) == value]
        limit = clean.get("limit")
        return rows[:limit] if isinstance(limit, int) else rows

    def get(self, alert_id: str) -> dict[str, Any]:
        return dict(self.service.get(alert_id))

    def act(
        self, alert_id: str, action: str, *, reason: str, actor: str, assignee: str | None = None
    ) -> dict[str, Any]:
        return dict(
            self.service.act(alert_id, action, reason=reason, actor=actor, assignee=assignee)
        )

    def counts(self) -> dict[str, dict[str, int]]:
        if hasattr(self.service, "counts"):
            return dict(self.service.counts())
        out: dict[str, dict[str, int]] = {"by_channel": {}, "by_rule": {}}
        for a in self.list(limit=OPEN_LIMIT):
            if str(a.get("state", "")).startswith("closed"):
                continue
            for key, name in (("by_channel", "channel"), ("by_rule", "rule")):
                value = str(a.get(name) or "—")
                out[key][value] = out[key].get(value, 0) + 1
        return out

    def declaration_status(self, declaration_no: str) -> dict[str, Any]:
        if hasattr(self.service, "declaration_status"):
            return dict(self.service.declaration_status(declaration_no))
        alerts = self.list(declaration=declaration_no, limit=1000)
        if not alerts:
            return {"channel": None, "hold": False, "score": None}
        top = max(alerts, key=lambda a: CHANNEL_RANK.get(str(a.get("channel")), -1))
        return {
            "channel": top.get("channel"),
            "hold": any(a.get("state") == "hold" for a in alerts),
            "score": max(float(a.get("score") or 0) for a in alerts),
        }


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


def default_stats() -> StatsPort | None:
    """The statistics part's panel charts, when that part is installed."""
    try:
        from tamga.stats.panel import Panel
        from tamga.stats.report import PanelCharts
    except ImportError:
        return None
    return CachedStats(PanelCharts(Panel()))


def default_geography() -> MapData | None:
    """Border posts, the country outline and corridors from the geography part, if present."""
    try:
        from tamga.dashboard.geo import map_data
    except ImportError:
        return None
    return map_data()


def context_from_services(
    services: Any,
    *,
    stats: StatsPort | None = None,
    geography: MapData | None = None,
    secure_cookie: bool = False,
) -> DashboardContext:
    """The dashboard over the API's ``Services`` (ledger, tokens, alerts, lists)."""
    resolve: TokenResolver = services.tokens.resolve
    alerts: AlertsPort | None = (
        AlertsAdapter(services.alerts) if services.alerts is not None else None
    )
    lists: ListsPort | None = getattr(services, "lists", None)
    if lists is not None and not all(
        hasattr(lists, m) for m in ("names", "entries", "diff", "delisting_requests", "check")
    ):
        from tamga.dashboard.lists_port import port_for

        lists = port_for(lists)  # the lists part's service, adapted (or None: the checker)
    if lists is None:
        from tamga.dashboard.lists_port import default_lists

        lists = default_lists()
    return DashboardContext(
        ledger=services.ledger,
        resolve=resolve,
        alerts=alerts,
        lists=lists,
        stats=stats if stats is not None else default_stats(),
        geography=geography if geography is not None else default_geography(),
        secure_cookie=secure_cookie,
    )


def mount_services(app: Any, services: Any) -> None:
    """Serve the dashboard under ``/dashboard`` in the service's app, over its services."""
    from tamga.dashboard.web import mount

    mount(app, context_from_services(services))
