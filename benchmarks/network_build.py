"""Trade network build time on a big simulated ledger, with memory, and the time of one view.

Run: ``.venv/bin/python benchmarks/network_build.py [--events 1000000] [--seed 1]
[--ledger FILE --store URL]``. Without ``--ledger`` the simulator writes a ledger of
``--events`` events (seeded) beside a temporary SQLite store, and it is ingested without the
risk rules. Then: the network built from the store's goods lines (``NetworkStore.rebuild``: SQL
sums per seller, buyer, month and HS code, controlled share by the stored lists, party names,
written back), the whole network read into igraph (``TradeNetwork``), and 200 holder views at
depth 2 (p50/p95). The plain baseline in the same run is one SQL pass counting the trade lines
(the least any build must read). Peak RSS from ``resource``; load average printed.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

from tamga.ledger.parsing import read_records
from tamga.ledger.service import LedgerService
from tamga.lists.service import ListsService
from tamga.network import NetworkStore, TradeNetwork
from tamga.simulate import Outputs, SimConfig, generate
from tamga.store.schema import event_lines


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--ledger", type=Path, default=None, help="an ingested ledger's store: --store")
    ap.add_argument("--store", default=None)
    ap.add_argument("--views", type=int, default=200)
    args = ap.parse_args()
    print(f"load average at start: {os.getloadavg()}")
    work = Path(tempfile.mkdtemp(prefix="tamga-network-"))
    url = args.store or f"sqlite:///{work / 'store.sqlite'}"
    ledger = LedgerService.open(url)
    if args.ledger is None:
        t = time.perf_counter()
        run = generate(
            SimConfig(seed=args.seed, events=args.events), Outputs.beside(work / "l.jsonl")
        )
        print(
            f"simulated {run.events:,} events in {time.perf_counter() - t:.1f} s (seed {args.seed})"
        )
        assert run.outputs.ledger is not None and run.outputs.holders is not None
        ledger.load_holders(run.outputs.holders)
        t = time.perf_counter()
        report = ledger.ingest_records(read_records(run.outputs.ledger))
        print(f"ingested {report.as_dict()} in {time.perf_counter() - t:.1f} s (no risk rules)")
    elif args.store is None:
        raise SystemExit("--ledger needs --store (the store it was ingested into)")
    engine = ledger.engine
    t = time.perf_counter()
    with engine.connect() as conn:
        lines = conn.scalar(
            select(func.count()).where(
                event_lines.c.role == "line",
                event_lines.c.type.in_(("import", "export", "transfer")),
            )
        )
    base = time.perf_counter() - t
    print(f"baseline: one SQL pass counting {lines:,} trade lines in {base:.1f} s")
    before = peak_mb()
    t = time.perf_counter()
    built = NetworkStore(engine).rebuild(ListsService(engine).checker())
    took = time.perf_counter() - t
    print(
        f"network build: {took:.1f} s ({built.edges:,} monthly edges, {built.nodes:,} parties,"
        f" log head {built.last_seq:,}); peak RSS {peak_mb():,.0f} MB (before {before:,.0f} MB)"
    )
    t = time.perf_counter()
    store = NetworkStore(engine)
    net = TradeNetwork(store.edges(), store.nodes())
    print(
        f"igraph network read: {time.perf_counter() - t:.1f} s, {len(net):,} parties,"
        f" {net.graph.ecount():,} edges; peak RSS {peak_mb():,.0f} MB"
    )
    rng = random.Random(args.seed)
    holders = [
        nid for nid, (_n, kind, _c) in net.info.items() if kind == "holder" and nid in net.index
    ]
    times = []
    for holder in rng.sample(holders, min(args.views, len(holders))):
        t = time.perf_counter()
        net.view(holder, depth=2)
        times.append((time.perf_counter() - t) * 1000)
    q = statistics.quantiles(times, n=100)
    print(f"view at depth 2, {len(times)} holders: p50 {q[49]:.1f} ms, p95 {q[94]:.1f} ms,"
          f" max {max(times):.1f} ms")  # fmt: skip
    print(f"load average at end: {os.getloadavg()}")


if __name__ == "__main__":
    main()
