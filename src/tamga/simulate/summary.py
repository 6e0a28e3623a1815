"""Summary statistics of a simulated ledger, read back from its files.

Computed from what was written (the ledger, and the labels and manifest beside it), not from
the generator's memory, so they check the output itself: value by partner and year, top HS codes,
washing machines to Russia by year, how many holders goods pass through before export (a FIFO
replay of stock by goods key, as the ledger keeps it), transits, and the planted cases per scheme.
"""

from __future__ import annotations

from collections import Counter, defaultdict, deque
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson

from tamga.ledger.model import normalize_brand

_EPS = 1e-9


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open("rb") as fh:
        for line in fh:
            if line.strip():
                yield orjson.loads(line)


def _key(line: dict[str, Any]) -> tuple[str, str]:
    if line.get("gtin"):
        return (f"gtin:{line['gtin']}", line["unit"])
    if line.get("brand"):
        return (f"hs:{line['hs_code'][:6]}|{normalize_brand(line['brand'])}", line["unit"])
    return (f"hs:{line['hs_code'][:6]}", line["unit"])


class _Depths:
    """Stock as FIFO chunks of (quantity, number of holders the goods have passed through)."""

    def __init__(self) -> None:
        self.lots: dict[tuple[str, str, str], deque[list[float]]] = defaultdict(deque)
        self.holders_at: dict[int, set[str]] = defaultdict(set)

    def put(self, holder: str, line: dict[str, Any], depth: int) -> None:
        self.lots[(holder, *_key(line))].append([float(line["quantity"]), depth])
        self.holders_at[depth].add(holder)

    def draw(self, holder: str, line: dict[str, Any]) -> list[tuple[float, int]]:
        need = float(line["quantity"])
        q = self.lots.get((holder, *_key(line)))
        out: list[tuple[float, int]] = []
        while q and need > _EPS:
            chunk = q[0]
            take = min(chunk[0], need)
            out.append((take, int(chunk[1])))
            chunk[0] -= take
            need -= take
            if chunk[0] <= _EPS:
                q.popleft()
        return out


def summarize(
    events: Iterable[dict[str, Any]],
    cases: Iterable[dict[str, Any]] = (),
    manifest: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The summary of a ledger (events in file order), its planted cases and its manifest."""
    by_type: Counter[str] = Counter()
    exports: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    imports: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    hs_export: dict[str, float] = defaultdict(float)
    hs_import: dict[str, float] = defaultdict(float)
    washers_ru: dict[str, float] = defaultdict(float)
    export_hops: Counter[int] = Counter()
    transits: Counter[str] = Counter()
    destinations: dict[str, str] = {}
    depths = _Depths()
    n = 0
    for ev in events:
        n += 1
        etype = ev["type"]
        by_type[etype] += 1
        year = ev["time"][:4]
        if etype == "import":
            for ln in ev["lines"]:
                imports[year][ev["dispatch_country"]] += ln.get("value") or 0.0
                hs_import[ln["hs_code"][:4]] += ln.get("value") or 0.0
                depths.put(ev["consignee"], ln, 1)
        elif etype == "transfer":
            for ln in ev["lines"]:
                drawn = [] if ln.get("lot") in destinations else depths.draw(ev["seller"], ln)
                for qty, d in drawn or [(float(ln["quantity"]), 1)]:
                    depths.put(ev["buyer"], {**ln, "quantity": qty}, d + 1 if drawn else 1)
        elif etype == "export":
            dest = ev["destination_country"]
            for ln in ev["lines"]:
                value = ln.get("value") or 0.0
                exports[year][dest] += value
                hs_export[ln["hs_code"][:4]] += value
                if ln["hs_code"].startswith("8450") and dest == "RU":
                    washers_ru[year] += ln["quantity"]
                drawn = depths.draw(ev["exporter"], ln)
                if drawn:
                    export_hops[max(d for _, d in drawn)] += 1
                else:
                    export_hops[0] += 1  # nothing in stock behind it
        elif etype == "transformation":
            drawn_depth = 1
            for ln in ev["inputs"]:
                for _, d in depths.draw(ev["holder"], ln):
                    drawn_depth = max(drawn_depth, d)
            for ln in ev["outputs"]:
                depths.put(ev["holder"], ln, drawn_depth)
        elif etype == "adjustment":
            for ln in ev["lines"]:
                if ln["quantity"] > 0:
                    depths.put(ev["holder"], ln, 1)
                else:
                    depths.draw(ev["holder"], {**ln, "quantity": -ln["quantity"]})
        elif etype == "transit_start":
            transits["started"] += 1
            destinations[ev["transit_id"]] = ev["office_of_destination"]
        elif etype == "transit_end":
            ok = destinations.get(ev["transit_id"]) == ev["location"]
            transits["discharged" if ok else "ended_elsewhere"] += 1

    def rounded(d: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
        return {
            y: {k: round(v, 2) for k, v in sorted(c.items(), key=lambda kv: -kv[1])}
            for y, c in sorted(d.items())
        }

    ru = {y: exports[y].get("RU", 0.0) for y in sorted(exports)}
    growth = ru["2022"] / ru["2021"] - 1 if ru.get("2021") and "2022" in ru else None
    case_counts = Counter(c["scheme"] for c in cases)
    flows_total = sum((manifest or {}).get("flows", {}).values())
    out: dict[str, Any] = {
        "events": n,
        "by_type": dict(sorted(by_type.items())),
        "export_value_by_partner_year": rounded(exports),
        "import_value_by_partner_year": rounded(imports),
        "export_value_ru_by_year": {y: round(v, 2) for y, v in ru.items()},
        "export_ru_growth_2022": round(growth, 4) if growth is not None else None,
        "top_hs_export": _top(hs_export),
        "top_hs_import": _top(hs_import),
        "washing_machines_to_ru": dict(sorted(washers_ru.items())),
        "holders_per_hop": {str(k): len(v) for k, v in sorted(depths.holders_at.items())},
        "exports_by_holders_in_chain": {str(k): v for k, v in sorted(export_hops.items())},
        "transits": dict(transits),
        "cases": dict(sorted(case_counts.items())),
        "case_rates": {
            k: round(v / flows_total, 5) for k, v in sorted(case_counts.items()) if flows_total
        },
        "flows": flows_total,
    }
    return out


def _top(values: dict[str, float], n: int = 10) -> list[list[Any]]:
    return [[k, round(v, 2)] for k, v in sorted(values.items(), key=lambda kv: -kv[1])[:n]]


def summarize_files(
    ledger: Path, labels: Path | None = None, manifest: Path | None = None
) -> dict[str, Any]:
    """:func:`summarize` over files; labels and manifest default to the ones beside the ledger."""
    stem = ledger.with_suffix("") if ledger.suffix else ledger
    labels = labels or Path(f"{stem}.labels.jsonl")
    manifest = manifest or Path(f"{stem}.manifest.json")
    cases = list(read_jsonl(labels)) if labels.exists() else []
    meta = orjson.loads(manifest.read_bytes()) if manifest.exists() else None
    return summarize(read_jsonl(ledger), cases, meta)
