"""The planted owned_exporter scheme: a domestic firm owned through a foreign holding by a listed
person, found by the sanctioned_party rule through the registry and the sanctions file alone."""

from __future__ import annotations

from pathlib import Path

import orjson

from tamga.ledger.parsing import read_records
from tamga.ledger.service import LedgerService
from tamga.ownership import ExposureService
from tamga.risk import attach
from tamga.screening.repository import ScreeningRepository
from tamga.simulate import SCHEMES, Outputs, SimConfig, generate


def _jsonl(path: Path) -> list[dict]:
    return [orjson.loads(x) for x in path.read_bytes().splitlines() if x.strip()]


def test_the_scheme_writes_its_chain_and_the_rule_finds_every_case(
    tmp_path: Path, sqlite_url: str
) -> None:
    rates = dict.fromkeys(SCHEMES, 0.0) | {"owned_exporter": 0.05}
    run = generate(
        SimConfig(seed=3, events=2000, schemes=rates), Outputs.beside(tmp_path / "l.jsonl")
    )
    out = run.outputs
    assert out.labels and out.holders and out.sanctions and out.ledger
    cases = _jsonl(out.labels)
    assert cases and {c["scheme"] for c in cases} == {"owned_exporter"}
    owned = {h["id"]: h for h in _jsonl(out.holders) if h.get("owners")}
    assert {c["holders"][0] for c in cases} == set(owned)
    entities = _jsonl(out.sanctions)
    schemas = {e["schema"] for e in entities}
    assert {"Person", "Ownership"} <= schemas

    ledger = LedgerService.open(sqlite_url)
    ledger.load_holders(out.holders)
    report = ScreeningRepository(ledger.engine).load_file(out.sanctions).links
    assert report.links == len(cases) and report.dangling == [] and report.problems == []
    exposure = ExposureService.open(ledger.engine)
    for c in cases:
        exp = exposure.exposure(c["holders"][0])
        assert exp.exposed and exp.paths[0].entities[0] == c["detail"]["listed_person"]
    alerts = attach(ledger)
    ledger.ingest_records(read_records(out.ledger))
    raised = alerts.list(rule="sanctioned_party", limit=10_000)
    flagged = {d for a in raised for d in a["declarations"]}
    for c in cases:
        assert set(c["declarations"]) <= flagged, c
    others = flagged - {d for c in cases for d in c["declarations"]}
    assert not others  # nothing else in a clean ledger is owned by a listed person
