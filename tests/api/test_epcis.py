"""EPCIS under /epcis/: capture jobs and single events reach the ledger through the same policy;
queries are scoped (a trader never sees another holder's captures)."""

from __future__ import annotations

import time
from typing import Any

from api_harness import ACME, OTHER, Api
from builders import imp, line

from tamga.epcis.service import tamga_events_as_epcis

CONTEXT = ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"]


def document(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "@context": [*CONTEXT, {"tamga": "https://tamga.dev/voc/"}],
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": "2024-01-01T00:00:00Z",
        "epcisBody": {"eventList": tamga_events_as_epcis(events)},
    }


def wait_for_job(api: Api, who: str, location: str) -> dict[str, Any]:
    for _ in range(100):
        job = api.get(who, location).json()
        if job["status"] != "running":
            return job
        time.sleep(0.05)
    raise AssertionError("the capture job never finished")


def test_a_capture_job_lands_in_the_ledger_and_is_queryable_by_its_owner_only(
    api: Api,
) -> None:
    own = imp(ACME, [line(qty=4)], decl="IM-E1")
    resp = api.post("trader", "/epcis/capture", document([own]))
    assert resp.status_code == 202, resp.text
    job = wait_for_job(api, "trader", resp.headers["Location"])
    assert (job["status"], job["captured"]) == ("success", 1), job
    assert api.get("trader", f"/api/v1/stock/{ACME}").json()["items"][0]["quantity"] == 4
    assert api.get("other", resp.headers["Location"]).status_code == 404

    mine = api.get("trader", "/epcis/events", params={"eventType": "ObjectEvent"})
    assert mine.status_code == 200
    assert len(mine.json()["epcisBody"]["queryResults"]["resultsBody"]["eventList"]) == 1
    theirs = api.get("other", "/epcis/events").json()
    assert theirs["epcisBody"]["queryResults"]["resultsBody"]["eventList"] == []
    everything = api.get("analyst", "/epcis/events").json()
    assert len(everything["epcisBody"]["queryResults"]["resultsBody"]["eventList"]) == 1
    again = api.post("trader", "/epcis/capture", document([own]))
    assert wait_for_job(api, "trader", again.headers["Location"])["duplicates"] == 1


def test_a_trader_cannot_write_another_holder_through_epcis(api: Api) -> None:
    theirs = imp(OTHER, [line(qty=9)])
    resp = api.post("trader", "/epcis/capture", document([theirs]))
    job = wait_for_job(api, "trader", resp.headers["Location"])
    assert any(e["kind"] == "ledger_rejected" for e in job["errors"]), job
    assert api.get("admin", f"/api/v1/stock/{OTHER}").json()["items"] == []
    single = tamga_events_as_epcis([imp(OTHER, [line()])])[0]
    api.post("trader", "/epcis/events", single)
    assert api.get("admin", f"/api/v1/stock/{OTHER}").json()["items"] == []


def test_single_event_capture_query_pages_and_refusals(api: Api) -> None:
    for n in range(3):
        event = tamga_events_as_epcis([imp(ACME, [line(qty=n + 1)])])[0]
        resp = api.post("trader", "/epcis/events", event)
        assert resp.status_code == 201, resp.text
    first = api.get("trader", "/epcis/events", params={"perPage": 2})
    token = first.json()["nextPageToken"]
    assert 'rel="next"' in first.headers["Link"]
    rest = api.get("trader", "/epcis/events", params={"perPage": 2, "nextPageToken": token})
    assert len(rest.json()["epcisBody"]["queryResults"]["resultsBody"]["eventList"]) == 1
    bad = api.get("trader", "/epcis/events", params={"EQ_nonsense": "x"})
    assert bad.status_code == 422 and bad.headers["content-type"] == "application/problem+json"
    assert api.post("analyst", "/epcis/events", {}).status_code == 403
    invalid = api.post("trader", "/epcis/events", {"type": "ObjectEvent"})
    assert invalid.status_code == 422


def test_officer_captures_only_at_its_office_and_events_by_id_are_scoped(api: Api) -> None:
    elsewhere = tamga_events_as_epcis([imp(ACME, [line()], location="ALA-01")])[0]
    resp = api.post("officer", "/epcis/events", elsewhere)
    assert resp.status_code == 201
    assert api.get("admin", f"/api/v1/stock/{ACME}").json()["items"] == []
    at_office = tamga_events_as_epcis([imp(ACME, [line(qty=3)], location="KHORGOS")])[0]
    api.post("officer", "/epcis/events", at_office)
    assert api.get("admin", f"/api/v1/stock/{ACME}").json()["items"][0]["quantity"] == 3
    event_id = at_office["eventID"]
    assert api.get("officer", f"/epcis/events/{event_id}").status_code == 200
    assert api.get("trader", f"/epcis/events/{event_id}").status_code == 404
    assert api.get("analyst", f"/epcis/events/{event_id}").status_code == 200
