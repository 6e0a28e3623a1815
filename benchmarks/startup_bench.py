"""Start-up time of `tamga` commands: how long before a command answers.

Runs each command N times in a fresh interpreter against a small SQLite store and prints the
median and p95 wall time, the median CPU time (user + system: what the command costs when other
processes share the cores) and the peak RSS, beside baselines in the same run: a bare
``python -c pass``, ``python -m tamga`` (which registers every command, as the console script
did before it learned to import only the owner of the command), and the floor of the libraries
a ledger command cannot do without: Typer, SQLAlchemy with the PostgreSQL dialect (the store's
schema names its partial indexes) and pydantic's model machinery (the store imports the event
model), imported as tamga imports them.

    python benchmarks/startup_bench.py [--runs 10]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ENTRY = "import sys; from tamga.cli.main import main; sys.argv = ['tamga', *sys.argv[1:]]; main()"
FLOOR = (
    "import typer, sqlalchemy;"
    " from sqlalchemy.dialects import postgresql, sqlite;"
    " from pydantic import BaseModel, ConfigDict, Field, AfterValidator, field_validator"
)


def cpu_seconds() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def timed(argv: list[str], runs: int) -> tuple[float, float, float]:
    """Median and p95 wall seconds of ``argv`` over ``runs``, and its median CPU seconds."""
    times, cpu = [], []
    for _ in range(runs):
        started, used = time.perf_counter(), cpu_seconds()
        subprocess.run(argv, capture_output=True, check=False)
        times.append(time.perf_counter() - started)
        cpu.append(cpu_seconds() - used)
    times.sort()
    p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
    return statistics.median(times), p95, statistics.median(cpu)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=10)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="tamga-startup-"))
    db = f"sqlite:///{work / 'tamga.sqlite'}"
    py = sys.executable
    subprocess.run([py, "-c", ENTRY, "summary", "--db", db], capture_output=True, check=True)
    cases = {
        "python -c pass (baseline)": [py, "-c", "pass"],
        "import typer, sqlalchemy, pydantic (floor)": [py, "-c", FLOOR],
        "python -m tamga stock (every command registered)": [
            py,
            "-m",
            "tamga",
            "stock",
            "180540012343",
            "--db",
            db,
        ],
        "tamga stock": [py, "-c", ENTRY, "stock", "180540012343", "--db", db],
        "tamga stock --json": [py, "-c", ENTRY, "stock", "180540012343", "--db", db, "--json"],
        "tamga stock --help": [py, "-c", ENTRY, "stock", "--help"],
        "tamga trace": [py, "-c", ENTRY, "trace", "EX-NONE", "--db", db],
        "tamga transit": [py, "-c", ENTRY, "transit", "MRN-NONE", "--db", db],
        "tamga goods check": [py, "-c", ENTRY, "goods", "check", "854231", "--destination", "RU"],
        "tamga --help": [py, "-c", ENTRY, "--help"],
    }
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    print(f"{'command':52} {'p50 s':>7} {'p95 s':>7} {'cpu s':>7}  (runs={args.runs})")
    for name, argv in cases.items():
        p50, p95, cpu = timed(argv, args.runs)
        print(f"{name:52} {p50:7.3f} {p95:7.3f} {cpu:7.3f}")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS of any run: {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
