"""Bulk ingest through the SQLite writer process (tamga.store.pipeline).

Batches of two or three events make every batch boundary one where the next batch is applied while
the one before it is still being written, and commits of a few batches make the next batches read
a store that lacks several: the result must be the one the ordinary path gives.
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from builders import checkpoint, exp, imp, line, sale, transform, transit_end, transit_start
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, func, insert, select
from test_invariants import build, op

import tamga.ledger.service as ledger_service
from tamga.ledger.engine import Applied
from tamga.ledger.parsing import RawRecord
from tamga.ledger.service import LedgerService
from tamga.store.bulk import Writes
from tamga.store.ledger_batch import BatchWriter
from tamga.store.ledger_write import DirectWriter, LedgerWriter
from tamga.store.pipeline import LedgerPipeline, WriterFailed
from tamga.store.schema import events, holders

TABLES = ("events", "event_lines", "lots", "transits", "ledger_meta")


def records(bodies: Sequence[dict[str, Any]]) -> list[RawRecord]:
    return [RawRecord(f"[{i}]", body) for i, body in enumerate(bodies)]


def dump(url: str) -> dict[str, list[tuple[Any, ...]]]:
    conn = sqlite3.connect(url.removeprefix("sqlite:///"))
    try:
        return {t: sorted(conn.execute(f"SELECT * FROM {t}"), key=repr) for t in TABLES}
    finally:
        conn.close()


def serial(ledger: LedgerService, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``ledger`` write batch after batch in this process, as it does on PostgreSQL."""
    chosen = ledger_service.batch_writer

    def pick(writer: LedgerWriter, **options: Any) -> BatchWriter:
        return DirectWriter(writer) if writer is ledger.writer else chosen(writer, **options)

    monkeypatch.setattr(ledger_service, "batch_writer", pick)


@pytest.fixture
def slow_writer(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hold each batch's commit back until the next batch has been applied.

    Small batches commit in a millisecond, often before the next one is even read; this makes
    every batch after the first one read a store that lacks the batch in flight.
    """
    locks: dict[int, sqlite3.Connection] = {}
    send, wait = LedgerPipeline._send, LedgerPipeline._wait

    def held_send(self: LedgerPipeline, prepared: Any, commit: bool) -> None:
        lock = locks.get(id(self))
        if lock is None:
            lock = locks[id(self)] = sqlite3.connect(str(self.writer.engine.url.database))
            lock.isolation_level = None
        if not self.group_open:  # inside a group the writer holds the lock already
            lock.execute("BEGIN IMMEDIATE")  # the writer waits for this lock (busy timeout)
        send(self, prepared, commit)

    def released_wait(self: LedgerPipeline) -> str:
        lock = locks.get(id(self))
        if lock is not None and lock.in_transaction:
            lock.execute("ROLLBACK")
        return wait(self)

    monkeypatch.setattr(LedgerPipeline, "_send", held_send)
    monkeypatch.setattr(LedgerPipeline, "_wait", released_wait)


def history() -> list[dict[str, Any]]:
    """Every kind of cross-batch dependency: lots, labels, transits, late events, refusals."""
    return [
        imp("A", [line(qty=10, lot="L1")], day=0, decl="IM1", event_id="i1"),
        imp("A", [line(qty=5)], day=1, decl="IM2", event_id="i2"),
        sale("A", "B", [line(qty=3, lot="L1")], day=2, event_id="s1"),  # a lot still in flight
        sale("A", "B", [line(qty=9)], day=2.1, event_id="s2"),
        imp("A", [line(qty=1, lot="L1")], day=2.2, decl="IM3", event_id="i3"),  # label taken
        imp("K", [line(qty=1, lot="L2")], day=2.3, decl="IM5", event_id="i5"),
        imp("K", [line(qty=1, lot="L2")], day=2.4, decl="IM6", event_id="i6"),  # label taken
        exp("B", [line(qty=4)], day=3, decl="EX1", event_id="x1"),
        transit_start("MRN1", day=3, event_id="t1"),
        imp("K", [line(qty=1, lot="L3")], day=3.1, decl="IM7", event_id="i7"),
        imp("K", [line(qty=1, lot="L3")], day=3.2, decl="IM8", event_id="i8"),  # label taken
        checkpoint("MRN1", day=3.5, event_id="c1"),
        transit_end("MRN1", day=4, event_id="e1"),
        transit_end("MRN1", day=4.5, event_id="e2"),  # refused: the transit has ended
        transit_start("MRN2", day=4, event_id="t2"),
        sale("A", "C", [line(hs="854231", qty=2, lot="MRN2")], day=5, event_id="s3"),  # diverted
        imp("P", [line(hs="854231", qty=10, value=600)], day=1, decl="IM-P", event_id="i4"),  # late
        transform(
            "P",
            [line(hs="854231", qty=10)],
            [line(hs="847130", qty=1, value=2000)],
            day=6,
            event_id="f1",
        ),
        sale("P", "D", [line(hs="847130", qty=1)], day=7, event_id="s4"),
        exp("D", [line(hs="847130", qty=1)], day=8, decl="EX2", event_id="x2"),
        sale("A", "B", [line(qty=1, lot="L1")], day=9, event_id="s5"),
        exp("B", [line(qty=10)], day=10, decl="EX3", event_id="x3"),
        imp("M", [line(qty=30)], day=11, decl="IM9", event_id="i9"),
        # one lot drawn batch after batch: each draw must see the one still in flight
        *[sale("M", "N", [line(qty=4)], day=12 + i, event_id=f"m{i}") for i in range(8)],
    ]


@pytest.mark.parametrize("commit_every", [1, 7, 1000], ids=["each", "groups", "one"])
@pytest.mark.parametrize("cached", [True, False], ids=["cache", "no-cache"])
@pytest.mark.parametrize("batch_size", [2, 3, 5])
def test_the_pipeline_gives_the_ordinary_result(
    tmp_path: Path,
    batch_size: int,
    cached: bool,
    commit_every: int,
    monkeypatch: pytest.MonkeyPatch,
    slow_writer: None,
) -> None:
    if not cached:  # every batch reads its lots and transits from the store
        monkeypatch.setattr(LedgerWriter, "CACHE_KEYS", -1)
    bodies = history()
    piped = LedgerService.open(f"sqlite:///{tmp_path / 'piped.sqlite'}")
    plain = LedgerService.open(f"sqlite:///{tmp_path / 'plain.sqlite'}")
    serial(plain, monkeypatch)
    a = piped.ingest_records(records(bodies), batch_size=batch_size, commit_every=commit_every)
    b = plain.ingest_records(records(bodies), batch_size=batch_size)
    assert a.as_dict() == b.as_dict()
    assert (a.accepted, a.rejected, a.late) == (27, 4, 1)
    assert dump(str(piped.engine.url)) == dump(str(plain.engine.url))
    assert piped.verify().ok
    assert piped.summary()["unbacked_quantity"] == 4 + 2  # B's export, and M's last sale
    # a second run finds every event, also the ones decided in a batch still in flight
    again = piped.ingest_records(records(bodies), batch_size=batch_size, commit_every=commit_every)
    assert (again.accepted, again.duplicate, again.rejected) == (0, 27, 4)


@pytest.mark.parametrize("commit_every", [1, 1000], ids=["each", "one"])
def test_a_resent_event_whose_twin_is_in_flight_is_a_duplicate(
    sqlite_url: str, commit_every: int, slow_writer: None
) -> None:
    ledger = LedgerService.open(sqlite_url)
    first = imp("A", [line(qty=1)], event_id="x")
    other = imp("A", [line(qty=2)], event_id="x")
    bodies = [first, imp("B", [line()], event_id="y"), first, other, first]
    report = ledger.ingest_records(records(bodies), batch_size=2, commit_every=commit_every)
    assert (report.accepted, report.duplicate, report.rejected) == (2, 2, 1)
    assert report.errors[0].field == "event_id"


@pytest.mark.parametrize("commit_every", [1, 4, 1000], ids=["each", "groups", "one"])
def test_listeners_hear_of_a_batch_only_once_it_is_committed(
    sqlite_url: str, commit_every: int, slow_writer: None
) -> None:
    ledger = LedgerService.open(sqlite_url)
    reader = create_engine(sqlite_url)
    heard: list[list[str]] = []

    def listener(applied: Sequence[Applied]) -> None:
        with reader.connect() as conn:
            stored = conn.execute(select(func.max(events.c.seq))).scalar()
        assert stored is not None and stored >= applied[-1].seq
        heard.append([a.event.event_id for a in applied])

    ledger.add_listener(listener)
    bodies = [imp(f"H{i}", [line()], event_id=f"i{i}") for i in range(7)]
    ledger.ingest_records(records(bodies), batch_size=2, commit_every=commit_every)
    ids = [f"i{i}" for i in range(7)]
    # once for everything each commit made
    commits = {1: [ids[0:2], ids[2:4], ids[4:6], ids[6:]], 4: [ids[:4], ids[4:]], 1000: [ids]}
    assert heard == commits[commit_every]
    reader.dispose()


@pytest.mark.parametrize("commit_every", [2, 4], ids=["each", "groups"])
def test_a_listener_that_writes_to_the_store_does_not_wait_on_the_writer(
    sqlite_url: str, commit_every: int
) -> None:
    # a group holds the write lock until it commits; outcomes are never delivered while the
    # writer holds it for batches not sent yet, so a listener's own writes (the risk engine's
    # alerts) go through: at once, or once the batch being written commits on its own
    ledger = LedgerService.open(sqlite_url)
    writes = 0

    def listener(applied: Sequence[Applied]) -> None:
        nonlocal writes
        with ledger.engine.begin() as conn:
            conn.execute(insert(holders), [{"id": a.event.event_id} for a in applied])
        writes += 1

    ledger.add_listener(listener)
    bodies = [imp(f"H{i}", [line()], event_id=f"i{i}") for i in range(9)]
    started = time.monotonic()
    report = ledger.ingest_records(records(bodies), batch_size=2, commit_every=commit_every)
    assert time.monotonic() - started < 10  # far below the 30 s busy timeout
    assert (report.accepted, writes) == (9, {2: 5, 4: 3}[commit_every])  # once per commit
    with ledger.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(holders)).scalar() == 9


@pytest.mark.parametrize(
    ("commit_every", "committed"), [(2, 4), (4, 4), (6, 0)], ids=["each", "groups", "one"]
)
def test_a_writer_failure_is_an_error_and_loses_nothing(
    sqlite_url: str, commit_every: int, committed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger = LedgerService.open(sqlite_url)
    bodies = [imp("A", [line()], day=i, event_id=f"i{i}") for i in range(6)]
    bodies += [sale("A", "B", [line(qty=1)], day=10 + i, event_id=f"s{i}") for i in range(6)]
    real = Writes.sqlite_statements
    calls = 0

    def broken(self: Writes) -> list[tuple[str, list[tuple[Any, ...]]]]:
        nonlocal calls
        calls += 1
        out = real(self)
        if calls == 3:
            out.append(("INSERT INTO no_such_table VALUES (?)", [(1,)]))
        return out

    monkeypatch.setattr(Writes, "sqlite_statements", broken)
    with pytest.raises(WriterFailed, match="no_such_table"):
        ledger.ingest_records(records(bodies), batch_size=2, commit_every=commit_every)
    assert ledger.writer.kept_head is None  # the cache went with the failed batch
    assert ledger.verify().ok
    # the groups committed before the one that failed are whole; nothing of that one is there
    assert ledger.summary()["events"] == committed
    monkeypatch.setattr(Writes, "sqlite_statements", real)
    report = ledger.ingest_records(records(bodies), batch_size=2)
    assert (report.accepted, report.duplicate) == (12 - committed, committed)
    assert ledger.summary()["unbacked_quantity"] == 0
    assert ledger.verify().ok


def test_another_writer_moving_the_head_makes_the_batches_apply_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'l.sqlite'}"
    ledger = LedgerService.open(url)
    other = LedgerService.open(url)
    redone: list[int] = []
    real = LedgerWriter.apply_batch

    def apply_batch(self: LedgerWriter, candidates: Any) -> Any:
        redone.append(len(candidates))
        return real(self, candidates)

    monkeypatch.setattr(LedgerWriter, "apply_batch", apply_batch)

    def meddle(applied: Sequence[Applied]) -> None:
        if applied[0].event.event_id == "i0":  # while the next batch is being written
            other.ingest([imp("Z", [line(qty=7)], event_id="other")])

    ledger.add_listener(meddle)
    bodies = [imp("A", [line()], day=i, event_id=f"i{i}") for i in range(4)]
    bodies += [sale("A", "B", [line(qty=1)], day=10 + i, event_id=f"s{i}") for i in range(4)]
    report = ledger.ingest_records(records(bodies), batch_size=2, commit_every=2)
    assert (report.accepted, report.rejected) == (8, 0)
    # a batch found the head moved: it and the next were applied again on the ordinary path
    assert redone[-2:] == [2, 2] and len(redone) == 3  # and the other ledger's own event
    assert ledger.verify().ok
    summary = ledger.summary()
    assert summary["events"] == 9
    assert summary["unbacked_quantity"] == 0
    assert ledger.stock("B")["items"][0]["quantity"] == 4


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(op, min_size=1, max_size=40),
    st.integers(min_value=1, max_value=6),
    st.integers(min_value=1, max_value=20),
)
def test_any_history_comes_out_the_same_in_batches(
    ops: list[tuple], batch_size: int, commit_every: int
) -> None:
    bodies = build(ops)
    with tempfile.TemporaryDirectory() as tmp:
        piped = LedgerService.open(f"sqlite:///{Path(tmp) / 'a.sqlite'}")
        plain = LedgerService.open(f"sqlite:///{Path(tmp) / 'b.sqlite'}")
        piped.ingest_records(records(bodies), batch_size=batch_size, commit_every=commit_every)
        plain.ingest(bodies)
        a, b = dump(str(piped.engine.url)), dump(str(plain.engine.url))
        assert a == b
        piped.engine.dispose()
        plain.engine.dispose()


@pytest.mark.parametrize("piped", [True, False], ids=["pipeline", "ordinary"])
@pytest.mark.parametrize("cached", [True, False], ids=["cache", "no-cache"])
def test_a_lot_named_under_another_goods_key_is_seen_by_later_draws(
    tmp_path: Path, piped: bool, cached: bool, monkeypatch: pytest.MonkeyPatch, slow_writer: None
) -> None:
    # the named lot is found by its label, outside the goods key the line draws from: a later
    # draw by key (from the cache, or from the store while the draw is still being written)
    # must see what the named draw took
    if not cached:
        monkeypatch.setattr(LedgerWriter, "CACHE_KEYS", -1)
    ledger = LedgerService.open(f"sqlite:///{tmp_path / 'l.sqlite'}")
    if not piped:
        serial(ledger, monkeypatch)
    bodies = [
        imp("A", [line(qty=10, lot="L4")], day=0, event_id="i"),
        sale("A", "B", [line(qty=1)], day=1, event_id="s1"),
        sale("A", "B", [line(hs="854231", qty=2, lot="L4")], day=2, event_id="s2"),
        sale("A", "B", [line(qty=9)], day=3, event_id="s3"),
    ]
    report = ledger.ingest_records(records(bodies), batch_size=1)
    assert report.accepted == 4
    assert ledger.summary()["unbacked_quantity"] == 2
    assert ledger.stock("A")["items"] == []
