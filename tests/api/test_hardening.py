"""Medium and low items of the hardening issue at their own boundaries: the stream ends with its
token, cursors are a 400-class answer, numbers are finite, NUL bytes are bad input."""

from __future__ import annotations

import base64
import threading
import time
from collections.abc import Iterator

import pytest
from api_harness import ACME, Api, make_api
from builders import imp, line

from tamga.auth import TokenStore


@pytest.fixture
def both(store_url: str) -> Iterator[Api]:
    made = make_api(store_url, stream_interval=0.05)
    yield made
    made.client.close()


def cursor(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def test_revoking_a_token_ends_its_open_stream(api: Api) -> None:
    token_id = api.tokens["analyst"].split("_")[1]
    store = TokenStore(api.app.state.services.engine)
    timer = threading.Timer(0.4, store.revoke, args=(token_id,))
    timer.start()
    started = time.monotonic()
    resp = api.get("analyst", "/api/v1/stream", params={"duration": "6"})
    elapsed = time.monotonic() - started
    timer.join()
    assert resp.status_code == 200
    assert elapsed < 4, f"the stream ran on for {elapsed:.1f} s after its token was revoked"
    assert api.get("analyst", "/api/v1/stream", params={"duration": "1"}).status_code == 401


@pytest.mark.parametrize("raw", ["9" * 40, "²", "-1", "1e3", " 7", "12x"])
@pytest.mark.parametrize("path", ["/api/v1/events", "/api/v1/audit"])
def test_a_malformed_cursor_is_a_400_class_answer(both: Api, raw: str, path: str) -> None:
    resp = both.get("admin", path, params={"cursor": cursor(raw)})
    assert resp.status_code in (400, 422), resp.text
    assert resp.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize("raw", ["9" * 40, "²", "1:²", "²:1", "1:" + "9" * 30])
def test_a_malformed_stream_id_is_a_400_class_answer(both: Api, raw: str) -> None:
    resp = both.get("analyst", "/api/v1/stream", params={"since": raw, "duration": "0.2"})
    assert resp.status_code in (400, 422), resp.text
    headers = {**both.headers("analyst"), "Last-Event-ID": raw.encode()}
    resp = both.client.get("/api/v1/stream", params={"duration": "0.2"}, headers=headers)
    assert resp.status_code in (400, 422), resp.text


@pytest.mark.parametrize("value", ["inf", "-inf", "nan", "Infinity", 1e300, "12", True])
def test_non_finite_and_non_numeric_amounts_are_refused(both: Api, value: object) -> None:
    event = imp(ACME, [line(qty=5)])
    event["lines"][0]["value"] = value
    result = both.post("admin", "/api/v1/events", event).json()["results"][0]
    assert (result["status"], result["field"]) == ("rejected", "lines[0].value")
    quantity = imp(ACME, [line()])
    quantity["lines"][0]["quantity"] = value
    result = both.post("admin", "/api/v1/events", quantity).json()["results"][0]
    assert (result["status"], result["field"]) == ("rejected", "lines[0].quantity")


def test_a_rebuild_of_accepted_amounts_is_the_same(both: Api) -> None:
    both.post("admin", "/api/v1/events", imp(ACME, [line(qty=1e15, value=1e15)]))
    ledger = both.app.state.services.ledger
    before = ledger.stock(ACME)
    ledger.rebuild()
    assert ledger.stock(ACME) == before


@pytest.mark.parametrize("moment", [1700000000, True, 1.5])
def test_a_number_is_not_a_time(both: Api, moment: object) -> None:
    event = imp(ACME, [line()])
    event["time"] = moment
    result = both.post("admin", "/api/v1/events", event).json()["results"][0]
    assert (result["status"], result["field"]) == ("rejected", "time")
