"""Simulator speed and memory: events/s and peak memory for a 1,000,000-event ledger.

    .venv/bin/python benchmarks/simulate_bench.py [--events N] [--seed S]

Prints the rate of the full run (ledger, labels, holders, sanctions, manifest written to a
temporary directory), the peak resident memory of the process, and the same peak for a run a
tenth the size: memory that does not grow with size shows as two similar figures. Each size runs
in its own child process, so each peak is that run's own. The machine's load average is printed
too, since other work on a shared machine slows a CPU-bound run.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def child(events: int, seed: int) -> None:
    from tamga.simulate import Outputs, SimConfig, generate

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "ledger.jsonl"
        t0, c0 = time.perf_counter(), time.process_time()
        result = generate(SimConfig(seed=seed, events=events), Outputs.beside(out))
        elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
        size = out.stat().st_size
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "events": result.events,
                "seconds": round(elapsed, 2),
                "events_per_s": round(result.events / elapsed),
                "cpu_seconds": round(cpu, 2),
                "events_per_cpu_s": round(result.events / cpu),
                "peak_rss_mb": round(peak_kb / 1024, 1),
                "ledger_mb": round(size / 2**20, 1),
                "cases": sum(result.cases.values()),
                "holders": result.holders,
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.events, args.seed)
        return
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    rows = []
    for events in (args.events // 10, args.events):
        proc = subprocess.run(
            [
                sys.executable,
                __file__,
                "--child",
                "--events",
                str(events),
                "--seed",
                str(args.seed),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        rows.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    for r in rows:
        print(
            f"{r['events']:>10,} events  {r['seconds']:>7.2f} s  {r['events_per_s']:>9,} events/s  "
            f"({r['events_per_cpu_s']:,} per CPU-second)  "
            f"peak RSS {r['peak_rss_mb']:>7.1f} MB  ledger {r['ledger_mb']:,} MB  "
            f"{r['cases']:,} cases  {r['holders']:,} holders"
        )
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
