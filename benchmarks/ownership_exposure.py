"""Exposure speed: one party's listed owners in a graph of 1,000,000 parties and 500,000
ownership links (p50/p95/p99), and what building that graph costs in time and memory.

Run: ``.venv/bin/python benchmarks/ownership_exposure.py [--entities 1000000] [--links 500000]
[--queries 2000] [--seed 1] [--store sqlite:///var/own.sqlite]``.

The graph is generated here (seeded): 30% persons, 70% companies; 1% of persons and 0.5% of
companies listed. Companies sit on levels 1-6 and are owned by persons or by companies of a
lower level, one to four owners each, shares splitting 100% (5% of them unknown), a fifth of
the links ended at some date, so chains up to six hops deep and diamonds occur. Queries ask
about random owned companies on random days 2018-2025. The baseline in the same run is the
plain one-hop answer (summing a party's listed direct owners), the floor of any walk.
With ``--store``, the links and parties are also written to the store and the graph read back
from it (``OwnershipStore.graph``), timed.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import resource
import statistics
import time
from datetime import date, timedelta

from tamga.ownership.exposure import exposure
from tamga.ownership.graph import OwnershipGraph, active_owners, paused_gc
from tamga.ownership.model import Link


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def generate(
    n: int, n_links: int, seed: int
) -> tuple[list[tuple[str, str, bool]], list[Link], list[str]]:
    rng = random.Random(seed)
    parties: list[tuple[str, str, bool]] = []
    persons: list[str] = []
    levels: list[list[str]] = [[] for _ in range(7)]
    owned_at: list[list[str]] = [[] for _ in range(7)]  # companies with owners, by level
    for i in range(n):
        if rng.random() < 0.3:
            eid = f"P{i}"
            parties.append((eid, f"Person {i}", rng.random() < 0.01))
            persons.append(eid)
        else:
            eid = f"C{i}"
            parties.append((eid, f"Company {i} LLC", rng.random() < 0.005))
            levels[rng.choice((1, 1, 2, 2, 3, 3, 4, 5, 6))].append(eid)
    links: list[Link] = []
    owned: list[str] = []
    start = date(2010, 1, 1)
    while len(links) < n_links:
        level = rng.choice((1, 2, 2, 3, 3, 4, 5, 6))
        asset = rng.choice(levels[level])
        k = rng.choice((1, 1, 2, 2, 3, 4))
        cuts = sorted(rng.sample(range(1, 100), k - 1)) if k > 1 else []
        shares = [(b - a) / 100 for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
        owned.append(asset)
        owned_at[level].append(asset)
        for j, share in enumerate(shares):
            if rng.random() < 0.4 or level == 1:
                owner = rng.choice(persons)
            else:
                up = rng.randrange(1, level)
                # holdings are mostly owned themselves: chains run several levels up
                pool = owned_at[up] if owned_at[up] and rng.random() < 0.7 else levels[up]
                owner = rng.choice(pool)
            began = start + timedelta(days=rng.randrange(0, 4000))
            ended = began + timedelta(days=rng.randrange(100, 3000)) if rng.random() < 0.2 else None
            links.append(
                Link(
                    link_id=f"L{len(links)}-{j}",
                    kind="ownership",
                    source=owner,
                    target=asset,
                    share=None if rng.random() < 0.05 else share,
                    start=began.isoformat(),
                    end=ended.isoformat() if ended else None,
                )
            )
    return parties, links[:n_links], owned


def build(parties: list[tuple[str, str, bool]], links: list[Link]) -> OwnershipGraph:
    graph = OwnershipGraph()
    with paused_gc():
        for eid, name, listed in parties:
            graph.add_party(eid, name, listed)
        for link in links:
            graph.add_link(link)
    return graph


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=1000)[int(q * 10) - 1] if len(values) > 1 else values[0]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--entities", type=int, default=1_000_000)
    ap.add_argument("--links", type=int, default=500_000)
    ap.add_argument("--queries", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--store", default=None, help="also write to and read from this store URL")
    args = ap.parse_args()
    print(f"load average at start: {os.getloadavg()}")
    t = time.perf_counter()
    parties, links, owned = generate(args.entities, args.links, args.seed)
    took = time.perf_counter() - t
    print(f"generated {len(parties):,} parties, {len(links):,} links in {took:.1f} s")
    gc.collect()
    before = rss_mb()
    t = time.perf_counter()
    graph = build(parties, links)
    built = time.perf_counter() - t
    gc.collect()
    print(
        f"graph build (in memory): {built:.1f} s, {len(graph):,} parties, {graph.links:,} links;"
        f" RSS +{rss_mb() - before:,.0f} MB for the graph ({rss_mb():,.0f} MB now,"
        f" peak {peak_mb():,.0f} MB)"
    )
    gc.freeze()
    rng = random.Random(args.seed + 1)
    queries = [
        (graph.index[rng.choice(owned)], date(2018, 1, 1) + timedelta(days=rng.randrange(0, 2900)))
        for _ in range(args.queries)
    ]
    times: list[float] = []
    exposed = paths = owners = truncated = 0
    for node, day in queries:
        t = time.perf_counter()
        exp = exposure(graph, node, day)
        times.append((time.perf_counter() - t) * 1000)
        exposed += exp.exposed
        paths += len(exp.paths)
        owners += len(exp.owners)
        truncated += exp.truncated
    base: list[float] = []
    for node, day in queries:
        t = time.perf_counter()
        iso = day.isoformat()
        _ = sum(
            s or 0.0
            for o, s, *_r in active_owners(graph.owners_of.get(node, []), iso)
            if graph.listed[o]
        )
        base.append((time.perf_counter() - t) * 1000)
    print(
        f"exposure, {len(times):,} queries: p50 {pct(times, 50):.3f} ms,"
        f" p95 {pct(times, 95):.3f} ms,"
        f" p99 {pct(times, 99):.3f} ms, max {max(times):.1f} ms; {exposed} exposed,"
        f" {owners / len(times):.1f} owners and {paths / len(times):.2f} listed chains a query,"
        f" {truncated} truncated"
    )
    print(
        f"baseline (listed direct owners only): p50 {pct(base, 50):.4f} ms,"
        f" p95 {pct(base, 95):.4f} ms"
    )
    if args.store:
        del graph, queries
        gc.unfreeze()
        gc.collect()
        store_round_trip(args.store, parties, links)
    print(f"load average at end: {os.getloadavg()}")


def store_round_trip(url: str, parties: list[tuple[str, str, bool]], links: list[Link]) -> None:
    from sqlalchemy import insert

    from tamga.ownership.store import OwnershipStore, _row
    from tamga.store.database import connect
    from tamga.store.ownership_tables import ownership_links
    from tamga.store.screening_tables import screening_entities

    engine = connect(url)
    t = time.perf_counter()
    with engine.begin() as conn:
        conn.execute(screening_entities.delete())
        conn.execute(ownership_links.delete())
        rows = []
        for eid, name, listed in parties:
            rows.append(
                {
                    "entity_id": eid, "schema": "LegalEntity", "caption": name,
                    "names": "[]", "countries": "[]", "identifiers": "[]", "addresses": "[]",
                    "datasets": "[]", "topics": "[]", "source": "bench", "loaded_at": "now",
                    "listed": listed,
                }
            )  # fmt: skip
            if len(rows) == 20_000:
                conn.execute(insert(screening_entities), rows)
                rows = []
        if rows:
            conn.execute(insert(screening_entities), rows)
        for i in range(0, len(links), 20_000):
            conn.execute(insert(ownership_links), [_row(lk, "now") for lk in links[i : i + 20_000]])
    print(f"store write: {time.perf_counter() - t:.1f} s")
    before = rss_mb()
    t = time.perf_counter()
    graph = OwnershipStore(engine).graph()
    print(
        f"graph from the store: {time.perf_counter() - t:.1f} s, {len(graph):,} parties,"
        f" {graph.links:,} links; RSS +{rss_mb() - before:,.0f} MB, peak {peak_mb():,.0f} MB"
    )


if __name__ == "__main__":
    main()
