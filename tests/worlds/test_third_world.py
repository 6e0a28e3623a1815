"""The third evaluation world (benchmarks/worlds/third): deterministic per seed, every event
accepted by the ledger, labels that point at real events, declarations and sanctioned
entities, exchange rates for every currency on every day an event uses one, and stock drawn
beyond holdings only where a scheme is planted."""

from __future__ import annotations

import importlib
import json
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
SCHEMES = {
    "reexport", "phantom", "hs_switch", "fast_turnaround", "transit_unclosed",
    "transit_diverted", "transit_sold", "sanctioned_consignee", "misinvoicing",
}  # fmt: skip
FILES = ("world.jsonl", "world.labels.jsonl", "world.holders.jsonl",
         "world.sanctions.ftm.json", "world.rates.csv")  # fmt: skip


def _generator() -> Callable[[int, int, Path], Path]:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    module = importlib.import_module("benchmarks.worlds.third")
    return module.generate  # type: ignore[no-any-return]


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("third")
    ledger = _generator()(203, 3000, out)
    assert ledger == out / "world.jsonl"
    return out


@pytest.fixture(scope="module")
def ingested(world: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Path]:
    db = tmp_path_factory.mktemp("third-db") / "w.sqlite"
    tamga = Path(sys.executable).with_name("tamga")
    done = subprocess.run(
        [str(tamga), "ingest", str(world / "world.jsonl"), "--db", f"sqlite:///{db}",
         "--no-risk", "--json", "--max-errors", "5"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    report = json.loads(done.stdout[: done.stdout.rindex("}") + 1])
    return report, db


def test_the_same_seed_writes_the_same_files_and_another_seed_others(
    world: Path, tmp_path: Path
) -> None:
    again = tmp_path / "again"
    _generator()(203, 3000, again)
    for name in FILES:
        assert (again / name).read_bytes() == (world / name).read_bytes(), name
    other = tmp_path / "other"
    _generator()(204, 3000, other)
    assert (other / "world.jsonl").read_bytes() != (world / "world.jsonl").read_bytes()


def test_it_has_about_the_events_asked_for(world: Path) -> None:
    events = _jsonl(world / "world.jsonl")
    assert 2900 <= len(events) <= 3300
    assert {e["type"] for e in events} == {
        "import", "transit_start", "checkpoint", "transit_end", "transfer",
        "transformation", "export", "adjustment",
    }  # fmt: skip


def test_the_ledger_accepts_every_event(world: Path, ingested: tuple[dict[str, Any], Path]) -> None:
    report, _ = ingested
    lines = len(_jsonl(world / "world.jsonl"))
    assert report["rejected"] == 0, report["errors"]
    assert report["accepted"] == lines
    assert report["late"] == 0


def test_labels_name_existing_events_declarations_holders_and_transits(world: Path) -> None:
    events = {e["event_id"]: e for e in _jsonl(world / "world.jsonl")}
    holders = {h["id"] for h in _jsonl(world / "world.holders.jsonl")}
    labels = _jsonl(world / "world.labels.jsonl")
    assert {label["scheme"] for label in labels} == SCHEMES
    for label in labels:
        assert set(label) == {"case_id", "scheme", "event_ids", "declarations", "holders",
                              "transits", "detail"}  # fmt: skip
        assert label["event_ids"] and all(e in events for e in label["event_ids"])
        times = [datetime.fromisoformat(events[e]["time"]) for e in label["event_ids"]]
        assert times == sorted(times)
        declared = {events[e].get("declaration_no") for e in label["event_ids"]}
        assert set(label["declarations"]) <= declared
        assert set(label["holders"]) <= holders
        mrns = {events[e].get("transit_id") for e in label["event_ids"]}
        assert set(label["transits"]) <= mrns
        if label["scheme"].startswith("transit_"):
            assert label["transits"]
        else:
            assert label["declarations"]
    assert len({label["case_id"] for label in labels}) == len(labels)


def test_every_domestic_holder_is_registered_with_a_valid_bin(world: Path) -> None:
    rows = _jsonl(world / "world.holders.jsonl")
    for row in rows:
        assert set(row) == {"id", "name", "name_cyrillic", "kind", "registered", "city"}
        digits = [int(c) for c in row["id"]]
        assert len(digits) == 12
        check = sum(d * w for d, w in zip(digits[:11], range(1, 12), strict=True)) % 11
        if check == 10:
            weights = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]
            check = sum(d * w for d, w in zip(digits[:11], weights, strict=True)) % 11
        assert check == digits[11], row["id"]
        assert row["id"][:4] == row["registered"][2:4] + row["registered"][5:7]
    known = {row["id"] for row in rows}
    for event in _jsonl(world / "world.jsonl"):
        for field in ("consignee", "seller", "buyer", "exporter", "holder"):
            value = event.get(field)
            if isinstance(value, str):
                assert value in known, (event["event_id"], field)


def test_rates_cover_every_currency_on_every_event_date(world: Path) -> None:
    rates: set[tuple[str, str]] = set()
    with (world / "world.rates.csv").open(encoding="utf-8") as fh:
        assert fh.readline().strip() == "date,currency,rate"
        for row in fh:
            day, currency, rate = row.strip().split(",")
            assert float(rate) > 0
            rates.add((day, currency))
    for event in _jsonl(world / "world.jsonl"):
        moment = datetime.fromisoformat(event["time"])
        days = {moment.date().isoformat(), moment.astimezone().date().isoformat()}
        for line in event.get("lines", []) + event.get("inputs", []) + event.get("outputs", []):
            currency = line.get("currency")
            if currency and currency != "KZT":
                for day in days:
                    assert (day, currency) in rates, (event["event_id"], day, currency)


def test_sanctioned_consignees_point_at_listed_entities(world: Path) -> None:
    entities = {e["id"]: e for e in _jsonl(world / "world.sanctions.ftm.json")}
    listed = {k for k, e in entities.items() if "sanction" in e["properties"].get("topics", [])}
    assert listed and len(listed) < len(entities)  # owners and look-alikes are not listed
    events = {e["event_id"]: e for e in _jsonl(world / "world.jsonl")}
    for label in _jsonl(world / "world.labels.jsonl"):
        if label["scheme"] == "sanctioned_consignee":
            assert label["detail"]["listed_id"] in listed
            export = events[label["event_ids"][-1]]
            assert export["consignee"]["name"] == label["detail"]["declared_name"]
            assert export["consignee"]["name"] != entities[label["detail"]["listed_id"]][
                "properties"]["name"][0]  # fmt: skip


def test_only_planted_schemes_draw_beyond_stock(
    world: Path, ingested: tuple[dict[str, Any], Path]
) -> None:
    _, db = ingested
    planted = {
        e: label["scheme"]
        for label in _jsonl(world / "world.labels.jsonl")
        for e in label["event_ids"]
    }
    with sqlite3.connect(db) as con:
        unbacked = [
            r[0] for r in con.execute("SELECT event_id FROM event_lines WHERE unbacked_qty > 0")
        ]
    assert unbacked
    assert {planted.get(e) for e in unbacked} <= {"phantom", "transit_sold"}


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(min_value=1000, max_value=10**6))
def test_any_seed_gives_valid_events_and_one_case_of_each_scheme(seed: int, tmp_path: Path) -> None:
    from tamga.ledger.parsing import parse_event

    out = tmp_path / str(seed)
    _generator()(seed, 400, out)
    raw = (out / "world.jsonl").read_bytes().splitlines()
    events = [parse_event(line, f"world.jsonl:{no}") for no, line in enumerate(raw, start=1)]
    assert len({e.event_id for e in events}) == len(events)
    times = [e.time for e in events]
    assert times == sorted(times)
    labels = _jsonl(out / "world.labels.jsonl")
    assert {label["scheme"] for label in labels} == SCHEMES
