"""Capture: one event or a batch; each answered on its own; every write audited; bounds held."""

from __future__ import annotations

from api_harness import ACME, OFFICE, OTHER, Api
from builders import exp, imp, line, sale, transit_start

from tamga.api.capture import MAX_BATCH


def test_a_batch_answers_each_event_and_a_bad_one_blocks_nothing(api: Api) -> None:
    good = imp(ACME, [line(qty=5)])
    bad = imp(ACME, [line()])
    bad.pop("consignee")
    resp = api.post("admin", "/api/v1/events", [good, bad, good, "not an event"])
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert (body["accepted"], body["duplicate"], body["rejected"]) == (1, 1, 2)
    first, second, third, fourth = body["results"]
    assert first["status"] == "accepted" and first["seq"] == 1
    assert second["status"] == "rejected" and second["field"] == "consignee"
    assert third["status"] == "duplicate"
    assert fourth["status"] == "rejected"
    again = api.post("admin", "/api/v1/events", good).json()
    assert again["results"][0]["status"] == "duplicate"
    stock = api.get("admin", f"/api/v1/stock/{ACME}").json()
    assert stock["items"][0]["quantity"] == 5


def test_a_trader_cannot_write_another_holders_events(api: Api) -> None:
    own = imp(ACME, [line()])
    theirs = imp(OTHER, [line()])
    their_sale = sale(OTHER, ACME, [line()])
    body = api.post("trader", "/api/v1/events", [own, theirs, their_sale]).json()
    assert [r["status"] for r in body["results"]] == ["accepted", "rejected", "rejected"]
    assert [r["field"] for r in body["results"][1:]] == ["consignee", "seller"]
    assert api.get("admin", f"/api/v1/stock/{OTHER}").json()["items"] == []


def test_an_officer_reports_only_at_its_own_office(api: Api) -> None:
    at_office = transit_start("MRN-1")  # KHORGOS
    elsewhere = exp(ACME, [line()])  # KZ-BORDER
    body = api.post("officer", "/api/v1/events", [at_office, elsewhere]).json()
    assert body["results"][0]["status"] == "accepted"
    assert body["results"][1]["status"] == "rejected"
    assert body["results"][1]["field"] == "location"
    assert OFFICE in body["results"][1]["reason"]


def test_an_analyst_reads_but_does_not_write(api: Api) -> None:
    resp = api.post("analyst", "/api/v1/events", imp(ACME, [line()]))
    assert resp.status_code == 403
    assert resp.headers["content-type"] == "application/problem+json"


def test_every_capture_is_audited(api: Api) -> None:
    api.post("trader", "/api/v1/events", [imp(ACME, [line()]), imp(OTHER, [line()])])
    log = api.get("admin", "/api/v1/audit").json()["items"]
    capture = next(e for e in log if e["action"] == "api.capture")
    assert capture["role"] == "trader"
    assert capture["detail"]["accepted"] == 1 and capture["detail"]["rejected"] == 1
    assert api.get("trader", "/api/v1/audit").status_code == 403


def test_no_token_a_wrong_token_and_a_revoked_token_are_refused(api: Api) -> None:
    event = imp(ACME, [line()])
    assert api.client.post("/api/v1/events", json=event).status_code == 401
    wrong = {"Authorization": "Bearer tmg_abc_def"}
    resp = api.client.post("/api/v1/events", json=event, headers=wrong)
    assert resp.status_code == 401 and resp.json()["title"] == "Unauthorized"
    me = api.get("trader", "/api/v1/me").json()
    assert (
        api.client.delete(
            f"/api/v1/tokens/{me['token_id']}", headers=api.headers("admin")
        ).status_code
        == 204
    )
    assert api.post("trader", "/api/v1/events", event).status_code == 401


def test_malformed_and_oversized_bodies_are_refused_cleanly(sqlite_url: str) -> None:
    from api_harness import make_api

    small = make_api(sqlite_url, max_body=20_000)
    h = {**small.headers("admin"), "content-type": "application/json"}
    resp = small.client.post("/api/v1/events", content=b"{not json", headers=h)
    assert resp.status_code == 422 and resp.json()["field"] == "body"
    resp = small.client.post("/api/v1/events", content=b"42", headers=h)
    assert resp.status_code == 422
    big = [imp(ACME, [line()]) for _ in range(100)]
    resp = small.post("admin", "/api/v1/events", big)
    assert resp.status_code == 413
    assert resp.json()["title"] == "Content too large"
    too_many = b"[" + b",".join([b"{}"] * (MAX_BATCH + 1)) + b"]"
    roomy = make_api(sqlite_url)
    resp = roomy.client.post(
        "/api/v1/events",
        content=too_many,
        headers={**roomy.headers("admin"), "content-type": "application/json"},
    )
    assert resp.status_code == 422 and "10000" in resp.json()["detail"]
