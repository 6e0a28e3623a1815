"""Controlled re-export on cases the simulator never makes: long chains mixing clean stock,
assembly, transits to Belarus, origin known only from the dispatch, 10- vs 6-digit codes,
holder ids that are not BINs, and the negatives an examiner adds."""

from __future__ import annotations

import pytest
from builders import adjust, exp, imp, line, sale, transform, transit_start
from risk_support import Ingest, only
from unseen_support import by_rule, examiner_checker, without_origin

from tamga.lists.checker import GoodsChecker

IC = "8542319000"


@pytest.fixture
def checker() -> GoodsChecker:
    return examiner_checker()


def test_four_intermediaries_partial_lots_and_clean_stock_give_the_restricted_share(
    risk_ledger: Ingest,
) -> None:
    us = {"id": "US-0042", "name": "Lone Star Semiconductors Inc", "country": "US"}
    events = [
        # the second holder already has Chinese-made ICs (clean stock, the older lot)
        imp("firm:beta", [line(hs=IC, qty=600, value=30_000.0)], 0.0, "IM-CN", origin="CN"),
        imp(
            "firm:alpha",
            [line(hs=IC, qty=1000, value=100_000.0)],
            0.1,
            "IM-US",
            origin="US",
            consignor=us,
        ),
        sale("firm:alpha", "firm:beta", [line(hs=IC, qty=400)], 1),  # a partial lot
        sale("firm:beta", "firm:gamma", [line(hs=IC, qty=1000)], 2),  # 600 CN + 400 US
        sale("firm:gamma", "firm:delta", [line(hs=IC, qty=500)], 3),  # 40% US
        sale("firm:delta", "firm:epsilon", [line(hs=IC, qty=500)], 4),
        sale("firm:epsilon", "firm:zeta", [line(hs=IC, qty=300)], 4.5),
        exp("firm:zeta", [line(hs=IC, qty=250, value=40_000.0)], 5, "EX-CHAIN", dest="RU"),
    ]
    _, alerts = risk_ledger(events, only("controlled_reexport"))
    (alert,) = alerts.list()
    assert alert["subject"] == "EX-CHAIN" and alert["channel"] == "red"
    assert alert["declarations"] == ["EX-CHAIN", "IM-US"]  # the Chinese import is clean
    ev = alert["evidence"]
    ln = ev["lines"][0]
    assert ln["restricted_share"] == pytest.approx(0.4)
    assert ln["restricted_quantity"] == pytest.approx(100)
    assert ln["origin_value"] == pytest.approx(10_000.0)  # 100 units at the import's 100/unit
    assert ln["findings"][0]["entry"] == "x-8542"
    assert ev["import_declarations"] == [
        {
            "import_declaration": "IM-US",
            "kind": "import",
            "consignor": "US-0042",
            "origin_country": "US",
            "origin_from": "origin_country",
            "quantity": pytest.approx(100),
        }
    ]
    # importer, four intermediaries, exporter: only the chain of the restricted goods
    chain = ["firm:alpha", "firm:beta", "firm:gamma", "firm:delta", "firm:epsilon", "firm:zeta"]
    assert ev["paths"][0]["holders"] == chain and ev["intermediaries"] == 4
    assert alert["holders"] == chain


def test_assembly_outputs_inherit_controlled_inputs(risk_ledger: Ingest) -> None:
    """ICs of German origin built into servers (a code the list does not name) for Russia."""
    events = [
        imp("plant-7", [line(hs=IC, qty=100, value=20_000.0)], 0, "IM-ICS", origin="DE"),
        adjust(
            "plant-7",
            [line(hs="940390", qty=100, value=5_000.0, origin_country="KZ")],
            0.5,
            reason="domestic production",
        ),
        transform(
            "plant-7",
            inputs=[
                line(1, hs=IC, qty=100, value=20_000.0),
                line(2, hs="940390", qty=100, value=5_000.0),
            ],
            outputs=[line(1, hs="8471500000", qty=100, value=40_000.0)],
            day=1,
        ),
        exp("plant-7", [line(hs="8471500000", qty=100, value=45_000.0)], 3, "EX-SRV", dest="RU"),
        # the same assembly from Chinese-made ICs: nothing restricted
        imp("plant-8", [line(hs=IC, qty=100, value=20_000.0)], 0, "IM-CNIC", origin="CN"),
        transform(
            "plant-8",
            inputs=[line(1, hs=IC, qty=100, value=20_000.0)],
            outputs=[line(1, hs="8471500000", qty=100, value=30_000.0)],
            day=1,
        ),
        exp("plant-8", [line(hs="8471500000", qty=100)], 3, "EX-CNSRV", dest="RU"),
    ]
    _, alerts = risk_ledger(events, only("controlled_reexport"))
    found = by_rule(alerts.list(), "controlled_reexport")
    assert set(found) == {"EX-SRV"}
    alert = found["EX-SRV"]
    assert "IM-ICS" in alert["declarations"]
    ln = alert["evidence"]["lines"][0]
    assert ln["restricted_share"] == pytest.approx(0.8)  # 20,000 of 25,000 input value
    assert ln["hs_code"] == "8471500000"
    assert ln["findings"][0]["entry"] == "x-8542"
    assert ln["findings"][0]["as_imported"]["hs_code"] == IC  # why: the input's own code


def test_transit_leaving_for_belarus_and_an_export_ban(risk_ledger: Ingest) -> None:
    events = [
        transit_start(
            "MRN-BY",
            destination_country="BY",
            lines=[line(hs="8526920000", qty=40, origin_country="JP")],
        ),
        transit_start(
            "MRN-RU-BAN",
            destination_country="RU",
            lines=[line(hs="8803300000", qty=2, origin_country="FR")],
        ),
        # Chinese-made goods on the same route, and Japanese goods to Kazakhstan's east
        transit_start(
            "MRN-CN",
            destination_country="BY",
            lines=[line(hs="8526920000", qty=40, origin_country="CN")],
        ),
        transit_start(
            "MRN-MN",
            destination_country="MN",
            lines=[line(hs="8526920000", qty=40, origin_country="JP")],
        ),
    ]
    _, alerts = risk_ledger(events, only("controlled_reexport", transit_watch_score=0.5))
    found = by_rule(alerts.list(), "controlled_reexport")
    assert set(found) == {"MRN-BY", "MRN-RU-BAN"}
    assert found["MRN-BY"]["transits"] == ["MRN-BY"]
    assert found["MRN-BY"]["evidence"]["destination"] == "BY"
    assert found["MRN-RU-BAN"]["evidence"]["lines"][0]["findings"][0]["effect"] == "export_ban"
    assert found["MRN-RU-BAN"]["channel"] == "red"


def test_origin_known_only_from_the_dispatch_country(risk_ledger: Ingest) -> None:
    events = [
        without_origin(imp("h-101", [line(hs=IC, qty=50)], 0, "IM-NOORIG", origin="US")),
        sale("h-101", "h-102", [line(hs=IC, qty=50)], 1),
        exp("h-102", [line(hs=IC, qty=50)], 2, "EX-NOORIG", dest="RU"),
        # dispatched from a hub with no stated origin: nothing says the origin is restricted
        without_origin(imp("h-201", [line(hs=IC, qty=50)], 0, "IM-HUB", origin="AE")),
        exp("h-201", [line(hs=IC, qty=50)], 2, "EX-HUB", dest="RU"),
        # stated origin wins over the dispatch: Chinese-made, dispatched from Germany
        imp("h-301", [line(hs=IC, qty=50, origin_country="CN")], 0, "IM-CNDE", origin="DE"),
        exp("h-301", [line(hs=IC, qty=50)], 2, "EX-CNDE", dest="RU"),
    ]
    _, alerts = risk_ledger(events, only("controlled_reexport"))
    found = by_rule(alerts.list(), "controlled_reexport")
    assert set(found) == {"EX-NOORIG"}
    ev = found["EX-NOORIG"]["evidence"]
    assert ev["import_declarations"][0]["origin_country"] == "US"
    assert ev["import_declarations"][0]["origin_from"] == "dispatch_country"
    assert ev["lines"][0]["restricted_share"] == 1.0


def test_ten_digit_list_entries_against_six_and_ten_digit_declarations(
    risk_ledger: Ingest,
) -> None:
    events = [
        imp("h-1", [line(hs="8482105000", qty=10)], 0, "IM-10", origin="JP"),
        exp("h-1", [line(hs="8482105000", qty=10)], 1, "EX-10", dest="RU"),
        # declared at 6 digits: covers the listed sub-heading, cannot be told apart from it
        imp("h-2", [line(hs="848210", qty=10)], 0, "IM-6", origin="JP"),
        exp("h-2", [line(hs="848210", qty=10)], 1, "EX-6", dest="RU"),
        # another 10-digit sub-heading of the same 6 digits: not listed
        imp("h-3", [line(hs="8482109000", qty=10)], 0, "IM-10B", origin="JP"),
        exp("h-3", [line(hs="8482109000", qty=10)], 1, "EX-10B", dest="RU"),
        # a 4-digit list entry, a 10-digit declaration
        imp("h-4", [line(hs="8542390000", qty=10)], 0, "IM-4", origin="KR"),
        exp("h-4", [line(hs="8542390000", qty=10)], 1, "EX-4", dest="BY"),
    ]
    _, alerts = risk_ledger(events, only("controlled_reexport"))
    found = by_rule(alerts.list(), "controlled_reexport")
    assert set(found) == {"EX-10", "EX-6", "EX-4"}
    six = found["EX-6"]["evidence"]["lines"][0]["findings"][0]
    assert six["entry"] == "x-8482105000" and "8482105000" in six["reason"]


def test_negatives_an_examiner_adds(risk_ledger: Ingest) -> None:
    events = [
        # US-made washing machines to Russia: not controlled goods
        imp("w-1", [line(hs="8450111000", qty=20)], 0, "IM-WM", origin="US"),
        exp("w-1", [line(hs="8450111000", qty=20)], 1, "EX-WM", dest="RU"),
        # Chinese-made ICs to Russia
        imp("w-2", [line(hs=IC, qty=20)], 0, "IM-CNIC", origin="CN"),
        exp("w-2", [line(hs=IC, qty=20)], 1, "EX-CNIC", dest="RU"),
        # EU-made ICs to a destination the list does not restrict
        imp("w-3", [line(hs=IC, qty=20)], 0, "IM-EU", origin="NL"),
        exp("w-3", [line(hs=IC, qty=20)], 1, "EX-EU-KG", dest="KG"),
        # one import declaration with a controlled line and an ordinary one; only the ordinary
        # goods go to Russia
        imp(
            "w-4",
            [line(1, hs=IC, qty=20), line(2, hs="8418102001", qty=5)],
            0,
            "IM-MIX",
            origin="DE",
        ),
        exp("w-4", [line(hs="8418102001", qty=5)], 1, "EX-FRIDGE", dest="RU"),
        # a trace amount of restricted origin below min_share (5%)
        imp("w-5", [line(hs=IC, qty=990)], 0, "IM-CN2", origin="CN"),
        imp("w-5", [line(hs=IC, qty=10)], 0.5, "IM-US2", origin="US"),
        exp("w-5", [line(hs=IC, qty=1000)], 1, "EX-TRACE", dest="RU"),
    ]
    _, alerts = risk_ledger(events, only("controlled_reexport"))
    assert alerts.list() == []
