"""Event-to-alert latency with the risk rules on: events arrive at a fixed rate (1,000/s by
default) in small batches, as the API receives them, and each event's latency is the time from
its arrival to its batch being committed and scored (alerts stored). Prints p50/p95/p99/max and
the rate actually sustained, with a plain baseline (the same feed without rules) in the same run.

    python benchmarks/risk_latency.py --ledger /tmp/w/second-101/world.jsonl --events 20000
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import orjson

from tamga.ledger.service import LedgerService
from tamga.rates.store import RatesStore
from tamga.risk import attach
from tamga.screening.repository import ScreeningRepository


def feed(
    url: str, events: list[dict[str, Any]], rate: float, batch: int, risk: bool, stem: Path
) -> dict[str, float]:
    service = LedgerService.open(url)
    if risk:
        for suffix, load in (
            (".holders.jsonl", service.load_holders),
            (".sanctions.ftm.json", ScreeningRepository(service.engine).load_file),
            (".rates.csv", lambda p: RatesStore(service.engine).load_file(p, "KZT")),
        ):
            path = Path(f"{stem}{suffix}")
            if path.exists():
                load(path)
        attach(service)
    latencies: list[float] = []
    start = time.perf_counter()
    for i in range(0, len(events), batch):
        chunk = events[i : i + batch]
        due = start + (i + len(chunk)) / rate  # the last event of the chunk arrives then
        now = time.perf_counter()
        if due > now:
            time.sleep(due - now)
        service.ingest(chunk)
        done = time.perf_counter()
        for j in range(len(chunk)):
            latencies.append(done - (start + (i + j + 1) / rate))
    seconds = time.perf_counter() - start
    latencies.sort()
    n = len(latencies)

    def q(p: float) -> float:
        return latencies[min(n - 1, int(p * n))] * 1000

    return {
        "p50_ms": q(0.5),
        "p95_ms": q(0.95),
        "p99_ms": q(0.99),
        "max_ms": latencies[-1] * 1000,
        "rate": n / seconds,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ledger", type=Path, required=True)
    ap.add_argument("--events", type=int, default=20_000)
    ap.add_argument("--rate", type=float, default=1_000.0)
    ap.add_argument("--batch", type=int, default=50)
    args = ap.parse_args()
    events = []
    with args.ledger.open("rb") as fh:
        for line in fh:
            if line.strip():
                events.append(orjson.loads(line))
            if len(events) >= args.events:
                break
    stem = args.ledger.with_suffix("")
    work = Path(tempfile.mkdtemp(prefix="tamga-latency-"))
    print(
        f"{len(events):,} events of {args.ledger} at {args.rate:,.0f}/s in batches of {args.batch}"
    )
    for risk in (False, True):
        r = feed(f"sqlite:///{work / f'{risk}.sqlite'}", events, args.rate, args.batch, risk, stem)
        print(
            f"{'with rules   ' if risk else 'without rules'}: p50 {r['p50_ms']:.1f} ms, p95 "
            f"{r['p95_ms']:.1f} ms, p99 {r['p99_ms']:.1f} ms, max {r['max_ms']:.1f} ms, "
            f"sustained {r['rate']:,.0f} events/s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
