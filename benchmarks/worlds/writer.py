"""Put the world's events in time order, give them their numbers, and write the five files."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path
from typing import Any

import orjson

from worlds import actors
from worlds.world import Event, World, utc


def finalize(w: World) -> list[Event]:
    """Sort by time, then number events, declarations (office/DDMMYY/sequence) and transits."""
    order = sorted(range(len(w.events)), key=lambda i: (utc(w.events[i]["_t"]), i))
    events = [w.events[i] for i in order]
    rng = w.rng
    seq: dict[tuple[str, int], int] = defaultdict(lambda: rng.randrange(100, 4000))
    decl: dict[str, str] = {}
    mrn: dict[str, str] = {}
    mrn_seq: dict[tuple[str, int], int] = defaultdict(lambda: rng.randrange(100, 9000))
    for n, ev in enumerate(events, start=1):
        ev["event_id"] = f"W2S{w.seed}-{n:07d}"
        t = ev["_t"]
        if "declaration_no" in ev and ev["declaration_no"].startswith("@D"):
            _, office, _kind = ev["declaration_no"].split("|")
            key = (office, t.year)
            seq[key] += rng.randint(1, 25)  # others' declarations in between
            real = f"{office}/{t:%d%m%y}/{seq[key]:07d}"
            decl[ev["declaration_no"]] = real
            ev["declaration_no"] = real
        if ev["type"] == "transit_start":
            key = (ev["office_of_departure"], t.year)
            mrn_seq[key] += rng.randint(1, 12)
            real = f"{t:%y}KZ{ev['office_of_departure']}TR{mrn_seq[key]:06d}"
            mrn[ev["transit_id"]] = real
        if "transit_id" in ev:
            ev["transit_id"] = mrn.get(ev["transit_id"], ev["transit_id"])
        for ln in ev.get("lines", ()):
            if ln.get("lot", "").startswith("@T"):
                ln["lot"] = mrn[ln["lot"]]
    w.mrn = mrn
    return events


def _clean(ev: Event) -> dict[str, Any]:
    return {k: v for k, v in ev.items() if not k.startswith("_")}


def write(w: World, events: list[Event], out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    ledger = out / "world.jsonl"
    with ledger.open("wb") as fh:
        for ev in events:
            fh.write(orjson.dumps(_clean(ev)) + b"\n")
    with (out / "world.labels.jsonl").open("wb") as fh:
        for i, case in enumerate(sorted(w.cases, key=lambda c: min(e["_t"] for e in c.events))):
            evs = sorted(case.events, key=lambda e: e["event_id"])
            fh.write(
                orjson.dumps(
                    {
                        "case_id": f"W2-{w.seed}-{i + 1:05d}",
                        "scheme": case.scheme,
                        "event_ids": [e["event_id"] for e in evs],
                        "declarations": [e["declaration_no"] for e in evs if "declaration_no" in e],
                        "holders": list(dict.fromkeys(case.holders)),
                        "transits": [w.mrn[t] for t in case.transits],
                        "detail": _resolve(w, case.detail),
                    }
                )
                + b"\n"
            )
    with (out / "world.holders.jsonl").open("wb") as fh:
        for h in w.holders:
            fh.write(orjson.dumps(h.as_json()) + b"\n")
    with (out / "world.sanctions.ftm.json").open("wb") as fh:
        for ent in sanctions_entities(w):
            fh.write(orjson.dumps(ent) + b"\n")
    with (out / "world.rates.csv").open("w", newline="") as fh:
        wr = csv.writer(fh)
        wr.writerow(["date", "currency", "rate"])
        wr.writerows(w.rates.rows(until=max(e["_t"] for e in events).date()))
    return ledger


def _resolve(w: World, detail: dict[str, Any]) -> dict[str, Any]:
    """Details may name events (their declaration or transit becomes the real number)."""
    out: dict[str, Any] = {}
    for k, v in detail.items():
        if isinstance(v, dict) and "_t" in v:
            out[k] = v.get("declaration_no") or v.get("event_id")
        elif isinstance(v, list) and v and isinstance(v[0], dict) and "_t" in v[0]:
            out[k] = [e.get("declaration_no") or e.get("event_id") for e in v]
        elif isinstance(v, str) and v.startswith("@T"):
            out[k] = w.mrn[v]
        else:
            out[k] = v
    return out


def sanctions_entities(w: World) -> list[dict[str, Any]]:
    """The listed parties (topic sanction) and, unlisted, their owners and some look-alikes."""
    ents: list[dict[str, Any]] = []
    rng = w.rng
    for li in w.listed:
        props: dict[str, list[str]] = {
            "name": [li.name],
            "alias": [li.latin],
            "country": ["ru"],
            "topics": ["sanction"],
            "innCode": [li.inn],
            "notes": ["Fictional entity of the tamga second evaluation world."],
        }
        if li.schema == "Company":
            props["ogrnCode"] = [actors.ru_ogrn(rng, li.inn)]
            props["address"] = [
                rng.choice(
                    [
                        "Москва",
                        "Санкт-Петербург",
                        "Екатеринбург",
                        "Новосибирск",
                        "Казань",
                        "Нижний Новгород",
                    ]
                )
            ]
        else:
            props["firstName"] = [li.forms["given"]]
            props["lastName"] = [li.forms["surname"]]
            props["fatherName"] = [li.forms["patronymic"]]
            props["birthDate"] = [
                f"{rng.randint(1958, 1988)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            ]
        ents.append(
            {
                "id": li.entity_id,
                "schema": li.schema,
                "properties": props,
                "datasets": ["w2_sanctions"],
                "target": True,
            }
        )
    # owners of listed companies and firms that are not listed (no sanction topic)
    owners = [
        "Зуев Павел Олегович",
        "Ремизова Анна Петровна",
        "Тарасов Глеб Ильич",
        "Хабибуллин Рустам Маратович",
        "Ершова Ольга Денисовна",
    ]
    for i, name in enumerate(owners):
        ents.append(
            {
                "id": f"w2-owner-{i:03d}",
                "schema": "Person",
                "properties": {
                    "name": [name],
                    "country": ["ru"],
                    "notes": ["Fictional; owner of a listed company."],
                },
                "datasets": ["w2_sanctions"],
                "target": False,
            }
        )
        companies = [li for li in w.listed if li.schema == "Company"]
        asset = companies[(i * 7 + w.seed) % len(companies)]
        ents.append(
            {
                "id": f"w2-own-{i:03d}",
                "schema": "Ownership",
                "properties": {
                    "owner": [f"w2-owner-{i:03d}"],
                    "asset": [asset.entity_id],
                    "percentage": [str(rng.choice([25, 50, 51, 75, 100]))],
                },
                "datasets": ["w2_sanctions"],
                "target": False,
            }
        )
    for i, d in enumerate(w.decoys):
        ents.append(
            {
                "id": f"w2-unlisted-{i:03d}",
                "schema": "LegalEntity",
                "properties": {
                    "name": [d.name],
                    "country": ["ru"],
                    "innCode": [d.id],
                    "notes": ["Fictional; not sanctioned."],
                },
                "datasets": ["w2_registry"],
                "target": False,
            }
        )
    return ents
