"""The selectivity service on both stores: outcomes, a model saved and read back with its
training set, lanes given and their mix, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "ledger"))

from builders import exp, imp, line

from tamga.ledger.service import LedgerService
from tamga.risk import attach
from tamga.selectivity.lanes import LaneConfig
from tamga.selectivity.model import TrainingRow, train
from tamga.selectivity.outcomes import Outcome
from tamga.selectivity.service import SelectivityService


def test_models_outcomes_and_lanes_round_trip(store_url: str) -> None:
    ledger = LedgerService.open(store_url)
    alerts = attach(ledger)
    events = []
    for i in range(30):
        holder = f"KZ-H{i % 5}"
        events.append(imp(holder, [line(qty=10, hs="854231")], day=i, decl=f"IM{i:03d}"))
        qty = 50 if i % 3 == 0 else 5  # every third export ships stock never held
        events.append(exp(holder, [line(qty=qty, hs="854231")], day=i + 0.5, decl=f"EX{i:03d}"))
    ledger.ingest(events)
    service = SelectivityService(ledger.engine, alerts)
    service.record([Outcome(f"EX{i:03d}", i % 3 == 0, "ana", "2022-04-30") for i in range(30)])
    view, rows = service.features()
    assert len(view.declarations) == 60
    hit = {d.number for d in view.declarations if d.hits}
    assert {f"EX{i:03d}" for i in range(0, 30, 3)} <= hit
    labels = {o.declaration_no: o.found for o in service.outcomes()}
    training = [
        TrainingRow(d.number, f, labels[d.number], time=d.time.isoformat())
        for d, f in zip(view.declarations, rows, strict=True)
        if d.number in labels
    ]
    trained = train(training, holdout=0.0, rounds=20)
    saved = service.save_model(trained, training)
    version, again, training_set = service.model()
    assert version == saved["version"] == 1 and len(training_set) == 30
    assert again.score(rows) == pytest.approx(trained.score(rows))
    assert service.explain("EX000")["score"] > service.explain("EX001")["score"]

    got = service.assign_lanes(
        LaneConfig.load({"shares": {"red": 0.1, "yellow": 0.2}, "explore": 0})
    )
    assert got["declarations"] == 60 and got["model_version"] == 1
    assert got["mix"]["red"] == pytest.approx(0.1, abs=0.05)
    assert service.lane_mix()["targets"]["red"] == 0.1
    ledger.engine.dispose()
