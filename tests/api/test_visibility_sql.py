"""The SQL visibility clauses say what the policy says: same events, same transits, per role."""

from __future__ import annotations

from api_harness import ACME, OFFICE, OTHER, Api
from builders import checkpoint, exp, imp, line, sale, transit_end, transit_start

from tamga.api import queries
from tamga.auth import Principal, Role
from tamga.auth.policy import may_see_event, may_see_transit

PRINCIPALS = [
    Principal(Role.ANALYST, "an"),
    Principal(Role.OFFICER, "o1", office=OFFICE),
    Principal(Role.OFFICER, "o2", office="KZ-EXIT"),
    Principal(Role.TRADER, "t1", holder=ACME),
    Principal(Role.TRADER, "t2", holder=OTHER),
]


def test_sql_and_policy_agree_on_every_event_and_transit(api: Api) -> None:
    events = [
        imp(ACME, [line(qty=10)]),
        imp(OTHER, [line(qty=5)], location=OFFICE),
        sale(ACME, OTHER, [line(qty=2)]),
        exp(OTHER, [line(qty=1)], day=3),
        transit_start("MRN-A", carrier=ACME),
        checkpoint("MRN-A", 1, location="ALMATY-TP"),
        transit_end("MRN-A", 2),
        transit_start("MRN-B", carrier=OTHER, location="NUR-ZHOLY", office_of_departure="NZ"),
        checkpoint("MRN-B", 1, location=OFFICE),
    ]
    assert api.post("admin", "/api/v1/events", events).json()["accepted"] == len(events)
    services = api.app.state.services
    everything = queries.list_events(services.engine, PRINCIPALS[0], limit=1000)
    transits = {t: services.ledger.transit(t) for t in ("MRN-A", "MRN-B")}
    for principal in PRINCIPALS:
        by_sql = {e["seq"] for e in queries.list_events(services.engine, principal, limit=1000)}
        by_policy = {
            e["seq"]
            for e in everything
            if may_see_event(principal, e, transits.get(e["transit_id"] or ""))
        }
        assert by_sql == by_policy, principal
        seen_transits = queries.transit_ids_visible(services.engine, principal, list(transits))
        assert seen_transits == {t for t, v in transits.items() if may_see_transit(principal, v)}
