"""Alerts over the API: who sees which alert, who may work them, the stream of alerts.

The risk part's alert service is not in the tree yet; ``MemoryAlerts`` (api_harness) implements
the protocol the API calls (``tamga.api.services.AlertsService`` + ``AlertFeed``) so the
boundaries are proven now and hold for any implementation of it.
"""

from __future__ import annotations

import json

import pytest
from api_harness import ACME, OFFICE, OTHER, Api, MemoryAlerts, make_tokens, parse_sse
from fastapi.testclient import TestClient

from tamga.api import Settings, create_app


@pytest.fixture
def alerts_api(sqlite_url: str) -> Api:
    alerts = MemoryAlerts(
        [
            {"id": "A1", "rule": "r", "state": "open", "holders": [ACME], "locations": []},
            {"id": "A2", "rule": "r", "state": "open", "holders": [OTHER], "locations": [OFFICE]},
        ]
    )
    app = create_app(sqlite_url, settings=Settings(stream_interval=0.05))
    app.state.services.alerts = alerts
    return Api(app, TestClient(app, raise_server_exceptions=False), make_tokens(app))


def test_each_role_sees_its_alerts_and_others_look_missing(alerts_api: Api) -> None:
    api = alerts_api
    ids = lambda who: [a["id"] for a in api.get(who, "/api/v1/alerts").json()["items"]]  # noqa: E731
    assert ids("analyst") == ["A1", "A2"]
    assert ids("trader") == ["A1"]
    assert ids("officer") == ["A2"]
    assert api.get("trader", "/api/v1/alerts", params={"holder": OTHER}).json()["items"] == []
    assert api.get("trader", "/api/v1/alerts/A2").status_code == 404
    assert api.get("trader", "/api/v1/alerts/NONE").status_code == 404
    page = api.get("analyst", "/api/v1/alerts", params={"limit": 1}).json()
    assert [
        a["id"]
        for a in api.client.get(page["next"], headers=api.headers("analyst")).json()["items"]
    ] == ["A2"]


def test_only_analysts_and_admins_work_alerts_and_each_action_is_audited(
    alerts_api: Api,
) -> None:
    api = alerts_api
    act = {"action": "hold", "reason": "origin mismatch"}
    assert api.post("trader", "/api/v1/alerts/A1/actions", act).status_code == 403
    assert api.post("trader", "/api/v1/alerts/A2/actions", act).status_code == 404
    assert api.post("officer", "/api/v1/alerts/A2/actions", act).status_code == 403
    done = api.post("analyst", "/api/v1/alerts/A2/actions", act)
    assert done.status_code == 200 and done.json()["state"] == "held"
    assert done.json()["history"][0]["actor"] == "analyst:ana"
    log = api.get("admin", "/api/v1/audit").json()["items"]
    assert log[0]["action"] == "alert.hold" and log[0]["target"] == "A2"


def test_alerts_on_the_stream_are_scoped_and_resumable(alerts_api: Api) -> None:
    api = alerts_api

    def read(who: str, since: str) -> list[dict[str, str]]:
        resp = api.get(
            who, "/api/v1/stream", params={"kind": "alert", "since": since, "duration": "0.2"}
        )
        return parse_sse(resp.text)

    assert [json.loads(m["data"])["id"] for m in read("analyst", "0:0")] == ["A1", "A2"]
    assert [json.loads(m["data"])["id"] for m in read("trader", "0:0")] == ["A1"]
    first = read("analyst", "0:0")[0]["id"]
    assert [json.loads(m["data"])["id"] for m in read("analyst", first)] == ["A2"]


def test_with_the_risk_part_installed_alert_routes_answer_from_its_store(api: Api) -> None:
    resp = api.get("analyst", "/api/v1/alerts")
    assert resp.status_code == 200 and resp.json()["items"] == []
