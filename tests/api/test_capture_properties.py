"""Random times, offsets, numbers and strings thrown at capture (REST and EPCIS) on both stores:
never a 5xx, and never a partial write (the log holds exactly the events answered accepted,
and verifies)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from api_harness import ACME, Api, make_api
from builders import imp, line
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_epcis import document

_SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)


@pytest.fixture
def both(store_url: str) -> Iterator[Api]:
    made = make_api(store_url, stream_interval=0.05)
    yield made
    made.client.close()
    made.app.state.services.engine.dispose()  # PostgreSQL's connections are shared by all


def _two(lo: int, hi: int) -> st.SearchStrategy[str]:
    return st.integers(lo, hi).map(lambda n: f"{n:02d}")


offsets = st.one_of(
    st.just("Z"),
    st.tuples(st.sampled_from("+-"), _two(0, 25), _two(0, 61)).map(
        lambda t: f"{t[0]}{t[1]}:{t[2]}"
    ),
)
iso_times = st.tuples(
    st.integers(0, 9999).map(lambda y: f"{y:04d}"),
    _two(0, 13),
    _two(0, 32),
    _two(0, 25),
    _two(0, 61),
    _two(0, 61),
    offsets,
).map(lambda t: f"{t[0]}-{t[1]}-{t[2]}T{t[3]}:{t[4]}:{t[5]}{t[6]}")
times: st.SearchStrategy[Any] = st.one_of(
    iso_times,
    st.sampled_from(["9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00", "2024-01-01"]),
    st.integers(-(2**63), 2**63),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.text(max_size=30),
    st.none(),
)
numbers: st.SearchStrategy[Any] = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(2**70), 2**70),
    st.sampled_from(["inf", "-inf", "nan", "NaN", "1e309", "12", "", "０"]),
    st.booleans(),
    st.none(),
    st.text(max_size=10),
)
strings: st.SearchStrategy[Any] = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=10).map(lambda s: s + "\x00"),
    st.integers(),
    st.none(),
    st.just("50509010/140123/0001234"),
)
fields = st.sampled_from(
    [
        "time",
        "lines.0.quantity",
        "lines.0.value",
        "lines.0.net_kg",
        "declaration_no",
        "consignee",
        "event_id",
        "lines.0.brand",
        "location",
        "lines.0.hs_code",
    ]
)


def mutate(event: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    target: Any = event
    *head, last = path.split(".")
    for part in head:
        target = target[int(part)] if part.isdigit() else target[part]
    target[int(last) if last.isdigit() else last] = value
    return event


def logged(api: Api) -> int:
    return int(api.app.state.services.ledger.summary()["events"])


@given(field=fields, value=st.one_of(times, numbers, strings))
@_SETTINGS
def test_rest_capture_never_5xx_and_writes_exactly_what_it_accepts(
    both: Api, field: str, value: Any
) -> None:
    before = logged(both)
    good = imp(ACME, [line(qty=3)])
    bad = mutate(imp(ACME, [line(qty=2)]), field, value)
    resp = both.post("admin", "/api/v1/events", [good, bad])
    assert resp.status_code < 500, resp.text
    if resp.status_code == 200:
        body = resp.json()
        assert body["results"][0]["status"] == "accepted"
        assert logged(both) == before + body["accepted"]
    else:
        assert resp.headers["content-type"].startswith("application/problem+json")
        assert logged(both) == before
    assert both.app.state.services.ledger.verify().ok


@given(time=times, quantity=numbers)
@_SETTINGS
def test_epcis_capture_never_5xx_and_writes_exactly_what_the_ledger_accepts(
    both: Api, time: Any, quantity: Any
) -> None:
    before = logged(both)
    event = document([imp(ACME, [line(qty=4)])])["epcisBody"]["eventList"][0]
    event["eventTime"] = time
    for item in event.get("quantityList") or []:
        item["quantity"] = quantity
    resp = both.post("trader", "/epcis/events", event)
    assert resp.status_code < 500, resp.text
    took = 0
    if resp.status_code == 201:
        body = resp.json()
        refused = [n for n in body["notes"] if n["kind"] in ("ledger_rejected", "not_mapped")]
        took = 1 if body["status"] == "captured" and not refused else 0
    assert logged(both) == before + took
