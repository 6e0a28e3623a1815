"""Over HTTP, on both stores: a trader reusing another holder's declaration number learns
nothing of it, and times no UTC datetime can hold are refused per event, REST and EPCIS."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from api_harness import ACME, OTHER, Api, make_api
from builders import exp, imp, line, transit_start
from test_epcis import document

EXTREMES = ["9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59+14:00"]


@pytest.fixture
def both(store_url: str) -> Iterator[Api]:
    made = make_api(store_url, stream_interval=0.05)
    yield made
    made.client.close()
    made.app.state.services.engine.dispose()  # PostgreSQL's connections are shared by all


def wait_for_job(api: Api, who: str, location: str) -> dict[str, Any]:
    for _ in range(200):
        job = api.get(who, location).json()
        if job["status"] != "running":
            return job
        time.sleep(0.05)
    raise AssertionError("the capture job never finished")


def test_reusing_anothers_declaration_number_shows_nothing_of_it(both: Api) -> None:
    api = both
    api.post("trader", "/api/v1/events", imp(ACME, [line(qty=10, brand="ACME-SECRET")]))
    api.post("trader", "/api/v1/events", exp(ACME, [line(qty=4)], decl="EX-ACME-1"))
    theirs = imp(OTHER, [line(qty=1)], decl="EX-ACME-1")
    body = api.post("other", "/api/v1/events", theirs).json()
    result = body["results"][0]
    assert (result["status"], result["field"]) == ("rejected", "declaration_no")
    assert ACME not in result["reason"]
    assert api.get("other", "/api/v1/trace/EX-ACME-1").status_code == 404
    assert api.get("other", "/api/v1/trace/EX-ACME-1").json()["detail"] == (
        api.get("other", "/api/v1/trace/NO-SUCH").json()["detail"].replace("NO-SUCH", "EX-ACME-1")
    )
    own = api.get("trader", "/api/v1/trace/EX-ACME-1")
    assert own.status_code == 200
    assert [ln["holder"] for ln in own.json()["lines"]] == [ACME]


@pytest.mark.parametrize("moment", EXTREMES)
@pytest.mark.parametrize("field", ["time", "deadline"])
def test_extreme_offsets_are_a_rejected_event_not_a_500(both: Api, moment: str, field: str) -> None:
    bad = transit_start("MRN-X", carrier=ACME)
    bad[field] = moment
    resp = both.post("admin", "/api/v1/events", [imp(ACME, [line()]), bad])
    assert resp.status_code == 200, resp.text
    first, second = resp.json()["results"]
    assert first["status"] == "accepted"
    assert (second["status"], second["field"]) == ("rejected", field)


@pytest.mark.parametrize("moment", EXTREMES[:2])
def test_an_epcis_event_time_with_an_extreme_offset_fails_the_job(both: Api, moment: str) -> None:
    doc = document([imp(ACME, [line()])])
    doc["epcisBody"]["eventList"][0]["eventTime"] = moment
    resp = both.post("trader", "/epcis/capture", doc)
    assert resp.status_code == 202, resp.text
    job = wait_for_job(both, "trader", resp.headers["Location"])
    assert job["status"] == "failed"
    assert job["errors"][0]["field"] == "eventTime"
    single = both.post("trader", "/epcis/events", doc["epcisBody"]["eventList"][0])
    assert single.status_code == 422, single.text
    query = both.get("trader", "/epcis/events", params={"GE_eventTime": moment})
    assert query.status_code in (400, 422), query.text


def test_an_epcis_event_from_the_far_future_is_stored_but_refused_by_the_ledger(both: Api) -> None:
    """9999-12-31T23:59:59+14:00 is a real moment (valid EPCIS); the ledger's window refuses
    it, and the job says so."""
    doc = document([imp(ACME, [line()])])
    doc["epcisBody"]["eventList"][0]["eventTime"] = EXTREMES[2]
    resp = both.post("trader", "/epcis/capture", doc)
    job = wait_for_job(both, "trader", resp.headers["Location"])
    assert job["status"] == "success"
    notes = [n for n in job["errors"] if n["kind"] == "ledger_rejected"]
    assert len(notes) == 1 and notes[0]["field"] == "time"
    assert both.app.state.services.ledger.store.ledger_clock() is None


def test_epcis_duplicates_are_per_owner_and_ledger_refusals_are_in_the_reply(both: Api) -> None:
    """The buyer capturing the seller's event first does not turn the seller's own capture
    into a silent duplicate; the ledger's refusal of the buyer's copy is in its reply."""
    event = document([imp(ACME, [line(qty=7)], decl="IM-OWN-1")])["epcisBody"]["eventList"][0]
    theirs = both.post("other", "/epcis/events", event)
    assert theirs.status_code == 201, theirs.text
    body = theirs.json()
    assert body["status"] == "captured"
    assert [n["kind"] for n in body["notes"]] == ["ledger_rejected"]
    assert body["notes"][0]["field"] == "consignee"
    own = both.post("trader", "/epcis/events", event).json()
    assert (own["status"], own["notes"]) == ("captured", [])
    assert both.get("trader", f"/api/v1/stock/{ACME}").json()["items"][0]["quantity"] == 7
    again = both.post("trader", "/epcis/events", event).json()
    assert again["status"] == "duplicate"
