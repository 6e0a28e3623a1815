"""The follower with a model over the rules: it hands the model each round's events after their
alerts are stored, and a model that fails loses only its own scores, never the alerts or the
cursor (the round's savepoint)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from builders import exp, imp, line
from sqlalchemy import Connection, func, select

from tamga.ledger.engine import Applied
from tamga.ledger.service import LedgerService
from tamga.risk import attach
from tamga.store.risk_tables import risk_alerts


class Recording:
    """A model that records what it is given, and fails when told to."""

    def __init__(self, fail: bool) -> None:
        self.fail = fail
        self.seen: list[int] = []
        self.alerts_then: list[int] = []

    def refresh(self) -> bool:
        return False

    def forget(self) -> None:
        pass

    def score(self, conn: Connection, batch: Sequence[Applied]) -> int:
        self.seen += [a.seq for a in batch]
        self.alerts_then.append(
            int(conn.execute(select(func.count()).select_from(risk_alerts)).scalar() or 0)
        )
        if self.fail:
            conn.execute(risk_alerts.delete())  # undone with the savepoint
            raise RuntimeError("the model broke")
        return len(batch)


def events() -> list[dict[str, object]]:
    # exports of stock the exporter never held: the rules raise on them
    return [
        imp("KZ-A", [line(qty=10, hs="854231")], day=1, decl="IM1"),
        exp("KZ-A", [line(qty=50, hs="854231")], day=2, decl="EX1"),
        exp("KZ-A", [line(qty=50, hs="854231")], day=3, decl="EX2"),
    ]


def test_the_model_sees_each_round_after_its_alerts_are_stored(sqlite_url: str) -> None:
    ledger = LedgerService.open(sqlite_url)
    alerts = attach(ledger)
    assert alerts.runtime is not None
    model = Recording(fail=False)
    alerts.runtime.model = model
    ledger.ingest(events())
    assert model.seen == [1, 2, 3]
    assert model.alerts_then == [len(alerts.list())] and model.alerts_then[0] > 0
    ledger.engine.dispose()


def test_a_failing_model_loses_its_scores_not_the_alerts(
    sqlite_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    ledger = LedgerService.open(sqlite_url)
    alerts = attach(ledger)
    assert alerts.runtime is not None
    alerts.runtime.model = Recording(fail=True)
    ledger.ingest(events())
    assert len(alerts.list()) > 0
    cursor = alerts.runtime.state.cursor()
    assert cursor is not None and cursor.seq == 3
    assert "the selectivity model failed on events 1-3" in caplog.text
    ledger.engine.dispose()
