"""Fast turnaround is about imported goods leaving again, through young and thin holders:
domestic goods sold on quickly, and established firms turning imports round, are trade."""

from __future__ import annotations

from typing import Any

from builders import adjust, at, exp, imp, line, sale, transform
from risk_support import Ingest, only

FRESH = [
    {"id": "OLD-IMPORTER", "registered": "2005-01-10"},
    {"id": "FARM", "registered": "2001-03-03"},
    {"id": "NEWCO", "registered": at(-10)[:10]},
]


def _turnarounds(alerts: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {a["subject"]: a for a in alerts if a["rule"] == "fast_turnaround"}


def test_domestic_goods_sold_on_quickly_by_a_new_firm_raise_nothing(risk_ledger: Ingest) -> None:
    events = [
        # a harvest (stock found in the country) bought by a ten-day-old firm, out in two days
        adjust("FARM", [line(hs="1001990000", qty=20_000, unit="KGM")], day=0),
        sale("FARM", "NEWCO", [line(hs="1001990000", qty=20_000, unit="KGM")], day=1),
        exp("NEWCO", [line(hs="1001990000", qty=20_000, unit="KGM")], 3, "EX-WHEAT", dest="UZ"),
        # a factory's output (made here from a domestic input), the same way
        adjust("FARM", [line(hs="4407110000", qty=50, unit="MTQ")], day=0),
        transform(
            "FARM",
            inputs=[line(1, hs="4407110000", qty=50, unit="MTQ")],
            outputs=[line(1, hs="9403600000", qty=200)],
            day=0.5,
        ),
        sale("FARM", "NEWCO", [line(hs="9403600000", qty=200)], day=1),
        exp("NEWCO", [line(hs="9403600000", qty=200)], 2, "EX-TABLES", dest="RU"),
        # imported goods, the same firm, the same speed: this is the turnaround
        imp("OLD-IMPORTER", [line(hs="8517130000", qty=100)], 0, "IM-PHONES"),
        sale("OLD-IMPORTER", "NEWCO", [line(hs="8517130000", qty=100)], day=1),
        exp("NEWCO", [line(hs="8517130000", qty=100)], 3, "EX-PHONES", dest="RU"),
    ]
    _, alerts = risk_ledger(events, only("fast_turnaround"), holders=FRESH)
    found = _turnarounds(alerts.list())
    assert set(found) == {"EX-PHONES"}
    assert found["EX-PHONES"]["evidence"]["imported_share"] == 1.0


def test_a_line_mostly_of_domestic_stock_is_not_turned_round(risk_ledger: Ingest) -> None:
    events = [
        imp("OLD-IMPORTER", [line(hs="6109100000", qty=10)], 0, "IM-FEW"),
        adjust("OLD-IMPORTER", [line(hs="6109100000", qty=990)], day=0.2),
        sale("OLD-IMPORTER", "NEWCO", [line(hs="6109100000", qty=1000)], day=1),
        exp("NEWCO", [line(hs="6109100000", qty=1000)], 2, "EX-MIXED", dest="RU"),
    ]
    _, alerts = risk_ledger(events, only("fast_turnaround"), holders=FRESH)
    assert _turnarounds(alerts.list()) == {}


def test_an_established_firm_turning_imports_round_in_a_day_is_a_distributor(
    risk_ledger: Ingest,
) -> None:
    events = [
        imp("OLD-IMPORTER", [line(hs="8471300000", qty=40)], 0, "IM-LAPTOPS"),
        exp("OLD-IMPORTER", [line(hs="8471300000", qty=40)], 0.5, "EX-NEXT-DAY", dest="KG"),
    ]
    _, alerts = risk_ledger(events, only("fast_turnaround"), holders=FRESH)
    assert _turnarounds(alerts.list()) == {}


def test_a_young_firm_with_a_long_trading_history_counts_as_less_new(
    risk_ledger: Ingest,
) -> None:
    holders = [
        *FRESH,
        {"id": "BUSY", "registered": at(-12)[:10]},
        {"id": "SHELL", "registered": at(-12)[:10]},
    ]
    # BUSY has bought twenty times before; SHELL never traded
    events = [
        sale("OLD-IMPORTER", "BUSY", [line(hs="6204620000", qty=5)], day=n / 10) for n in range(20)
    ]
    for firm in ("BUSY", "SHELL"):
        events += [
            imp("OLD-IMPORTER", [line(hs="8517130000", qty=100)], 2, f"IM-{firm}"),
            sale("OLD-IMPORTER", firm, [line(hs="8517130000", qty=100)], day=3),
            exp(firm, [line(hs="8517130000", qty=100)], 5, f"EX-{firm}", dest="RU"),
        ]
    raw = {**only("fast_turnaround"), "calibration": {"enabled": False}}
    _, alerts = risk_ledger(events, raw, holders=holders)
    found = _turnarounds(alerts.list())
    assert "EX-SHELL" in found
    busy = found.get("EX-BUSY")
    assert busy is None or busy["score"] < found["EX-SHELL"]["score"]
    shell = next(h for h in found["EX-SHELL"]["evidence"]["holders"] if h["holder"] == "SHELL")
    assert shell["trades_before"] == 1 and shell["newness"] > 0.7
