"""The lists routes: checks for every role, lists as of a date, admin-only writes, and the
delisting workflow with the roles the policy gives each step."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "api"))

from api_harness import Api, make_api


@pytest.fixture
def api(sqlite_url: str) -> Iterator[Api]:
    made = make_api(sqlite_url)
    yield made
    made.client.close()


def test_any_role_checks_goods_and_reads_lists(api: Api) -> None:
    body = {"hs_code": "8542.31", "origin": "DE", "destination": "RU", "on": "2024-03-01"}
    resp = api.post("trader", "/api/v1/goods/check", body)
    assert resp.status_code == 200, resp.text
    result = resp.json()
    assert result["hs_code"] == "854231" and result["on"] == "2024-03-01"
    assert {f["entry"] for f in result["findings"]} == {"chpl-854231", "ban-vii-8542"}
    bad = api.post("trader", "/api/v1/goods/check", {"hs_code": "85x1"})
    assert bad.status_code == 422 and bad.headers["content-type"] == "application/problem+json"
    assert bad.json()["field"] == "hs_code"

    lists = api.get("officer", "/api/v1/lists", params={"on": "2024-03-01"}).json()
    assert {(x["name"], x["entries_on"]) for x in lists} >= {("chpl", 50)}
    chpl = api.get("analyst", "/api/v1/lists/chpl", params={"on": "2024-02-22"}).json()
    assert chpl["entries"] == []
    diff = api.get(
        "analyst", "/api/v1/lists/ru-parallel-import/diff",
        params={"from": "2022-05-07", "to": "2022-08-01"},
    ).json()  # fmt: skip
    assert [e["entry_id"] for e in diff["removed"]] == ["pi-8413", "pi-8506", "pi-9619"]
    history = api.get("analyst", "/api/v1/lists/ru-parallel-import/history").json()
    assert len(history) == 24 and history[0]["seq"] < history[-1]["seq"]
    assert api.get("analyst", "/api/v1/lists/nope").status_code == 404


def test_only_admins_write_lists(api: Api) -> None:
    amendment = {"action": "remove", "entry_id": "chpl-853400", "effective": "2024-09-01"}
    refused = api.post("analyst", "/api/v1/lists/chpl/amendments", amendment)
    assert refused.status_code == 403
    done = api.post("admin", "/api/v1/lists/chpl/amendments", amendment)
    assert done.status_code == 200, done.text
    assert done.json()["recorded_by"] == "admin:ops"
    after = api.get("trader", "/api/v1/lists/chpl", params={"on": "2024-09-01"}).json()
    assert len(after["entries"]) == 49
    document = {"entries": [{"id": "x", "hs": "88", "effect": "export_ban"}]}
    put = api.client.put("/api/v1/lists/mine", json=document, headers=api.headers("admin"))
    assert put.status_code == 200 and put.json()["entries"] == 1
    broken = {"entries": [{"id": "x", "hs": "88", "effect": "export_ban", "colour": "red"}]}
    resp = api.client.put("/api/v1/lists/mine", json=broken, headers=api.headers("admin"))
    assert resp.status_code == 422 and resp.json()["field"] == "colour"


def test_delisting_workflow_over_http(api: Api) -> None:
    filed = api.post(
        "trader", "/api/v1/delisting-requests",
        {"rights_holder": "Hasbro, Inc.", "brand": "Hasbro", "hs_scope": ["9503"]},
    )  # fmt: skip
    assert filed.status_code == 201, filed.text
    rid = filed.json()["id"]
    other = api.post(
        "other", "/api/v1/delisting-requests",
        {"rights_holder": "LEGO A/S", "brand": "Lego", "hs_scope": ["9503"]},
    ).json()  # fmt: skip
    # a trader sees its own requests only; another's answers 404 like a missing one
    mine = api.get("trader", "/api/v1/delisting-requests").json()["items"]
    assert [r["id"] for r in mine] == [rid]
    assert api.get("trader", f"/api/v1/delisting-requests/{other['id']}").status_code == 404
    assert api.post("trader", f"/api/v1/delisting-requests/{rid}/review", {}).status_code == 403
    assert api.post("analyst", f"/api/v1/delisting-requests/{rid}/review", {}).status_code == 200
    early = {"effective": "2024-07-01"}
    assert (
        api.post("analyst", f"/api/v1/delisting-requests/{rid}/approve", early).status_code == 403
    )
    approved = api.post("admin", f"/api/v1/delisting-requests/{rid}/approve", early)
    assert approved.status_code == 200, approved.text
    assert [s["step"] for s in approved.json()["steps"]] == ["filed", "review", "approved"]
    again = api.post("admin", f"/api/v1/delisting-requests/{rid}/approve", early)
    assert again.status_code == 409
    check = api.post(
        "trader", "/api/v1/goods/check",
        {"hs_code": "9503000000", "brand": "hasbro", "destination": "RU", "on": "2024-07-01"},
    ).json()  # fmt: skip
    assert [f["allowed"] for f in check["findings"]] == [False]
    rejected = api.post(
        "admin", f"/api/v1/delisting-requests/{other['id']}/reject", {"reason": "no grounds"}
    )
    assert rejected.json()["state"] == "rejected"
    # cursor pagination over everything, for those who read all
    page = api.get("analyst", "/api/v1/delisting-requests", params={"limit": 1}).json()
    assert len(page["items"]) == 1 and page["next"]
    rest = api.client.get(page["next"], headers=api.headers("analyst")).json()
    assert [r["id"] for r in rest["items"]] == [other["id"]]


def test_the_dashboard_lists_page_shows_delisting_requests(api: Api) -> None:
    api.post(
        "trader", "/api/v1/delisting-requests",
        {"rights_holder": "Nintendo Co.", "brand": "Nintendo", "hs_scope": ["9504"]},
    )  # fmt: skip
    # the dashboard runs on the same lists service: the trader's request is on its lists page
    from tamga.dashboard.wiring import context_from_services

    assert context_from_services(api.app.state.services).lists is api.app.state.services.lists
    signin = {"token": api.tokens["trader"]}
    api.client.post("/dashboard/signin", data=signin, follow_redirects=False)
    page = api.client.get("/dashboard/lists").text
    assert "Nintendo Co." in page and "filed</strong> by trader:acme" in page
    assert ">chpl<" in page
