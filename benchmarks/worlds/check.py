"""Ingest a generated world into a fresh SQLite store (risk rules off) and print what the ledger
makes of it: acceptance, transit states, unbacked exports, cases per scheme. It measures the
world, not the rules: ``python benchmarks/worlds/check.py DIR``."""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import orjson

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tamga.ledger.parsing import read_records
from tamga.ledger.service import LedgerService


def check(out: Path) -> dict[str, object]:
    ledger = out / "world.jsonl"
    events = [orjson.loads(line) for line in ledger.read_bytes().splitlines()]
    labels = [orjson.loads(line) for line in (out / "world.labels.jsonl").read_bytes().splitlines()]
    with tempfile.TemporaryDirectory() as tmp:
        service = LedgerService.open(f"sqlite:///{tmp}/check.sqlite")
        t0 = time.perf_counter()
        report = service.ingest_records(read_records(ledger))
        took = time.perf_counter() - t0
        states = Counter(t["state"] for t in service.transits())
        planted = {eid for lb in labels for eid in lb["event_ids"]}
        unbacked: Counter[str] = Counter()
        for ev in events:
            if ev["type"] != "export":
                continue
            tr = service.trace(ev["declaration_no"])
            short = sum(ln["unbacked_quantity"] for ln in tr["lines"])
            if short > 1e-6:
                unbacked["planted" if ev["event_id"] in planted else "unplanted"] += 1
    return {
        "events": len(events),
        "accepted": report.accepted,
        "rejected": report.rejected,
        "errors": [f"{e.record} {e.field}: {e.reason}" for e in report.errors[:5]],
        "ingest_seconds": round(took, 1),
        "types": dict(Counter(e["type"] for e in events).most_common()),
        "transit_states": dict(states),
        "exports_with_unbacked_quantity": dict(unbacked),
        "cases": len(labels),
        "cases_by_scheme": dict(sorted(Counter(lb["scheme"] for lb in labels).items())),
        "currencies": sorted(
            {ln["currency"] for e in events for ln in e.get("lines", []) if "currency" in ln}
        ),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("dir", type=Path)
    result = check(ap.parse_args().dir)
    for k, v in result.items():
        print(f"{k}: {v}")
    return 0 if result["rejected"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
