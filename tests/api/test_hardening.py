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
    made.app.state.services.engine.dispose()  # PostgreSQL's connections are shared by all


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


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/trace/IM%00X",
        "/api/v1/stock/A%00",
        "/api/v1/transits/T%00",
        "/api/v1/events?holder=A%00B",
        "/epcis/events/urn:x%00",
        "/dashboard/declarations/D%00",
    ],
)
def test_a_nul_in_a_path_or_query_is_bad_input(both: Api, url: str) -> None:
    resp = both.get("admin", url)
    assert resp.status_code == 422, resp.text


def test_a_nul_in_a_body_is_bad_input_and_nothing_is_written(both: Api) -> None:
    bad = imp(ACME, [line(brand="LG\u0000")])
    resp = both.post("admin", "/api/v1/events", [imp(ACME, [line()]), bad])
    assert resp.status_code == 422, resp.text
    assert both.get("admin", "/api/v1/events").json()["items"] == []
    escaped = imp(ACME, [line(brand="a \\u0000 is six characters here")])
    assert both.post("admin", "/api/v1/events", escaped).json()["accepted"] == 1
    form = both.client.post(
        "/dashboard/signin",
        content=b"token=x%00y",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert form.status_code in (400, 422)  # FastAPI reads a form before the route: its 400


def test_a_nul_in_an_ingested_file_refuses_that_record(store_url: str) -> None:
    import orjson

    from tamga.ledger.parsing import RawRecord
    from tamga.ledger.service import LedgerService

    ledger = LedgerService.open(store_url)
    events = [imp(ACME, [line()]), imp(ACME, [line(description="a\u0000b")]), imp(ACME, [line()])]
    report = ledger.ingest_records(
        [RawRecord(f"f:{i}", orjson.dumps(e)) for i, e in enumerate(events)]
    )
    assert (report.accepted, report.rejected) == (2, 1)
    assert report.errors[0].field == "lines[0].description"


def officer_at(api: Api, office: str) -> dict[str, str]:
    token = TokenStore(api.app.state.services.engine).create("officer", office=office).token
    return {"Authorization": f"Bearer {token}"}


def test_an_officer_checkpoints_only_open_transits_on_its_route_and_sees_no_past(
    both: Api,
) -> None:
    from builders import checkpoint, transit_end, transit_start

    on_road = transit_start(
        "MRN-ROAD",
        location="KZ-P-KHORGOS",
        office_of_departure="KZ-P-KHORGOS",
        dest_office="KZ-P-ZHAISAN",
        carrier=ACME,
    )
    off_road = transit_start(
        "MRN-OFF", location="KZ-P-X", office_of_departure="KZ-P-X", dest_office="KZ-P-Y"
    )
    ended = transit_start(
        "MRN-DONE",
        location="KZ-P-KHORGOS",
        office_of_departure="KZ-P-KHORGOS",
        dest_office="KZ-P-ZHAISAN",
    )
    both.post("admin", "/api/v1/events", [on_road, off_road, ended])
    both.post("admin", "/api/v1/events", transit_end("MRN-DONE", 1, location="KZ-P-ZHAISAN"))
    almaty = officer_at(both, "KZ-O-ALMATY")

    def report(mrn: str, day: float) -> dict[str, object]:
        event = checkpoint(mrn, day, location="KZ-O-ALMATY")
        resp = both.client.post("/api/v1/events", json=event, headers=almaty)
        return resp.json()["results"][0]

    assert report("MRN-ROAD", 0.5)["status"] == "accepted"
    refused = [report(mrn, 2) for mrn in ("MRN-OFF", "MRN-NONE", "MRN-DONE")]
    assert [r["status"] for r in refused] == ["rejected"] * 3
    assert {r["field"] for r in refused} == {"transit_id"}
    off, none = refused[0]["reason"], refused[1]["reason"]
    assert off.replace("MRN-OFF", "X") == none.replace("MRN-NONE", "X")
    # its own checkpoint shows, but not the transit nor the rest of its timeline
    assert both.client.get("/api/v1/transits/MRN-ROAD", headers=almaty).status_code == 404
    seen = both.client.get("/api/v1/events", headers=almaty).json()["items"]
    assert [e["type"] for e in seen] == ["checkpoint"]


def test_a_checkpoint_dated_after_the_transit_ended_is_refused(both: Api) -> None:
    from builders import checkpoint, transit_end, transit_start

    both.post("admin", "/api/v1/events", [transit_start("MRN-E"), transit_end("MRN-E", 2)])
    late_but_before = both.post("admin", "/api/v1/events", checkpoint("MRN-E", 1)).json()
    assert late_but_before["accepted"] == 1
    after = both.post("admin", "/api/v1/events", checkpoint("MRN-E", 3)).json()["results"][0]
    assert (after["status"], after["field"]) == ("rejected", "time")


def statements(api: Api, who: str, url: str) -> list[str]:
    """The SQL a request runs (parameters aside)."""
    from sqlalchemy import event

    engine = api.app.state.services.engine
    seen: list[str] = []

    def record(conn: object, cursor: object, sql: str, *args: object) -> None:
        seen.append(sql)

    event.listen(engine, "before_cursor_execute", record)
    try:
        api.get(who, url)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return [s for s in seen if "api_tokens" not in s]


def test_a_traders_transit_list_is_one_query_whatever_the_others_carry(both: Api) -> None:
    from builders import transit_start

    starts = [transit_start(f"MRN-{i:04d}", carrier=f"C-{i % 5}") for i in range(250)]
    starts.append(transit_start("MRN-9999", carrier=ACME))
    both.post("admin", "/api/v1/events", starts)
    sql = statements(both, "trader", "/api/v1/transits?limit=10")
    assert len([s for s in sql if "FROM transits" in s]) == 1, sql
    assert [t["transit_id"] for t in both.get("trader", "/api/v1/transits").json()["items"]] == [
        "MRN-9999"
    ]
    # another carrier's transit and a missing one: the same statements, the same answer
    theirs = statements(both, "trader", "/api/v1/transits/MRN-0001")
    missing = statements(both, "trader", "/api/v1/transits/MRN-NONE")
    assert theirs == missing
    assert both.get("trader", "/api/v1/transits/MRN-0001").json()["detail"].replace(
        "MRN-0001", "X"
    ) == both.get("trader", "/api/v1/transits/MRN-NONE").json()["detail"].replace("MRN-NONE", "X")


def test_ids_with_slashes_are_reachable(both: Api) -> None:
    """The EAEU declaration number format is ``50509010/140123/0001234``."""
    from builders import transit_start

    number, mrn = "50509010/140123/0001234", "50509010/140123/T0001"
    both.post("admin", "/api/v1/events", [imp(ACME, [line()], decl=number), transit_start(mrn)])
    trace = both.get("trader", f"/api/v1/trace/{number}")
    assert trace.status_code == 200, trace.text
    assert trace.json()["declaration_no"] == number
    assert both.get("analyst", f"/api/v1/transits/{mrn}").json()["transit_id"] == mrn
    both.client.post("/dashboard/signin", data={"token": both.tokens["analyst"]})
    page = both.client.get(f"/dashboard/declarations/{number}")
    assert page.status_code == 200 and number in page.text
    assert both.client.get(f"/dashboard/transits/{mrn}").status_code == 200
    found = both.client.get("/dashboard/go", params={"q": number}, follow_redirects=False)
    assert found.headers["location"] == f"/dashboard/declarations/{number}"


def test_openapi_declares_problem_documents_and_conflicts(api: Api) -> None:
    doc = api.client.get("/openapi.json").json()
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            for code, answer in op["responses"].items():
                if code[0] in "45" and "content" in answer:
                    assert list(answer["content"]) == ["application/problem+json"], (
                        method,
                        path,
                        code,
                    )
    action = doc["paths"]["/api/v1/alerts/{alert_id}/actions"]["post"]["responses"]
    assert "409" in action


def test_health_tells_a_stranger_only_that_it_lives(api: Api) -> None:
    api.post("admin", "/api/v1/events", imp(ACME, [line()]))
    assert api.client.get("/api/v1/health").json() == {"status": "ok"}
    assert api.get("trader", "/api/v1/health").json() == {"status": "ok"}
    assert api.get("analyst", "/api/v1/health").json()["events"] == 1
