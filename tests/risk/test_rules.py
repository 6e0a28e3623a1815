"""One test per rule, on small ledgers built from the event vocabulary."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from builders import (
    at,
    checkpoint,
    exp,
    imp,
    line,
    sale,
    transit_end,
    transit_start,
)
from risk_support import Ingest, every_alert, only


def rules_of(alerts: list[dict[str, Any]]) -> list[str]:
    return sorted(a["rule"] for a in alerts)


# -- 1. controlled goods of restricted origin ------------------------------------------------
def test_controlled_goods_reexported_through_a_chain_to_a_restricted_destination(
    risk_ledger: Ingest,
) -> None:
    events = [
        imp("H1", [line(hs="8542310000", qty=500, origin_country="US")], day=0, decl="IM-1"),
        sale("H1", "H2", [line(hs="8542310000", qty=500)], day=1),
        sale("H2", "H3", [line(hs="8542310000", qty=500)], day=2),
        exp("H3", [line(hs="8542310000", qty=500)], day=3, decl="EX-1", dest="RU"),
        # the same goods to a destination the list does not restrict: no alert
        imp("H4", [line(hs="8542310000", qty=50, origin_country="US")], day=0, decl="IM-2"),
        exp("H4", [line(hs="8542310000", qty=50)], day=3, decl="EX-2", dest="KG"),
        # not of restricted origin: no alert
        imp("H5", [line(hs="8542310000", qty=50, origin_country="CN")], day=0, decl="IM-3"),
        exp("H5", [line(hs="8542310000", qty=50)], day=3, decl="EX-3", dest="RU"),
    ]
    _, alerts = risk_ledger(events, only("controlled_reexport"))
    found = alerts.list()
    assert [a["subject"] for a in found] == ["EX-1"]
    alert = found[0]
    assert alert["declarations"] == ["EX-1", "IM-1"]
    assert alert["holders"] == ["H1", "H2", "H3"]
    ev = alert["evidence"]
    assert ev["lines"][0]["restricted_share"] == 1.0
    assert ev["lines"][0]["origin_value"] == 50_000.0  # the origin value at import
    assert ev["import_declarations"][0]["consignor"] == "DE-SIEMENS"
    assert ev["paths"][0] == {"holders": ["H1", "H2", "H3"], "hops": 2, "quantity": 500.0}
    assert ev["lines"][0]["findings"][0]["entry"] == "t-8542"
    assert alert["severity"] == "critical" and alert["channel"] == "red"


def test_controlled_share_is_the_restricted_part_of_a_mixed_line(risk_ledger: Ingest) -> None:
    events = [
        imp("H1", [line(hs="8542310000", qty=90, origin_country="CN")], day=0),
        imp("H1", [line(hs="8542310000", qty=10, origin_country="JP")], day=0.5),
        exp("H1", [line(hs="8542310000", qty=100)], day=3, decl="EX-9", dest="BY"),
    ]
    _, alerts = risk_ledger(events, only("controlled_reexport", min_share=0.05))
    (alert,) = alerts.list()
    assert alert["evidence"]["lines"][0]["restricted_share"] == 0.1


def test_controlled_goods_leaving_in_transit(risk_ledger: Ingest, tmp_path: Path) -> None:
    start = transit_start("MRN-C", lines=[line(hs="8542310000", qty=5, origin_country="DE")])
    # a watch list alone raises nothing on goods in transit by default (they stay under
    # customs control); configured, it does
    _, quiet = risk_ledger([start], only("controlled_reexport"))
    assert quiet.list() == []
    watched = only("controlled_reexport", transit_watch_score=0.5)
    _, alerts = risk_ledger([start], watched, url=f"sqlite:///{tmp_path / 'watched.sqlite'}")
    (alert,) = alerts.list()
    assert alert["transits"] == ["MRN-C"] and alert["subject"] == "MRN-C"


# -- 2. unbacked -------------------------------------------------------------------------------
def test_export_beyond_stock_is_unbacked(risk_ledger: Ingest) -> None:
    events = [
        imp("H1", [line(hs="845011", qty=30)], day=0, decl="IM-1"),
        exp("H1", [line(hs="845011", qty=100)], day=1, decl="EX-1"),
        imp("H2", [line(hs="845011", qty=30)], day=0),
        exp("H2", [line(hs="845011", qty=30)], day=1, decl="EX-2"),  # backed: nothing
    ]
    _, alerts = risk_ledger(events, only("unbacked"))
    (alert,) = alerts.list()
    assert alert["subject"] == "EX-1" and alert["declarations"] == ["EX-1", "IM-1"]
    line0 = alert["evidence"]["lines"][0]
    assert line0["unbacked_quantity"] == 70 and line0["backed_quantity"] == 30


def test_goods_sold_out_of_a_transit_are_the_transit_rules_not_unbacked(
    risk_ledger: Ingest,
) -> None:
    events = [
        transit_start("MRN-S", day=0),
        sale("CARRIER-1", "H9", [line(hs="854231", qty=1000, lot="MRN-S")], day=1),
    ]
    _, alerts = risk_ledger(events, only(["unbacked", "transit_sold"]))
    assert rules_of(alerts.list()) == ["transit_sold"]


# -- 3. HS-code switching ----------------------------------------------------------------------
def test_same_gtin_exported_under_another_code(risk_ledger: Ingest) -> None:
    gtin = "2000000000015"
    events = [
        imp("H1", [line(hs="8542310000", qty=200, gtin=gtin)], day=0, decl="IM-1"),
        sale("H1", "H2", [line(hs="8542310000", qty=200, gtin=gtin)], day=1),
        exp("H2", [line(hs="8543709000", qty=200, gtin=gtin)], day=2, decl="EX-1"),
        imp("H3", [line(hs="8542310000", qty=200, gtin="2000000000022")], day=0),
        exp("H3", [line(hs="8542310000", qty=200, gtin="2000000000022")], day=2),
    ]
    _, alerts = risk_ledger(events, only("hs_switch"))
    (alert,) = alerts.list()
    assert alert["subject"] == "EX-1"
    assert alert["evidence"]["lines"][0]["acquired_as"] == ["854231"]
    assert "IM-1" in alert["declarations"]


def test_new_code_while_holding_similar_controlled_goods(risk_ledger: Ingest) -> None:
    events = [
        imp("H1", [line(hs="8542310000", qty=1000, net_kg=50)], day=0, decl="IM-1"),
        exp("H1", [line(hs="8473302000", qty=990, net_kg=49)], day=5, decl="EX-1"),
        imp("H2", [line(hs="8542310000", qty=1000)], day=0),
        exp("H2", [line(hs="8473302000", qty=10)], day=5, decl="EX-2"),  # not similar
    ]
    _, alerts = risk_ledger(events, only("hs_switch"))
    (alert,) = alerts.list()
    assert alert["subject"] == "EX-1"
    assert alert["evidence"]["lines"][0]["similar_to"]["declaration"] == "IM-1"


# -- 4. fast turnaround ------------------------------------------------------------------------
def test_fast_turnaround_through_a_newly_registered_firm(risk_ledger: Ingest) -> None:
    holders = [
        {"id": "OLD", "registered": "2010-01-01"},
        {"id": "NEWCO", "registered": at(-10)[:10]},
        {"id": "OLDCO", "registered": "2012-05-05"},
    ]
    events = [
        imp("OLD", [line(hs="851713", qty=100)], day=0, decl="IM-1"),
        sale("OLD", "NEWCO", [line(hs="851713", qty=100)], day=1),
        exp("NEWCO", [line(hs="851713", qty=100)], day=2.5, decl="EX-1"),
        imp("OLD", [line(hs="851714", qty=100)], day=0, decl="IM-2"),
        sale("OLD", "OLDCO", [line(hs="851714", qty=100)], day=1),
        exp("OLDCO", [line(hs="851714", qty=100)], day=2.5, decl="EX-2"),  # old firm: none
    ]
    _, alerts = risk_ledger(events, only("fast_turnaround"), holders=holders)
    (alert,) = alerts.list()
    assert alert["subject"] == "EX-1"
    ev = alert["evidence"]
    assert ev["days_import_to_export"] == 2.5 and ev["newest_holder_days"] == 12


def test_slow_exports_are_not_fast(risk_ledger: Ingest) -> None:
    holders = [{"id": "NEWCO", "registered": at(-5)[:10]}]
    events = [
        imp("NEWCO", [line(hs="851713", qty=100)], day=0),
        exp("NEWCO", [line(hs="851713", qty=100)], day=30),
    ]
    _, alerts = risk_ledger(events, only("fast_turnaround"), holders=holders)
    assert alerts.list() == []


# -- 5. transits -------------------------------------------------------------------------------
def test_transit_overdue_elsewhere_and_discharged(risk_ledger: Ingest) -> None:
    events = [
        transit_start("MRN-LATE", day=0, deadline_days=3),
        transit_start("MRN-OK", day=0, deadline_days=3),
        transit_start("MRN-AWAY", day=0, deadline_days=3),
        checkpoint("MRN-LATE", 1),
        transit_end("MRN-OK", 2),
        transit_end("MRN-AWAY", 2, location="KZ-O-KARAGANDA"),
        # time passes: MRN-LATE is past its deadline by more than the grace (half of 3 days)
        imp("H1", [line()], day=5),
    ]
    _, alerts = risk_ledger(events, only(["transit_overdue", "transit_elsewhere"]))
    got = {(a["rule"], a["subject"]) for a in alerts.list()}
    assert got == {("transit_overdue", "MRN-LATE"), ("transit_elsewhere", "MRN-AWAY")}
    late = alerts.list(rule="transit_overdue")[0]
    assert late["evidence"]["last_position"]["location"] == "ALMATY-TP"


def test_transit_off_its_corridor(risk_ledger: Ingest) -> None:
    start = transit_start(
        "MRN-R",
        day=0,
        office_of_departure="KZ-P-KHORGOS",
        office_of_destination="KZ-P-ZHAISAN",
        dest_office="KZ-P-ZHAISAN",
    )
    events = [
        start,
        checkpoint("MRN-R", 1, location="KZ-O-ALMATY", lat=43.24, lon=76.90),  # on the road
        checkpoint("MRN-R", 2, location="KZ-O-ALMATY", lat=45.60, lon=77.00, event_id="cp-off"),
        transit_start("MRN-R2", day=0, dest_office="KZ-P-ZHAISAN"),
        checkpoint("MRN-R2", 1, location="NOWHERE"),  # unknown places are not judged
    ]
    _, alerts = risk_ledger(events, only("transit_route"))
    (alert,) = alerts.list()
    assert alert["subject"] == "MRN-R" and "cp-off" in alert["event_ids"]
    assert alert["evidence"]["positions_off_road"][0]["km_off_road"] > 100


# -- 6. sanctions ------------------------------------------------------------------------------
def test_consignee_screening_as_a_sanctioned_firm(risk_ledger: Ingest) -> None:
    listed = {"id": "RU-999", "name": 'OOO "TEKHNOPROM"', "country": "RU"}
    events = [
        imp("H1", [line(qty=20)], day=0),
        exp("H1", [line(qty=10)], day=1, decl="EX-S", consignee=listed),
        exp("H1", [line(qty=10)], day=1, decl="EX-OK"),
    ]
    _, alerts = risk_ledger(events, only("sanctioned_party"))
    (alert,) = alerts.list()
    assert alert["subject"] == "EX-S"
    match = alert["evidence"]["matches"][0]
    assert match["entity_id"] == "san-1" and match["role"] == "consignee"


# -- 7. unit value -----------------------------------------------------------------------------
def test_unit_value_far_below_its_norm(risk_ledger: Ingest) -> None:
    events = []
    for i in range(30):
        price = 100.0 * (1 + ((i * 7) % 11 - 5) / 100)  # 95..105 per unit
        events.append(imp("H1", [line(hs="847130", qty=10, value=price * 10, brand="B")], day=i))
    events.append(imp("H1", [line(hs="847130", qty=10, value=250.0, brand="B")], 31, "IM-U"))
    events.append(imp("H1", [line(hs="847130", qty=10, value=1010.0, brand="B")], 32, "IM-N"))
    _, alerts = risk_ledger(events, only("unit_value"))
    (alert,) = alerts.list()
    assert alert["subject"] == "IM-U"
    found = alert["evidence"]["lines"][0]
    assert found["direction"] == "under" and 0.2 < found["ratio"] < 0.3
    assert found["samples"] == 30


# -- 8. surge ----------------------------------------------------------------------------------
def test_a_holders_month_far_above_its_history(risk_ledger: Ingest) -> None:
    events = [imp("H1", [line(hs="845011", qty=10, value=1000.0)], day=30 * m) for m in range(7)]
    events.append(imp("H1", [line(hs="845011", qty=500, value=50_000.0)], 30 * 7 + 1, "IM-S"))
    cfg = every_alert(only("surge", factor=10, min_months=6, min_value=0, subjects=["holder"]))
    _, alerts = risk_ledger(events, cfg)
    (alert,) = alerts.list()
    assert alert["subject"] == "IM-S" and alert["evidence"]["ratio"] > 10


def test_a_reporters_time_ahead_of_the_server_makes_no_transit_overdue(risk_ledger: Ingest) -> None:
    """The ledger accepts times up to a day ahead of its clock; the rules' clock stays at the
    server's own, so one such event does not make every open transit overdue at once."""
    from datetime import UTC, datetime, timedelta

    now = datetime.now(UTC)
    start = transit_start("MRN-NOW", deadline_days=0)
    start["time"] = (now - timedelta(hours=2)).isoformat()
    start["deadline"] = (now + timedelta(hours=6)).isoformat()
    ahead = imp("H1", [line()], day=0)
    ahead["time"] = (now + timedelta(hours=20)).isoformat()
    ledger, alerts = risk_ledger([start, ahead], only("transit_overdue"))
    assert ledger.summary()["events"] == 2  # both were taken: a day ahead is plausible
    assert alerts.list(rule="transit_overdue") == []
