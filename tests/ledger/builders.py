"""Small builders for ledger events, so tests state only what matters to them."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

_counter = itertools.count(1)
T0 = datetime(2022, 3, 1, 8, 0, tzinfo=UTC)


def at(day: float) -> str:
    return (T0 + timedelta(days=day)).isoformat()


def line(no: int = 1, hs: str = "845011", qty: float = 10, unit: str = "C62", **kw: Any) -> dict:
    return {"line_no": no, "hs_code": hs, "quantity": qty, "unit": unit, **kw}


def imp(
    holder: str,
    lines: list[dict],
    day: float = 0,
    decl: str | None = None,
    origin: str = "DE",
    **kw: Any,
) -> dict:
    n = next(_counter)
    for ln in lines:
        ln.setdefault("origin_country", origin)
        ln.setdefault("value", ln["quantity"] * 100.0)
    return {
        "event_id": kw.pop("event_id", f"imp-{n}"),
        "type": "import",
        "time": at(day),
        "location": "ALA-01",
        "declaration_no": decl or f"IM{n:06d}",
        "consignor": {"id": "DE-SIEMENS", "name": "Siemens AG", "country": origin},
        "consignee": holder,
        "dispatch_country": origin,
        "lines": lines,
        **kw,
    }


def sale(seller: str, buyer: str, lines: list[dict], day: float = 1, **kw: Any) -> dict:
    n = next(_counter)
    return {
        "event_id": kw.pop("event_id", f"trf-{n}"),
        "type": "transfer",
        "time": at(day),
        "location": "ALA-WH",
        "seller": seller,
        "buyer": buyer,
        "invoice_no": kw.pop("invoice_no", f"INV{n}"),
        "lines": lines,
        **kw,
    }


def exp(
    holder: str,
    lines: list[dict],
    day: float = 2,
    decl: str | None = None,
    dest: str = "RU",
    **kw: Any,
) -> dict:
    n = next(_counter)
    return {
        "event_id": kw.pop("event_id", f"exp-{n}"),
        "type": "export",
        "time": at(day),
        "location": "KZ-BORDER",
        "declaration_no": decl or f"EX{n:06d}",
        "exporter": holder,
        "consignee": {"id": "RU-1", "name": "OOO Romashka", "country": dest},
        "destination_country": dest,
        "office_of_exit": "KZ-BORDER",
        "lines": lines,
        **kw,
    }


def transform(
    holder: str, inputs: list[dict], outputs: list[dict], day: float = 1.5, **kw: Any
) -> dict:
    n = next(_counter)
    return {
        "event_id": kw.pop("event_id", f"trn-{n}"),
        "type": "transformation",
        "time": at(day),
        "location": "PLANT",
        "holder": holder,
        "inputs": inputs,
        "outputs": outputs,
        **kw,
    }


def adjust(holder: str, lines: list[dict], day: float = 0.5, **kw: Any) -> dict:
    n = next(_counter)
    return {
        "event_id": kw.pop("event_id", f"adj-{n}"),
        "type": "adjustment",
        "time": at(day),
        "location": "WH",
        "holder": holder,
        "reason": kw.pop("reason", "stock count"),
        "lines": lines,
        **kw,
    }


def transit_start(
    mrn: str, day: float = 0, dest_office: str = "KZ-EXIT", deadline_days: float = 5, **kw: Any
) -> dict:
    return {
        "event_id": kw.pop("event_id", f"ts-{mrn}"),
        "type": "transit_start",
        "time": at(day),
        "location": "KHORGOS",
        "transit_id": mrn,
        "carrier": "CARRIER-1",
        "vehicle": "123ABC02",
        "seals": ["S1", "S2"],
        "office_of_departure": "KHORGOS",
        "office_of_destination": dest_office,
        "destination_country": "RU",
        "deadline": at(day + deadline_days),
        "lines": kw.pop("lines", [line(hs="854231", qty=1000, origin_country="CN")]),
        **kw,
    }


def checkpoint(mrn: str, day: float, location: str = "ALMATY-TP", **kw: Any) -> dict:
    return {
        "event_id": kw.pop("event_id", f"cp-{mrn}-{day}"),
        "type": "checkpoint",
        "time": at(day),
        "location": location,
        "transit_id": mrn,
        **kw,
    }


def transit_end(mrn: str, day: float, location: str = "KZ-EXIT", **kw: Any) -> dict:
    return {
        "event_id": kw.pop("event_id", f"te-{mrn}"),
        "type": "transit_end",
        "time": at(day),
        "location": location,
        "transit_id": mrn,
        **kw,
    }
