"""The ingest hot paths' shortcuts give exactly what the plain ways give."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import orjson
import pytest
from builders import imp, line

from tamga.ledger.engine import utc_text
from tamga.ledger.model import AdjustmentLine, GoodsLine
from tamga.ledger.parsing import EVENT_ADAPTER, parse_event
from tamga.ledger.provenance import IMPORT, UNBACKED, Component, Parts


@pytest.mark.parametrize(
    "text",
    [
        "2022-01-01T00:00:03+00:00",
        "2022-01-01T00:00:03Z",
        "2022-06-30T23:59:59.5Z",
        "2022-06-30T23:59:59.000001+00:00",
        "0999-12-31T23:59:59Z",
        "2022-01-01T02:00:03+02:00",
        "2022-01-01T00:00:03.25-05:30",
    ],
)
def test_utc_text_of_parsed_times_is_the_general_conversion(text: str) -> None:
    moment = parse_event(imp("KZ-HOLDER", [line()], time=text)).time
    assert utc_text(moment) == moment.astimezone(UTC).isoformat(timespec="microseconds")


@pytest.mark.parametrize(
    "tz", [UTC, timezone(timedelta(0)), timezone(timedelta(hours=-3)), ZoneInfo("Europe/London")]
)
@pytest.mark.parametrize("month", [1, 7])
@pytest.mark.parametrize("micro", [0, 7])
def test_utc_text_of_any_aware_time_is_the_general_conversion(
    tz: timezone | ZoneInfo, month: int, micro: int
) -> None:
    moment = datetime(2023, month, 2, 3, 4, 5, micro, tzinfo=tz)
    assert utc_text(moment) == moment.astimezone(UTC).isoformat(timespec="microseconds")


def test_extended_components_are_the_components_one_hop_further() -> None:
    parts = Parts()
    parts.add((IMPORT, "CN", "D1", "C1", ("A",)), 3.0, 30.0)
    parts.add((IMPORT, "DE", "D2", "C2", ("A", "B")), 1.5, 7.0)
    parts.add((UNBACKED, None, None, None, ("B",)), 0.5, 0.0)
    here = parts.components(5.0)
    assert parts.extended_components("Z", 5.0) == [
        Component(c.kind, c.country, c.declaration, c.consignor, (*c.path, "Z"), c.frac, c.vpu)
        for c in here
    ]
    assert [c.path for c in parts.extended_components("Z", 5.0)] == [
        ("A", "Z"),
        ("A", "B", "Z"),
        ("B", "Z"),
    ]
    assert Parts().extended_components("Z", 5.0) == []
    assert parts.extended_components("Z", 0.0) == []


def test_cached_goods_key_is_no_field() -> None:
    g = GoodsLine(line_no=1, hs_code="845011", quantity=2, unit="C62", brand=" lg  electronics")
    assert g.goods_key == "hs:845011|LG ELECTRONICS"
    assert "goods_key" not in g.model_dump()
    assert "goods_key" not in orjson.dumps(g.model_dump(mode="json")).decode()
    assert g == GoodsLine(
        line_no=1, hs_code="845011", quantity=2, unit="C62", brand="lg  electronics"
    )
    assert g.model_copy(update={"gtin": "12345678"}).goods_key == "gtin:12345678"
    assert g.model_copy().goods_key == g.goods_key
    assert "goods_key" not in str(EVENT_ADAPTER.json_schema())


def test_adjustment_lines_keep_their_signed_quantity() -> None:
    assert AdjustmentLine(line_no=1, hs_code="845011", quantity=-2, unit="C62").quantity == -2
    with pytest.raises(ValueError, match="finite, non-zero"):
        AdjustmentLine(line_no=1, hs_code="845011", quantity=0, unit="C62")


@pytest.mark.parametrize(
    ("field", "value", "normal"),
    [("origin_country", "cn", "CN"), ("currency", "usd", "USD"), ("origin_country", "KZ", "KZ")],
)
def test_codes_are_normalized_as_before(field: str, value: str, normal: str) -> None:
    g = GoodsLine.model_validate(
        {"line_no": 1, "hs_code": "845011", "quantity": 1, "unit": "C62", field: value}
    )
    assert getattr(g, field) == normal
