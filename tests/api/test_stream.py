"""The live stream: new events, transit changes and alerts, scoped, resumable without loss."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import uvicorn
from api_harness import ACME, OTHER, Api, make_api, parse_sse
from builders import checkpoint, imp, line, transit_start


def read(api: Api, who: str, seconds: float = 0.3, **params: str) -> list[dict[str, str]]:
    headers = api.headers(who)
    if "last_event_id" in params:
        headers["Last-Event-ID"] = params.pop("last_event_id")
    resp = api.client.get(
        "/api/v1/stream", params={"duration": str(seconds), **params}, headers=headers
    )
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"].startswith("text/event-stream")
    return parse_sse(resp.text)


def test_reconnecting_with_last_event_id_misses_nothing_and_repeats_nothing(api: Api) -> None:
    events = [imp(ACME, [line(qty=n + 1)]) for n in range(6)]
    api.post("admin", "/api/v1/events", events)
    everything = read(api, "analyst", kind="event", since="0:0")
    assert [json.loads(m["data"])["event_id"] for m in everything] == [
        e["event_id"] for e in events
    ]
    resumed = read(api, "analyst", kind="event", last_event_id=everything[2]["id"])
    assert [m["id"] for m in resumed] == [m["id"] for m in everything[3:]]
    assert read(api, "analyst", kind="event", last_event_id=everything[-1]["id"]) == []


def test_without_an_id_the_stream_starts_at_the_present(api: Api) -> None:
    api.post("admin", "/api/v1/events", imp(ACME, [line()]))
    assert read(api, "analyst") == []


def test_a_trader_sees_only_its_own_holders_items(api: Api) -> None:
    api.post(
        "admin",
        "/api/v1/events",
        [imp(ACME, [line()]), imp(OTHER, [line()]), transit_start("MRN-X", carrier=OTHER)],
    )
    seen = read(api, "trader", since="0:0")
    assert seen and all(json.loads(m["data"])["holder"] == ACME for m in seen)
    asked = api.client.get(
        "/api/v1/stream",
        params={"holder": OTHER, "duration": "0.1"},
        headers=api.headers("trader"),
    )
    assert asked.status_code == 404
    theirs = read(api, "other", since="0:0")
    assert {m["event"] for m in theirs} == {"event", "transit"}


def test_filters_by_kind_holder_and_location(api: Api) -> None:
    api.post(
        "admin",
        "/api/v1/events",
        [
            imp(ACME, [line()]),
            imp(OTHER, [line()], location="NUR-ZHOLY"),
            transit_start("MRN-1"),
            checkpoint("MRN-1", 1, location="ALMATY-TP"),
        ],
    )
    transits = read(api, "analyst", since="0:0", kind="transit")
    assert [json.loads(m["data"])["by"] for m in transits] == ["transit_start", "checkpoint"]
    assert json.loads(transits[-1]["data"])["transit"]["last_location"] == "ALMATY-TP"
    by_holder = read(api, "analyst", since="0:0", kind="event", holder=OTHER)
    assert [json.loads(m["data"])["holder"] for m in by_holder] == [OTHER]
    by_place = read(api, "analyst", since="0:0", location="NUR-ZHOLY")
    assert [json.loads(m["data"])["location"] for m in by_place] == ["NUR-ZHOLY"]
    bad = api.client.get(
        "/api/v1/stream", params={"kind": "gossip"}, headers=api.headers("analyst")
    )
    assert bad.status_code == 422
    bad_id = api.client.get(
        "/api/v1/stream", headers={**api.headers("analyst"), "Last-Event-ID": "x"}
    )
    assert bad_id.status_code == 422


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def live(sqlite_url: str) -> Iterator[tuple[Api, str]]:
    """The API served by a real uvicorn on loopback, as a browser would reach it."""
    api = make_api(sqlite_url, stream_interval=0.2)
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(api.app, host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    yield api, f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def test_an_event_appears_on_an_open_stream_within_a_second(live: tuple[Api, str]) -> None:
    api, base = live
    arrivals: list[tuple[float, dict[str, str]]] = []
    opened = threading.Event()

    def listen() -> None:
        with httpx.stream(
            "GET",
            f"{base}/api/v1/stream",
            params={"kind": "event", "duration": "4"},
            headers=api.headers("trader"),
            timeout=10,
        ) as resp:
            opened.set()
            buffer = ""
            for chunk in resp.iter_text():
                buffer += chunk
                for msg in parse_sse(buffer):
                    arrivals.append((time.monotonic(), msg))
                    return

    listener = threading.Thread(target=listen)
    listener.start()
    assert opened.wait(5)
    time.sleep(0.5)  # the stream has taken its starting point
    event = imp(ACME, [line()])
    sent = time.monotonic()
    resp = httpx.post(f"{base}/api/v1/events", json=event, headers=api.headers("admin"))
    assert resp.json()["accepted"] == 1
    listener.join(timeout=6)
    assert arrivals, "the event never reached the stream"
    arrived, message = arrivals[0]
    assert json.loads(message["data"])["event_id"] == event["event_id"]
    assert arrived - sent < 1.0
