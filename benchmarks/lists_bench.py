"""Goods-check speed on the shipped lists: batch line checks/s, single-check latency, memory.

The lines are a realistic mix: most codes are ordinary goods that no list names (drawn from
the HS2022 file in ../shared when present), about a third are controlled, banned or
parallel-import codes extended to 10 digits; brands, origins, destinations and dates
(2022-2024) vary, and lines repeat the way a declaration stream's do (a pool of distinct lines
drawn with a skew). The issue's target is 1,000,000 line checks/s in batch.

    .venv/bin/python benchmarks/lists_bench.py [--lines 2000000] [--distinct 50000]
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import statistics
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

from tamga.lists import GoodsChecker
from tamga.lists.checker import Line
from tamga.lists.defaults import default_lists

SHARED_HS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "hs"
BRANDS = ["Apple", "Samsung", "Самсунг", "Sony", "Xiaomi", "Haier", "BMW", "Toyota", "Lada",
          "Bosch", "Nintendo", "Lego", "Canon", "Generic", None, None, None]  # fmt: skip
ORIGINS = ["DE", "CN", "TR", "FR", "IT", "US", "KR", "JP", "KZ", None]
DESTINATIONS = ["RU", "RU", "BY", "KZ", "KG", "AM", "UZ", None]


def ordinary_codes(rng: random.Random) -> list[str]:
    path = SHARED_HS / "harmonized-system.csv"
    if path.is_file():
        with path.open(encoding="utf-8") as fh:
            return [r["hscode"] for r in csv.DictReader(fh) if len(r["hscode"]) == 6]
    return [f"{rng.randint(1, 97):02d}{rng.randint(1, 9999):04d}" for _ in range(5000)]


def make_pool(distinct: int, rng: random.Random) -> list[Line]:
    listed = sorted({p for gl in default_lists() for e in gl.entries for p in e.hs_prefixes})
    ordinary = ordinary_codes(rng)
    start = date(2022, 1, 1)
    pool: list[Line] = []
    for _ in range(distinct):
        base = rng.choice(listed) if rng.random() < 0.35 else rng.choice(ordinary)
        code = (base + "".join(rng.choice("0123456789") for _ in range(10)))[:10]
        on = start + timedelta(days=rng.randrange(3 * 365))
        pool.append((code, rng.choice(BRANDS), rng.choice(ORIGINS), rng.choice(DESTINATIONS), on))
    return pool


def percentiles(samples: list[float]) -> str:
    q = statistics.quantiles(samples, n=1000)
    return ", ".join(
        f"p{name} {q[i] * 1e6:.2f} µs" for name, i in (("50", 499), ("95", 949), ("99", 989))
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=2_000_000)
    parser.add_argument("--distinct", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    tracemalloc.start()
    t0 = time.perf_counter()
    checker = GoodsChecker(default_lists())
    build = time.perf_counter() - t0
    build_mem = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    entries = sum(len(gl.entries) for gl in checker.lists.values())
    print(f"lists: {len(checker.lists)}, entry versions: {entries}")
    print(f"checker build: {build * 1e3:.1f} ms, peak {build_mem / 1e6:.2f} MB (tracemalloc)")

    pool = make_pool(args.distinct, rng)
    weights = [1 / (i + 1) ** 0.8 for i in range(len(pool))]  # a few lines recur very often
    lines = rng.choices(pool, weights=weights, k=args.lines)

    t0 = time.perf_counter()
    first = checker.check_many(lines)
    cold = time.perf_counter() - t0
    t0 = time.perf_counter()
    checker.check_many(lines)
    warm = time.perf_counter() - t0
    hits = sum(1 for f in first if f)
    print(
        f"batch check_many, {args.lines:,} lines ({args.distinct:,} distinct), "
        f"{hits / len(lines):.0%} with findings:"
    )
    print(f"  first pass (answers computed, then cached): {len(lines) / cold:,.0f} lines/s")
    print(f"  second pass (answers cached):               {len(lines) / warm:,.0f} lines/s")

    sample = rng.sample(pool, 20_000)
    uncached = []
    fresh = GoodsChecker(default_lists())
    for hs, brand, origin, dest, on in sample:
        t = time.perf_counter()
        fresh.check(hs, brand, origin, dest, on)
        uncached.append(time.perf_counter() - t)
    cached = []
    for hs, brand, origin, dest, on in sample:
        t = time.perf_counter()
        fresh.check(hs, brand, origin, dest, on)
        cached.append(time.perf_counter() - t)
    print(f"single check latency, uncached: {percentiles(uncached)}")
    print(f"single check latency, cached:   {percentiles(cached)}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process: {peak:.0f} MB (includes the {args.lines:,} input lines)")


if __name__ == "__main__":
    main()
