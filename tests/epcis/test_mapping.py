"""EPCIS ⇄ tamga: every ledger event kind EPCIS can express survives the round trip, the EPCIS
form is valid EPCIS, and what cannot be mapped is refused saying what is missing."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tamga.epcis import vocabulary as voc
from tamga.epcis.mapping import MappingRefused, from_epcis, to_epcis
from tamga.epcis.validation import validate_event
from tamga.ledger.parsing import parse_event


def _line(no: int = 1, hs: str = "845011", qty: float = 10, unit: str = "C62", **kw: Any) -> dict:
    return {"line_no": no, "hs_code": hs, "quantity": qty, "unit": unit, **kw}


IMPORT = {
    "event_id": "imp-1",
    "type": "import",
    "time": "2022-03-01T08:00:00+00:00",
    "location": "ALA-01",
    "declaration_no": "IM000001",
    "consignor": {"id": "DE-SIEMENS", "name": "Siemens AG", "country": "DE"},
    "consignee": "KZ-HOLDER-1",
    "dispatch_country": "DE",
    "lines": [
        _line(1, gtin="04012345111118", origin_country="DE", value=1000.0, currency="EUR"),
        _line(2, hs="850440", qty=2.5, unit="KGM", brand="ACME", lot="L7", origin_country="CN"),
    ],
}
EXPORT = {
    "event_id": "exp-1",
    "type": "export",
    "time": "2022-03-03T08:00:00+05:00",
    "location": "KZ-BORDER",
    "declaration_no": "EX000001",
    "exporter": "KZ-HOLDER-1",
    "consignee": {"id": "RU-1", "name": "OOO Romashka", "country": "RU"},
    "destination_country": "RU",
    "office_of_exit": "KZ-BORDER",
    "lines": [_line(1, qty=4)],
}
TRANSIT = {
    "event_id": "ts-MRN1",
    "type": "transit_start",
    "time": "2022-03-01T08:00:00+00:00",
    "location": "KHORGOS",
    "transit_id": "22KZ000000000001",
    "carrier": "CARRIER-1",
    "vehicle": "123ABC02",
    "seals": ["S1", "S2"],
    "office_of_departure": "KHORGOS",
    "office_of_destination": "KZ-EXIT",
    "destination_country": "RU",
    "deadline": "2022-03-06T08:00:00+00:00",
    "lines": [_line(hs="854231", qty=1000, origin_country="CN")],
}
CHECKPOINT = {
    "event_id": "cp-1",
    "type": "checkpoint",
    "time": "2022-03-02T08:00:00+00:00",
    "location": "ALMATY-TP",
    "transit_id": "22KZ000000000001",
    "lat": 43.2,
    "lon": 76.9,
}
TRANSIT_END = {
    "event_id": "te-1",
    "type": "transit_end",
    "time": "2022-03-04T08:00:00+00:00",
    "location": "KZ-EXIT",
    "transit_id": "22KZ000000000001",
}
TRANSFER = {
    "event_id": "trf-1",
    "type": "transfer",
    "time": "2022-03-02T08:00:00+00:00",
    "location": "ALA-WH",
    "seller": "KZ-HOLDER-1",
    "buyer": "KZ-HOLDER-2",
    "invoice_no": "INV1",
    "lines": [_line(1, qty=3)],
}
TRANSFORMATION = {
    "event_id": "trn-1",
    "type": "transformation",
    "time": "2022-03-02T12:00:00+00:00",
    "location": "PLANT",
    "holder": "KZ-HOLDER-2",
    "inputs": [_line(1, qty=2), _line(2, hs="850440", qty=1, unit="KGM")],
    "outputs": [_line(1, hs="847130", qty=1, origin_country="KZ")],
}
ALL = [IMPORT, EXPORT, TRANSIT, CHECKPOINT, TRANSIT_END, TRANSFER, TRANSFORMATION]


@pytest.mark.parametrize("event", ALL, ids=lambda e: e["type"])
def test_round_trip_keeps_the_ledger_event(event: dict[str, Any]) -> None:
    epcis = to_epcis(copy.deepcopy(event))
    validate_event(epcis)  # what tamga emits is valid EPCIS 2.0
    back = from_epcis(epcis)
    assert parse_event(back) == parse_event(event)


def test_customs_identifiers_travel_as_tamga_business_transactions_and_ilmd() -> None:
    epcis = to_epcis(copy.deepcopy(IMPORT))
    assert epcis["type"] == "ObjectEvent" and epcis["bizStep"] == "receiving"
    assert {"type": voc.BTT_DECLARATION, "bizTransaction": "IM000001"} in epcis[
        "bizTransactionList"
    ]
    goods = epcis["ilmd"]["tamga:goods"]
    assert [g["tamga:hsCode"] for g in goods] == ["845011", "850440"]
    assert epcis["quantityList"][0]["epcClass"] == "https://id.gs1.org/01/04012345111118"
    assert epcis["quantityList"][1] == {
        "epcClass": "https://tamga.dev/voc/goods/hs/850440/line/2",
        "quantity": 2.5,
        "uom": "KGM",
    }
    transit = to_epcis(copy.deepcopy(TRANSIT))
    assert transit["bizStep"] == "departing"
    assert transit["bizTransactionList"] == [
        {"type": voc.BTT_MRN, "bizTransaction": "22KZ000000000001"}
    ]


def test_a_foreign_epcis_shipping_event_maps_to_an_export_with_urn_identifiers() -> None:
    event = {
        "@context": [
            "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
            {"t": "https://tamga.dev/voc/"},
        ],
        "type": "ObjectEvent",
        "eventTime": "2024-05-01T10:00:00+05:00",
        "eventTimeZoneOffset": "+05:00",
        "action": "OBSERVE",
        "bizStep": "urn:epcglobal:cbv:bizstep:shipping",
        "readPoint": {"id": "urn:epc:id:sgln:4012345.00011.0"},
        "quantityList": [
            {"epcClass": "urn:epc:class:lgtin:4012345.011111.LOT1", "quantity": 5, "uom": "C62"}
        ],
        "bizTransactionList": [{"type": "t:btt/customs-declaration", "bizTransaction": "EX9"}],
        "sourceList": [{"type": "owning_party", "source": "urn:epc:id:pgln:4012345.00001"}],
        "t:consignee": {"t:id": "RU-7", "t:name": "OOO Vector", "t:country": "RU"},
        "t:destinationCountry": "RU",
        "t:goods": [{"t:hsCode": "851712"}],
    }
    validate_event(event)
    mapped = from_epcis(event, "ni:///sha-256;abc?ver=CBV2.0")
    ledger = parse_event(mapped)
    assert ledger.type == "export"
    assert mapped["exporter"] == "urn:epc:id:pgln:4012345.00001"
    assert mapped["event_id"] == "ni:///sha-256;abc?ver=CBV2.0"
    assert mapped["lines"][0]["gtin"] == "04012345111118"
    assert mapped["lines"][0]["lot"] == "LOT1"


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"bizStep": "inspecting"}, "bizStep", "does not name a tamga event"),
        ({"bizTransactionList": []}, "bizStep", "does not name a tamga event"),
        ({"destinationList": []}, "destinationList", "consignee"),
        ({"tamga:dispatchCountry": None}, "tamga:dispatchCountry", "country of dispatch"),
        ({"ilmd": {}}, "quantityList[0]", "HS code"),
        ({"type": "AggregationEvent"}, "type", "no tamga equivalent"),
    ],
)
def test_refusals_say_what_is_missing(change: dict[str, Any], field: str, words: str) -> None:
    epcis = to_epcis(copy.deepcopy(IMPORT))
    epcis.update(change)
    epcis = {k: v for k, v in epcis.items() if v is not None}
    with pytest.raises(MappingRefused) as refused:
        from_epcis(epcis)
    assert refused.value.field == field
    assert words in refused.value.reason


def test_an_epc_list_without_quantities_is_refused() -> None:
    epcis = to_epcis(copy.deepcopy(EXPORT))
    epcis.pop("quantityList")
    epcis["epcList"] = ["urn:epc:id:sgtin:4012345.011111.1"]
    with pytest.raises(MappingRefused, match="counts goods by quantity"):
        from_epcis(epcis)


def test_adjustments_have_no_epcis_form() -> None:
    adjustment = {
        "event_id": "a",
        "type": "adjustment",
        "time": "2022-03-01T00:00:00Z",
        "location": "WH",
        "holder": "H",
        "reason": "count",
        "lines": [_line()],
    }
    with pytest.raises(MappingRefused, match="no EPCIS equivalent"):
        to_epcis(adjustment)


def test_ledger_events_as_epcis_query_results_skip_what_has_no_epcis_form() -> None:
    from tamga.epcis.service import query_document, tamga_events_as_epcis

    adjustment = {
        "event_id": "a",
        "type": "adjustment",
        "time": "2022-03-01T00:00:00Z",
        "location": "WH",
        "holder": "H",
        "reason": "count",
        "lines": [_line()],
    }
    events = tamga_events_as_epcis([copy.deepcopy(IMPORT), adjustment, copy.deepcopy(TRANSFER)])
    assert [e["bizStep"] for e in events] == ["receiving", "shipping"]
    doc = query_document(events)
    assert doc["type"] == "EPCISQueryDocument"
    assert doc["epcisBody"]["queryResults"]["resultsBody"]["eventList"] == events
