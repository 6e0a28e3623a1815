"""The selectivity model on the live path: once a model is trained, the risk follower scores each
import and export declaration it takes in, stores the score with the features that moved it,
and takes up a newer version when one is trained; with no model nothing is scored.

A simulated ledger (seed 3) is taken in three parts: the first is inspected in full (every
declaration's outcome from the simulator's labels) and trains model 1; the second is scored by
it as it arrives; model 2 is trained and scores the third part. A live score is the score
``tamga selectivity explain`` gives the same declaration from the store afterwards. On SQLite and
PostgreSQL alike.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tamga.auth.tokens import TokenStore
from tamga.casefile.document import build
from tamga.casefile.gather import gather
from tamga.ledger.service import LedgerService
from tamga.risk import AlertService, attach
from tamga.risk.model_scores import stored_score
from tamga.screening.repository import ScreeningRepository
from tamga.selectivity.outcomes import Outcome
from tamga.selectivity.replaying import read_labels
from tamga.selectivity.service import SelectivityService
from tamga.server import create_server
from tamga.settings import Settings
from tamga.simulate import Outputs, SimConfig, generate
from tamga.store.selectivity_tables import selectivity_scores


def declarations(records: list[dict[str, object]]) -> list[str]:
    return [
        str(r["declaration_no"])
        for r in records
        if r.get("type") in ("import", "export") and r.get("declaration_no")
    ]


def shown_on_the_faces(
    url: str, ledger: LedgerService, alerts: AlertService, number: str, stored: dict[str, Any]
) -> None:
    """The case file and the dashboard's declaration page (an analyst's) show the stored score,
    and so do the alert pages of the declaration's own alerts."""
    facts = dict(build(gather(number, ledger, alerts)).part("case").facts or [])
    assert str(facts["Model score"]).startswith(f"{stored['score']:.3f} (model version 1;")
    app = create_server(Settings(database_url=url, secure_cookie=False))
    tokens = TokenStore(app.state.services.ledger.engine)
    with TestClient(app) as client:
        analyst = tokens.create(name="ana", role="analyst").token
        assert client.post("/dashboard/signin", data={"token": analyst}).status_code == 200
        page = client.get(f"/dashboard/declarations/{number}").text
        assert 'id="decl-model"' in page and stored["contributions"][0]["feature"] in page
        for alert in alerts.list(declaration=number):
            if alert["subject"] == number:
                assert 'id="alert-model"' in client.get(f"/dashboard/alerts/{alert['id']}").text
    app.state.services.ledger.engine.dispose()


def test_the_follower_scores_declarations_with_the_newest_model(
    store_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "ledger.jsonl"
    generate(SimConfig(seed=3, events=6000), Outputs.beside(path))
    records = [orjson.loads(raw) for raw in path.read_bytes().splitlines() if raw.strip()]
    named = {
        str(n)
        for case in read_labels(tmp_path / "ledger.labels.jsonl")
        for n in case.get("declarations") or ()
    }
    first, second, third = records[:3600], records[3600:4800], records[4800:]

    ledger = LedgerService.open(store_url)
    ledger.load_holders(tmp_path / "ledger.holders.jsonl")
    ScreeningRepository(ledger.engine).load_file(tmp_path / "ledger.sanctions.ftm.json")
    alerts = attach(ledger, refresh_every=0.0)
    assert alerts.runtime is not None
    ledger.ingest(first)

    def scores() -> dict[str, int]:
        with ledger.engine.connect() as conn:
            rows = conn.execute(
                select(selectivity_scores.c.declaration_no, selectivity_scores.c.model_version)
            )
            return {r.declaration_no: r.model_version for r in rows}

    assert scores() == {}  # no model: nothing scored, nothing stored

    selectivity = SelectivityService(ledger.engine, alerts)
    cutoff = str(second[0]["time"])[:10]  # outcomes recorded before the next declarations
    selectivity.record(Outcome(n, n in named, "inspector", cutoff) for n in declarations(first))
    assert selectivity.train(rounds=30)["version"] == 1

    ledger.ingest(second)
    lodged = set(declarations(second))
    assert lodged and set(scores()) == lodged and set(scores().values()) == {1}
    for number in sorted(lodged)[:40]:
        live = stored_score(ledger.engine, number)
        assert live is not None and live["model_version"] == 1
        assert live["score"] == pytest.approx(selectivity.explain(number)["score"], abs=1e-6)
        assert 0 < len(live["contributions"]) <= 8
    one = sorted(lodged)[0]
    stored = stored_score(ledger.engine, one)
    assert stored is not None and alerts.declaration_status(one)["model"] == stored
    shown_on_the_faces(store_url, ledger, alerts, one, stored)

    assert selectivity.train(rounds=30)["version"] == 2
    ledger.ingest(third)
    got = scores()
    assert {got[n] for n in declarations(third)} == {2}
    assert {got[n] for n in lodged} == {1}  # a declaration keeps its score as lodged
    with ledger.engine.connect() as conn:
        explanation = conn.execute(select(selectivity_scores.c.explanation)).scalars().first()
    assert explanation is not None and "TreeSHAP" in orjson.loads(explanation)["method"]
    ledger.engine.dispose()
