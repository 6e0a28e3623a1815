"""The selectivity replay over several worlds and seeds: random / rules / rules + model.

Each seed's world (the simulator, or the independently written second world, run as a black
box) is written, its holders, sanctions and rates loaded and its ledger ingested with the rules
(as ``benchmarks/risk_quality.py`` does; a world already in ``--workdir`` is reused), then
replayed 52 weeks at 1% and 5% as ``tamga selectivity replay --labels ... --json`` does. Prints
precision / recall / value recall per seed, rate and policy, with the load average and the
replay's CPU time.

    python benchmarks/selectivity_replay.py --world simulator --seeds 1,2 --events 150000
    python benchmarks/selectivity_replay.py --world second --seeds 1,2,3,4,5 --events 300000
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tamga.selectivity.replay import ReplayInput, replay, summary, truth_from_labels
from tamga.selectivity.replaying import read_labels
from tamga.selectivity.source import read_ledger
from tamga.store.database import connect

sys.path.insert(0, str(Path(__file__).resolve().parent))
from risk_quality import ingest, make_world


def replay_input(world: str, seed: int, events: int, work: Path) -> ReplayInput:
    files = make_world(world, seed, events, work)
    store = work / "replay.sqlite"
    url = f"sqlite:///{store}"
    if not store.exists():
        done = ingest(url, files["ledger"], True, files)
        done["service"].engine.dispose()
    engine = connect(url)
    try:
        view = read_ledger(engine)
    finally:
        engine.dispose()
    truth = truth_from_labels(read_labels(files["labels"]), view.declarations)
    return ReplayInput(view.declarations, view.registry, view.kinds, truth)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--world", choices=("simulator", "second"), default="simulator")
    ap.add_argument("--seeds", default="1,2")
    ap.add_argument("--events", type=int, default=150_000)
    ap.add_argument("--weeks", type=int, default=52)
    ap.add_argument("--workdir", type=Path, help="keep (and reuse) the worlds and stores here")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    root = args.workdir or Path(tempfile.mkdtemp(prefix="tamga-sel-replay-"))
    out: dict[str, Any] = {"world": args.world, "events": args.events, "seeds": {}}
    for seed in (int(s) for s in args.seeds.split(",")):
        data = replay_input(args.world, seed, args.events, root / f"{args.world}-{seed}")
        load = os.getloadavg()
        cpu = time.process_time()
        result = summary(replay(data, weeks=args.weeks), args.weeks)
        out["seeds"][seed] = {
            **result,
            "declarations": len(data.declarations),
            "offending": len(data.truth),
            "load_average": [round(x, 1) for x in load],
            "replay_cpu_seconds": round(time.process_time() - cpu, 1),
        }
        if not args.json:
            got = out["seeds"][seed]
            print(
                f"{args.world} seed {seed}: {got['declarations']:,} declarations, "
                f"{got['offending']:,} offending; load {got['load_average']}, replay CPU "
                f"{got['replay_cpu_seconds']} s"
            )
            for rate, policies in result["rates"].items():
                cells = "  ".join(
                    f"{p} {m['precision']:.3f}/{m['recall']:.3f}/{m['value_recall']:.3f}"
                    for p, m in policies.items()
                )
                print(f"  {float(rate):.0%}  {cells}")
    if args.json:
        print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
