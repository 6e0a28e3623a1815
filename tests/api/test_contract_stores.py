"""The capture + query path, the same contract on SQLite and on PostgreSQL."""

from __future__ import annotations

import json

from api_harness import ACME, OTHER, make_api, parse_sse
from builders import checkpoint, exp, imp, line, sale, transit_start


def test_capture_then_query_on_each_store(store_url: str) -> None:
    api = make_api(store_url, stream_interval=0.05)
    events = [
        imp(ACME, [line(qty=10)], decl="IM-1"),
        sale(ACME, OTHER, [line(qty=4)]),
        exp(OTHER, [line(qty=4)], decl="EX-1", day=3),
        transit_start("MRN-1"),
        checkpoint("MRN-1", 1),
    ]
    first = api.post("admin", "/api/v1/events", events).json()
    assert first["accepted"] == 5 and [r["seq"] for r in first["results"]] == [1, 2, 3, 4, 5]
    again = api.post("admin", "/api/v1/events", events).json()
    assert again["duplicate"] == 5
    conflicting = dict(events[0], location="ELSEWHERE")
    clash = api.post("admin", "/api/v1/events", conflicting).json()["results"][0]
    assert clash["status"] == "rejected" and clash["field"] == "event_id"

    assert api.get("trader", f"/api/v1/stock/{ACME}").json()["items"][0]["quantity"] == 6
    assert api.get("trader", f"/api/v1/stock/{OTHER}").status_code == 404
    trace = api.get("analyst", "/api/v1/trace/EX-1").json()
    assert trace["lines"][0]["paths"][0]["holders"] == [ACME, OTHER]
    assert api.get("trader", "/api/v1/trace/EX-1").status_code == 404
    transit = api.get("officer", "/api/v1/transits/MRN-1").json()
    assert transit["state"] == "open" and len(transit["timeline"]) == 2
    listed = api.get("analyst", "/api/v1/transits", params={"state": "open"}).json()
    assert [t["transit_id"] for t in listed["items"]] == ["MRN-1"]

    resp = api.client.get(
        "/api/v1/stream",
        params={"since": "0:0", "duration": "0.2", "kind": "event"},
        headers=api.headers("trader"),
    )
    seen = [json.loads(m["data"])["event_id"] for m in parse_sse(resp.text)]
    assert seen == [events[0]["event_id"], events[1]["event_id"]]
    api.client.close()
    api.app.state.services.engine.dispose()
