"""The dashboard's queries give the same answers on SQLite and PostgreSQL."""

from __future__ import annotations

from dashboard_site import events

from tamga.auth.principal import Principal, Role
from tamga.dashboard import live, queries
from tamga.ledger.service import LedgerService


def test_overview_holder_and_declaration_queries(store_url: str) -> None:
    ledger = LedgerService.open(store_url)
    ledger.ingest(events())
    engine = ledger.engine
    clock = queries.ledger_clock(engine)
    assert clock is not None and clock.startswith("2022-03-03T10:24")

    o = queries.overview(engine, clock)
    assert o["events_today"] == 3
    assert o["types_today"] == {"checkpoint": 1, "export": 2}
    assert sum(v["value"] for v in o["value_today"]) == 510_000.0
    assert o["open_transits"] == 1 and o["overdue_transits"] == 0
    assert o["routes"][0] == {"from": "KZ-BORDER", "to": "RU", "events": 2, "value": 510_000.0}
    assert [h["hs_code"] for h in o["hs_codes"]] == ["854231", "845811", "870323"]
    assert o["hs_codes"][0]["net_kg"] is None  # no line declared a net mass
    recent = queries.recent_events(engine, 3)
    assert [(r["seq"], r["value"]) for r in recent] == [(8, None), (7, None), (6, 310_000.0)]

    mine = queries.overview(engine, clock, queries.Scope(holder="KZ-ALFA"))
    assert mine["events_today"] == 1  # its own export; the other export is KZ-BETA's
    assert [r["events"] for r in mine["routes"]] == [1]
    office = queries.overview(engine, clock, queries.Scope(locations=frozenset({"KZ-P-KHORGOS"})))
    assert office["events_today"] == 0 and office["open_transits"] == 1
    assert office["routes"] == [{"from": "KZ-P-KHORGOS", "to": "RU", "events": 1, "value": 0.0}]

    flows = queries.holder_flows(engine, "KZ-BETA")
    assert [(f["month"], f["in_lines"], f["out_lines"]) for f in flows] == [("2022-03", 1, 1)]
    assert flows[0]["out_value"] == 200_000.0
    alfa = queries.holder_flows(engine, "KZ-ALFA")
    assert alfa[0]["in_value"] == 1_490_000.0

    assert queries.holder_record(engine, "KZ-BETA") == {"id": "KZ-BETA", "name": None}
    assert queries.holder_record(engine, "KZ-NOBODY") is None
    assert [d["declaration_no"] for d in queries.holder_declarations(engine, "KZ-ALFA")] == [
        "EX-ALFA-1",
        "IM-ALFA-2",
        "IM-ALFA-1",
    ]
    event = queries.declaration_event(engine, "EX-BETA-1")
    assert event is not None and event["holder"] == "KZ-BETA"
    assert queries.declaration_event(engine, "INV4") is None  # an invoice is not a declaration

    positions = queries.open_transit_positions(engine)
    assert [(p["transit_id"], p["last_lat"], p["last_lon"]) for p in positions] == [
        ("MRN-0001", 43.25, 76.9)
    ]
    page, following = queries.transit_list(engine, "open", clock)
    assert ([t["transit_id"] for t in page], following) == (["MRN-0001"], None)
    assert queries.transit_list(engine, "overdue", clock) == ([], None)
    late, _ = queries.transit_list(engine, "overdue", "2022-03-09T00:00:00.000000+00:00")
    assert [(t["transit_id"], t["state"]) for t in late] == [("MRN-0001", "overdue")]
    elsewhere = queries.Scope(locations=frozenset({"KZ-P-DOSTYK"}))
    assert queries.transit_list(engine, "all", clock, elsewhere) == ([], None)
    counts = queries.transit_counts(engine, clock)
    assert (counts["open"], counts["overdue"], counts["all"]) == (1, 0, 1)
    later = queries.transit_counts(engine, "2022-03-09T00:00:00.000000+00:00")
    assert (later["open"], later["overdue"], later["discharged"]) == (0, 1, 0)
    assert queries.transit_counts(engine, clock, elsewhere)["all"] == 0
    # where it was last seen (a checkpoint) shows an office nothing; where it left from does
    seen_at = queries.Scope(locations=frozenset({"KZ-O-ALMATY"}))
    assert queries.transit_list(engine, "all", clock, seen_at)[0] == []
    departed = queries.Scope(locations=frozenset({"KZ-P-KHORGOS"}))
    page, _ = queries.transit_list(engine, "all", clock, departed)
    assert [t["transit_id"] for t in page] == ["MRN-0001"]
    rows, mark = live.events_after(engine, 0, Principal(Role.ANALYST, "t1"))
    assert mark == 8 and rows[4]["value"] == 200_000.0
