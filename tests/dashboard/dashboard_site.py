"""The dashboard tests' site: a small ledger ingested with the real risk rules attached, the real
lists service over the same store, and a real token for each role (conftest.py serves it).

The rules run on a small high-priority list and a one-name sanctions list built here (as
tests/risk/conftest.py does), so every alert the pages show is one the rules raised.
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import orjson
from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).parents[1] / "ledger"))

from builders import checkpoint, exp, imp, line, sale, transit_start

from tamga.auth.tokens import TokenStore
from tamga.dashboard import DashboardContext, token_resolver
from tamga.dashboard.wiring import default_geography
from tamga.ledger.service import LedgerService
from tamga.lists.model import Effect, Entry, GoodsList
from tamga.lists.service import ListsService
from tamga.risk import AlertService, attach
from tamga.screening import Screener
from tamga.screening.model import ListedEntity

#: Debian's Chromium and the flags it runs with here (no sandbox as root, no calls home)
CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

RU_BY = frozenset({"RU", "BY"})
#: machine tools (8458) join the high-priority list on 2022-03-02, between IM-ALFA-1 and EX-BETA-1
CHPL = GoodsList(
    name="chpl",
    title="Common High Priority (test)",
    entries=(
        Entry(
            "T1-8542",
            Effect.CONTROLLED,
            hs_prefixes=("8542",),
            destinations=RU_BY,
            tier="1",
            valid_from=date(2022, 1, 1),
        ),
        Entry(
            "T3-8458",
            Effect.CONTROLLED,
            hs_prefixes=("8458",),
            destinations=RU_BY,
            tier="3",
            valid_from=date(2022, 3, 2),
        ),
    ),
)
#: a parallel-import list whose brands a rights holder can ask to come off
PARALLEL = GoodsList(
    name="ru-parallel-import",
    title="Parallel import (test)",
    entries=(
        Entry(
            "pi-9504",
            Effect.ALLOWED_ONLY_BRANDS,
            hs_prefixes=("9504",),
            brands=("Nintendo", "Sony"),
            destinations=frozenset({"RU"}),
            valid_from=date(2022, 1, 1),
        ),
        Entry(
            "pi-8703",
            Effect.ALLOWED_ONLY_BRANDS,
            hs_prefixes=("8703",),
            brands=("Toyota", "BMW"),
            destinations=frozenset({"RU"}),
            valid_from=date(2022, 1, 1),
        ),
    ),
)
SANCTIONED = ListedEntity(
    entity_id="san-1",
    schema="Company",
    names=("ООО «Технопром»",),
    countries=("ru",),
    identifiers=("7700000001",),
    topics=("sanction",),
)


@dataclass
class Site:
    ledger: LedgerService
    alerts: AlertService
    lists: ListsService
    ctx: DashboardContext
    tokens: dict[str, str]  # role label -> a real token from the store

    def alert_id(self, rule: str) -> str:
        """The id of the (one) alert the rules raised under ``rule``."""
        (found,) = self.alerts.list(rule=rule)
        alert_id: str = found["id"]
        return alert_id


def events() -> list[dict[str, Any]]:
    """KZ-ALFA imports German machine tools and Chinese chips and sells tools to KZ-BETA, which
    exports them to Russia (a controlled re-export); KZ-GAMMA imports Japanese cars from a
    sanctioned consignor; a Chinese transit is under way."""
    return [
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
            [line(1, "870323", 3, value=90_000.0, brand="Toyota")],
            day=0.3,
            decl="IM-GAMMA-1",
            origin="JP",
            consignor={"id": "7700000001", "name": "OOO Tekhnoprom", "country": "RU"},
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


def unbacked_export(decl: str = "EX-LIVE-1", day: float = 2.3) -> dict[str, Any]:
    """KZ-GAMMA exports five cars when it imported three: the unbacked rule raises an alert."""
    return exp("KZ-GAMMA", [line(1, "870323", 5, value=150_000.0)], day=day, decl=decl)


#: the holder registry: each holder's name in Latin and Cyrillic letters (Kazakh ones included)
REGISTRY = [
    {
        "id": "KZ-ALFA",
        "name": "Alfa Machinery LLP",
        "name_cyrillic": "ТОО «Альфа Машинери»",
        "kind": "LLP",
        "registered": "2015-04-01",
        "city": "Almaty",
    },
    {
        "id": "KZ-BETA",
        "name": "Beta Trade LLP",
        "name_cyrillic": "ТОО «Бета Шаһар Трейд»",
        "kind": "LLP",
        "registered": "2018-06-01",
        "city": "Astana",
    },
    {
        "id": "KZ-GAMMA",
        "name": "Gamma Kolik LLP",
        "name_cyrillic": "ЖШС «Ғамма Көлік»",
        "kind": "LLP",
        "registered": "2019-09-09",
        "city": "Shymkent",
    },
    {
        "id": "CARRIER-1",
        "name": "Shahar Logistik LLP",
        "name_cyrillic": "ЖШС «Шаһар Логистик»",
        "kind": "LLP",
        "registered": "2010-01-15",
        "city": "Khorgos",
    },
]


def load_registry(ledger: LedgerService) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "holders.jsonl"
        path.write_bytes(b"\n".join(orjson.dumps(h) for h in REGISTRY))
        ledger.load_holders(path)


def make_site(url: str) -> Site:
    ledger = LedgerService.open(url)
    load_registry(ledger)
    lists = ListsService(ledger.engine, seed=False)
    for goods in (CHPL, PARALLEL):
        lists.load(goods, actor="tests")
    screener = Screener.from_entities([SANCTIONED])
    alerts = attach(ledger, checker=lists.checker(), screener=screener)
    outcomes = ledger.ingest(events())
    assert not [o for o in outcomes if o.status == "rejected"]
    store = TokenStore(ledger.engine)
    tokens = {
        "admin": store.create("admin", name="root").token,
        "analyst": store.create("analyst", name="aigerim").token,
        "trader": store.create("trader", holder="KZ-ALFA", name="alfa").token,
        "officer": store.create("officer", office="KZ-P-KHORGOS", name="khorgos").token,
    }
    ctx = DashboardContext(
        ledger=ledger,
        resolve=token_resolver(ledger.engine),
        alerts=alerts,
        lists=lists,
        geography=default_geography(),
        secure_cookie=False,  # the test clients speak plain HTTP
    )
    return Site(ledger, alerts, lists, ctx, tokens)


def signed_in(client: TestClient, token: str) -> TestClient:
    r = client.post("/dashboard/signin", data={"token": token}, follow_redirects=False)
    assert r.status_code == 303, r.text
    return client
