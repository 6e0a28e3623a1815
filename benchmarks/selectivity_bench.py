"""Selectivity speed: what the model adds to the live path, and what a weekly retraining costs.

Simulates a ledger (or reads a store and its labels), ingests it without the rules when it
simulates (retraining reads the rules' hits if the store has them; their cost is the rules'),
then prints:

- one retraining as ``tamga selectivity train`` does it: the store's declarations read, every
  declaration's features built, the model trained on the inspected ones (5% of the
  declarations: every one the rules flag and a random draw to make up the rest, the
  simulator's labels as outcomes) with its hold-out fit;
- scoring latency per declaration on the live path (a :class:`Scorer`: features from the
  holder histories it keeps, one prediction), p50 / p99 / max, against a plain baseline in the
  same run: the features alone, without the model;
- peak memory.

    python benchmarks/selectivity_bench.py --events 1000000 --seed 5
    python benchmarks/selectivity_bench.py --db sqlite:///var/tamga.sqlite --labels labels.jsonl
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from tamga.ledger.parsing import read_records
from tamga.ledger.service import LedgerService
from tamga.risk.selectivity import draw
from tamga.selectivity.features import HolderHistory, advance, build, build_all
from tamga.selectivity.model import TrainingRow, selection_weights, train
from tamga.selectivity.replay import truth_from_labels
from tamga.selectivity.replaying import read_labels
from tamga.selectivity.scoring import Scorer
from tamga.selectivity.source import read_ledger
from tamga.simulate import Outputs, SimConfig, generate
from tamga.store.database import connect


def simulated_store(seed: int, events: int, work: Path) -> tuple[str, Path, float]:
    ledger = work / "ledger.jsonl"
    generate(SimConfig(seed=seed, events=events), Outputs.beside(ledger))
    url = f"sqlite:///{work / 'bench.sqlite'}"
    service = LedgerService.open(url)
    service.load_holders(work / "ledger.holders.jsonl")
    started = time.perf_counter()
    service.ingest_records(read_records(ledger))
    seconds = time.perf_counter() - started
    service.engine.dispose()
    return url, work / "ledger.labels.jsonl", seconds


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=200_000)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--db", help="an existing store (with --labels)")
    ap.add_argument("--labels", type=Path)
    ap.add_argument("--rate", type=float, default=0.05, help="share of declarations inspected")
    ap.add_argument("--score", type=int, default=3000, help="declarations scored one by one")
    ap.add_argument("--workdir", type=Path)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    out: dict[str, Any] = {"load_average": os.getloadavg()}
    if args.db:
        if not args.labels:
            ap.error("--db needs --labels")
        url, labels_path = args.db, args.labels
    else:
        work = args.workdir or Path(tempfile.mkdtemp(prefix="tamga-sel-bench-"))
        work.mkdir(parents=True, exist_ok=True)
        url, labels_path, ingest = simulated_store(args.seed, args.events, work)
        out |= {"simulated_events": args.events, "seed": args.seed, "ingest_seconds": ingest}

    started = time.perf_counter()
    import lightgbm  # noqa: F401  (imported once per process: not a retraining's cost)

    out["lightgbm_import_seconds"] = round(time.perf_counter() - started, 2)
    engine = connect(url)
    t0 = time.perf_counter()
    view = read_ledger(engine)
    t1 = time.perf_counter()
    rows = build_all(view.declarations, registry=view.registry, holder_kinds=view.kinds)
    t2 = time.perf_counter()
    truth = truth_from_labels(read_labels(labels_path), view.declarations)
    n = len(view.declarations)
    flagged = {d.number for d in view.declarations if d.hits}
    extra = max(0.0, args.rate - len(flagged) / n) if n else 0.0
    chosen = [
        (d, f)
        for d, f in zip(view.declarations, rows, strict=True)
        if d.number in flagged or draw(d.number, "bench") < extra
    ]
    randoms = [d.number not in flagged for d, _f in chosen]
    weights = selection_weights(randoms, extra)
    training = [
        TrainingRow(d.number, f, d.number in truth, w, r, d.time.isoformat())
        for (d, f), w, r in zip(chosen, weights, randoms, strict=True)
    ]
    t3 = time.perf_counter()
    trained = train(training, reference=rows)  # as `tamga selectivity train`: peers on every row
    t4 = time.perf_counter()
    out |= {
        "declarations": n,
        "offending": len(truth),
        "training_rows": len(training),
        "training_found": sum(r.found for r in training),
        "read_seconds": round(t1 - t0, 2),
        "features_seconds": round(t2 - t1, 2),
        "train_seconds": round(t4 - t3, 2),
        "retrain_seconds": round(t4 - t0, 2),
        "holdout": trained.metrics.get("holdout"),
    }

    # the live path: the last declarations scored one by one, holder histories kept
    tail = view.declarations[-args.score :]
    warm = view.declarations[: -args.score]
    scorer = Scorer(trained, view.registry, view.kinds)
    baseline: dict[str, HolderHistory] = {}
    for decl in warm:
        advance(scorer.histories.setdefault(decl.holder or "", HolderHistory()), decl)
        advance(baseline.setdefault(decl.holder or "", HolderHistory()), decl)
    # wall time (what this machine gave) and the thread's CPU time (what the work costs: on a
    # loaded machine a wall-time tail is the scheduler's time slice, not the model's)
    plain, with_model, plain_cpu, model_cpu = [], [], [], []
    for decl in tail:
        s, c = time.perf_counter_ns(), time.thread_time_ns()
        h = baseline.setdefault(decl.holder or "", HolderHistory())
        build(decl, h, registry=view.registry, holder_kinds=view.kinds)
        advance(h, decl)
        plain_cpu.append((time.thread_time_ns() - c) / 1e6)
        plain.append((time.perf_counter_ns() - s) / 1e6)
        s, c = time.perf_counter_ns(), time.thread_time_ns()
        scorer.score(decl)
        model_cpu.append((time.thread_time_ns() - c) / 1e6)
        with_model.append((time.perf_counter_ns() - s) / 1e6)
    out["scoring_ms"] = {
        "declarations": len(tail),
        "features_only": {
            "p50": round(statistics.median(plain), 4),
            "p99": round(percentile(plain, 0.99), 4),
        },
        "features_and_model": {
            "p50": round(statistics.median(with_model), 4),
            "p99": round(percentile(with_model, 0.99), 4),
            "max": round(max(with_model), 4),
        },
        "model_adds_p99": round(percentile(with_model, 0.99) - percentile(plain, 0.99), 4),
        "cpu_features_only": {
            "p50": round(statistics.median(plain_cpu), 4),
            "p99": round(percentile(plain_cpu, 0.99), 4),
        },
        "cpu_features_and_model": {
            "p50": round(statistics.median(model_cpu), 4),
            "p99": round(percentile(model_cpu, 0.99), 4),
        },
        "model_adds_p99_cpu": round(percentile(model_cpu, 0.99) - percentile(plain_cpu, 0.99), 4),
        "wall_over_1ms": sum(w > 1.0 for w in with_model),
    }
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    out["load_average_after"] = os.getloadavg()
    engine.dispose()
    if args.json:
        print(json.dumps(out, indent=2))
        return 0
    print(f"load average {out['load_average']}  (after: {out['load_average_after']})")
    print(f"lightgbm import {out['lightgbm_import_seconds']:.1f}s (once per process)")
    if "simulated_events" in out:
        print(
            f"simulated {out['simulated_events']:,} events (seed {out['seed']}), "
            f"ingested without rules in {out['ingest_seconds']:.1f}s"
        )
    print(
        f"declarations {n:,}, offending {len(truth):,}; training set {len(training):,} "
        f"({out['training_found']:,} found)"
    )
    print(
        f"weekly retraining: {out['retrain_seconds']:.1f}s = read {out['read_seconds']:.1f}s "
        f"+ features {out['features_seconds']:.1f}s + train {out['train_seconds']:.1f}s"
    )
    sc = out["scoring_ms"]
    print(
        f"scoring one declaration ({sc['declarations']:,}): features only p50 "
        f"{sc['features_only']['p50']:.3f} ms p99 {sc['features_only']['p99']:.3f} ms; "
        f"with the model p50 {sc['features_and_model']['p50']:.3f} ms p99 "
        f"{sc['features_and_model']['p99']:.3f} ms (max {sc['features_and_model']['max']:.2f}); "
        f"the model adds {sc['model_adds_p99']:.3f} ms at p99 (wall; {sc['wall_over_1ms']} "
        f"calls over 1 ms)"
    )
    print(
        f"  thread CPU time: features only p50 {sc['cpu_features_only']['p50']:.3f} ms p99 "
        f"{sc['cpu_features_only']['p99']:.3f} ms; with the model p50 "
        f"{sc['cpu_features_and_model']['p50']:.3f} ms p99 "
        f"{sc['cpu_features_and_model']['p99']:.3f} ms; the model adds "
        f"{sc['model_adds_p99_cpu']:.3f} ms at p99"
    )
    print(f"peak RSS {out['peak_rss_mb']:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
