"""The policy: each role's boundary, stated once."""

from __future__ import annotations

import pytest
from builders import checkpoint, exp, imp, line, sale, transit_start

from tamga.auth.policy import (
    Action,
    alert_views,
    check_alert,
    check_capture,
    check_holder,
    check_transit,
    may,
    may_see_event,
    may_see_transit,
    redact_alert,
    redact_trace,
)
from tamga.auth.principal import Principal, Role
from tamga.errors import EventRejected, NotFound
from tamga.ledger.parsing import parse_event

ADMIN = Principal(Role.ADMIN, "a1")
ANALYST = Principal(Role.ANALYST, "an1")
OFFICER = Principal(Role.OFFICER, "o1", office="KHORGOS")
TRADER = Principal(Role.TRADER, "t1", holder="KZ-ACME")


def test_who_may_do_what() -> None:
    assert may(ADMIN, Action.MANAGE_TOKENS) and not may(ANALYST, Action.MANAGE_TOKENS)
    assert may(ANALYST, Action.ALERT_WORKFLOW) and not may(OFFICER, Action.ALERT_WORKFLOW)
    assert not may(TRADER, Action.ALERT_WORKFLOW) and not may(TRADER, Action.READ_ALL)
    assert not may(ANALYST, Action.CAPTURE) and may(OFFICER, Action.CAPTURE)


def test_a_trader_reports_only_its_own_events() -> None:
    check_capture(TRADER, parse_event(imp("KZ-ACME", [line()])))
    check_capture(TRADER, parse_event(sale("KZ-ACME", "KZ-OTHER", [line()])))
    with pytest.raises(EventRejected) as err:
        check_capture(TRADER, parse_event(imp("KZ-OTHER", [line()])))
    assert err.value.field == "consignee"
    with pytest.raises(EventRejected) as err:  # the buyer cannot move the seller's stock
        check_capture(TRADER, parse_event(sale("KZ-OTHER", "KZ-ACME", [line()])))
    assert err.value.field == "seller"
    with pytest.raises(EventRejected):
        check_capture(TRADER, parse_event(checkpoint("MRN1", 1)))


def test_an_officer_reports_only_at_its_office() -> None:
    check_capture(OFFICER, parse_event(transit_start("MRN1")))  # at KHORGOS
    with pytest.raises(EventRejected) as err:
        check_capture(OFFICER, parse_event(exp("KZ-ACME", [line()])))  # at KZ-BORDER
    assert err.value.field == "location"
    with pytest.raises(EventRejected):
        check_capture(ANALYST, parse_event(exp("KZ-ACME", [line()])))


def test_another_holders_data_looks_missing_to_a_trader() -> None:
    check_holder(TRADER, "KZ-ACME")
    with pytest.raises(NotFound):
        check_holder(TRADER, "KZ-OTHER")
    check_holder(OFFICER, "KZ-OTHER")


def test_event_and_transit_visibility() -> None:
    own = {"type": "import", "holder": "KZ-ACME", "location": "ALA-01"}
    bought = {"type": "transfer", "holder": "KZ-X", "counterparty": "KZ-ACME", "location": "W"}
    other = {"type": "import", "holder": "KZ-X", "location": "KHORGOS"}
    assert may_see_event(TRADER, own) and may_see_event(TRADER, bought)
    assert not may_see_event(TRADER, other)
    assert may_see_event(OFFICER, other) and not may_see_event(OFFICER, own)
    transit = {
        "transit_id": "MRN1",
        "carrier": "KZ-ACME",
        "office_of_departure": "NUR-ZHOLY",
        "office_of_destination": "KZ-EXIT",
        "timeline": [{"location": "KHORGOS"}],
    }
    # seen at the officer's office (a checkpoint it may have reported itself) shows it nothing
    assert not may_see_transit(OFFICER, transit) and may_see_transit(TRADER, transit)
    declared = {**transit, "office_of_departure": "KHORGOS"}
    assert may_see_transit(OFFICER, declared)
    passing = {"type": "checkpoint", "transit_id": "MRN1", "location": "ALMATY-TP"}
    assert may_see_event(OFFICER, passing, declared) and not may_see_event(
        OFFICER, passing, transit
    )
    elsewhere = {**transit, "carrier": "KZ-X", "timeline": []}
    assert not may_see_transit(OFFICER, elsewhere)
    with pytest.raises(NotFound):
        check_transit(TRADER, elsewhere)


#: a controlled re-export flagged on KZ-X's export; KZ-ACME sold it the goods upstream
UPSTREAM = {
    "id": "AL-1",
    "rule": "controlled_reexport",
    "score": 0.9,
    "severity": "high",
    "title": "controlled goods of restricted origin exported to RU",
    "subject": "EX-X",
    "subject_kind": "declaration",
    "owner": "KZ-X",
    "channel": "red",
    "state": "hold",
    "declarations": ["EX-X", "IM-ACME"],
    "event_ids": ["imp-1", "exp-2"],
    "holders": ["KZ-ACME", "KZ-X"],
    "locations": ["KHORGOS"],
    "evidence": {"paths": [{"holders": ["KZ-ACME", "KZ-X"]}], "consignor": "US-1"},
    "history": [{"actor": "analyst:ana", "reason": "chain to RU"}],
}


def test_a_trader_sees_only_the_alerts_it_owns_and_those_redacted() -> None:
    # named upstream is not owning: nothing of the other holder's alert, not even that it exists
    with pytest.raises(NotFound):
        check_alert(TRADER, UPSTREAM)
    assert alert_views(TRADER, [UPSTREAM]) == []
    assert alert_views(TRADER, [{**UPSTREAM, "owner": None}]) == []
    other = Principal(Role.TRADER, "t2", holder="KZ-X")
    view = redact_alert(other, UPSTREAM)
    assert view == {
        "id": "AL-1",
        "subject": "EX-X",
        "subject_kind": "declaration",
        "channel": "red",
        "state": "hold",
        "owner": "KZ-X",
        "holders": ["KZ-X"],
        "declarations": ["EX-X"],
        "transits": [],
    }
    assert "KZ-ACME" not in repr(view) and "IM-ACME" not in repr(view)
    # filters match the view: another declaration, a rule name or a place probe nothing
    assert [v["id"] for v in alert_views(other, [UPSTREAM])] == ["AL-1"]
    for probe in ({"declaration": "IM-ACME"}, {"rule": "controlled_reexport"}):
        assert alert_views(other, [UPSTREAM], **probe) == []
    assert alert_views(other, [UPSTREAM], location="KHORGOS") == []
    assert alert_views(other, [UPSTREAM], declaration="EX-X") == [view]
    # customs sees the whole alert: analysts everywhere, the officer at its office
    assert alert_views(ANALYST, [UPSTREAM], declaration="IM-ACME") == [UPSTREAM]
    assert alert_views(OFFICER, [UPSTREAM]) == [UPSTREAM]
    assert alert_views(OFFICER, [{**UPSTREAM, "locations": ["NUR-ZHOLY"]}]) == []
    transit = {**UPSTREAM, "subject": "MRN-1", "subject_kind": "transit", "owner": "KZ-ACME"}
    assert redact_alert(TRADER, transit)["transits"] == ["MRN-1"]
    assert redact_alert(TRADER, transit)["declarations"] == []


def test_a_traders_trace_shows_no_risk_score_and_no_channel_of_another_holders_declaration() -> (
    None
):
    trace = {"declaration_no": "IM-1", "channel": "red", "hold": True, "risk_score": 0.9}
    own = {**trace, "lines": [{"holder": "KZ-ACME", "sources": [], "paths": []}]}
    theirs = {**trace, "lines": [{"holder": "KZ-X", "sources": [], "paths": []}]}
    assert redact_trace(ANALYST, own) == own
    seen = redact_trace(TRADER, own)
    assert seen["channel"] == "red" and seen["hold"] is True and "risk_score" not in seen
    assert not {"channel", "hold", "risk_score"} & set(redact_trace(TRADER, theirs))
