"""Start-up time of `tamga` commands: how long before a command answers.

Runs each command N times in a fresh interpreter against a small SQLite store and prints the
median and p95 wall time and the peak RSS, beside two baselines in the same run: a bare
``python -c pass`` and ``python -m tamga`` (which registers every command, as the console script
did before it learned to import only the owner of the command).

    python benchmarks/startup_bench.py [--runs 10]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ENTRY = "import sys; from tamga.cli.main import main; sys.argv = ['tamga', *sys.argv[1:]]; main()"


def timed(argv: list[str], runs: int) -> tuple[float, float]:
    """Median and p95 seconds of ``argv`` over ``runs``."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(argv, capture_output=True, check=False)
        times.append(time.perf_counter() - started)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(0.95 * len(times)))]


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
        "tamga trace": [py, "-c", ENTRY, "trace", "EX-NONE", "--db", db],
        "tamga transit": [py, "-c", ENTRY, "transit", "MRN-NONE", "--db", db],
        "tamga goods check": [py, "-c", ENTRY, "goods", "check", "854231", "--destination", "RU"],
        "tamga --help": [py, "-c", ENTRY, "--help"],
    }
    print(f"{'command':52} {'p50 s':>7} {'p95 s':>7}  (runs={args.runs})")
    for name, argv in cases.items():
        p50, p95 = timed(argv, args.runs)
        print(f"{name:52} {p50:7.3f} {p95:7.3f}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS of any run: {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
