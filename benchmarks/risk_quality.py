"""Risk engine quality and speed against the simulator's ground truth.

Simulates a ledger with planted schemes (or reads one), ingests it twice into fresh SQLite
stores - once without rules, once with the risk engine attached (holders and the sanctions file
loaded first, as a deployment would) - and prints:

- recall per planted scheme (a case is found when an alert names one of its events, or is
  about one of its declarations or transits),
- precision overall and per rule (an alert is right when it concerns some planted case),
- alerts per 10,000 events, the realised channel mix against its targets,
- ingest rate without and with rules.

    python benchmarks/risk_quality.py --events 200000 --seed 1 [--parity] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tamga.ledger.parsing import read_records
from tamga.ledger.service import LedgerService
from tamga.risk import attach, run_ledger
from tamga.risk.evaluation import evaluate
from tamga.screening.repository import ScreeningRepository
from tamga.simulate import Outputs, SimConfig, generate


def ingest(url: str, ledger: Path, risk: bool, extras: tuple[Path, Path] | None) -> dict[str, Any]:
    service = LedgerService.open(url)
    if extras is not None:
        holders, sanctions = extras
        service.load_holders(holders)
        ScreeningRepository(service.engine).load_file(sanctions)
    alerts = attach(service) if risk else None
    started = time.perf_counter()
    report = service.ingest_records(read_records(ledger))
    if alerts is not None and alerts.runtime is not None:
        alerts.runtime.flush()
    seconds = time.perf_counter() - started
    return {
        "service": service,
        "alerts": alerts,
        "accepted": report.accepted,
        "seconds": seconds,
        "rate": report.accepted / seconds if seconds else 0.0,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=200_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--ledger", type=Path, help="an existing simulated ledger.jsonl")
    ap.add_argument("--workdir", type=Path)
    ap.add_argument("--parity", action="store_true", help="also run `risk run` and compare")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="tamga-risk-"))
    work.mkdir(parents=True, exist_ok=True)
    if args.ledger:
        ledger = args.ledger
    else:
        ledger = work / "ledger.jsonl"
        generate(SimConfig(seed=args.seed, events=args.events), Outputs.beside(ledger))
    stem = ledger.with_suffix("")
    labels_path = Path(f"{stem}.labels.jsonl")
    if not labels_path.exists():
        labels_path = ledger.parent / "labels.jsonl"
    holders = Path(f"{stem}.holders.jsonl")
    sanctions = Path(f"{stem}.sanctions.ftm.json")
    labels = [json.loads(line) for line in labels_path.open() if line.strip()]

    for old in work.glob("*.sqlite*"):
        old.unlink()
    plain = ingest(f"sqlite:///{work / 'plain.sqlite'}", ledger, False, None)
    ruled = ingest(f"sqlite:///{work / 'risk.sqlite'}", ledger, True, (holders, sanctions))
    service = ruled["alerts"]
    everything = service.list(limit=0)
    result = evaluate(everything, labels)
    events = ruled["accepted"]
    out: dict[str, Any] = {
        "events": events,
        **result,
        "alerts_per_10k_events": round(result["alerts"] / events * 10_000, 2),
        "ingest_rate_without_rules": round(plain["rate"]),
        "ingest_rate_with_rules": round(ruled["rate"]),
        "rate_ratio": round(ruled["rate"] / plain["rate"], 3),
        "channels": service.report(ruled["service"]),
    }
    if args.parity:
        before = service.store.all_contents()
        summary = run_ledger(ruled["service"])
        after = service.store.all_contents()
        out["parity"] = {"identical": before == after, "batch": summary}
    if args.json:
        print(json.dumps(out, indent=2, default=str))
        return 0
    print(f"events ingested: {events:,}  (work dir {work})")
    print(f"{'scheme':<22}{'cases':>7}{'found':>7}{'recall':>8}")
    for scheme, r in out["recall"].items():
        print(f"{scheme:<22}{r['cases']:>7}{r['found']:>7}{r['recall']:>8.3f}")
    print(f"\n{'rule':<22}{'alerts':>7}{'right':>7}{'precision':>10}")
    for rule, r in out["by_rule"].items():
        print(f"{rule:<22}{r['alerts']:>7}{r['right']:>7}{r['precision']:>10.3f}")
    print(f"\nprecision overall: {out['precision']:.3f} over {out['alerts']} alerts")
    print(f"alerts per 10,000 events: {out['alerts_per_10k_events']}")
    mix = out["channels"]["mix"]
    targets = out["channels"]["targets"]
    print(
        "channel mix: "
        + ", ".join(f"{c} {mix[c]:.1%} (target {targets.get(c, 0):.1%})" for c in mix)
    )
    print(
        f"ingest: {out['ingest_rate_without_rules']:,} events/s without rules, "
        f"{out['ingest_rate_with_rules']:,} with rules (ratio {out['rate_ratio']})"
    )
    if args.parity:
        print(f"batch run = incremental: {out['parity']['identical']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
