"""First use of a fresh store is safe with several writers at once, and a poisoned clock from
before the plausible-time window is repaired by the migration."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from sqlalchemy import select, update

sys.path.insert(0, str(Path(__file__).parents[1] / "ledger"))

from builders import imp, line

from tamga.ledger.service import LedgerService
from tamga.lists.service import ListsService
from tamga.store.database import connect
from tamga.store.schema import ledger_meta


def test_concurrent_first_ingests_on_a_fresh_store(store_url: str) -> None:
    connect(store_url).dispose()  # migrated once, as `tamga serve` does before its workers
    workers = 4
    barrier = threading.Barrier(workers)
    failures: list[BaseException] = []
    outcomes: list[str] = []

    def first_use(n: int) -> None:
        try:
            ledger = LedgerService(connect(store_url, migrate=False))
            lists = ListsService(ledger.engine)
            barrier.wait()
            lists.ensure_seeded()
            outcomes.extend(o.status for o in ledger.ingest([imp(f"KZ-{n}", [line()])]))
            ledger.engine.dispose()
        except BaseException as exc:  # every failure is the finding
            failures.append(exc)

    threads = [threading.Thread(target=first_use, args=(n,)) for n in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert outcomes == ["accepted"] * workers
    ledger = LedgerService.open(store_url)
    assert ledger.verify().ok and ledger.summary()["events"] == workers
    ledger.engine.dispose()


def test_a_fresh_store_has_its_chain_head_before_any_write(store_url: str) -> None:
    engine = connect(store_url)
    with engine.connect() as conn:
        keys = set(conn.execute(select(ledger_meta.c.key)).scalars())
    engine.dispose()
    assert {"head", "last_seq", "clock"} <= keys


def test_the_migration_brings_a_poisoned_clock_back(sqlite_url: str) -> None:
    from alembic import command

    from tamga.store.database import alembic_config

    ledger = LedgerService.open(sqlite_url)
    ledger.ingest([imp("KZ-A", [line()], time="2024-01-02T03:04:05+00:00")])
    with ledger.engine.begin() as conn:
        conn.execute(
            update(ledger_meta)
            .where(ledger_meta.c.key == "clock")
            .values(value="9999-12-31T09:59:59.000000+00:00")
        )
        command.downgrade(alembic_config(conn), "ledger_0004")
    connect(sqlite_url).dispose()
    assert ledger.store.ledger_clock() == "2024-01-02T03:04:05.000000+00:00"
