"""Captured EPCIS events in the store, one contract run on SQLite and on PostgreSQL: duplicates by
Event Hash ID however an event is written, capture jobs, and the standard query parameters with
pagination."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import orjson
import pytest

from tamga.epcis.mapping import to_epcis
from tamga.epcis.query import parse_query, parse_xml_poll
from tamga.epcis.service import EpcisService, query_document
from tamga.errors import InvalidInput, NotFound
from tamga.ledger.parsing import parse_event
from tamga.store.database import connect

CONTEXT = ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"]


def _event(n: int, **kw: Any) -> dict[str, Any]:
    event = {
        "type": "ObjectEvent",
        "eventTime": f"2024-05-{n:02d}T10:00:00+05:00",
        "eventTimeZoneOffset": "+05:00",
        "action": "OBSERVE",
        "epcList": [f"urn:epc:id:sgtin:4012345.011111.{n}"],
        "bizStep": "shipping",
        "readPoint": {"id": "urn:epc:id:sgln:4012345.00011.0"},
    }
    event.update(kw)
    return event


def _doc(events: list[dict[str, Any]]) -> bytes:
    return orjson.dumps(
        {
            "@context": CONTEXT,
            "type": "EPCISDocument",
            "schemaVersion": "2.0",
            "creationDate": "2024-05-30T00:00:00Z",
            "epcisBody": {"eventList": events},
        }
    )


@pytest.fixture
def service(store_url: str) -> EpcisService:
    return EpcisService(connect(store_url))


def test_capture_then_duplicate_however_serialised(service: EpcisService) -> None:
    events = [_event(n) for n in range(1, 6)]
    result = service.capture_document(_doc(events), "application/ld+json")
    assert result.job.status == "success"
    assert (result.job.event_count, result.job.captured, result.job.duplicates) == (5, 5, 0)
    # the same first event in another form: Digital Link, CBV URN, other time zone
    again = _event(
        1,
        epcList=["https://id.gs1.org/01/04012345111118/21/1"],
        bizStep="urn:epcglobal:cbv:bizstep:shipping",
        eventTime="2024-05-01T05:00:00Z",
    )
    outcome = service.capture_event(orjson.dumps(again), "application/json")
    assert outcome.status == "duplicate"
    assert outcome.event_hash == result.outcomes[0].event_hash
    # a new event and a duplicate within one document
    second = service.capture_document(_doc([_event(9), _event(9), _event(2)]))
    assert [o.status for o in second.outcomes] == ["captured", "duplicate", "duplicate"]
    assert service.job(second.job.job_id).duplicates == 2


def test_an_invalid_document_fails_its_job_naming_event_and_field(service: EpcisService) -> None:
    result = service.capture_document(_doc([_event(1), _event(2, bizStep="transforming")]))
    assert result.job.status == "failed"
    error = result.job.errors[0]
    assert error["record"] == "event 1 (ObjectEvent)"
    assert error["field"] == "bizStep"
    assert service.query({}).events == []  # all-or-nothing
    with pytest.raises(InvalidInput):
        service.capture_event(orjson.dumps(_event(3, action="SHIP")))
    with pytest.raises(NotFound):
        service.job("no-such-job")


def test_standard_query_parameters(service: EpcisService) -> None:
    events = [
        _event(1),
        _event(2, bizStep="receiving", disposition="in_progress"),
        _event(3, bizLocation={"id": "urn:epc:id:sgln:4012345.00022.0"}),
        _event(
            4,
            bizTransactionList=[
                {"type": "po", "bizTransaction": "urn:epcglobal:cbv:bt:4012345000009:PO1"},
                {"type": "https://tamga.dev/voc/btt/mrn", "bizTransaction": "22KZ01"},
            ],
        ),
        {
            "type": "AggregationEvent",
            "eventTime": "2024-05-05T10:00:00+05:00",
            "eventTimeZoneOffset": "+05:00",
            "action": "ADD",
            "parentID": "urn:epc:id:sscc:4012345.0000000111",
            "childEPCs": ["urn:epc:id:sgtin:4012345.011111.77"],
        },
    ]
    assert service.capture_document(_doc(events)).job.captured == 5

    def count(**params: Any) -> int:
        return len(service.query(params).events)

    assert count() == 5
    assert count(eventType="AggregationEvent") == 1
    assert count(eventType=["ObjectEvent", "AggregationEvent"]) == 5
    assert count(GE_eventTime="2024-05-02T05:00:00Z", LT_eventTime="2024-05-04T05:00:00Z") == 2
    assert count(GE_recordTime="2000-01-01T00:00:00Z") == 5
    assert count(LT_recordTime="2000-01-01T00:00:00Z") == 0
    assert count(EQ_bizStep="receiving") == 1
    assert count(EQ_bizStep="https://ref.gs1.org/cbv/BizStep-shipping") == 3
    assert count(EQ_bizStep="shipping,receiving") == 4
    assert count(EQ_disposition="in_progress") == 1
    assert count(EQ_readPoint="https://id.gs1.org/414/4012345000115") == 4
    assert count(EQ_bizLocation="urn:epc:id:sgln:4012345.00022.0") == 1
    assert count(MATCH_epc="https://id.gs1.org/01/04012345111118/21/3") == 1
    assert count(MATCH_epc="urn:epc:idpat:sgtin:4012345.011111.*") == 5  # incl. childEPCs
    assert count(MATCH_epc="urn:epc:id:sscc:4012345.0000000111") == 0  # parentID is not an EPC
    assert count(MATCH_anyEPC="urn:epc:id:sscc:4012345.0000000111") == 1
    assert count(EQ_bizTransaction_po="urn:epcglobal:cbv:bt:4012345000009:PO1") == 1
    assert count(**{"EQ_bizTransaction_https://tamga.dev/voc/btt/mrn": "22KZ01"}) == 1
    assert count(EQ_bizTransaction_inv="urn:epcglobal:cbv:bt:4012345000009:PO1") == 0
    assert count(EQ_action="ADD") == 1
    stored = service.query({"eventType": "AggregationEvent"}).events[0]
    assert stored["recordTime"].endswith("Z") and stored["eventID"].startswith("ni:///sha-256;")
    doc = query_document(service.query({}).events)
    assert len(doc["epcisBody"]["queryResults"]["resultsBody"]["eventList"]) == 5


def test_pagination_with_next_page_token(service: EpcisService) -> None:
    service.capture_document(_doc([_event(n) for n in range(1, 12)]))
    seen: list[str] = []
    params: dict[str, Any] = {"perPage": 4, "orderBy": "eventTime", "orderDirection": "DESC"}
    pages = 0
    while True:
        page = service.query(params)
        pages += 1
        seen += [e["eventTime"] for e in page.events]
        if page.next_page_token is None:
            break
        params = {**params, "nextPageToken": page.next_page_token}
    assert pages == 3 and len(seen) == 11
    assert seen == sorted(seen, reverse=True)
    limited = service.query({"perPage": 4, "eventCountLimit": 6})
    rest = service.query(
        {"perPage": 4, "eventCountLimit": 6, "nextPageToken": limited.next_page_token}
    )
    assert len(limited.events) == 4 and len(rest.events) == 2 and rest.next_page_token is None
    with pytest.raises(InvalidInput, match="different query"):
        service.query(
            {"perPage": 4, "EQ_bizStep": "receiving", "nextPageToken": limited.next_page_token}
        )


def test_owner_scopes_jobs_and_queries(service: EpcisService) -> None:
    mine = service.capture_document(_doc([_event(1)]), owner="TRADER-A")
    service.capture_document(_doc([_event(2)]), owner="TRADER-B")
    assert len(service.query({}, owner="TRADER-A").events) == 1
    assert len(service.query({}).events) == 2
    with pytest.raises(NotFound):
        service.job(mine.job.job_id, owner="TRADER-B")
    event_id = mine.outcomes[0].event_id
    assert service.event(event_id, owner="TRADER-A")["eventID"] == event_id
    with pytest.raises(NotFound):
        service.event(event_id, owner="TRADER-B")


def test_captured_events_that_map_are_handed_to_the_ledger(store_url: str) -> None:
    received: list[dict[str, Any]] = []

    def ingest(events: list[dict[str, Any]]) -> None:
        for event in events:
            parse_event(event)  # the ledger's own validation
        received.extend(events)

    service = EpcisService(connect(store_url), ledger_ingest=ingest)
    transfer = {
        "event_id": "trf-1",
        "type": "transfer",
        "time": "2022-03-02T08:00:00+00:00",
        "location": "ALA-WH",
        "seller": "KZ-HOLDER-1",
        "buyer": "KZ-HOLDER-2",
        "invoice_no": "INV1",
        "lines": [{"line_no": 1, "hs_code": "845011", "quantity": 3.0, "unit": "C62"}],
    }
    sensor_only = _event(5, bizStep="inspecting")
    result = service.capture_document(_doc([to_epcis(transfer), sensor_only]))
    assert result.job.status == "success" and result.job.captured == 2
    assert len(received) == 1 and parse_event(received[0]) == parse_event(transfer)
    assert result.job.errors == [
        {
            "kind": "not_mapped",
            "record": result.outcomes[1].event_hash,
            "field": "bizStep",
            "reason": result.job.errors[0]["reason"],
            "index": 1,
        }
    ]
    # a re-sent document is all duplicates and the ledger is not called again
    again = service.capture_document(_doc([to_epcis(transfer)]))
    assert again.job.duplicates == 1 and len(received) == 1


def test_parse_query_refuses_unknown_and_malformed_parameters() -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_query({"GE_eventDate": "2026-01-01T00:00:00+01:00"})
    assert refused.value.field == "GE_eventDate"
    for params, field in (
        ({"GE_eventTime": "not-a-date"}, "GE_eventTime"),
        ({"EQ_action": ["SHIPPED"]}, "EQ_action"),
        ({"orderDirection": "SIDEWAYS"}, "orderDirection"),
        ({"eventType": "ObjectEventInvalid"}, "eventType"),
        ({"perPage": "0"}, "perPage"),
        ({"EQ_bizStep": "transforming"}, "EQ_bizStep"),
    ):
        with pytest.raises(InvalidInput) as refused:
            parse_query(params)
        assert refused.value.field == field
    assert copy.deepcopy(parse_query({"EQ_bizStep": "shipping"})).biz_steps == [
        "https://ref.gs1.org/cbv/BizStep-shipping"
    ]


def test_quantity_bounds(service: EpcisService) -> None:
    lots = [
        _event(n, quantityList=[{"epcClass": f"urn:x:lot{n}", "quantity": n * 10}])
        for n in (1, 2, 3)
    ]
    service.capture_document(_doc(lots))
    assert len(service.query({"GE_quantity": 20}).events) == 2
    assert len(service.query({"GE_quantity": "15", "LT_quantity": "25"}).events) == 1
    assert len(service.query({"MATCH_epcClass": "urn:x:lot3"}).events) == 1


SHARED_QUERIES = (
    Path(__file__).resolve().parents[2].parent
    / "shared/data/epcis/openepcis-test-resources/2.0/EPCIS"
)


def test_openepcis_query_bodies(epcis_data: Path) -> None:
    """The valid SimpleEventQuery bodies parse; every one under Queries/Invalid is refused."""
    parse_query(
        orjson.loads((SHARED_QUERIES / "JSON/Query/Queries/SimpleEventQuery.json").read_bytes())
    )
    parse_xml_poll((SHARED_QUERIES / "XML/Query/Queries/SimpleEventQuery.xml").read_bytes())
    expected = {
        "Query_with_invalid_values.json": "GE_eventTime",
        "Query_with_unknown_parameter.json": "GE_eventDate",
        "Query_without_queryName.xml": "queryName",
    }
    invalid = sorted(SHARED_QUERIES.glob("*/Query/Queries/Invalid/*"))
    assert {p.name for p in invalid} == set(expected)
    for path in invalid:
        with pytest.raises(InvalidInput) as refused:
            if path.suffix == ".xml":
                parse_xml_poll(path.read_bytes())
            else:
                parse_query(orjson.loads(path.read_bytes()))
        assert refused.value.field == expected[path.name]


def test_concurrent_captures_of_one_document_store_each_event_once(store_url: str) -> None:
    """Several workers receiving the same document at once: each event is captured exactly
    once in total, the rest are duplicates (the unique event hash decides, then a retry)."""
    from concurrent.futures import ThreadPoolExecutor

    engine = connect(store_url)
    body = _doc([_event(n) for n in range(1, 21)])
    services = [EpcisService(engine) for _ in range(4)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda s: s.capture_document(body), services))
    assert all(r.job.status == "success" for r in results)
    assert sum(r.job.captured for r in results) == 20
    assert sum(r.job.duplicates for r in results) == 60
    assert len(services[0].query({"perPage": 100}).events) == 20
