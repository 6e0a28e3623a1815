"""The dashboard tests' site: a small ledger with a re-export chain and a transit, recorded
alerts, and a real token for each role (the fixtures in conftest.py serve it)."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).parents[1] / "ledger"))

from builders import checkpoint, exp, imp, line, sale, transit_start
from dashboard_doubles import RecordingAlerts

from tamga.auth.tokens import TokenStore
from tamga.dashboard import DashboardContext, token_resolver
from tamga.dashboard.wiring import default_geography
from tamga.ledger.service import LedgerService


@dataclass
class Site:
    ledger: LedgerService
    alerts: RecordingAlerts
    ctx: DashboardContext
    tokens: dict[str, str]  # role label -> a real token from the store


def seed(ledger: LedgerService) -> None:
    """KZ-ALFA imports German machine tools and Chinese chips, sells to KZ-BETA, which exports
    to Russia; KZ-GAMMA imports on its own; a Chinese transit is under way."""
    ledger.ingest(
        [
            imp("KZ-ALFA", [line(1, "845811", 12, value=240_000.0)], day=0, decl="IM-ALFA-1"),
            imp(
                "KZ-ALFA",
                [line(1, "854231", 5000, value=1_250_000.0)],
                day=0.2,
                decl="IM-ALFA-2",
                origin="CN",
            ),
            imp(
                "KZ-GAMMA",
                [line(1, "870323", 3, value=90_000.0)],
                day=0.3,
                decl="IM-GAMMA-1",
                origin="JP",
            ),
            sale("KZ-ALFA", "KZ-BETA", [line(1, "845811", 8)], day=1),
            exp("KZ-BETA", [line(1, "845811", 8, value=200_000.0)], day=2, decl="EX-BETA-1"),
            exp("KZ-ALFA", [line(1, "854231", 1200, value=310_000.0)], day=2.1, decl="EX-ALFA-1"),
            transit_start(
                "MRN-0001",
                day=1.5,
                location="KZ-P-KHORGOS",
                office_of_departure="KZ-P-KHORGOS",
                dest_office="KZ-P-ZHAISAN",
            ),
            checkpoint("MRN-0001", 1.8, location="KZ-O-ALMATY", lat=43.25, lon=76.9),
        ]
    )


def make_site(url: str) -> Site:
    ledger = LedgerService.open(url)
    seed(ledger)
    alerts = RecordingAlerts(ledger)
    alerts.raise_alert(
        "A-1",
        rule="controlled_reexport",
        channel="red",
        score=0.92,
        declarations=["EX-BETA-1"],
        holders=["KZ-BETA", "KZ-ALFA"],
        evidence={"controlled_share": 1.0, "value_involved": 200_000.0, "destination": "RU"},
    )
    alerts.raise_alert(
        "A-2",
        rule="fast_turnaround",
        channel="yellow",
        score=0.55,
        declarations=["IM-GAMMA-1"],
        holders=["KZ-GAMMA"],
        evidence={"days": 2},
    )
    store = TokenStore(ledger.engine)
    tokens = {
        "analyst": store.create("analyst", name="aigerim").token,
        "trader": store.create("trader", holder="KZ-ALFA", name="alfa").token,
        "officer": store.create("officer", office="KZ-P-KHORGOS", name="khorgos").token,
    }
    ctx = DashboardContext(
        ledger=ledger,
        resolve=token_resolver(ledger.engine),
        alerts=alerts,
        geography=default_geography(),
    )
    return Site(ledger, alerts, ctx, tokens)


def signed_in(client: TestClient, token: str) -> TestClient:
    r = client.post("/dashboard/signin", data={"token": token}, follow_redirects=False)
    assert r.status_code == 303, r.text
    return client
