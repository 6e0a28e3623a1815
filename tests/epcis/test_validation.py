"""Validation refuses every intentionally invalid OpenEPCIS document with the event and field named,
and accepts (or refuses with a stated reason) every GS1 example."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from tamga.epcis.documents import read_document
from tamga.epcis.validation import EventInvalid, validate_document, validate_event
from tamga.errors import InvalidInput

SHARED_EPCIS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "epcis"
OPENEPCIS = SHARED_EPCIS / "openepcis-test-resources" / "2.0" / "EPCIS"
GS1 = SHARED_EPCIS / "gs1-EPCIS"


def _read_validate(path: Path) -> None:
    kind = "application/xml" if path.suffix == ".xml" else "application/ld+json"
    validate_document(read_document(path.read_bytes(), kind))


def _invalid_documents() -> list[Path]:
    if not OPENEPCIS.is_dir():
        return []
    return sorted(
        p
        for p in OPENEPCIS.rglob("*")
        if p.is_file() and "Invalid" in p.parts and "Queries" not in p.parts
    )


# The field a refusal must name (incl. the six a JSON schema does not catch, and XML ones).
EXPECTED_FIELD = {
    "Combination_of_non_standard_bizStep_and_disposition.json": "bizStep",
    "ObjectEvent_with_non_standard_bizStep.json": "bizStep",
    "ObjectEvent_with_non_standard_bizStep_in_second_event.json": "bizStep",
    "ObjectEvent_with_non_standard_disposition.json": "disposition",
    "ObjectEvent_with_ilmd_field_without_namespace.json": "ilmd",
    "QueryDocument_with_invalid_eventType.json": "type",
    "ObjectEvent_with_unknown_element.xml": "madeUpField",
    "ObjectEvent_with_wrong_element_order.xml": "eventTime",
    "ObjectEvent_without_eventTime.xml": "eventTime",
    "ObjectEvent_with_invalid_action.json": "action",
    "ObjectEvent_with_invalid_eventTime_format.json": "eventTime",
}


@pytest.mark.parametrize("path", _invalid_documents(), ids=lambda p: str(p.relative_to(OPENEPCIS)))
def test_every_invalid_openepcis_document_is_refused(path: Path, epcis_data: Path) -> None:
    with pytest.raises(InvalidInput) as refused:
        _read_validate(path)
    assert refused.value.reason
    if path.name in EXPECTED_FIELD:
        assert refused.value.field is not None
        assert refused.value.field.startswith(EXPECTED_FIELD[path.name])
    if isinstance(refused.value, EventInvalid):
        assert refused.value.record is not None and refused.value.record.startswith("event ")


def test_the_second_event_is_named_when_it_is_the_bad_one(epcis_data: Path) -> None:
    path = (
        OPENEPCIS
        / "JSON/Capture/Invalid/ObjectEvent_with_non_standard_bizStep_in_second_event.json"
    )
    with pytest.raises(EventInvalid) as refused:
        _read_validate(path)
    assert refused.value.record == "event 1 (ObjectEvent)"
    assert "transforming" in refused.value.reason


def test_the_invalid_json_documents_are_also_invalid_under_the_gs1_schema_or_semantic(
    epcis_data: Path,
) -> None:
    """Cross-check: where the GS1 JSON schema refuses a document, so does tamga (run time needs no
    schema file; the schema is only read here)."""
    schema = json.loads((GS1 / "EPCIS-JSON-Schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    caught_by_schema = 0
    for path in _invalid_documents():
        if path.suffix != ".json":
            continue
        if next(validator.iter_errors(json.loads(path.read_bytes())), None) is not None:
            caught_by_schema += 1
        with pytest.raises(InvalidInput):
            _read_validate(path)
    assert caught_by_schema >= 10


# GS1 examples tamga refuses, and why. Every other GS1 JSON/XML example must be accepted.
GS1_REFUSED = {
    "XML/CBV/CBV-11.4-2020-06-16a.xml": "no EventList",  # a master-data document, no events
    "XML/Mimasu/Example-masterData.xml": "no EventList",  # master data only
    # GS1's own typo: "Bizstep-" instead of the CBV's "BizStep-"
    "XML/WithSensorData/SensorDataExamples.xml": "Bizstep-sensor_reporting",
}


def _gs1_examples() -> list[Path]:
    if not GS1.is_dir():
        return []
    json_docs = sorted((GS1 / "JSON").rglob("*.jsonld"))
    xml_docs = [
        p
        for p in sorted((GS1 / "XML").rglob("*.xml"))
        if "XSL" not in p.parts and "CaptureJob" not in p.parts
    ]
    return json_docs + xml_docs


@pytest.mark.parametrize("path", _gs1_examples(), ids=lambda p: str(p.relative_to(GS1)))
def test_gs1_examples_are_accepted_or_refused_with_the_stated_reason(
    path: Path, epcis_data: Path
) -> None:
    key = str(path.relative_to(GS1))
    if key in GS1_REFUSED:
        with pytest.raises(InvalidInput, match=GS1_REFUSED[key]):
            _read_validate(path)
    else:
        _read_validate(path)


def test_gs1_json_examples_are_all_enumerated(epcis_data: Path) -> None:
    assert len(list((GS1 / "JSON").rglob("*.jsonld"))) == 47


BASE = {
    "type": "ObjectEvent",
    "eventTime": "2024-05-01T10:00:00+05:00",
    "eventTimeZoneOffset": "+05:00",
    "action": "OBSERVE",
    "epcList": ["urn:epc:id:sscc:4012345.0000000111"],
}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"bizStep": "shipping"}, None),
        ({"bizStep": "urn:epcglobal:cbv:bizstep:shipping"}, None),
        ({"bizStep": "https://ref.gs1.org/cbv/BizStep-shipping"}, None),
        ({"bizStep": "https://example.com/steps/weighing"}, None),
        ({"bizStep": "weighing"}, "bizStep"),
        ({"bizStep": "https://ref.gs1.org/cbv/BizStep-weighing"}, "bizStep"),
        ({"bizTransactionList": [{"type": "po", "bizTransaction": "urn:x:1"}]}, None),
        ({"bizTransactionList": [{"type": "order", "bizTransaction": "urn:x:1"}]}, "bizTransac"),
        ({"sourceList": [{"type": "owner", "source": "urn:x"}]}, "sourceList"),
        ({"quantityList": [{"epcClass": "urn:x", "quantity": 5, "uom": "kg"}]}, "quantityList"),
        ({"eventTimeZoneOffset": "5"}, "eventTimeZoneOffset"),
        ({"example:note": "fine"}, None),
        ({"note": "no namespace"}, "event"),
    ],
)
def test_event_rules(change: dict[str, object], field: str | None) -> None:
    event = {**BASE, **change}
    if field is None:
        validate_event(event)
    else:
        with pytest.raises(EventInvalid) as refused:
            validate_event(event)
        assert refused.value.field is not None and refused.value.field.startswith(field)
        assert refused.value.record == "event 0 (ObjectEvent)"
