"""The second evaluation world: ``python benchmarks/worlds/second.py --seed N --events 30000
--out DIR`` writes world.jsonl, world.labels.jsonl, world.holders.jsonl,
world.sanctions.ftm.json and world.rates.csv into DIR. Seeds 1-5 are for tuning; 101-110 are
holdout (nobody tunes on them)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from worlds import flows, schemes, writer
from worlds.world import World


def build(seed: int, events: int) -> World:
    """The world of a seed: planted cases first, then ordinary flows until ``events``."""
    w = World(seed, events)
    schemes.plant(w, events)
    while len(w.events) < events:
        flows.legit_flow(w)
        w.flows += 1
    return w


def generate(seed: int, events: int, out: Path) -> Path:
    """Generate a world of about ``events`` events (whole flows, so a few more) into ``out``;
    return the ledger's path. The same seed gives the same files."""
    w = build(seed, events)
    return writer.write(w, writer.finalize(w), Path(out))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--events", type=int, default=30000)
    ap.add_argument("--out", type=Path, required=True)
    a = ap.parse_args(argv)
    w = build(a.seed, a.events)
    path = writer.write(w, writer.finalize(w), a.out)
    share = len(w.cases) / (w.flows + len(w.cases))
    print(
        f"{path}: {len(w.events)} events (seed {a.seed}), {w.flows} ordinary flows, "
        f"{len(w.cases)} planted cases ({share:.1%} of flows), {len(w.holders)} holders"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
