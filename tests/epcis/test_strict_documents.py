"""What an EPCIS 2.0 JSON-LD document must be: its @context the EPCIS one (with namespace maps
beside it), schemaVersion 2.0, and every time one that exists in UTC; query numbers finite."""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from tamga.epcis.documents import read_document
from tamga.epcis.query import parse_query
from tamga.epcis.validation import validate_document
from tamga.errors import InvalidInput

CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"
EVENT = {
    "type": "ObjectEvent",
    "eventTime": "2024-01-01T10:00:00Z",
    "eventTimeZoneOffset": "+00:00",
    "action": "OBSERVE",
    "epcList": ["urn:epc:id:sgtin:4012345.011111.1"],
}


def doc(**over: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "@context": [CONTEXT, {"ex": "https://example.com/"}],
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": "2024-01-01T00:00:00Z",
        "epcisBody": {"eventList": [dict(EVENT)]},
    }
    return base | over


def check(document: dict[str, Any]) -> None:
    validate_document(read_document(orjson.dumps(document), "application/ld+json"))


def test_the_standard_document_is_accepted() -> None:
    check(doc())
    check(doc(**{"@context": CONTEXT}))


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"@context": 5}, "@context"),
        ({"@context": ["https://example.com/other.jsonld"]}, "@context"),
        ({"@context": [{"ex": "https://example.com/"}]}, "@context"),
        ({"@context": [CONTEXT, 7]}, "@context"),
        ({"schemaVersion": "1.2"}, "schemaVersion"),
        ({"schemaVersion": 2}, "schemaVersion"),
        ({"creationDate": "9999-12-31T23:59:59-12:00"}, "creationDate"),
    ],
)
def test_a_document_that_is_not_epcis_2_is_refused_naming_the_field(
    over: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        check(doc(**over))
    assert refused.value.field == field


@pytest.mark.parametrize("moment", ["9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00"])
def test_an_event_time_no_utc_datetime_holds_is_refused(moment: str) -> None:
    document = doc()
    document["epcisBody"]["eventList"][0]["eventTime"] = moment
    with pytest.raises(InvalidInput) as refused:
        check(document)
    assert refused.value.field == "eventTime"


@pytest.mark.parametrize("value", ["NaN", "inf", "-Infinity"])
def test_a_quantity_filter_must_be_a_finite_number(value: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_query({"EQ_quantity": value})
    assert refused.value.field == "EQ_quantity"
