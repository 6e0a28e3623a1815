"""Alerts over the API on the real risk engine: a small ledger captured through the API is
scored as it arrives, and the boundaries are proven on the alerts its rules raise: who sees
which alert, who may work them, and the stream of alerts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from api_harness import ACME, OFFICE, OTHER, Api, make_api, parse_sse
from builders import exp, imp, line


def small_ledger() -> list[dict[str, Any]]:
    """Two exporters each shipping more than they hold: one unbacked-export alert each, ACME's
    at the officer's office, the other holder's at the border post."""
    return [
        imp(ACME, [line(qty=5)], decl="IM-A", location=OFFICE),
        exp(ACME, [line(qty=50)], decl="EX-A", location=OFFICE),
        imp(OTHER, [line(qty=5)], decl="IM-B"),
        exp(OTHER, [line(qty=9)], decl="EX-B"),
    ]


@pytest.fixture
def alerts_api(sqlite_url: str) -> Iterator[Api]:
    api = make_api(sqlite_url, small_lists=True, stream_interval=0.05)
    resp = api.post("admin", "/api/v1/events", small_ledger())
    assert resp.status_code == 200 and resp.json()["accepted"] == 4, resp.text
    yield api
    api.client.close()


def subjects(api: Api, who: str, **params: str) -> list[str]:
    resp = api.get(who, "/api/v1/alerts", params=params)
    assert resp.status_code == 200, resp.text
    return sorted(a["subject"] for a in resp.json()["items"])


def alert_of(api: Api, subject: str) -> dict[str, Any]:
    (found,) = [
        a for a in api.get("analyst", "/api/v1/alerts").json()["items"] if a["subject"] == subject
    ]
    return dict(found)


def test_the_rules_raise_the_alerts_the_tests_rely_on(alerts_api: Api) -> None:
    items = alerts_api.get("analyst", "/api/v1/alerts").json()["items"]
    assert sorted((a["rule"], a["subject"]) for a in items) == [
        ("unbacked", "EX-A"),
        ("unbacked", "EX-B"),
    ]


def test_each_role_sees_its_alerts_and_others_look_missing(alerts_api: Api) -> None:
    api = alerts_api
    assert subjects(api, "analyst") == subjects(api, "admin") == ["EX-A", "EX-B"]
    assert subjects(api, "trader") == ["EX-A"]
    assert subjects(api, "other") == ["EX-B"]
    assert subjects(api, "officer") == ["EX-A"]  # raised at its office
    assert subjects(api, "trader", holder=OTHER) == []
    assert subjects(api, "trader", declaration="EX-B") == []
    theirs = alert_of(api, "EX-B")["id"]
    assert api.get("trader", f"/api/v1/alerts/{theirs}").status_code == 404
    assert api.get("officer", f"/api/v1/alerts/{theirs}").status_code == 404
    assert api.get("trader", "/api/v1/alerts/AL-NONE").status_code == 404
    mine = alert_of(api, "EX-A")["id"]
    assert api.get("trader", f"/api/v1/alerts/{mine}").json()["subject"] == "EX-A"
    page = api.get("analyst", "/api/v1/alerts", params={"limit": 1}).json()
    rest = api.client.get(page["next"], headers=api.headers("analyst")).json()
    assert len(page["items"]) == len(rest["items"]) == 1 and rest["next"] is None
    assert page["items"][0]["id"] < rest["items"][0]["id"]


def test_only_analysts_and_admins_work_alerts_and_each_action_is_audited(
    alerts_api: Api,
) -> None:
    api = alerts_api
    mine, theirs = alert_of(api, "EX-A")["id"], alert_of(api, "EX-B")["id"]
    act = {"action": "hold", "reason": "quantity above stock"}
    assert api.post("trader", f"/api/v1/alerts/{mine}/actions", act).status_code == 403
    assert api.post("trader", f"/api/v1/alerts/{theirs}/actions", act).status_code == 404
    assert api.post("officer", f"/api/v1/alerts/{mine}/actions", act).status_code == 403
    assert api.post("officer", f"/api/v1/alerts/{theirs}/actions", act).status_code == 404
    done = api.post("analyst", f"/api/v1/alerts/{theirs}/actions", act)
    assert done.status_code == 200 and done.json()["state"] == "hold"
    assert done.json()["history"][0]["actor"] == "analyst:ana"
    assert api.get("admin", f"/api/v1/alerts/{theirs}").json()["state"] == "hold"
    log = api.get("admin", "/api/v1/audit").json()["items"]
    assert log[0]["action"] == "alert.hold" and log[0]["target"] == theirs


def test_alerts_on_the_stream_are_scoped_and_resumable(alerts_api: Api) -> None:
    api = alerts_api

    def read(who: str, since: str) -> list[dict[str, str]]:
        resp = api.get(
            who, "/api/v1/stream", params={"kind": "alert", "since": since, "duration": "0.2"}
        )
        return parse_sse(resp.text)

    def subjects_of(messages: list[dict[str, str]]) -> list[str]:
        return [json.loads(m["data"])["subject"] for m in messages]

    everything = read("analyst", "0:0")
    assert sorted(subjects_of(everything)) == ["EX-A", "EX-B"]
    assert subjects_of(read("trader", "0:0")) == ["EX-A"]
    assert subjects_of(read("other", "0:0")) == ["EX-B"]
    assert subjects_of(read("officer", "0:0")) == ["EX-A"]
    assert subjects_of(read("analyst", everything[0]["id"])) == subjects_of(everything[1:])
    # a worked alert comes round again, to those who may see it only
    theirs = alert_of(api, "EX-B")["id"]
    api.post("analyst", f"/api/v1/alerts/{theirs}/actions", {"action": "hold", "reason": "x"})
    after = everything[-1]["id"]
    assert subjects_of(read("analyst", after)) == ["EX-B"]
    assert subjects_of(read("trader", after)) == []
