"""Re-screening speed: every party of a ledger against a list delta, and against the whole list.

Run: ``.venv/bin/python benchmarks/screening_rescreen.py [--parties 20000] [--entities 100000]
[--delta 200] [--db sqlite:///...]``. A ledger of one import and one export per party (synthetic
consignees, a tenth of them distorted names of listed entities) is ingested into a fresh store,
the list (``screening_speed.py``'s generator) loaded, then a delta of ``--delta`` changed
entities; the figures are the time to re-screen every party against the delta (what
``tamga screen load`` does) and, as the plain baseline, against the whole list.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from screening_speed import distort, make_entities, word

from tamga.ledger.service import LedgerService
from tamga.screening.repository import ScreeningRepository
from tamga.screening.rescreen import rescreen
from tamga.store.database import connect


def ledger_events(entities: list, parties: int, seed: int = 5) -> list[dict]:  # type: ignore[type-arg]
    rng = random.Random(seed)
    out = []
    for i in range(parties):
        if i % 10 == 0:
            name = distort(rng, rng.choice(entities).names[0])
        else:
            name = f"{word(rng)} {word(rng)} LLC".title()
        line = {"line_no": 1, "hs_code": "845011", "quantity": 2, "unit": "C62", "value": 10.0}
        day = f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}T08:00:00+00:00"
        out.append({
            "event_id": f"im-{i}", "type": "import", "time": day, "location": "ALA-01",
            "declaration_no": f"IM{i}", "consignee": f"KZ-{i % 500}", "dispatch_country": "DE",
            "consignor": {"id": f"DE-{i}", "name": "Siemens AG", "country": "DE"},
            "lines": [dict(line, origin_country="DE")],
        })  # fmt: skip
        out.append({
            "event_id": f"ex-{i}", "type": "export", "time": day, "location": "KZ-BORDER",
            "declaration_no": f"EX{i}", "exporter": f"KZ-{i % 500}", "destination_country": "RU",
            "consignee": {"id": f"RU-{i}", "name": name, "country": "RU"},
            "office_of_exit": "KZ-BORDER", "lines": [dict(line, quantity=1)],
        })  # fmt: skip
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--parties", type=int, default=20_000)
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--delta", type=int, default=200)
    parser.add_argument("--db")
    args = parser.parse_args()
    url = args.db or f"sqlite:///{tempfile.mkdtemp()}/rescreen.sqlite"
    entities = make_entities(args.entities)
    t0 = time.perf_counter()
    LedgerService.open(url).ingest(ledger_events(entities, args.parties))
    print(f"ledger: {2 * args.parties:,} events in {time.perf_counter() - t0:.1f}s")
    engine = connect(url)
    repo = ScreeningRepository(engine)
    t0 = time.perf_counter()
    repo.apply("list.ftm.json", [("ADD", e) for e in entities])
    print(f"list: {len(entities):,} entities loaded in {time.perf_counter() - t0:.1f}s")
    rng = random.Random(9)
    delta = rng.sample(entities, args.delta)
    report = repo.apply("delta.json", [("MOD", e) for e in delta])
    t0 = time.perf_counter()
    quick = rescreen(engine, report.changed)
    took = time.perf_counter() - t0
    print(f"against the delta ({len(report.changed)} entities): {quick.parties:,} parties in "
          f"{took:.1f}s ({quick.parties / took:,.0f} parties/s), {quick.matches} matches, "
          f"{quick.alerts} alerts")  # fmt: skip
    t0 = time.perf_counter()
    full = rescreen(engine)
    took = time.perf_counter() - t0
    print(f"against the whole list (baseline): {full.parties:,} parties in {took:.1f}s "
          f"({full.parties / took:,.0f} parties/s), {full.matches} matches, "
          f"{full.new_matches} new, {full.alerts} alerts")  # fmt: skip


if __name__ == "__main__":
    main()
