"""Stock kept the ledger's way (per holder, goods key and unit, lots drawn first in, first
out), to check what a world promises: who draws beyond their stock, and by how much."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any


def goods_key(line: dict[str, Any]) -> str:
    if line.get("gtin"):
        return f"gtin:{line['gtin']}"
    if line.get("brand"):
        return f"hs:{line['hs_code'][:6]}|{' '.join(line['brand'].upper().split())}"
    return f"hs:{line['hs_code'][:6]}"


def shortfalls(events: Iterable[dict[str, Any]]) -> dict[str, float]:
    """event_id -> quantity drawn beyond the holder's stock, for every event that did so
    (a sale out of a transit, whose lot is the MRN, counts in full)."""
    stock: dict[tuple[str, str, str], float] = defaultdict(float)
    short: dict[str, float] = defaultdict(float)
    transits: set[str] = set()

    def draw(holder: str, lines: list[dict[str, Any]], eid: str) -> None:
        for ln in lines:
            if ln.get("lot") in transits:
                short[eid] += ln["quantity"]
                continue
            key = (holder, goods_key(ln), ln["unit"])
            have = stock[key]
            take = min(have, ln["quantity"])
            stock[key] = have - take
            if ln["quantity"] - take > 1e-9:
                short[eid] += ln["quantity"] - take

    def add(holder: str, lines: list[dict[str, Any]]) -> None:
        for ln in lines:
            stock[(holder, goods_key(ln), ln["unit"])] += ln["quantity"]

    for e in events:
        kind = e["type"]
        if kind == "transit_start":
            transits.add(e["transit_id"])
        elif kind == "import":
            add(e["consignee"], e["lines"])
        elif kind == "transfer":
            draw(e["seller"], e["lines"], e["event_id"])
            add(e["buyer"], [dict(ln, lot=None) for ln in e["lines"]])
        elif kind == "export":
            draw(e["exporter"], e["lines"], e["event_id"])
        elif kind == "transformation":
            draw(e["holder"], e["inputs"], e["event_id"])
            add(e["holder"], e["outputs"])
        elif kind == "adjustment":
            add(e["holder"], [ln for ln in e["lines"] if ln["quantity"] > 0])
            draw(
                e["holder"],
                [dict(ln, quantity=-ln["quantity"]) for ln in e["lines"] if ln["quantity"] < 0],
                e["event_id"],
            )
    return dict(short)
