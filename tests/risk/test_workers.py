"""Several processes scoring one store: the live alerts equal the batch path's, whoever ingested.

Each ``LedgerService`` + ``attach`` below has its own engine and pool over the same store, as an
API worker process has; batches are interleaved between them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest

from tamga.ledger.service import LedgerService
from tamga.lists.model import Effect, Entry, GoodsList
from tamga.lists.service import ListsService
from tamga.risk import AlertService, attach, run_ledger
from tamga.risk.alert_store import AlertStore
from tamga.screening.model import ListedEntity
from tamga.screening.repository import ScreeningRepository
from tamga.simulate import Outputs, SimConfig, generate


@pytest.fixture(scope="module")
def simulated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small simulated year with every planted scheme, its registry and sanctions file."""
    path = tmp_path_factory.mktemp("sim") / "ledger.jsonl"
    generate(SimConfig(seed=5, events=5000), Outputs.beside(path))
    return path


def _events(path: Path) -> list[dict[str, Any]]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines() if line.strip()]


def _load_registry_and_sanctions(url: str, ledger_path: Path) -> None:
    service = LedgerService.open(url)
    service.load_holders(ledger_path.with_suffix(".holders.jsonl"))
    ScreeningRepository(service.engine).load_file(ledger_path.with_suffix(".sanctions.ftm.json"))
    service.engine.dispose()


def _contents(service: AlertService) -> list[dict[str, Any]]:
    return service.store.all_contents()


@pytest.mark.parametrize("lease", [1.0, 0.0], ids=["sticky-scorer", "every-commit-scores"])
def test_two_workers_give_the_batch_alerts(store_url: str, simulated: Path, lease: float) -> None:
    _load_registry_and_sanctions(store_url, simulated)
    events = _events(simulated)
    workers = [LedgerService.open(store_url), LedgerService.open(store_url)]
    alerts = [attach(w, lease=lease) for w in workers]
    size = 150
    for n, start in enumerate(range(0, len(events), size)):
        outcomes = workers[n % 2].ingest(events[start : start + size])
        assert all(o.status != "rejected" for o in outcomes)
    live_before_flush = len(_contents(alerts[0]))
    for a in alerts:
        assert a.runtime is not None
        a.runtime.flush()
    live = _contents(alerts[0])
    assert live == _contents(alerts[1])
    assert len(live) >= 15 and live_before_flush > 0
    rules = {a["rule"] for a in live}
    assert len(rules) >= 6, rules
    runtimes = [a.runtime for a in alerts if a.runtime is not None]
    if lease == 0.0:
        # both scored, and each read the other's batches back from the store
        assert all(r.scored > len(events) // 2 for r in runtimes)

    batch = LedgerService.open(store_url)
    result = run_ledger(batch)
    assert result["dropped"] == 0
    assert AlertStore(batch.engine, alerts[0].config).all_contents() == live
    for w in [*workers, batch]:
        w.engine.dispose()


def test_a_worker_that_missed_batches_catches_up_from_the_log(
    store_url: str, simulated: Path
) -> None:
    """One worker ingests while the other's rules fall behind; the other then scores on."""
    _load_registry_and_sanctions(store_url, simulated)
    events = _events(simulated)
    one, two = LedgerService.open(store_url), LedgerService.open(store_url)
    a, b = attach(one, lease=0.0), attach(two, lease=0.0)
    half = len(events) // 2
    one.ingest(events[:half])
    two.ingest(events[half:])  # two's rules first replay the first half from the store
    assert a.runtime is not None and b.runtime is not None
    assert b.runtime.scored == len(events)
    live = b.store.all_contents()
    batch = LedgerService.open(store_url)
    run_ledger(batch)
    assert b.store.all_contents() == live
    for w in (one, two, batch):
        w.engine.dispose()


def _export(n: int, consignee: str, hs: str = "854231", country: str = "RU") -> dict[str, Any]:
    return {
        "type": "export",
        "event_id": f"ex-{n}",
        "time": f"2022-03-{n:02d}T10:00:00+00:00",
        "location": "KZ-P-KARAKOGA",
        "declaration_no": f"EX-{n}",
        "exporter": "123456789012",
        "consignee": {"id": f"C-{n}", "name": consignee, "country": country},
        "destination_country": country,
        "office_of_exit": "KZ-P-KARAKOGA",
        "lines": [
            {
                "line_no": 1,
                "hs_code": hs + "0000",
                "quantity": 10,
                "unit": "C62",
                "value": 1000.0,
                "currency": "USD",
                "origin_country": "US",
            }
        ],
    }


def _import(n: int, hs: str = "854231") -> dict[str, Any]:
    return {
        "type": "import",
        "event_id": f"im-{n}",
        "time": f"2022-03-{n:02d}T08:00:00+00:00",
        "location": "KZ-P-KARAKOGA",
        "declaration_no": f"IM-{n}",
        "consignee": "123456789012",
        "consignor": {"id": "US-1", "name": "Chip Supply Inc", "country": "US"},
        "dispatch_country": "US",
        "lines": [
            {
                "line_no": 1,
                "hs_code": hs + "0000",
                "quantity": 10,
                "unit": "C62",
                "value": 900.0,
                "currency": "USD",
                "origin_country": "US",
            }
        ],
    }


def test_sanctions_and_lists_loaded_while_serving_are_seen(sqlite_url: str) -> None:
    ledger = LedgerService.open(sqlite_url)
    alerts = attach(ledger, refresh_every=0.0)
    bad = "OOO Technoprom Trading"
    outcomes = ledger.ingest([_import(1), _export(2, bad)])
    assert all(o.status == "accepted" for o in outcomes), [str(o.error) for o in outcomes]
    assert alerts.list(rule="sanctioned_party") == []

    entity = ListedEntity(
        entity_id="san-9",
        schema="Company",
        names=(bad,),
        countries=("ru",),
        topics=("sanction",),
    )
    ScreeningRepository(ledger.engine).apply("test", [("ADD", entity)])
    ledger.ingest([_import(3), _export(4, bad)])
    assert [a["declarations"] for a in alerts.list(rule="sanctioned_party")] == [["EX-4"]]

    # a list marking another heading controlled for RU, loaded while the rules run
    before = {a["id"] for a in alerts.list(rule="controlled_reexport")}
    ledger.ingest([_import(5, "940360"), _export(6, "OOO Optika", "940360")])
    assert {a["id"] for a in alerts.list(rule="controlled_reexport")} == before
    ListsService(ledger.engine).load(
        GoodsList(
            name="test-new-controls",
            entries=(
                Entry(
                    "t-9403",
                    Effect.CONTROLLED,
                    hs_prefixes=("940360",),
                    destinations=frozenset({"RU"}),
                ),
            ),
        ),
        actor="test",
    )
    ledger.ingest([_import(7, "940360"), _export(8, "OOO Optika", "940360")])
    new = [a for a in alerts.list(rule="controlled_reexport") if a["id"] not in before]
    assert [a["subject"] for a in new] == ["EX-8"]


def test_scoring_waits_while_the_projections_are_rebuilt(sqlite_url: str, simulated: Path) -> None:
    """Events whose recorded effects are missing (a rebuild replaying) are not scored short."""
    from sqlalchemy import delete

    from tamga.store.schema import event_lines

    events = _events(simulated)[:600]
    one, two = LedgerService.open(sqlite_url), LedgerService.open(sqlite_url)
    a, b = attach(one, lease=0.0), attach(two, lease=0.0)
    assert a.runtime is not None and b.runtime is not None
    one.ingest(events[:300])
    with one.engine.begin() as conn:  # as a rebuild does before it replays
        conn.execute(delete(event_lines))
    outcomes = two.ingest(events[300:])  # two must replay one's events first: it cannot
    assert all(o.status == "accepted" for o in outcomes)  # the ingest itself never fails
    cursor = b.runtime.state.cursor()
    assert cursor is not None and cursor.seq == 300
    result = run_ledger(LedgerService.open(sqlite_url))  # the rebuild completes
    b.runtime.catch_up()
    assert b.runtime.state.cursor() is not None and result["events"] == 600
    assert b.runtime.engine.last_seq == 600
