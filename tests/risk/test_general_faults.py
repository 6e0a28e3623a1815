"""Faults found on a world the rules were not tuned on, each stated as a customs officer would:
entities that name no restriction, bans that apply only above a value."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import orjson
import pytest
from builders import exp, imp, line
from risk_support import Ingest, only
from unseen_support import by_rule

from tamga.lists.checker import GoodsChecker
from tamga.lists.model import Effect, Entry, GoodsList
from tamga.risk import RiskConfig, attach
from tamga.screening.repository import ScreeningRepository


def test_only_entities_that_name_a_restriction_are_screened_against(
    sqlite_url: str, tmp_path: Path
) -> None:
    from tamga.ledger.service import LedgerService

    entities = [
        {
            "id": "san-1",
            "schema": "Company",
            "properties": {"name": ["ООО «Технопром»"], "country": ["ru"], "topics": ["sanction"]},
            "datasets": ["sanctions"],
        },
        {  # a registry record in the same file: a firm, not a listing
            "id": "reg-1",
            "schema": "LegalEntity",
            "properties": {"name": ["ООО «Сигма-Строй»"], "country": ["ru"]},
            "datasets": ["registry"],
        },
    ]
    path = tmp_path / "entities.ftm.json"
    path.write_bytes(b"\n".join(orjson.dumps(e) for e in entities))
    ledger = LedgerService.open(sqlite_url)
    ScreeningRepository(ledger.engine).load_file(path)
    alerts = attach(ledger, RiskConfig.load(only("sanctioned_party")), checker=GoodsChecker([]))
    ru = {"country": "RU"}
    ledger.ingest(
        [
            imp("h", [line(qty=10)], 0),
            exp(
                "h",
                [line(qty=1)],
                1,
                "EX-SAN",
                consignee={"id": "R1", "name": "ООО «Технопром»"} | ru,
            ),
            exp(
                "h",
                [line(qty=1)],
                1,
                "EX-REG",
                consignee={"id": "R2", "name": "ООО «Сигма-Строй»"} | ru,
            ),
        ]
    )
    assert set(by_rule(alerts.list(), "sanctioned_party")) == {"EX-SAN"}


@pytest.fixture
def checker() -> GoodsChecker:
    """Footwear of EU origin banned for Russia above EUR 300 a pair (an Annex XVIII entry)."""
    entry = Entry(
        "lux-64",
        Effect.EXPORT_BAN,
        hs_prefixes=("6403",),
        origins=frozenset({"DE"}),
        destinations=frozenset({"RU"}),
        note="footwear above EUR 300 per pair",
        valid_from=date(2020, 1, 1),
    )
    return GoodsChecker([GoodsList(name="lux", entries=(entry,))])


def test_a_ban_above_a_value_per_item_spares_goods_below_it(risk_ledger: Ingest) -> None:
    rates = [("2022-02-25", "EUR", 550.0), ("2022-03-01", "EUR", 560.0)]
    shoe = {"hs": "6403999800", "unit": "NPR", "origin_country": "DE"}
    events = [
        imp("h", [line(qty=100, value=2_000.0, currency="EUR", **shoe)], 0, "IM-CHEAP"),
        imp("g", [line(qty=10, value=6_000.0, currency="EUR", **shoe)], 0, "IM-LUX"),
        # 40 EUR a pair, re-priced in tenge: below the line
        exp("h", [line(qty=50, value=50 * 40 * 560.0, currency="KZT", **shoe)], 2, "EX-CHEAP"),
        # 600 EUR a pair: above it
        exp("g", [line(qty=10, value=10 * 600 * 560.0, currency="KZT", **shoe)], 2, "EX-LUX"),
    ]
    _, alerts = risk_ledger(events, only("controlled_reexport"), rates=rates)
    found = by_rule(alerts.list(), "controlled_reexport")
    assert set(found) == {"EX-LUX"}
    (finding,) = found["EX-LUX"]["evidence"]["lines"][0]["findings"]
    assert finding["value_condition"].startswith("above EUR 300 per item: 336,000 KZT = 600 EUR")


def test_goods_declared_by_weight_are_measured_per_kilogram(risk_ledger: Ingest) -> None:
    shoe = {"hs": "6403999800", "unit": "KGM", "origin_country": "DE"}
    events = [
        imp("h", [line(qty=200, value=20_000.0, currency="EUR", **shoe)], 0),
        # 200 EUR a kilogram: a pair above EUR 300 would weigh 1.5 kg, possible
        exp("h", [line(qty=50, value=10_000.0, currency="EUR", **shoe)], 2, "EX-KG"),
        # 20 EUR a kilogram: a pair above EUR 300 would weigh 15 kg, not footwear
        exp("h", [line(qty=50, value=1_000.0, currency="EUR", **shoe)], 2, "EX-KG-CHEAP"),
    ]
    _, alerts = risk_ledger(events, only("controlled_reexport"))
    found = by_rule(alerts.list(), "controlled_reexport")
    assert set(found) == {"EX-KG"}
    (ln,) = found["EX-KG"]["evidence"]["lines"]
    (finding,) = ln["findings"]
    assert "would weigh 1.5 kg or more" in finding["value_condition"]
    assert ln["possible_only"] and found["EX-KG"]["score"] < 0.35
