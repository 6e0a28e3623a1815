"""Unbacked exports, HS-code switching and fast turnaround on cases the simulator never makes:
old firms, ids that are not BINs, no GTIN, other units and chapters, hours instead of days."""

from __future__ import annotations

import pytest
from builders import adjust, at, exp, imp, line, sale, transform
from risk_support import Ingest, only
from unseen_support import by_rule, examiner_checker

from tamga.lists.checker import GoodsChecker

IC = "8542319000"


@pytest.fixture
def checker() -> GoodsChecker:
    return examiner_checker()


# -- unbacked ----------------------------------------------------------------------------------
def test_unbacked_exports_and_sales_by_an_old_firm(risk_ledger: Ingest) -> None:
    holders = [{"id": "ACME-TRADE", "name": "Acme Trade LLP", "registered": "2003-04-01"}]
    events = [
        # the record has run for months (stock from before it began is no excuse any more)
        imp("OTHER", [line(hs="6109100000", qty=1)], 0),
        exp("ACME-TRADE", [line(hs="8418102001", qty=500)], 101, "EX-NOTHING", dest="UZ"),
        imp("ACME-TRADE", [line(hs="8516500000", qty=970)], 102, "IM-970"),
        exp("ACME-TRADE", [line(hs="8516500000", qty=1000)], 103, "EX-SHORT", dest="KG"),
        sale("ACME-TRADE", "RETAIL-9", [line(hs="9403300000", qty=40)], 104, invoice_no="INV-X"),
    ]
    _, alerts = risk_ledger(events, only("unbacked"), holders=holders)
    found = by_rule(alerts.list(), "unbacked")
    assert set(found) == {"EX-NOTHING", "EX-SHORT", "INV-X"}
    nothing = found["EX-NOTHING"]["evidence"]["lines"][0]
    assert (nothing["declared_quantity"], nothing["backed_quantity"]) == (500, 0)
    short = found["EX-SHORT"]
    assert short["declarations"] == ["EX-SHORT", "IM-970"]
    assert short["evidence"]["lines"][0]["unbacked_quantity"] == pytest.approx(30)
    assert short["evidence"]["backed_by"] == [
        {"import_declaration": "IM-970", "quantity": pytest.approx(970)}
    ]
    assert found["INV-X"]["holders"] == ["ACME-TRADE", "RETAIL-9"]
    assert found["EX-NOTHING"]["channel"] == "red"


def test_backed_exports_from_several_lots_assembly_and_found_stock(risk_ledger: Ingest) -> None:
    events = [
        imp("B-1", [line(hs="8516500000", qty=300)], 0),
        imp("B-1", [line(hs="8516500000", qty=200)], 1),
        exp("B-1", [line(hs="8516500000", qty=500)], 2, "EX-LOTS"),  # drawn from both lots
        adjust("B-2", [line(hs="940161", qty=50, value=1000.0)], 0, reason="domestic production"),
        imp("B-2", [line(hs="8708999709", qty=50)], 0),
        transform(
            "B-2",
            inputs=[line(1, hs="940161", qty=50), line(2, hs="8708999709", qty=50)],
            outputs=[line(1, hs="8703231981", qty=50, value=900_000.0)],
            day=1,
        ),
        exp("B-2", [line(hs="8703231981", qty=50)], 3, "EX-CARS"),
        adjust("B-3", [line(hs="2523290000", qty=40, unit="TNE")], 0, reason="found in count"),
        exp("B-3", [line(hs="2523290000", qty=40, unit="TNE")], 2, "EX-FOUND"),
    ]
    _, alerts = risk_ledger(events, only("unbacked"))
    assert alerts.list() == []


# -- HS-code switching ---------------------------------------------------------------------------
def test_switch_to_another_chapter_without_gtin_same_weight(risk_ledger: Ingest) -> None:
    events = [
        imp("sw-1", [line(hs=IC, qty=2000, net_kg=20.0, value=200_000.0)], 0, "IM-IC", origin="US"),
        # plastic articles, in kilograms, of the weight of the ICs it still holds
        exp(
            "sw-1",
            [line(hs="3926909709", qty=20, unit="KGM", net_kg=20.0, value=9_000.0)],
            6,
            "EX-PLASTIC",
            dest="KG",
        ),
        # in pieces, same count and value, a chapter apart
        imp("sw-2", [line(hs="8526920000", qty=300, value=60_000.0)], 0, "IM-RADIO", origin="JP"),
        exp("sw-2", [line(hs="9503009500", qty=300, value=60_500.0)], 9, "EX-TOYS", dest="RU"),
    ]
    _, alerts = risk_ledger(events, only("hs_switch"))
    found = by_rule(alerts.list(), "hs_switch")
    assert set(found) == {"EX-PLASTIC", "EX-TOYS"}
    plastic = found["EX-PLASTIC"]["evidence"]["lines"][0]
    assert plastic["similar_to"]["declaration"] == "IM-IC"
    assert plastic["similar_to"]["net_kg"] == 20.0 and plastic["similar_to"]["hs_code"] == IC
    assert "weight" in plastic["similar_on"]
    toys = found["EX-TOYS"]["evidence"]["lines"][0]
    assert set(toys["similar_on"]) >= {"quantity", "value"}
    assert found["EX-TOYS"]["declarations"] == ["EX-TOYS", "IM-RADIO"]


def test_same_gtin_under_another_chapter_after_a_sale(risk_ledger: Ingest) -> None:
    gtin = "4006381333931"
    events = [
        imp("g-1", [line(hs=IC, qty=100, gtin=gtin)], 0, "IM-G"),
        sale("g-1", "g-2", [line(hs=IC, qty=100, gtin=gtin)], 1),
        exp("g-2", [line(hs="8473302008", qty=100, gtin=gtin)], 30, "EX-G", dest="AM"),
    ]
    _, alerts = risk_ledger(events, only("hs_switch"))
    (alert,) = alerts.list()
    assert alert["subject"] == "EX-G" and alert["channel"] in ("yellow", "red")
    assert alert["evidence"]["lines"][0]["acquired_as"] == ["854231"]
    assert "IM-G" in alert["declarations"]


def test_switch_negatives(risk_ledger: Ingest) -> None:
    events = [
        # the controlled goods were sold on before the holder exported something new of the
        # same count: it no longer holds them
        imp("n-1", [line(hs=IC, qty=500, value=50_000.0)], 0, "IM-N1", origin="US"),
        sale("n-1", "n-9", [line(hs=IC, qty=500)], 2),
        exp("n-1", [line(hs="8504409000", qty=500, value=50_000.0)], 5, "EX-PSU"),
        # assembled into a code the holder made
        imp("n-2", [line(hs=IC, qty=100, net_kg=1.0, value=10_000.0)], 0, "IM-N2"),
        transform(
            "n-2",
            inputs=[line(1, hs=IC, qty=100)],
            outputs=[line(1, hs="8537109100", qty=100, net_kg=30.0, value=30_000.0)],
            day=1,
        ),
        exp("n-2", [line(hs="8537109100", qty=100, net_kg=30.0, value=30_000.0)], 4, "EX-PANEL"),
        # exported as imported
        imp("n-3", [line(hs=IC, qty=100, value=10_000.0)], 0, "IM-N3"),
        exp("n-3", [line(hs=IC, qty=100, value=10_000.0)], 4, "EX-SAME"),
        # something new, but like the controlled goods in nothing
        imp("n-4", [line(hs=IC, qty=100, net_kg=1.0, value=10_000.0)], 0, "IM-N4"),
        exp("n-4", [line(hs="6109100000", qty=7000, net_kg=900.0, value=31_000.0)], 4, "EX-TEE"),
    ]
    _, alerts = risk_ledger(events, only("hs_switch"))
    assert alerts.list() == []


# -- fast turnaround -------------------------------------------------------------------------------
def test_fast_turnaround_in_hours_through_firms_known_only_from_the_registry(
    risk_ledger: Ingest,
) -> None:
    holders = [
        {"id": "IMPORTER-OLD", "registered": "2008-06-01"},
        {"id": "shell/77", "registered": at(-5)[:10]},  # not a BIN: the registry only
        # BIN-shaped (YYMM = 2203), but the registry says 2004: the registry wins
        {"id": "220340012345", "registered": "2004-02-02"},
    ]
    events = [
        imp("IMPORTER-OLD", [line(hs="8471300000", qty=200)], 0, "IM-H"),
        sale("IMPORTER-OLD", "shell/77", [line(hs="8471300000", qty=200)], 2 / 24),
        exp("shell/77", [line(hs="8471300000", qty=200)], 6 / 24, "EX-HOURS", dest="RU"),
        imp("IMPORTER-OLD", [line(hs="8471410000", qty=200)], 0, "IM-H2"),
        sale("IMPORTER-OLD", "220340012345", [line(hs="8471410000", qty=200)], 2 / 24),
        exp("220340012345", [line(hs="8471410000", qty=200)], 6 / 24, "EX-OLDBIN", dest="RU"),
    ]
    _, alerts = risk_ledger(events, only("fast_turnaround"), holders=holders)
    found = by_rule(alerts.list(), "fast_turnaround")
    assert "EX-HOURS" in found
    ev = found["EX-HOURS"]["evidence"]
    assert ev["days_import_to_export"] == pytest.approx(0.25)
    assert ev["hours_import_to_export"] == pytest.approx(6.0)
    assert ev["newest_holder_days"] == 5
    shell = next(h for h in ev["holders"] if h["holder"] == "shell/77")
    assert shell["registered"] == at(-5)[:10] and shell["days_registered"] == 5.0
    assert ev["imports"] == [{"import_declaration": "IM-H", "days": pytest.approx(0.25)}]
    assert found["EX-HOURS"]["channel"] in ("yellow", "red")
    old = found.get("EX-OLDBIN")
    assert old is None or old["score"] < found["EX-HOURS"]["score"]


def test_slow_normal_trade_and_transformed_goods_are_not_fast(risk_ledger: Ingest) -> None:
    holders = [{"id": "fresh-co", "registered": at(-3)[:10]}]
    events = [
        imp("fresh-co", [line(hs="8471300000", qty=10)], 0, "IM-S"),
        exp("fresh-co", [line(hs="8471300000", qty=10)], 40, "EX-SLOW"),
        imp("fresh-co", [line(hs="7208510000", qty=1000, unit="KGM")], 41, "IM-STEEL"),
        transform(
            "fresh-co",
            inputs=[line(1, hs="7208510000", qty=1000, unit="KGM")],
            outputs=[line(1, hs="7308909809", qty=20)],
            day=41.5,
        ),
        exp("fresh-co", [line(hs="7308909809", qty=20)], 42, "EX-MADE"),
    ]
    _, alerts = risk_ledger(events, only("fast_turnaround"), holders=holders)
    assert alerts.list() == []
