"""Bad input is refused naming the record and field; good input is read from every format."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest
from builders import imp, line

from tamga.errors import EventRejected
from tamga.ledger.model import ImportEvent
from tamga.ledger.parsing import parse_event, read_records


def good() -> dict[str, Any]:
    return imp("KZ-HOLDER", [line()], event_id="e1")


def rejected(body: Any) -> EventRejected:
    with pytest.raises(EventRejected) as info:
        parse_event(body, "batch.jsonl:7")
    return info.value


def test_a_good_import_parses() -> None:
    event = parse_event(good())
    assert isinstance(event, ImportEvent)
    assert event.lines[0].goods_key == "hs:845011"


@pytest.mark.parametrize(
    ("mutate", "field", "reason"),
    [
        (lambda e: e.pop("declaration_no"), "declaration_no", "missing"),
        (lambda e: e.update(colour="red"), "colour", "unexpected"),
        (lambda e: e.update(type="teleport"), "type", "unknown"),
        (lambda e: e["lines"][0].update(hs_code="84A0"), "lines[0].hs_code", "pattern"),
        (lambda e: e["lines"][0].update(hs_code="8450"), "lines[0].hs_code", "pattern"),
        (lambda e: e["lines"][0].update(quantity=0), "lines[0].quantity", "greater than 0"),
        (lambda e: e["lines"][0].update(quantity=-3), "lines[0].quantity", "greater than 0"),
        (lambda e: e["lines"][0].update(unit="PCS"), "lines[0].unit", "unknown unit"),
        (lambda e: e["lines"][0].update(origin_country="XY"), "lines[0].origin_country", "country"),
        (lambda e: e.update(dispatch_country="Germany"), "dispatch_country", "country"),
        (lambda e: e.update(time="2022-03-01T08:00:00"), "time", "timezone"),
        (lambda e: e.update(lines=[]), "lines", "at least 1"),
        (lambda e: e["consignor"].pop("name"), "consignor.name", "missing"),
    ],
)
@pytest.mark.parametrize("as_text", [False, True], ids=["decoded", "json-line"])
def test_bad_fields_are_named(mutate: Any, field: str, reason: str, as_text: bool) -> None:
    body = good()
    mutate(body)
    err = rejected(orjson.dumps(body) if as_text else body)
    assert err.field == field
    assert reason in err.reason
    assert "batch.jsonl:7" in (err.record or "")
    assert "e1" in (err.record or "")


def test_a_json_line_parses_as_its_decoded_body_does() -> None:
    body = good()
    body["lines"][0].update(brand=" lg ", origin_country="cn", currency="usd", value=10)
    assert parse_event(orjson.dumps(body)) == parse_event(body)
    assert "malformed JSON" in rejected(b'{"event_id": "e1", ').reason
    assert "JSON object" in rejected(b"[1, 2]").reason


def test_a_non_object_is_refused() -> None:
    assert "JSON object" in rejected([1, 2]).reason


def test_adjustments_take_signed_quantities_but_not_zero() -> None:
    body = {
        "event_id": "a1",
        "type": "adjustment",
        "time": "2022-03-01T08:00:00+06:00",
        "location": "WH",
        "holder": "H",
        "reason": "write-off",
        "lines": [line(qty=-2)],
    }
    assert parse_event(body).lines[0].quantity == -2
    body["lines"] = [line(qty=0)]
    assert rejected(body).field == "lines[0].quantity"


def test_duplicate_line_numbers_are_refused() -> None:
    body = good()
    body["lines"].append(line(no=1, qty=3))
    assert "appears twice" in rejected(body).reason


def test_jsonl_array_and_csv_are_read(tmp_path: Path) -> None:
    jsonl = tmp_path / "a.jsonl"
    jsonl.write_text('{"a": 1}\n\nnot json\n')
    recs = list(read_records(jsonl))
    assert [r.ref for r in recs] == [f"{jsonl}:1", f"{jsonl}:3"]
    with pytest.raises(EventRejected, match="malformed JSON") as bad:
        parse_event(recs[1].body, recs[1].ref)
    assert bad.value.record == f"{jsonl}:3"

    array = tmp_path / "b.json"
    array.write_text('[{"x": 1}, {"y": 2}]')
    assert [r.body for r in read_records(array)] == [{"x": 1}, {"y": 2}]

    csv_file = tmp_path / "c.csv"
    csv_file.write_text(
        "event_id,type,time,location,declaration_no,consignor.id,consignor.name,consignor.country,"
        "consignee,dispatch_country,line_no,hs_code,quantity,unit,origin_country\n"
        "e9,import,2022-01-01T00:00:00+00:00,ALA,D1,C1,Acme,DE,H1,DE,1,845011,5,C62,DE\n"
        "e9,import,2022-01-01T00:00:00+00:00,ALA,D1,C1,Acme,DE,H1,DE,2,851713,7,C62,CN\n"
    )
    (rec,) = list(read_records(csv_file))
    event = parse_event(rec.body, rec.ref)
    assert isinstance(event, ImportEvent)
    assert [ln.quantity for ln in event.lines] == [5, 7]
    assert event.consignor.name == "Acme"
