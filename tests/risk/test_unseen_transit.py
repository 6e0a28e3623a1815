"""Transit rules on cases the simulator never makes: office codes outside the geography, the
ledger's own clock, late discharge, sales by someone other than the carrier, routes joining two
corridors."""

from __future__ import annotations

from builders import checkpoint, imp, line, sale, transit_end, transit_start
from risk_support import Ingest, only
from unseen_support import by_rule


def test_overdue_by_the_ledger_clock_not_the_wall_clock(risk_ledger: Ingest) -> None:
    events = [
        transit_start("MRN-A", day=0, deadline_days=2),
        transit_start("MRN-B", day=0, deadline_days=2),
        imp("x", [line()], day=1.9),  # the clock is before both deadlines
        transit_end("MRN-B", 1.95),
        imp("x", [line()], day=3.5),  # now past MRN-A's deadline and its grace (1 day)
        transit_start("MRN-C", day=3.5, deadline_days=30),  # far from its deadline
    ]
    _, alerts = risk_ledger(events, only("transit_overdue"))
    found = by_rule(alerts.list(), "transit_overdue")
    assert set(found) == {"MRN-A"}
    ev = found["MRN-A"]["evidence"]
    assert ev["days_overdue_when_found"] == 1.5 and ev["checkpoints"] == 0
    assert found["MRN-A"]["transits"] == ["MRN-A"]


def test_discharged_after_its_deadline(risk_ledger: Ingest) -> None:
    events = [
        transit_start("MRN-LATE", day=0, deadline_days=2),
        transit_end("MRN-LATE", 3.5),  # nothing else happened between the deadline and the end
        transit_start("MRN-OK", day=4, deadline_days=2),
        transit_end("MRN-OK", 5),
    ]
    _, alerts = risk_ledger(events, only("transit_overdue"))
    found = by_rule(alerts.list(), "transit_overdue")
    assert set(found) == {"MRN-LATE"}
    ev = found["MRN-LATE"]["evidence"]
    assert ev["discharged"] is not None and ev["days_late"] == 1.5


def test_ended_elsewhere_with_office_codes_tamga_does_not_know(risk_ledger: Ingest) -> None:
    events = [
        transit_start("MRN-E", office_of_departure="PORT-77", dest_office="EXIT-12"),
        transit_end("MRN-E", 2, location="INLAND-3"),
        transit_start("MRN-F", office_of_departure="PORT-77", dest_office="EXIT-12"),
        transit_end("MRN-F", 2, location="EXIT-12"),
    ]
    _, alerts = risk_ledger(events, only("transit_elsewhere"))
    (alert,) = alerts.list()
    assert alert["subject"] == "MRN-E"
    assert alert["evidence"]["ended_at"] == "INLAND-3"
    assert alert["evidence"]["office_of_destination"] == "EXIT-12"


def test_transit_goods_sold_by_a_forwarder(risk_ledger: Ingest) -> None:
    events = [
        transit_start("MRN-S2", lines=[line(hs="8517130000", qty=300, origin_country="CN")]),
        checkpoint("MRN-S2", 1),
        sale("FWD-LOGISTIC", "shop-1", [line(hs="8517130000", qty=120, lot="MRN-S2")], 2),
    ]
    _, alerts = risk_ledger(events, only("transit_sold"))
    (alert,) = alerts.list()
    assert alert["subject"] == "MRN-S2" and alert["holders"] == ["FWD-LOGISTIC", "shop-1"]
    assert alert["evidence"]["lines"][0]["quantity"] == 120
    assert alert["channel"] == "red"


def test_route_joining_two_corridors_and_positions_off_it(risk_ledger: Ingest) -> None:
    """Dostyk to Kyzylzhar is no single corridor: via Karaganda and Astana is on the road."""

    def start(mrn: str) -> dict:
        return transit_start(
            mrn,
            office_of_departure="KZ-P-DOSTYK",
            dest_office="KZ-P-KYZYLZHAR",
            location="KZ-P-DOSTYK",
        )

    events = [
        start("MRN-ON"),
        checkpoint("MRN-ON", 1, location="KZ-O-KARAGANDA", lat=49.81, lon=73.09),
        checkpoint("MRN-ON", 2, location="KZ-O-ASTANA", lat=51.17, lon=71.45),
        checkpoint("MRN-ON", 3, location="KZ-O-PETROPAVLOVSK", lat=54.87, lon=69.15),
        start("MRN-OFF"),
        checkpoint("MRN-OFF", 1, location="KZ-O-KARAGANDA", lat=49.81, lon=73.09),
        # Almaty: hundreds of kilometres south of that road
        checkpoint(
            "MRN-OFF", 2, location="KZ-O-ALMATY", lat=43.25, lon=76.92, event_id="cp-almaty"
        ),
    ]
    _, alerts = risk_ledger(events, only("transit_route"))
    found = by_rule(alerts.list(), "transit_route")
    assert set(found) == {"MRN-OFF"}
    off = found["MRN-OFF"]["evidence"]["positions_off_road"]
    assert [p["event_id"] for p in off] == ["cp-almaty"] and off[0]["km_off_road"] > 300
