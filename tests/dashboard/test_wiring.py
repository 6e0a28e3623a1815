"""The dashboard wired to the other parts: the statistics charts and a bare alert service."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dashboard_site import Site, signed_in
from fastapi.testclient import TestClient

from tamga.dashboard import create_app
from tamga.dashboard.wiring import AlertsAdapter, CachedStats
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


class BareAlerts:
    """An alert service that answers only list/get/act, as the API's protocol asks."""

    def __init__(self, alerts: list[dict[str, Any]]) -> None:
        self.alerts = alerts

    def list(self, rule: str | None = None) -> list[dict[str, Any]]:
        return [a for a in self.alerts if rule is None or a["rule"] == rule]

    def get(self, alert_id: str) -> dict[str, Any]:
        return next(a for a in self.alerts if a["id"] == alert_id)

    def act(self, alert_id: str, action: str, **kw: Any) -> dict[str, Any]:
        alert = self.get(alert_id)
        alert["state"] = action
        return alert


def test_counts_and_declaration_status_are_derived_from_a_bare_alert_service() -> None:
    adapter = AlertsAdapter(
        BareAlerts(
            [
                {
                    "id": "1",
                    "rule": "r1",
                    "channel": "red",
                    "state": "new",
                    "score": 0.9,
                    "declarations": ["D1"],
                },
                {
                    "id": "2",
                    "rule": "r2",
                    "channel": "yellow",
                    "state": "hold",
                    "score": 0.4,
                    "declarations": ["D1"],
                },
                {
                    "id": "3",
                    "rule": "r1",
                    "channel": "green",
                    "state": "closed_false_positive",
                    "score": 0.1,
                    "declarations": ["D2"],
                },
            ]
        )
    )
    assert adapter.counts() == {
        "by_channel": {"red": 1, "yellow": 1},
        "by_rule": {"r1": 1, "r2": 1},
    }
    assert adapter.declaration_status("D1") == {"channel": "red", "hold": True, "score": 0.9}
    assert adapter.declaration_status("D9") == {"channel": None, "hold": False, "score": None}
    # filters the service does not take are applied on the alerts' own fields
    assert [a["id"] for a in adapter.list(rule="r1", declaration="D2", limit=5)] == ["3"]
