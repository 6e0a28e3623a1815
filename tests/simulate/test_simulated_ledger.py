"""The simulated ledger speaks the event vocabulary and keeps the ledger's rules."""

from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path

import orjson

from tamga.ledger.parsing import parse_event
from tamga.simulate import Outputs, RunResult, SimConfig, generate
from tamga.simulate.summary import read_jsonl


def ledger_path(run: RunResult) -> Path:
    assert run.outputs.ledger is not None
    return run.outputs.ledger


def test_every_sampled_event_parses_and_times_never_go_back(small_run: RunResult) -> None:
    rng = random.Random(0)
    previous: datetime | None = None
    ids: set[str] = set()
    for record in read_jsonl(ledger_path(small_run)):
        when = datetime.fromisoformat(record["time"])
        assert previous is None or when >= previous
        previous = when
        assert record["event_id"] not in ids
        ids.add(record["event_id"])
        if rng.random() < 0.1 or record["type"] in ("transformation", "adjustment"):
            parse_event(record)
    assert len(ids) == small_run.events
    assert abs(small_run.events - 20_000) < 400


def test_transit_events_follow_a_start_and_end_it_once(small_run: RunResult) -> None:
    started: set[str] = set()
    ended: set[str] = set()
    for record in read_jsonl(ledger_path(small_run)):
        if record["type"] == "transit_start":
            started.add(record["transit_id"])
        elif record["type"] in ("checkpoint", "transit_end"):
            assert record["transit_id"] in started
            if record["type"] == "transit_end":
                assert record["transit_id"] not in ended
                ended.add(record["transit_id"])
    assert started and len(ended) < len(started)  # unclosed and sold transits never end


def test_all_event_types_and_ground_truth_stays_out_of_the_ledger(small_run: RunResult) -> None:
    types = set()
    for record in read_jsonl(ledger_path(small_run)):
        types.add(record["type"])
        text = orjson.dumps(record).decode()
        assert "CASE-" not in text and "scheme" not in text
    assert types == {
        "import", "transit_start", "checkpoint", "transit_end", "transfer", "transformation",
        "export", "adjustment",
    }  # fmt: skip


def test_same_seed_same_files_other_seed_other_ledger(tmp_path: Path) -> None:
    def run(seed: int, name: str) -> bytes:
        out = tmp_path / name / "l.jsonl"
        out.parent.mkdir()
        generate(SimConfig(seed=seed, events=3000), Outputs.beside(out))
        return out.read_bytes() + out.with_suffix(".labels.jsonl").read_bytes()

    assert run(3, "a") == run(3, "b")
    assert run(3, "a2") != run(4, "c")


def test_labels_name_real_events_declarations_and_transits(small_run: RunResult) -> None:
    ids, decls, transits = set(), set(), set()
    for r in read_jsonl(ledger_path(small_run)):
        ids.add(r["event_id"])
        if "declaration_no" in r:
            decls.add(r["declaration_no"])
        if r["type"] == "transit_start":
            transits.add(r["transit_id"])
    assert small_run.outputs.labels is not None
    cases = list(read_jsonl(small_run.outputs.labels))
    assert {c["scheme"] for c in cases} == set(small_run.cases)
    for c in cases:
        assert set(c) == {
            "case_id", "scheme", "event_ids", "declarations", "holders", "transits", "detail",
        }  # fmt: skip
        assert c["event_ids"] and set(c["event_ids"]) <= ids
        assert set(c["declarations"]) <= decls
        assert set(c["transits"]) <= transits


def test_reexport_cases_send_coalition_chpl_goods_to_russia_via_intermediaries(
    small_run: RunResult,
) -> None:
    events = {r["event_id"]: r for r in read_jsonl(ledger_path(small_run))}
    assert small_run.outputs.labels is not None
    reexports = [c for c in read_jsonl(small_run.outputs.labels) if c["scheme"] == "reexport"]
    assert reexports
    for case in reexports:
        kinds = [events[e]["type"] for e in case["event_ids"]]
        assert kinds[0] == "import" and kinds[-1] == "export"
        assert 1 <= kinds.count("transfer") <= 4
        export = events[case["event_ids"][-1]]
        assert export["destination_country"] == "RU"
        assert export["lines"][0]["origin_country"] in {"US", "DE", "NL", "SE", "JP"}
        assert export["lines"][0]["hs_code"][:4] in {"8542", "8525", "8526", "8482", "8517",
                                                      "8471", "8532", "8541"}  # fmt: skip
