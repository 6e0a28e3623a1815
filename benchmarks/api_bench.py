"""Capture throughput and latency of the REST API under 50 concurrent clients (loopback only).

Starts ``tamga serve`` on a fresh store (a temporary SQLite file, or a throw-away schema in
PostgreSQL), makes an admin token, and lets N async httpx clients post batches of ledger events
as fast as they are answered. Prints events/s and p50/p95/p99 request latency, and the server's
peak memory. Bounded by --clients x --batches x --batch-size events.

    .venv/bin/python benchmarks/api_bench.py                       # SQLite, 1 worker
    .venv/bin/python benchmarks/api_bench.py --db postgresql+psycopg://postgres@127.0.0.1/test \
        --workers 4
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, text

from tamga.auth import TokenStore
from tamga.store.database import connect


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def make_batch(client: int, batch: int, size: int) -> list[dict[str, Any]]:
    """Imports into the client's own holder: independent work, as many traders reporting."""
    holder = f"KZ-BENCH-{client:03d}"
    out = []
    for i in range(size):
        n = (batch * size) + i
        out.append(
            {
                "event_id": f"bench-{client}-{n}",
                "type": "import",
                "time": f"2024-01-{1 + n % 28:02d}T{n % 24:02d}:00:00+00:00",
                "location": "ALA-01",
                "declaration_no": f"IM-{client}-{n}",
                "consignor": {"id": "CN-1", "name": "Shenzhen Co", "country": "CN"},
                "consignee": holder,
                "dispatch_country": "CN",
                "lines": [
                    {
                        "line_no": 1,
                        "hs_code": "854231",
                        "quantity": 10 + n % 7,
                        "unit": "C62",
                        "value": 1000.0,
                        "origin_country": "CN",
                    }
                ],
            }
        )
    return out


async def client_run(
    http: httpx.AsyncClient, client: int, batches: int, size: int, latencies: list[float]
) -> int:
    accepted = 0
    for b in range(batches):
        body = make_batch(client, b, size)
        t0 = time.perf_counter()
        resp = await http.post("/api/v1/events", json=body)
        latencies.append(time.perf_counter() - t0)
        resp.raise_for_status()
        accepted += resp.json()["accepted"]
    return accepted


async def load(base: str, token: str, clients: int, batches: int, size: int) -> dict[str, Any]:
    latencies: list[float] = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(
        base_url=base,
        headers={"Authorization": f"Bearer {token}"},
        timeout=300,
        limits=limits,
    ) as http:
        t0 = time.perf_counter()
        counts = await asyncio.gather(
            *(client_run(http, c, batches, size, latencies) for c in range(clients))
        )
        wall = time.perf_counter() - t0
    latencies.sort()
    q = statistics.quantiles(latencies, n=100)
    return {
        "accepted": sum(counts),
        "wall": wall,
        "requests": len(latencies),
        "p50": q[49],
        "p95": q[94],
        "p99": q[98],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=None, help="PostgreSQL URL (default: temporary SQLite)")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--batches", type=int, default=4, help="batches per client")
    parser.add_argument("--batch-size", type=int, default=100)
    args = parser.parse_args()

    schema = None
    tmp = tempfile.TemporaryDirectory(prefix="tamga-bench-")
    if args.db:
        schema = f"bench_{uuid.uuid4().hex[:10]}"
        admin = create_engine(args.db, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        sep = "&" if "?" in args.db else "?"
        url = f"{args.db}{sep}options=-csearch_path%3D{schema}"
    else:
        url = f"sqlite:///{Path(tmp.name) / 'tamga.sqlite'}"
    engine = connect(url)
    token = TokenStore(engine).create("admin", name="bench").token
    engine.dispose()

    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tamga",
            "serve",
            "--port",
            str(port),
            "--db",
            url,
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
        ],
        env={**os.environ, "TAMGA_DATABASE_URL": url},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"{base}/api/v1/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("the server did not start")
            time.sleep(0.3)
        if args.workers > 1:
            time.sleep(3)  # let every worker finish starting
        # one event first: the ledger creates its chain head on the first commit, and two
        # concurrent first commits on an empty PostgreSQL store collide (reported to the ledger)
        warm = httpx.post(
            f"{base}/api/v1/events",
            json=make_batch(999, 0, 1),
            headers={"Authorization": f"Bearer {token}"},
            timeout=60,
        )
        warm.raise_for_status()
        result = asyncio.run(load(base, token, args.clients, args.batches, args.batch_size))
    finally:
        server.terminate()
        server.wait(timeout=30)
        if schema:
            with admin.connect() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        tmp.cleanup()
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    store = "PostgreSQL" if args.db else "SQLite"
    print(
        f"store={store} workers={args.workers} clients={args.clients} "
        f"batch={args.batch_size} requests={result['requests']}"
    )
    print(f"accepted events: {result['accepted']} in {result['wall']:.2f} s")
    print(f"capture throughput: {result['accepted'] / result['wall']:,.0f} events/s")
    print(
        f"request latency (batch of {args.batch_size}): p50 {result['p50'] * 1000:.0f} ms, "
        f"p95 {result['p95'] * 1000:.0f} ms, p99 {result['p99'] * 1000:.0f} ms"
    )
    print(f"peak server process memory: {peak_mb:,.0f} MB (largest worker)")


if __name__ == "__main__":
    main()
