"""Queries with the CLI's shapes, paginated, and each role's boundary on each of them."""

from __future__ import annotations

import pytest
from api_harness import ACME, OFFICE, OTHER, Api
from builders import checkpoint, exp, imp, line, sale, transit_start


@pytest.fixture
def loaded(api: Api) -> Api:
    events = [
        imp(ACME, [line(qty=10)], decl="IM-ACME"),
        imp(OTHER, [line(qty=7)], decl="IM-OTHER"),
        sale(ACME, OTHER, [line(qty=3)], invoice_no="INV-1"),
        exp(OTHER, [line(qty=9)], decl="EX-OTHER", day=3),
        transit_start("MRN-AT-OFFICE", carrier=ACME),
        transit_start("MRN-ELSEWHERE", location="NUR-ZHOLY", office_of_departure="NUR-ZHOLY"),
        checkpoint("MRN-AT-OFFICE", 1),
    ]
    body = api.post("admin", "/api/v1/events", events).json()
    assert body["accepted"] == len(events), body
    return api


def test_stock_is_the_ledgers_answer_and_another_holders_looks_missing(loaded: Api) -> None:
    own = loaded.get("trader", f"/api/v1/stock/{ACME}")
    assert own.status_code == 200
    assert own.json()["items"][0]["quantity"] == 7
    assert own.json() == loaded.app.state.services.ledger.stock(ACME)
    theirs = loaded.get("trader", f"/api/v1/stock/{OTHER}")
    missing = loaded.get("trader", "/api/v1/stock/KZ-NOBODY")
    assert theirs.status_code == missing.status_code == 404
    assert theirs.json()["title"] == missing.json()["title"]
    assert loaded.get("officer", f"/api/v1/stock/{OTHER}").status_code == 200


def test_trace_of_another_holders_declaration_is_indistinguishable_from_none(
    loaded: Api,
) -> None:
    full = loaded.get("analyst", "/api/v1/trace/EX-OTHER").json()
    assert full == loaded.app.state.services.ledger.trace("EX-OTHER")
    assert any(p["holders"] == [ACME, OTHER] for p in full["lines"][0]["paths"])
    theirs = loaded.get("trader", "/api/v1/trace/EX-OTHER")
    missing = loaded.get("trader", "/api/v1/trace/EX-NONE")
    assert theirs.status_code == missing.status_code == 404
    assert theirs.json()["detail"].replace("EX-OTHER", "X") == missing.json()["detail"].replace(
        "EX-NONE", "X"
    )
    # the buyer sees its own export's origins, but not who else held the goods
    seen = loaded.get("other", "/api/v1/trace/EX-OTHER").json()
    assert seen["lines"][0]["origins"] == full["lines"][0]["origins"]
    assert all(ACME not in p["holders"] for p in seen["lines"][0]["paths"])
    assert all(s["import_declaration"] is None for s in seen["lines"][0]["sources"])


def test_events_are_paginated_and_scoped(loaded: Api) -> None:
    page = loaded.get("analyst", "/api/v1/events", params={"limit": 3}).json()
    assert [e["seq"] for e in page["items"]] == [1, 2, 3]
    seqs = [e["seq"] for e in page["items"]]
    while page["next"]:
        page = loaded.client.get(page["next"], headers=loaded.headers("analyst")).json()
        assert len(page["items"]) <= 3
        seqs += [e["seq"] for e in page["items"]]
    assert seqs == [1, 2, 3, 4, 5, 6, 7]
    mine = loaded.get("trader", "/api/v1/events").json()["items"]
    assert {e["event_id"] for e in mine} >= {e["event_id"] for e in mine if e["holder"] == ACME}
    for e in mine:  # its own, the sale it made, and the transit it carries
        assert ACME in (e["holder"], e["counterparty"]) or e["transit_id"] == "MRN-AT-OFFICE"
    assert not any(e["event"].get("declaration_no") == "IM-OTHER" for e in mine)
    filtered = loaded.get("trader", "/api/v1/events", params={"holder": OTHER}).json()
    assert all(ACME in (e["holder"], e["counterparty"]) for e in filtered["items"])
    at_office = loaded.get("officer", "/api/v1/events").json()["items"]
    assert at_office and all(
        e["location"] == OFFICE or e["transit_id"] == "MRN-AT-OFFICE" for e in at_office
    )


def test_a_cursor_that_was_not_given_out_is_a_problem_not_a_crash(loaded: Api) -> None:
    resp = loaded.get("analyst", "/api/v1/events", params={"cursor": "!!!"})
    assert resp.status_code == 422
    assert resp.json()["field"] == "cursor"


def test_transits_by_state_and_scope(loaded: Api) -> None:
    listed = loaded.get("analyst", "/api/v1/transits", params={"state": "open"}).json()
    assert [t["transit_id"] for t in listed["items"]] == ["MRN-AT-OFFICE", "MRN-ELSEWHERE"]
    assert listed["items"] == loaded.app.state.services.ledger.transits(state="open")
    first = loaded.get("analyst", "/api/v1/transits", params={"limit": 1}).json()
    second = loaded.client.get(first["next"], headers=loaded.headers("analyst")).json()
    assert [t["transit_id"] for t in second["items"]] == ["MRN-ELSEWHERE"]
    officer = loaded.get("officer", "/api/v1/transits").json()["items"]
    assert [t["transit_id"] for t in officer] == ["MRN-AT-OFFICE"]
    carrier = loaded.get("trader", "/api/v1/transits").json()["items"]
    assert [t["transit_id"] for t in carrier] == ["MRN-AT-OFFICE"]
    assert loaded.get("other", "/api/v1/transits").json()["items"] == []
    one = loaded.get("officer", "/api/v1/transits/MRN-AT-OFFICE").json()
    assert [s["type"] for s in one["timeline"]] == ["transit_start", "checkpoint"]
    for who in ("officer", "trader", "other"):
        hidden = loaded.get(who, "/api/v1/transits/MRN-ELSEWHERE")
        assert hidden.status_code == 404, who
        missing = loaded.get(who, "/api/v1/transits/MRN-NONE")
        assert missing.status_code == 404


def test_admin_manages_tokens_nobody_else_does(loaded: Api) -> None:
    made = loaded.client.post(
        "/api/v1/tokens",
        json={"role": "trader", "holder": "KZ-NEW"},
        headers=loaded.headers("admin"),
    )
    assert made.status_code == 201
    token = made.json()["token"]
    me = loaded.client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert me["holder"] == "KZ-NEW" and me["role"] == "trader"
    listed = loaded.get("admin", "/api/v1/tokens").json()
    assert all("token" not in t and "secret_hash" not in t for t in listed)
    for who in ("analyst", "officer", "trader"):
        assert loaded.get(who, "/api/v1/tokens").status_code == 403
        resp = loaded.client.post(
            "/api/v1/tokens", json={"role": "admin"}, headers=loaded.headers(who)
        )
        assert resp.status_code == 403
    bad = loaded.client.post(
        "/api/v1/tokens", json={"role": "trader"}, headers=loaded.headers("admin")
    )
    assert bad.status_code == 422 and bad.json()["field"] == "holder"
