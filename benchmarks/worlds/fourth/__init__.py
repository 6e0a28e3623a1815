"""The fourth evaluation world: a 2025 customs year over Kazakhstan's western and northern
borders and the Caspian, written without knowledge of tamga's risk rules (see README.md).

``generate(seed, events, out)`` writes the ledger, the labels of the planted cases, the
decoys, the holders, a fictional sanctions file and the exchange rates into ``out``.
"""

from __future__ import annotations

import csv
import json
import random
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import Any

from benchmarks.worlds.fourth import flows, schemes
from benchmarks.worlds.fourth.world import RATES_FROM, RATES_TO, Case, World

__all__ = ["build", "generate"]

#: honest flows and decoys, by how often one is chosen
_FLOWS: list[tuple[str, float]] = [
    ("transit", 0.125),
    ("transit_inland", 0.055),
    ("distribution", 0.30),
    ("ordinary_reexport", 0.17),
    ("produce", 0.12),
    ("produce_young", 0.03),
    ("assembly", 0.02),
    ("chpl_enduse", 0.03),
    ("chpl_elsewhere", 0.015),
    ("back_to_back", 0.015),
    ("young_importer", 0.015),
    ("clearance", 0.015),
    ("reclass", 0.008),
    ("lookalike", 0.01),
]


def _honest(w: World, rng: random.Random, kind: str) -> Case | None:
    match kind:
        case "transit":
            return flows.honest_transit(w, rng)
        case "transit_inland":
            return flows.honest_transit(w, rng, inland=True)
        case "distribution":
            flows.distribution(w, rng)
        case "ordinary_reexport":
            flows.ordinary_reexport(w, rng)
        case "produce":
            return flows.produce(w, rng)
        case "produce_young":
            return flows.produce(w, rng, young=True)
        case "assembly":
            flows.assembly(w, rng)
        case "chpl_enduse":
            return flows.chpl_enduse(w, rng)
        case "chpl_elsewhere":
            return flows.chpl_elsewhere(w, rng)
        case "back_to_back":
            return flows.back_to_back(w, rng)
        case "young_importer":
            return flows.young_importer(w, rng)
        case "clearance":
            return flows.clearance(w, rng)
        case "reclass":
            return flows.reclass(w, rng)
        case "lookalike":
            return flows.lookalike_export(w, rng)
    return None


def build(seed: int, events: int) -> World:
    """The world in memory: holders, sanctions, cases planted first, honest flows to size."""
    w = World(seed, events)
    w.population()
    schemes.build_sanctions(w)
    srng = w.rng["schemes"]
    for scheme, per30k in schemes.RATES.items():
        for _ in range(max(3, round(per30k * w.target / 30000))):
            w.cases.append(schemes.PLANTERS[scheme](w, srng))
    trng = w.rng["trade"]
    for _ in range(max(2, w.target // 3000)):
        w.decoys.append(flows.year_open_transit(w, trng))
    w.flows = len(w.cases) + len(w.decoys)
    kinds = [k for k, _ in _FLOWS]
    weights = [x for _, x in _FLOWS]
    while len(w.events) < w.target:
        w.flows += 1
        decoy = _honest(w, trng, trng.choices(kinds, weights)[0])
        if decoy is not None and decoy.events:
            w.decoys.append(decoy)
    return w


def _plain(value: Any, ids: dict[int, str]) -> Any:
    if isinstance(value, dict):
        if "_t" in value:
            return ids[id(value)]
        return {k: _plain(v, ids) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v, ids) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _case_row(case: Case, key: str, case_id: str, ids: dict[int, str]) -> dict[str, Any]:
    evs = sorted((e for e in case.events if not e.get("_drop")), key=lambda e: (e["_t"], e["_n"]))
    decls = []
    for e in evs:
        no = e.get("declaration_no")
        if no and no not in decls:
            decls.append(no)
    transits = list(case.transits)
    holders = list(dict.fromkeys(case.holders))
    return {
        "case_id": case_id,
        key: case.scheme,
        "event_ids": [ids[id(e)] for e in evs],
        "declarations": decls,
        "holders": holders,
        "transits": transits,
        "detail": _plain(case.detail, ids),
    }


def generate(seed: int, events: int, out: Path) -> Path:
    """Write the world of ``seed`` (about ``events`` events) into ``out``; return the ledger."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    w = build(seed, events)
    kept = sorted((e for e in w.events if not e.get("_drop")), key=lambda e: (e["_t"], e["_n"]))
    ids: dict[int, str] = {}
    ledger = out / "world.jsonl"
    with ledger.open("w", encoding="utf-8") as fh:
        for n, e in enumerate(kept, start=1):
            eid = f"W4-{seed}-{n:06d}"
            ids[id(e)] = eid
            body = {"event_id": eid, "type": e["type"], "time": e["_t"].isoformat()}
            body.update((k, v) for k, v in e.items() if not k.startswith("_") and k != "type")
            if "deadline" in body:
                body["deadline"] = body["deadline"].isoformat()
            fh.write(json.dumps(body, ensure_ascii=False) + "\n")
    with (out / "world.labels.jsonl").open("w", encoding="utf-8") as fh:
        for n, case in enumerate(w.cases, start=1):
            row = _case_row(case, "scheme", f"W4-{seed}-C{n:04d}", ids)
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    with (out / "world.decoys.jsonl").open("w", encoding="utf-8") as fh:
        for n, case in enumerate(w.decoys, start=1):
            row = _case_row(case, "looks_like", f"W4-{seed}-D{n:04d}", ids)
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    with (out / "world.holders.jsonl").open("w", encoding="utf-8") as fh:
        for h in w.holders:
            fh.write(
                json.dumps(
                    {
                        "id": h.id,
                        "name": h.name,
                        "name_cyrillic": h.name_cyrillic,
                        "kind": h.kind,
                        "registered": h.registered.isoformat(),
                        "city": h.city,
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
    with (out / "world.sanctions.ftm.json").open("w", encoding="utf-8") as fh:
        for ent in w.sanctions:
            fh.write(json.dumps(dict(ent, datasets=["tamga_world4"]), ensure_ascii=False) + "\n")
    with (out / "world.rates.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["date", "currency", "rate"])
        for day in sorted(w.rates):
            for cur, rate in sorted(w.rates[day].items()):
                writer.writerow([day.isoformat(), cur, rate])
    manifest = {
        "world": "fourth",
        "seed": seed,
        "requested_events": events,
        "events": len(kept),
        "first_event": kept[0]["_t"].isoformat(),
        "last_event": kept[-1]["_t"].isoformat(),
        "rates_from": RATES_FROM.isoformat(),
        "rates_to": RATES_TO.isoformat(),
        "events_by_type": dict(Counter(e["type"] for e in kept)),
        "cases_by_scheme": dict(Counter(c.scheme for c in w.cases)),
        "decoys_by_look": dict(Counter(c.scheme for c in w.decoys)),
        "flows": w.flows,
        "planted_share_of_flows": round(len(w.cases) / w.flows, 4),
        "holders": len(w.holders),
        "sanctions_entities": len(w.sanctions),
    }
    (out / "world.manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    return ledger
