"""The fourth evaluation world's shape (seed 399, ~3,000 events): the same seed writes the
same files, the ledger accepts every event with the risk rules off, the labels point at
events, declarations, transits and holders that exist, the rates cover every day and
currency used, every scheme is planted, and identifiers carry valid check digits."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from collections import defaultdict
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # benchmarks/ is no installed package
    sys.path.insert(0, str(ROOT))

from benchmarks.worlds.fourth import generate  # noqa: E402
from benchmarks.worlds.fourth.replay import shortfalls  # noqa: E402

SEED, EVENTS = 399, 3000
FILES = (
    "world.jsonl",
    "world.labels.jsonl",
    "world.decoys.jsonl",
    "world.holders.jsonl",
    "world.sanctions.ftm.json",
    "world.rates.csv",
    "world.manifest.json",
)
SCHEMES = {
    "reexport",
    "phantom",
    "hs_switch",
    "fast_turnaround",
    "transit_unclosed",
    "transit_diverted",
    "transit_sold",
    "sanctioned_consignee",
    "misinvoicing",
}


def _rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("fourth")
    generate(SEED, EVENTS, out)
    return out


@pytest.fixture(scope="module")
def events(world: Path) -> list[dict[str, Any]]:
    return _rows(world / "world.jsonl")


@pytest.fixture(scope="module")
def labels(world: Path) -> list[dict[str, Any]]:
    return _rows(world / "world.labels.jsonl")


def test_the_same_seed_writes_the_same_files(world: Path, tmp_path: Path) -> None:
    generate(SEED, EVENTS, tmp_path)
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (world / name).read_bytes(), name
    other = tmp_path / "other"
    generate(SEED + 1, EVENTS, other)
    assert (other / "world.jsonl").read_bytes() != (world / "world.jsonl").read_bytes()


def test_about_the_events_asked_for_in_time_order(events: list[dict[str, Any]]) -> None:
    assert 0.95 * EVENTS <= len(events) <= 1.1 * EVENTS
    times = [datetime.fromisoformat(e["time"]) for e in events]
    assert times == sorted(times)
    assert all(t.year == 2025 and t.utcoffset() is not None for t in times)
    assert len({e["event_id"] for e in events}) == len(events)
    assert {e["type"] for e in events} == {
        "import",
        "transit_start",
        "checkpoint",
        "transit_end",
        "transfer",
        "transformation",
        "export",
        "adjustment",
    }


def test_the_ledger_accepts_every_event_with_the_risk_rules_off(
    world: Path, tmp_path: Path
) -> None:
    tamga = Path(sys.executable).parent / "tamga"
    done = subprocess.run(
        [
            str(tamga),
            "ingest",
            "--db",
            f"sqlite:///{tmp_path / 'w.sqlite'}",
            "--no-risk",
            "--json",
            str(world / "world.jsonl"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    report = json.loads(done.stdout[done.stdout.index("{") :])
    assert report["rejected"] == 0, report["errors"][:3]
    assert report["accepted"] == len(_rows(world / "world.jsonl"))
    assert done.returncode == 0


def test_every_scheme_is_planted_and_labels_point_at_what_exists(
    world: Path, events: list[dict[str, Any]], labels: list[dict[str, Any]]
) -> None:
    assert {c["scheme"] for c in labels} == SCHEMES
    by_id = {e["event_id"]: e for e in events}
    transits = {e["transit_id"] for e in events if e["type"] == "transit_start"}
    holders = {h["id"] for h in _rows(world / "world.holders.jsonl")}
    for case in labels:
        assert set(case) == {
            "case_id",
            "scheme",
            "event_ids",
            "declarations",
            "holders",
            "transits",
            "detail",
        }
        assert case["event_ids"] and all(e in by_id for e in case["event_ids"]), case["case_id"]
        numbers = {by_id[e].get("declaration_no") for e in case["event_ids"]}
        assert set(case["declarations"]) <= numbers
        assert set(case["transits"]) <= transits
        assert set(case["holders"]) <= holders
        if case["scheme"].startswith("transit_"):
            assert case["transits"] and case["detail"]["transit_id"] == case["transits"][0]


def test_transit_schemes_end_as_planted(
    events: list[dict[str, Any]], labels: list[dict[str, Any]]
) -> None:
    ends = {e["transit_id"]: e["location"] for e in events if e["type"] == "transit_end"}
    declared = {
        e["transit_id"]: e["office_of_destination"] for e in events if e["type"] == "transit_start"
    }
    sold_lots = {ln.get("lot") for e in events if e["type"] == "transfer" for ln in e["lines"]}
    for case in labels:
        mrn = case["transits"][0] if case["transits"] else None
        if case["scheme"] == "transit_unclosed":
            assert mrn not in ends
        elif case["scheme"] == "transit_diverted":
            assert ends[mrn] != declared[mrn] == case["detail"]["declared_destination"]
        elif case["scheme"] == "transit_sold":
            assert mrn in sold_lots


def test_only_planted_draws_go_beyond_stock(
    events: list[dict[str, Any]], labels: list[dict[str, Any]]
) -> None:
    short = shortfalls(events)
    scheme_of = {e: c["scheme"] for c in labels for e in c["event_ids"]}
    assert {scheme_of.get(e) for e in short} <= {"phantom", "transit_sold"}
    for case in labels:
        if case["scheme"] == "phantom":
            export = case["event_ids"][-1]
            assert short[export] == pytest.approx(case["detail"]["unbacked_quantity"])


def test_rates_cover_every_day_and_currency_used(world: Path, events: list[dict[str, Any]]) -> None:
    with (world / "world.rates.csv").open(newline="") as fh:
        rates = {(r["date"], r["currency"]): float(r["rate"]) for r in csv.DictReader(fh)}
    assert all(v > 0 for v in rates.values())
    used: set[tuple[str, str]] = set()
    currencies: set[str] = set()
    for e in events:
        day = e["time"][:10]
        for ln in e.get("lines", []) + e.get("inputs", []) + e.get("outputs", []):
            if ln.get("currency") and ln["currency"] != "KZT":
                used.add((day, ln["currency"]))
                currencies.add(ln["currency"])
    assert len(currencies) >= 8
    assert used <= set(rates)
    days = sorted({d for d, _ in rates})
    assert days[0] < events[0]["time"][:10] and days[-1] > events[-1]["time"][:10]
    for cur in currencies:
        assert all((d, cur) in rates for d in days)


def _bin_ok(value: str) -> bool:
    digits = [int(c) for c in value]
    check = sum(d * w for d, w in zip(digits[:11], range(1, 12), strict=True)) % 11
    if check == 10:
        weights = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]
        check = sum(d * w for d, w in zip(digits[:11], weights, strict=True)) % 11
    return check == digits[11]


def _inn_ok(value: str) -> bool:
    def w(ds: str, ws: list[int]) -> int:
        return sum(int(d) * k for d, k in zip(ds, ws, strict=True)) % 11 % 10

    if len(value) == 10:
        return w(value[:9], [2, 4, 10, 3, 5, 9, 4, 6, 8]) == int(value[9])
    a = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]
    return (
        len(value) == 12
        and w(value[:10], a) == int(value[10])
        and w(value[:11], [3, *a]) == int(value[11])
    )


def _ogrn_ok(value: str) -> bool:
    if len(value) == 13:
        return int(value[:12]) % 11 % 10 == int(value[12])
    return len(value) == 15 and int(value[:14]) % 13 % 10 == int(value[14])


def test_holders_have_valid_bins_dated_by_registration(
    world: Path, events: list[dict[str, Any]]
) -> None:
    holders = _rows(world / "world.holders.jsonl")
    assert len({h["id"] for h in holders}) == len(holders)
    for h in holders:
        assert len(h["id"]) == 12 and _bin_ok(h["id"]), h
        assert h["id"][:4] == h["registered"][2:4] + h["registered"][5:7]
        assert h["name"] and h["name_cyrillic"] and h["city"] and h["kind"]
    registered = {h["id"]: h["registered"] for h in holders}
    first_seen: dict[str, str] = defaultdict(lambda: "9999")
    for e in events:
        for key in ("consignee", "exporter", "seller", "buyer", "holder"):
            if isinstance(e.get(key), str):
                first_seen[e[key]] = min(first_seen[e[key]], e["time"][:10])
    assert set(first_seen) <= set(registered)
    assert all(registered[h] <= day for h, day in first_seen.items())
    young = [h for h in holders if h["registered"] >= "2025-01-01"]
    assert len(young) >= 10


def test_the_sanctions_file_lists_fictional_russian_parties(world: Path) -> None:
    ents = _rows(world / "world.sanctions.ftm.json")
    listed = [e for e in ents if "sanction" in e["properties"].get("topics", [])]
    unlisted = [e for e in ents if "sanction" not in e["properties"].get("topics", [])]
    assert len(listed) >= 40 and unlisted
    assert any(e["schema"] == "Ownership" for e in unlisted)
    for e in listed:
        props = e["properties"]
        assert any("\u0400" <= ch <= "\u04ff" for ch in props["name"][0])
        assert all(_inn_ok(v) for v in props.get("innCode", []))
        assert all(_ogrn_ok(v) for v in props.get("ogrnCode", []))
        assert "FICTIONAL" in props["notes"][0]
    ids = {e["id"] for e in ents}
    for e in ents:
        if e["schema"] == "Ownership":
            assert {e["properties"]["owner"][0], e["properties"]["asset"][0]} <= ids
