"""The API's alert routes over the real alert service: events captured through the API are
scored as they arrive, analysts list and work the alerts, the stream carries them."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "api"))

from api_harness import ACME, OFFICE, OTHER, Api, make_api, parse_sse
from builders import exp, imp, line

from tamga.risk import AlertService


@pytest.fixture
def api(sqlite_url: str) -> Iterator[Api]:
    made = make_api(sqlite_url, stream_interval=0.05)
    yield made
    made.client.close()


def test_captured_events_raise_alerts_that_analysts_work(api: Api) -> None:
    assert isinstance(api.app.state.services.alerts, AlertService)
    events = [
        imp(ACME, [line(qty=5)], decl="IM-A", location=OFFICE),
        exp(ACME, [line(qty=50)], decl="EX-A", location=OFFICE),  # 45 never held
        imp(OTHER, [line(qty=5)], decl="IM-B"),
        exp(OTHER, [line(qty=9)], decl="EX-B"),
    ]
    resp = api.post("admin", "/api/v1/events", events)
    assert resp.status_code == 200, resp.text

    items = api.get("analyst", "/api/v1/alerts").json()["items"]
    assert sorted(a["declarations"][0] for a in items) == ["EX-A", "EX-B"]
    for alert in items:
        assert {"id", "rule", "severity", "score", "channel", "state", "evidence"} <= set(alert)
    mine = api.get("trader", "/api/v1/alerts").json()["items"]
    assert [a["holders"] for a in mine] == [[ACME]]
    filtered = api.get("analyst", "/api/v1/alerts", params={"declaration": "EX-B"}).json()
    assert [a["declarations"][0] for a in filtered["items"]] == ["EX-B"]

    target = mine[0]["id"]
    assert (
        api.post(
            "trader", f"/api/v1/alerts/{target}/actions", {"action": "hold", "reason": "x"}
        ).status_code
        == 403
    )
    done = api.post(
        "analyst", f"/api/v1/alerts/{target}/actions", {"action": "hold", "reason": "check"}
    )
    assert done.status_code == 200 and done.json()["state"] == "hold"
    assert done.json()["history"][0]["actor"] == "analyst:ana"
    one = api.get("analyst", f"/api/v1/alerts/{target}").json()
    assert one["state"] == "hold" and one["history"][0]["reason"] == "check"
    bad = api.post("analyst", f"/api/v1/alerts/{target}/actions", {"action": "hold", "reason": "x"})
    assert bad.status_code == 200  # hold again from hold is allowed (re-affirmed)

    stream = api.get(
        "analyst", "/api/v1/stream", params={"kind": "alert", "since": "0:0", "duration": "0.2"}
    )
    ids = [json.loads(m["data"])["id"] for m in parse_sse(stream.text)]
    assert target in ids and len(ids) >= 2
