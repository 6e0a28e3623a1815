"""Ingest time against the goods lines of one event (issue 14, item 8).

One import of N lines (one goods key, so every line's lot lands in one FIFO list), then one
export of N lines drawing them, through ``LedgerService.ingest`` (the API's path) into a fresh
SQLite file. Prints seconds per event and per line for each N; the baseline is the same N lines
spread over N one-line events, which the ledger has always taken in linear time.

    python benchmarks/lines_bench.py --lines 2000 20000
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from typing import Any

from tamga.ledger.service import LedgerService


def goods(n: int) -> list[dict[str, Any]]:
    return [
        {"line_no": i + 1, "hs_code": "845011", "quantity": 2.0, "unit": "C62", "value": 10.0}
        for i in range(n)
    ]


def one_event(n: int, kind: str, holder: str, no: str, day: int) -> dict[str, Any]:
    base: dict[str, Any] = {
        "event_id": f"{kind}-{no}",
        "type": kind,
        "time": f"2024-01-{day:02d}T08:00:00+00:00",
        "location": "KZ-P-1",
        "declaration_no": no,
        "lines": goods(n),
    }
    if kind == "import":
        party = {"id": "CN-1", "name": "Seller", "country": "CN"}
        return base | {"consignor": party, "consignee": holder, "dispatch_country": "CN"}
    party = {"id": "RU-1", "name": "Buyer", "country": "RU"}
    return base | {
        "exporter": holder,
        "consignee": party,
        "destination_country": "RU",
        "office_of_exit": "KZ-P-1",
    }


def run(n: int, spread: bool) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        ledger = LedgerService.open(f"sqlite:///{Path(tmp) / 'b.sqlite'}")
        if spread:
            imports = [one_event(1, "import", "KZ-A", f"IM-{i}", 1) for i in range(n)]
            exports = [one_event(1, "export", "KZ-A", f"EX-{i}", 2) for i in range(n)]
        else:
            imports = [one_event(n, "import", "KZ-A", "IM-1", 1)]
            exports = [one_event(n, "export", "KZ-A", "EX-1", 2)]
        t0 = time.perf_counter()
        assert all(o.status == "accepted" for o in ledger.ingest(imports))
        t1 = time.perf_counter()
        assert all(o.status == "accepted" for o in ledger.ingest(exports))
        t2 = time.perf_counter()
        ledger.engine.dispose()
        return t1 - t0, t2 - t1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, nargs="+", default=[2000, 20000])
    args = parser.parse_args()
    print(f"{'lines':>7} {'layout':>22} {'import s':>9} {'export s':>9} {'µs/line':>8}")
    for n in args.lines:
        for spread in (False, True):
            imp_s, exp_s = run(n, spread)
            layout = f"{n} one-line events" if spread else "one event"
            per_line = (imp_s + exp_s) / (2 * n) * 1e6
            print(f"{n:>7} {layout:>22} {imp_s:>9.2f} {exp_s:>9.2f} {per_line:>8.1f}")


if __name__ == "__main__":
    main()
