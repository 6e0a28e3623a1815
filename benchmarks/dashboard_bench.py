"""Dashboard page render times on a large ledger: prints each page's p50/p95/p99 and memory.

    .venv/bin/python benchmarks/dashboard_bench.py [--events 1000000] [--db var/bench-dash.sqlite]
                                                   [--repeat 30] [--pg]

How the ledger is built: the ledger benchmark's own generator (``benchmarks/ledger_bench.py``:
import → 1-5 domestic sales → export chains over 5,000 holders, and transits with checkpoints,
one event every 30 s, so a million events span about a year) is ingested through
``LedgerService.ingest_records``; then 300 transits are started near the ledger's clock and left
open with a position report each, so the map has something to draw. The store is kept at
``--db`` and reused when it already holds the events (building it is the slow part).

The pages are the service's own (``tamga.server.create_server``: risk alerts and lists wired in, as
``tamga serve`` runs them), fetched through the ASGI app in-process (Starlette's test client, no
sockets), signed in as an analyst (and as a trader and an officer where marked); each page is
fetched once to warm up, then ``--repeat`` times. The time is the whole request: routing,
queries, templates, plotly JSON.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select, text

sys.path.insert(0, str(Path(__file__).parent))

from ledger_bench import generate

from tamga.auth.tokens import TokenStore
from tamga.ledger.parsing import RawRecord
from tamga.ledger.service import LedgerService
from tamga.risk import attach
from tamga.server import create_server
from tamga.settings import Settings
from tamga.store.schema import events

#: (lat, lon) of a few places along the Khorgos–Almaty–Shymkent road
ROAD = [(44.21, 80.41), (44.0, 79.0), (43.25, 76.93), (42.9, 74.6), (42.32, 69.59)]


def open_transits(clock: datetime, n: int = 300, seed: int = 11) -> Iterator[dict[str, Any]]:
    rnd = random.Random(seed)
    for i in range(n):
        start = clock - timedelta(hours=rnd.uniform(1, 96))
        mrn = f"26KZOPEN{i:06d}"
        yield {
            "event_id": f"ts-{mrn}",
            "type": "transit_start",
            "time": start.isoformat(),
            "location": "KZ-KHORGOS",
            "transit_id": mrn,
            "carrier": f"CARRIER-{i % 40}",
            "seals": ["S1"],
            "office_of_departure": "KZ-KHORGOS",
            "office_of_destination": "KZ-ZHAISAN",
            "destination_country": "RU",
            "deadline": (start + timedelta(days=rnd.choice([2, 5, 8]))).isoformat(),
            "lines": [
                {
                    "line_no": 1,
                    "hs_code": "854231",
                    "quantity": 1000,
                    "unit": "C62",
                    "value": 12_000.0,
                    "currency": "USD",
                    "origin_country": "CN",
                }
            ],
        }
        a, b = rnd.sample(range(len(ROAD)), 2)
        f = rnd.random()
        lat = ROAD[a][0] + (ROAD[b][0] - ROAD[a][0]) * f
        lon = ROAD[a][1] + (ROAD[b][1] - ROAD[a][1]) * f
        yield {
            "event_id": f"cp-{mrn}",
            "type": "checkpoint",
            "time": (start + timedelta(minutes=30)).isoformat(),
            "location": "KZ-ROAD",
            "transit_id": mrn,
            "lat": round(lat, 4),
            "lon": round(lon, 4),
        }


def build(service: LedgerService, n: int) -> None:
    with service.engine.connect() as conn:
        have = conn.execute(select(func.count()).select_from(events)).scalar() or 0
    if have >= n:
        print(f"store already holds {have:,} events: reusing it")
        return
    if have:
        raise SystemExit(f"the store holds {have:,} events, fewer than {n:,}: use a fresh --db")
    started = time.perf_counter()
    records = (RawRecord(f"gen:{i}", body) for i, body in enumerate(generate(n)))
    alerts = attach(service)  # the rules run as events arrive, as in the service
    report = service.ingest_records(records)
    clock = datetime.fromisoformat(service.store.ledger_clock() or "2022-01-01T00:00:00+00:00")
    report.add(service.ingest(list(open_transits(clock)), source="open-transits"))
    if alerts.runtime is not None:
        alerts.runtime.flush()
    took = time.perf_counter() - started
    print(
        f"built: {report.accepted:,} events accepted, {report.rejected} rejected in {took:.0f} s "
        f"with the risk rules on ({len(alerts.list(limit=0)):,} alerts)"
    )


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    qs = statistics.quantiles(samples, n=100, method="inclusive")
    return qs[49], qs[94], qs[98]


def pick(service: LedgerService) -> dict[str, str]:
    """Real keys to open: a busy holder, a 5-hop export, an open transit."""
    with service.engine.connect() as conn:
        holder = conn.execute(
            text(
                "SELECT holder FROM events WHERE holder IS NOT NULL AND seq > "
                "(SELECT max(seq) - 20000 FROM events) GROUP BY holder "
                "ORDER BY count(*) DESC LIMIT 1"
            )
        ).scalar()
        export = conn.execute(
            text(
                "SELECT declaration_no FROM events WHERE type = 'export' "
                "AND declaration_no LIKE 'EX5-%' ORDER BY seq DESC LIMIT 1"
            )
        ).scalar()
        transit = conn.execute(
            text("SELECT transit_id FROM transits WHERE state = 'open' LIMIT 1")
        ).scalar()
    return {"holder": str(holder), "export": str(export), "transit": str(transit)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--db", default="var/bench-dash.sqlite", help="SQLite path or store URL")
    ap.add_argument("--repeat", type=int, default=30)
    args = ap.parse_args()
    url = args.db if "://" in args.db else f"sqlite:///{args.db}"
    service = LedgerService.open(url)
    build(service, args.events)
    keys = pick(service)
    store = TokenStore(service.engine)
    analyst_token = store.create("analyst", name="bench").token
    trader_token = store.create("trader", holder=keys["holder"], name="bench").token
    officer_token = store.create("officer", office="KZ-KHORGOS", name="bench").token
    service.engine.dispose()
    app = create_server(
        Settings(database_url=url)
    )  # API, risk alerts, lists, dashboard under /dashboard
    analyst, trader, officer = TestClient(app), TestClient(app), TestClient(app)
    analyst.post("/dashboard/signin", data={"token": analyst_token})
    trader.post("/dashboard/signin", data={"token": trader_token})
    officer.post("/dashboard/signin", data={"token": officer_token})
    pages = [
        ("overview", analyst, "/dashboard/"),
        ("overview (trader)", trader, "/dashboard/"),
        ("overview (officer)", officer, "/dashboard/"),
        ("overview live panels", analyst, "/dashboard/fragments/overview"),
        ("transits + map", analyst, "/dashboard/transits"),
        ("transits (officer)", officer, "/dashboard/transits"),
        ("transit", analyst, f"/dashboard/transits/{keys['transit']}"),
        ("holder", analyst, f"/dashboard/holders/{keys['holder']}"),
        ("declaration (5 hops)", analyst, f"/dashboard/declarations/{keys['export']}"),
        ("alerts", analyst, "/dashboard/alerts"),
        ("lists", analyst, "/dashboard/lists"),
        ("stats", analyst, "/dashboard/stats"),
    ]
    n_events = service.summary()["events"]
    print(f"ledger: {n_events:,} events ({service.engine.dialect.name}); keys {keys}")
    print(f"{'page':24} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}  bytes")
    for name, client, path in pages:
        first = client.get(path)
        if first.status_code != 200:
            raise SystemExit(f"{path}: HTTP {first.status_code}")
        samples = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            client.get(path)
            samples.append((time.perf_counter() - t) * 1000)
        p50, p95, p99 = percentiles(samples)
        print(f"{name:24} {p50:8.1f} {p95:8.1f} {p99:8.1f}  {len(first.content):,}")
    tracemalloc.start()  # a separate pass: tracing would slow the timed one
    for _, client, path in pages:
        client.get(path)
    _, peak = tracemalloc.get_traced_memory()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak traced memory while rendering: {peak / 1e6:.1f} MB; max RSS {rss:.0f} MB")


if __name__ == "__main__":
    main()
