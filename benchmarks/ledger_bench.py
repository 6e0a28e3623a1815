"""Ledger ingest and trace benchmark: prints events/s, trace latency percentiles, peak memory.

    .venv/bin/python benchmarks/ledger_bench.py [--events 1000000] [--pg-events 200000]
        [--simulated]

It generates its own ledger (chains of 1-5 domestic sales between import and export, transits with
checkpoints), or with ``--simulated`` the simulator's, ingests it into a fresh SQLite store with
every projection kept, times the trace of 2,000 exports (ours: those that went through 5
holders), and times a plain executemany insert of the same events into a bare SQLite table for
the ratio. Then the same on PostgreSQL (127.0.0.1:5432, db test).
"""

from __future__ import annotations

import argparse
import itertools
import random
import resource
import sqlite3
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import create_engine, text

from tamga.ledger.parsing import read_records
from tamga.ledger.service import LedgerService

T0 = datetime(2022, 1, 1, tzinfo=UTC)
GOODS = [
    ("845011", "C62", 300.0),
    ("851713", "C62", 250.0),
    ("854231", "C62", 12.0),
    ("848210", "C62", 4.0),
    ("847130", "C62", 700.0),
    ("870323", "C62", 18000.0),
]
ORIGINS = ["CN", "DE", "US", "KR", "TR", "JP", "IT"]


def generate(n: int, seed: int = 7) -> Iterator[dict[str, Any]]:
    """About ``n`` events: import → k sales (k = 1..5) → export chains, and transits."""
    rnd = random.Random(seed)
    holders = [f"{100000000000 + i}" for i in range(5000)]
    emitted = 0
    chain_no = 0
    while emitted < n:
        t = T0 + timedelta(seconds=emitted * 30)
        if rnd.random() < 0.1:
            mrn = f"22KZ{chain_no:010d}"
            hs, unit, price = rnd.choice(GOODS)
            ln = {
                "line_no": 1,
                "hs_code": hs,
                "quantity": 100,
                "unit": unit,
                "value": price * 100,
                "origin_country": "CN",
            }
            yield {
                "event_id": f"ts-{mrn}",
                "type": "transit_start",
                "time": t.isoformat(),
                "location": "KZ-KHORGOS",
                "transit_id": mrn,
                "carrier": "CARRIER-1",
                "seals": ["S1"],
                "office_of_departure": "KZ-KHORGOS",
                "office_of_destination": "KZ-ZHAISAN",
                "destination_country": "RU",
                "deadline": (t + timedelta(days=8)).isoformat(),
                "lines": [ln],
            }
            for k in (1, 2):
                yield {
                    "event_id": f"cp{k}-{mrn}",
                    "type": "checkpoint",
                    "time": (t + timedelta(seconds=k)).isoformat(),
                    "location": "KZ-ALMATY",
                    "transit_id": mrn,
                    "lat": 43.2 + k,
                    "lon": 76.9 - k,
                }
            yield {
                "event_id": f"te-{mrn}",
                "type": "transit_end",
                "time": (t + timedelta(seconds=3)).isoformat(),
                "location": "KZ-ZHAISAN",
                "transit_id": mrn,
            }
            emitted += 4
            chain_no += 1
            continue
        hops = rnd.randint(1, 5)
        path = rnd.sample(holders, hops + 1)
        hs, unit, price = rnd.choice(GOODS)
        qty = rnd.randint(10, 200)
        lines = [
            {
                "line_no": 1,
                "hs_code": hs,
                "quantity": qty,
                "unit": unit,
                "value": price * qty,
                "origin_country": rnd.choice(ORIGINS),
                "currency": "USD",
            }
        ]
        yield {
            "event_id": f"im-{chain_no}",
            "type": "import",
            "time": t.isoformat(),
            "location": "KZ-ALMATY",
            "declaration_no": f"IM{chain_no:09d}",
            "consignor": {"id": "CN-1", "name": "Shenzhen Co", "country": "CN"},
            "consignee": path[0],
            "dispatch_country": "CN",
            "lines": lines,
        }
        for i, (seller, buyer) in enumerate(itertools.pairwise(path)):
            yield {
                "event_id": f"tr-{chain_no}-{i}",
                "type": "transfer",
                "time": (t + timedelta(seconds=i + 1)).isoformat(),
                "location": "KZ-WH",
                "seller": seller,
                "buyer": buyer,
                "invoice_no": f"INV{chain_no}-{i}",
                "lines": [{"line_no": 1, "hs_code": hs, "quantity": qty, "unit": unit}],
            }
        yield {
            "event_id": f"ex-{chain_no}",
            "type": "export",
            "time": (t + timedelta(seconds=hops + 1)).isoformat(),
            "location": "KZ-ZHAISAN",
            "declaration_no": f"EX{hops}-{chain_no:09d}",
            "exporter": path[-1],
            "consignee": {"id": "RU-1", "name": "OOO Romashka", "country": "RU"},
            "destination_country": "RU",
            "office_of_exit": "KZ-ZHAISAN",
            "lines": [{"line_no": 1, "hs_code": hs, "quantity": qty, "unit": unit}],
        }
        emitted += hops + 2
        chain_no += 1


def write_simulated(path: Path, n: int) -> int:
    """The simulator's ledger of about ``n`` events (seed 1), as ``tamga simulate`` writes it."""
    from tamga.simulate import Outputs, SimConfig, generate

    return generate(SimConfig(seed=1, events=n), Outputs.beside(path)).events


def write_ledger(path: Path, n: int) -> int:
    count = 0
    with path.open("wb") as fh:
        for event in generate(n):
            fh.write(orjson.dumps(event) + b"\n")
            count += 1
    return count


def percentiles(samples: list[float]) -> dict[str, float]:
    qs = statistics.quantiles(samples, n=100, method="inclusive")
    return {"p50": qs[49], "p95": qs[94], "p99": qs[98], "max": max(samples)}


#: the exports whose trace is timed: ours went through 5 holders; the simulator's, any 2,000
FIVE_HOPS = (
    "SELECT declaration_no FROM events WHERE type = 'export' AND declaration_no LIKE 'EX5-%'"
)
ANY_EXPORTS = "SELECT declaration_no FROM events WHERE type = 'export' ORDER BY seq"


def bench_store(url: str, ledger_path: Path, n: int, label: str, exports: str = FIVE_HOPS) -> float:
    service = LedgerService.open(url)
    start = time.perf_counter()
    report = service.ingest_records(read_records(ledger_path))  # the default batch size
    elapsed = time.perf_counter() - start
    rate = report.accepted / elapsed
    print(
        f"[{label}] ingest: {report.accepted:,} accepted, {report.rejected} rejected "
        f"in {elapsed:.1f} s = {rate:,.0f} events/s (all projections kept)"
    )
    with service.engine.connect() as conn:
        decls = [r[0] for r in conn.execute(text(f"{exports} LIMIT 2000"))]
    timings = []
    hops = 0
    for decl in decls:
        t = time.perf_counter()
        traced = service.trace(decl)
        timings.append((time.perf_counter() - t) * 1000)
        for line in traced["lines"]:
            hops = max([hops, *(len(path["holders"]) - 1 for path in line["paths"])])
    p = percentiles(timings)
    print(
        f"[{label}] trace of {len(timings)} exports (up to {hops} hops between holders): "
        f"p50 {p['p50']:.2f} ms, p95 {p['p95']:.2f} ms, p99 {p['p99']:.2f} ms, "
        f"max {p['max']:.2f} ms"
    )
    service.engine.dispose()
    return rate


def plain_sqlite_insert(ledger_path: Path, db: Path) -> float:
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute(
        "CREATE TABLE events (event_id TEXT PRIMARY KEY, type TEXT, time TEXT, payload TEXT)"
    )
    start = time.perf_counter()
    batch: list[tuple[str, str, str, str]] = []
    n = 0
    with ledger_path.open("rb") as fh:
        for raw in fh:
            e = orjson.loads(raw)
            batch.append((e["event_id"], e["type"], e["time"], raw.decode()))
            if len(batch) == 5000:
                conn.executemany("INSERT INTO events VALUES (?, ?, ?, ?)", batch)
                conn.commit()
                n += len(batch)
                batch = []
    if batch:
        conn.executemany("INSERT INTO events VALUES (?, ?, ?, ?)", batch)
        conn.commit()
        n += len(batch)
    elapsed = time.perf_counter() - start
    conn.close()
    return n / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--pg-events", type=int, default=200_000)
    parser.add_argument("--pg-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument(
        "--simulated",
        action="store_true",
        help="ingest the simulator's ledger (tamga simulate, seed 1) instead of our own chains",
    )
    args = parser.parse_args()
    write = write_simulated if args.simulated else write_ledger
    exports = ANY_EXPORTS if args.simulated else FIVE_HOPS
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        ledger_path = tmpdir / "ledger.jsonl"
        t = time.perf_counter()
        n = write(ledger_path, args.events)
        source = "the simulator" if args.simulated else "the benchmark"
        print(f"generated {n:,} events by {source} in {time.perf_counter() - t:.1f} s")
        sqlite_url = f"sqlite:///{tmpdir / 'tamga.sqlite'}"
        rate = bench_store(sqlite_url, ledger_path, n, "sqlite", exports)
        plain = plain_sqlite_insert(ledger_path, tmpdir / "plain.sqlite")
        print(
            f"[sqlite] plain insert of the same events: {plain:,.0f} events/s; "
            f"tamga ingest / plain insert = {rate / plain:.2f}"
        )
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        writer = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(
            f"peak memory (max RSS) after the SQLite run: {peak:,.0f} MB "
            f"(+ {writer:,.0f} MB in the writer process)"
        )
        if args.pg_events:
            pg_path = tmpdir / "pg.jsonl"
            m = write(pg_path, args.pg_events)
            schema = f"bench_{uuid.uuid4().hex[:8]}"
            admin = create_engine(args.pg_url, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'CREATE SCHEMA "{schema}"'))
            try:
                pg_url = f"{args.pg_url}?options=-csearch_path%3D{schema}"
                bench_store(pg_url, pg_path, m, "postgresql", exports)
            finally:
                with admin.connect() as conn:
                    conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory (max RSS) overall: {peak:,.0f} MB")


if __name__ == "__main__":
    main()
