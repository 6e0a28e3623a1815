"""Fit the risk engine's score calibration on the TUNING worlds only, and write it as data.

Runs each tuning world's ledger through the rules with calibration off, marks each alert
right or wrong against the labels (as benchmarks/risk_quality.py does), fits an isotonic map
per rule from raw score to the share of alerts that were real (scikit-learn), and writes
``src/tamga/risk/calibration.yaml``. Never give it holdout seeds (second world 101-110).

    python benchmarks/calibrate.py --simulator 1 2 --second 1 2 3 4 5 --workdir /tmp/w
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).parent))

from risk_quality import ingest, make_world

OUT = Path(__file__).parents[1] / "src" / "tamga" / "risk" / "calibration.yaml"
HOLDOUT = range(101, 111)


def alerts_marked(world: str, seed: int, events: int, root: Path) -> list[tuple[str, float, bool]]:
    files = make_world(world, seed, events, root / f"{world}-{seed}")
    labels = [json.loads(line) for line in files["labels"].open() if line.strip()]
    by_event = {e for c in labels for e in c["event_ids"]}
    by_ref = {r for c in labels for r in c["declarations"] + c["transits"]}
    db = files["ledger"].parent / "calibrate.sqlite"
    for old in files["ledger"].parent.glob("calibrate.sqlite*"):
        old.unlink()
    run = ingest(
        f"sqlite:///{db}", files["ledger"], True, files, {"calibration": {"enabled": False}}
    )
    out = []
    for a in run["alerts"].list(limit=0):
        right = a["subject"] in by_ref or any(e in by_event for e in a["event_ids"])
        out.append((a["rule"], float(a["score"]), right))
    return out


def fit(marked: list[tuple[str, float, bool]]) -> dict[str, Any]:
    from sklearn.isotonic import IsotonicRegression

    by: dict[str, list[tuple[float, bool]]] = defaultdict(list)
    for rule, score, right in marked:
        by[rule].append((score, right))
    rules: dict[str, Any] = {}
    for rule, pairs in sorted(by.items()):
        xs = [p[0] for p in pairs]
        ys = [1.0 if p[1] else 0.0 for p in pairs]
        iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(xs, ys)
        points = [
            [round(float(x), 4), round(float(y), 4)]
            for x, y in zip(iso.X_thresholds_, iso.y_thresholds_, strict=True)
        ]
        rules[rule] = {"n": len(pairs), "right": int(sum(ys)), "points": points}
    return rules


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--simulator", type=int, nargs="*", default=[1, 2])
    ap.add_argument("--second", type=int, nargs="*", default=[1, 2, 3, 4, 5])
    ap.add_argument("--sim-events", type=int, default=150_000)
    ap.add_argument("--second-events", type=int, default=30_000)
    ap.add_argument("--workdir", type=Path, required=True)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    if any(s in HOLDOUT for s in args.second):
        ap.error("seeds 101-110 of the second world are the holdout: never fit on them")
    marked: list[tuple[str, float, bool]] = []
    for seed in args.simulator:
        marked += alerts_marked("simulator", seed, args.sim_events, args.workdir)
    for seed in args.second:
        marked += alerts_marked("second", seed, args.second_events, args.workdir)
    data = {
        "fitted_on": f"simulator seeds {args.simulator} ({args.sim_events} events), second "
        f"world seeds {args.second} ({args.second_events} events)",
        "rules": fit(marked),
    }
    header = (
        "# Score calibration of the risk rules: raw score -> share of such alerts that were\n"
        "# real on the tuning worlds (isotonic). Written by benchmarks/calibrate.py; do not\n"
        "# edit by hand. See docs/risk.md.\n"
    )
    args.out.write_text(header + yaml.safe_dump(data, sort_keys=False, width=100))
    for rule, spec in data["rules"].items():
        print(f"{rule:<22}{spec['n']:>6} alerts {spec['right']:>6} right  {spec['points']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
