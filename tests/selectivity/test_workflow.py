"""The analysts' workflow as outcomes: confirmed alerts are findings, false positives are
reviews that found nothing."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "ledger"))
sys.path.insert(0, str(Path(__file__).parents[1] / "risk"))

from builders import exp, imp, line

from tamga.ledger.service import LedgerService
from tamga.risk import attach
from tamga.selectivity.service import SelectivityService


def test_confirm_and_false_positive_are_recorded_as_outcomes(sqlite_url: str) -> None:
    ledger = LedgerService.open(sqlite_url)
    alerts = attach(ledger)
    ledger.ingest(
        [
            imp("KZ-A", [line(qty=10)], decl="IM1", event_id="i1"),
            exp("KZ-A", [line(qty=50)], decl="EX1", event_id="x1", day=2),
            exp("KZ-B", [line(qty=5)], decl="EX2", event_id="x2", day=3),
        ]
    )
    by_decl = {a["subject"]: a for a in alerts.list(rule="unbacked", limit=0)}
    assert set(by_decl) == {"EX1", "EX2"}
    alerts.act(by_decl["EX1"]["id"], "confirm", reason="stock never held", actor="ana")
    alerts.act(by_decl["EX2"]["id"], "close", reason="paperwork late", actor="bek")
    service = SelectivityService(ledger.engine, alerts)
    assert service.sync_workflow() == {"new": 2, "updated": 0, "unchanged": 0}
    got = {o.declaration_no: o for o in service.outcomes("workflow")}
    assert got["EX1"].found and got["EX1"].inspector == "ana"
    assert got["EX1"].offence == "unbacked" and got["EX1"].reference == by_decl["EX1"]["id"]
    assert not got["EX2"].found and got["EX2"].inspector == "bek"
    assert service.sync_workflow() == {"new": 0, "updated": 0, "unchanged": 2}
    ledger.engine.dispose()
