"""Sanctioned parties, unit values and surges on cases the simulator never makes: names in
other scripts and legal forms, kilograms and other currencies, volumes rising from nothing."""

from __future__ import annotations

import random

import pytest
from builders import exp, imp, line
from risk_support import Ingest, every_alert, only
from unseen_support import by_rule

from tamga.screening import Screener
from tamga.screening.model import ListedEntity


@pytest.fixture
def screener() -> Screener:
    return Screener.from_entities(
        [
            ListedEntity(
                entity_id="san-1",
                schema="Company",
                names=("ООО «Технопром»",),
                countries=("ru",),
                identifiers=("7700000001",),
                topics=("sanction",),
            ),
            ListedEntity(
                entity_id="san-2",
                schema="Company",
                names=("Акционерное общество «Северный Альянс»",),
                countries=("ru",),
                identifiers=("7700000002",),
                topics=("sanction",),
            ),
        ]
    )


# -- sanctioned parties ----------------------------------------------------------------------------
def test_listed_names_across_scripts_legal_forms_and_transliterations(
    risk_ledger: Ingest,
) -> None:
    named = {
        "EX-LAT": 'OOO "TEKHNOPROM"',
        "EX-LLC": "LLC Tekhnoprom",
        "EX-CYR": 'ООО "Технопром"',
        "EX-TAIL": "Tehnoprom, OOO",
        "EX-EN": "Technoprom LLC",  # English 'ch' for the Cyrillic 'х'
        "EX-UZ": "TEXNOPROM MCHJ",  # 'x' for 'х', and an Uzbek legal form
        "EX-JSC": "JSC Severnyi Alians",
        # siblings and neighbours that must not match
        "EX-SIB1": "ООО «Технопромсервис»",
        "EX-SIB2": "Tekhnoprom Trading LLC",
        "EX-SIB3": "ООО «Северный Альянс Логистик»",
        "EX-OTHER": "Romashka LLC",
    }
    events = [imp("h", [line(qty=100)], 0)]
    for i, (decl, name) in enumerate(named.items()):
        consignee = {"id": f"RU-{i}", "name": name, "country": "RU"}
        events.append(exp("h", [line(qty=1)], 1, decl, consignee=consignee))
    # the listed INN under a name that is nothing like the listed one
    events.append(
        exp(
            "h",
            [line(qty=1)],
            1,
            "EX-INN",
            consignee={"id": "7700000002", "name": "Vector Group", "country": "RU"},
        )
    )
    # a listed consignor on an import
    events.append(
        imp(
            "h2",
            [line(qty=5)],
            2,
            "IM-SAN",
            consignor={"id": "X1", "name": "АО «Северный Альянс»", "country": "RU"},
        )
    )
    _, alerts = risk_ledger(events, only("sanctioned_party"))
    found = by_rule(alerts.list(), "sanctioned_party")
    assert set(found) == {
        "EX-LAT",
        "EX-LLC",
        "EX-CYR",
        "EX-TAIL",
        "EX-EN",
        "EX-UZ",
        "EX-JSC",
        "EX-INN",
        "IM-SAN",
    }
    assert found["EX-LAT"]["evidence"]["matches"][0]["entity_id"] == "san-1"
    assert found["EX-JSC"]["evidence"]["matches"][0]["entity_id"] == "san-2"
    assert found["EX-INN"]["evidence"]["matches"][0]["features"]["identifier_match"] == 1.0
    assert found["IM-SAN"]["evidence"]["matches"][0]["role"] == "consignor"
    en = found["EX-EN"]["evidence"]["matches"][0]
    assert en["party"] == "Technoprom LLC" and en["screened_as"] != "Technoprom LLC"
    assert all(a["channel"] == "red" for a in found.values())


# -- unit value -----------------------------------------------------------------------------------
def _history(
    hs: str, n: int, price: float, rng: random.Random, sigma: float = 0.08, **kw: object
) -> list[dict]:
    out = []
    for i in range(n):
        qty = rng.choice([100, 250, 400, 1000])
        unit_value = price * rng.lognormvariate(0, sigma)
        out.append(
            imp(
                "uv",
                [line(hs=hs, qty=qty, value=round(qty * unit_value, 2), **kw)],
                i * 0.5,
                f"IM-H{hs}-{i}",
            )
        )
    return out


def test_under_invoicing_in_kilograms_in_euro(risk_ledger: Ingest) -> None:
    rng = random.Random(3)
    events = _history("7208510000", 25, 0.8, rng, unit="KGM", currency="EUR")
    events.append(
        imp(
            "uv",
            [line(hs="7208510000", qty=20_000, unit="KGM", value=4_400.0, currency="EUR")],
            20,
            "IM-STEEL",
        )
    )
    _, alerts = risk_ledger(events, only("unit_value"))
    (alert,) = alerts.list()
    assert alert["subject"] == "IM-STEEL"
    ln = alert["evidence"]["lines"][0]
    assert ln["direction"] == "under" and ln["unit"] == "KGM" and ln["currency"] == "EUR"
    assert 0.2 < ln["ratio"] < 0.4 and ln["samples"] == 25


def test_under_invoicing_declared_in_another_currency(risk_ledger: Ingest) -> None:
    rng = random.Random(4)
    events = _history("8471300000", 25, 600.0, rng, brand="Lenovo", currency="USD")
    # 1,000 CNY a laptop (about 140 USD) against a norm of about 600 USD; 4,300 CNY is normal
    events.append(
        imp(
            "uv",
            [line(hs="8471300000", qty=50, value=50_000.0, brand="Lenovo", currency="CNY")],
            20,
            "IM-CNY-LOW",
        )
    )
    events.append(
        imp(
            "uv",
            [line(hs="8471300000", qty=50, value=215_000.0, brand="Lenovo", currency="CNY")],
            21,
            "IM-CNY-OK",
        )
    )
    _, alerts = risk_ledger(events, only("unit_value"))
    found = by_rule(alerts.list(), "unit_value")
    assert set(found) == {"IM-CNY-LOW"}
    ln = found["IM-CNY-LOW"]["evidence"]["lines"][0]
    assert ln["currency"] == "CNY" and ln["compared_in"] == "USD" and ln["ratio"] < 0.4


def test_under_invoicing_in_kilograms_against_a_history_in_pieces(risk_ledger: Ingest) -> None:
    rng = random.Random(5)
    events = []
    for i in range(25):  # tyres: about 80 a piece, 9 kg each
        qty = rng.choice([100, 200, 500])
        uv = 80.0 * rng.lognormvariate(0, 0.08)
        events.append(
            imp(
                "uv",
                [line(hs="4011100003", qty=qty, value=round(qty * uv, 2), net_kg=qty * 9.0)],
                i * 0.5,
            )
        )
    # 1,000 tyres declared by weight at a quarter of the norm per kilogram
    events.append(
        imp(
            "uv",
            [line(hs="4011100003", qty=9_000, unit="KGM", net_kg=9_000.0, value=20_000.0)],
            20,
            "IM-TYRES-KG",
        )
    )
    events.append(
        imp(
            "uv",
            [line(hs="4011100003", qty=4_500, unit="KGM", net_kg=4_500.0, value=41_000.0)],
            21,
            "IM-TYRES-OK",
        )
    )
    _, alerts = risk_ledger(events, only("unit_value"))
    found = by_rule(alerts.list(), "unit_value")
    assert set(found) == {"IM-TYRES-KG"}
    ln = found["IM-TYRES-KG"]["evidence"]["lines"][0]
    assert ln["measure"] == "per kg" and ln["ratio"] < 0.4


def test_normal_price_dispersion_and_two_models_under_one_code(risk_ledger: Ingest) -> None:
    rng = random.Random(6)
    events = []
    for i in range(80):
        premium = rng.random() < 0.3  # a second model at 2.5 times the price
        price = (250.0 if premium else 100.0) * rng.lognormvariate(0, 0.25)
        qty = rng.choice([10, 20, 50])
        events.append(
            imp("uv", [line(hs="8516500000", qty=qty, value=round(qty * price, 2))], i * 0.3)
        )
        events.append(
            exp(
                "uv",
                [line(hs="8516500000", qty=qty, value=round(qty * price * 1.1, 2))],
                i * 0.3 + 0.1,
                dest="KG",
            )
        )
    _, alerts = risk_ledger(events, only("unit_value"))
    assert alerts.list() == []


# -- surge ----------------------------------------------------------------------------------------
def test_surge_from_zero_in_a_heading_new_to_an_active_holder(risk_ledger: Ingest) -> None:
    events = [
        imp("sg", [line(hs="8450111000", qty=200, value=100_000.0)], 30 * m) for m in range(8)
    ]
    events.append(
        imp("sg", [line(hs="8542319000", qty=10_000, value=3_000_000.0)], 30 * 8 + 2, "IM-NEW")
    )
    cfg = every_alert(only("surge", subjects=["holder"]))
    _, alerts = risk_ledger(events, cfg)
    (alert,) = alerts.list()
    ev = alert["evidence"]
    assert alert["subject"] == "IM-NEW" and ev["hs4"] == "8542"
    assert ev["median_month_value"] == 0 and ev["months_of_history"] >= 6
    assert ev["month_value"] == 3_000_000.0
    assert ev["usual_month_value_all_headings"] == 100_000.0


def test_a_new_heading_within_a_large_traders_scale_is_no_surge(risk_ledger: Ingest) -> None:
    events = [
        imp("big", [line(hs="8450111000", qty=20_000, value=10_000_000.0)], 30 * m)
        for m in range(8)
    ]
    events.append(imp("big", [line(hs="8542319000", qty=10_000, value=2_000_000.0)], 30 * 8 + 2))
    _, alerts = risk_ledger(events, every_alert(only("surge", subjects=["holder"])))
    assert alerts.list() == []


def test_no_surge_for_steady_growth_or_a_small_new_line(risk_ledger: Ingest) -> None:
    events = []
    for m in range(12):  # +20% a month, a year long
        events.append(
            imp("gr", [line(hs="8450111000", qty=100, value=round(100_000 * 1.2**m, 2))], 30 * m)
        )
    events.append(imp("gr", [line(hs="8542319000", qty=10, value=20_000.0)], 30 * 12 + 1))
    _, alerts = risk_ledger(events, every_alert(only("surge")))
    assert alerts.list() == []
