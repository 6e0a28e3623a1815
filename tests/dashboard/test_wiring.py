"""The dashboard wired to the other parts: the statistics charts, the risk and lists services."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dashboard_site import Site, signed_in
from fastapi.testclient import TestClient

from tamga.dashboard import create_app
from tamga.dashboard.wiring import CachedStats, context_from_services
from tamga.stats.load import load_ledger
from tamga.stats.panel import Panel
from tamga.stats.report import PanelCharts


def test_the_stats_page_draws_the_statistics_parts_charts(site: Site, tmp_path: Path) -> None:
    panel = Panel("dash", root=tmp_path)
    load_ledger(str(site.ledger.engine.url), panel)
    site.ctx.stats = CachedStats(PanelCharts(panel))
    client = TestClient(create_app(site.ctx))
    signed_in(client, site.tokens["analyst"])
    html = client.get("/dashboard/stats").text
    assert "Flows by reporter and partner" in html
    assert html.count('class="plot"') >= 2
    assert '"type":"scatter"' in html or '"type":"bar"' in html
    # in Russian: the section, axis and trace titles (the figures' data stay as they are)
    ru = client.get("/dashboard/stats", headers={"Accept-Language": "ru"}).text
    assert "Потоки по отчитывающейся стране и партнёру" in ru
    assert '"text":"период"' in ru and '"text":"period"' not in ru
    assert "Flows by reporter and partner" in client.get("/dashboard/stats").text  # cache intact


def test_the_service_wires_the_risk_and_lists_services_in_as_they_are(sqlite_url: str) -> None:
    from tamga.api.app import create_app as api_app
    from tamga.lists.service import ListsService
    from tamga.risk import AlertService

    services = api_app(sqlite_url).state.services
    ctx = context_from_services(services, stats=CachedStats(EmptyStats()))
    assert isinstance(ctx.alerts, AlertService) and ctx.alerts is services.alerts
    assert isinstance(ctx.lists, ListsService) and ctx.lists is services.lists


class EmptyStats:
    def charts(self) -> list[tuple[str, dict[str, Any]]]:
        return []
