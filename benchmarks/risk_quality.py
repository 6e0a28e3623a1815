"""Risk engine quality and speed against a world's ground truth, per seed and over seeds.

A world is ``simulator`` (``tamga simulate``, tuned on), ``second`` (benchmarks/worlds/second.py),
``third`` (benchmarks/worlds/third/, a holdout: seeds 201-210, never tuned on) or ``fourth``
(benchmarks/worlds/fourth/, the final holdout: seeds 301-310), each written independently of the
rules; the second's seeds 1-5 are for tuning, 101-110 are the holdout nobody tunes on. Each
seed's ledger is ingested into a fresh SQLite store with the risk engine attached (holders, the
sanctions file and the rates file loaded first, as a deployment would) - and, unless
``--no-plain``, once more without rules for the ingest rate - and the script prints:

- recall per planted scheme (a case is found when an alert names one of its events, or is
  about one of its declarations or transits),
- precision overall and per rule (an alert is right when it concerns some planted case), and
  per flagged subject (declarations and transits with an alert),
- precision per score decile (do higher scores mean likelier cases?),
- clean exports flagged (export declarations of no planted case with an alert),
- alerts per 10,000 events, the realised channel mix, ingest rate without and with rules.

    python benchmarks/risk_quality.py --world simulator --seeds 1 2 --events 150000
    python benchmarks/risk_quality.py --world second --seeds 101 102 103 104 105 --events 30000
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import orjson

from tamga.ledger.parsing import read_records
from tamga.ledger.service import LedgerService
from tamga.rates.store import RatesStore
from tamga.risk import attach, run_ledger
from tamga.risk.evaluation import clean_exports_flagged, criteria_flagged, evaluate, merge
from tamga.screening.repository import ScreeningRepository
from tamga.simulate import Outputs, SimConfig, generate

ROOT = Path(__file__).resolve().parents[1]
#: how each independently written world is generated: seed, events and out are appended
WORLDS = {
    "second": [sys.executable, str(ROOT / "benchmarks" / "worlds" / "second.py")],
    "third": [sys.executable, "-m", "benchmarks.worlds.third"],
    "fourth": [sys.executable, "-m", "benchmarks.worlds.fourth"],
}


def ingest(
    url: str,
    ledger: Path,
    risk: bool,
    extras: dict[str, Path] | None,
    config: dict[str, Any] | None = None,
) -> dict[str, Any]:
    service = LedgerService.open(url)
    if extras is not None:
        service.load_holders(extras["holders"])
        ScreeningRepository(service.engine).load_file(extras["sanctions"])
        if extras["rates"].exists():
            RatesStore(service.engine).load_file(extras["rates"], "KZT")
    alerts = attach(service, config) if risk else None
    started = time.perf_counter()
    report = service.ingest_records(read_records(ledger))
    if alerts is not None and alerts.runtime is not None:
        alerts.runtime.flush()
    seconds = time.perf_counter() - started
    return {
        "service": service,
        "alerts": alerts,
        "accepted": report.accepted,
        "rejected": report.rejected,
        "seconds": seconds,
        "rate": report.accepted / seconds if seconds else 0.0,
    }


def make_world(world: str, seed: int, events: int, work: Path) -> dict[str, Path]:
    """Write one seed's world into ``work`` (reused when already there); its files."""
    work.mkdir(parents=True, exist_ok=True)
    if world == "simulator":
        ledger = work / "ledger.jsonl"
        if not ledger.exists():
            generate(SimConfig(seed=seed, events=events), Outputs.beside(ledger))
        stem = "ledger"
    else:
        ledger = work / "world.jsonl"
        if not ledger.exists():
            subprocess.run(
                [
                    *WORLDS[world],
                    "--seed",
                    str(seed),
                    "--events",
                    str(events),
                    "--out",
                    str(work),
                ],
                check=True,
                cwd=ROOT,
            )
        stem = "world"
    return {
        "ledger": ledger,
        "labels": work / f"{stem}.labels.jsonl",
        "holders": work / f"{stem}.holders.jsonl",
        "sanctions": work / f"{stem}.sanctions.ftm.json",
        "rates": work / f"{stem}.rates.csv",
    }


def export_declarations(ledger: Path) -> list[str]:
    out = []
    with ledger.open("rb") as fh:
        for line in fh:
            if b'"export"' in line:
                ev = orjson.loads(line)
                if ev.get("type") == "export":
                    out.append(ev["declaration_no"])
    return out


def run_seed(args: argparse.Namespace, seed: int, root: Path) -> dict[str, Any]:
    files = make_world(args.world, seed, args.events, root / f"{args.world}-{seed}")
    labels = [json.loads(line) for line in files["labels"].open() if line.strip()]
    work = files["ledger"].parent
    for old in work.glob("*.sqlite*"):
        old.unlink()
    plain = None
    if not args.no_plain:
        plain = ingest(f"sqlite:///{work / 'plain.sqlite'}", files["ledger"], False, None)
    config = None
    if args.config:
        import yaml

        config = yaml.safe_load(args.config.read_text())
    ruled = ingest(f"sqlite:///{work / 'risk.sqlite'}", files["ledger"], True, files, config)
    service = ruled["alerts"]
    everything = service.list(limit=0)
    result = evaluate(everything, labels)
    result["clean_exports"] = clean_exports_flagged(
        everything, labels, export_declarations(files["ledger"])
    )
    config = service.config
    weights = {name: config.weight(name) for name in config.rules}
    sent = criteria_flagged(everything, weights, float(config.selectivity["yellow_at"]))
    criteria = evaluate(sent, labels)
    criteria["clean_exports"] = clean_exports_flagged(
        sent, labels, export_declarations(files["ledger"])
    )
    criteria["events"] = ruled["accepted"]
    result["criteria"] = criteria
    events = ruled["accepted"]
    out: dict[str, Any] = {
        "seed": seed,
        "events": events,
        "rejected": ruled["rejected"],
        **result,
        "ingest_rate_with_rules": round(ruled["rate"]),
        "channels": service.report(ruled["service"]),
    }
    if plain is not None:
        out["ingest_rate_without_rules"] = round(plain["rate"])
        out["rate_ratio"] = round(ruled["rate"] / plain["rate"], 3)
    if args.parity:
        before = service.store.all_contents()
        summary = run_ledger(ruled["service"])
        after = service.store.all_contents()
        out["parity"] = {"identical": before == after, "batch": summary}
    return out


def show(title: str, out: dict[str, Any]) -> None:
    print(f"\n== {title}: {out['events']:,} events")
    print(f"{'scheme':<22}{'cases':>7}{'found':>7}{'recall':>8}")
    for scheme, r in out["recall"].items():
        print(f"{scheme:<22}{r['cases']:>7}{r['found']:>7}{r['recall']:>8.3f}")
    print(f"\n{'rule':<22}{'alerts':>7}{'right':>7}{'precision':>10}")
    for rule, r in out["by_rule"].items():
        print(f"{rule:<22}{r['alerts']:>7}{r['right']:>7}{r['precision']:>10.3f}")
    print(f"\nprecision overall: {out['precision']:.3f} over {out['alerts']} alerts")
    s = out["subjects"]
    print(f"precision per flagged subject: {s['precision']:.3f} over {s['flagged']} flagged")
    print(
        "precision per score decile: "
        + ", ".join(
            f"{d['from']:.1f}-{d['to']:.1f} {d['precision']:.2f} ({d['alerts']})"
            for d in out["deciles"]
            if d["alerts"]
        )
    )
    c = out["clean_exports"]
    print(f"clean exports flagged: {c['flagged']} of {c['clean']} ({c['share']:.2%})")
    print(f"alerts per 10,000 events: {out['alerts'] / max(out['events'], 1) * 10_000:.1f}")
    if "rate_ratio" in out:
        print(
            f"ingest: {out['ingest_rate_without_rules']:,} events/s without rules, "
            f"{out['ingest_rate_with_rules']:,} with rules (ratio {out['rate_ratio']})"
        )
    if "parity" in out:
        print(f"batch run = incremental: {out['parity']['identical']}")
    if "criteria" in out:
        c = out["criteria"]
        print(
            "sent by the criteria (combined score >= yellow_at): recall "
            + ", ".join(f"{k} {v['recall']:.2f}" for k, v in c["recall"].items())
        )
        print(
            f"  precision {c['precision']:.3f} over {c['alerts']} alerts, per subject "
            f"{c['subjects']['precision']:.3f} over {c['subjects']['flagged']}; clean exports "
            f"{c['clean_exports']['share']:.2%}"
        )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--world", choices=("simulator", *WORLDS), default="simulator")
    ap.add_argument("--seeds", type=int, nargs="+", default=[1])
    ap.add_argument("--events", type=int, default=150_000)
    ap.add_argument("--workdir", type=Path, help="where worlds are written (and reused)")
    ap.add_argument("--no-plain", action="store_true", help="skip the ingest without rules")
    ap.add_argument("--config", type=Path, help="a risk configuration merged over the defaults")
    ap.add_argument("--parity", action="store_true", help="also run `risk run` and compare")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    root = args.workdir or Path(tempfile.mkdtemp(prefix="tamga-risk-"))
    runs = [run_seed(args, seed, root) for seed in args.seeds]
    total = merge(runs)
    total["criteria"] = merge([r["criteria"] for r in runs])
    if args.json:
        print(json.dumps({"runs": runs, "total": total}, indent=2, default=str))
        return 0
    print(f"world {args.world}, seeds {args.seeds}, {args.events:,} events each (work {root})")
    for run in runs:
        show(f"{args.world} seed {run['seed']}", run)
    if len(runs) > 1:
        show(f"{args.world} seeds {args.seeds} together", total)
    return 0


if __name__ == "__main__":
    sys.exit(main())
