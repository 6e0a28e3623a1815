"""verify finds edits beside the chain: a log row's columns, the projections (against a full
replay), and a tail deleted with the head rewritten (against an anchor kept elsewhere)."""

from __future__ import annotations

from pathlib import Path

import orjson
from builders import checkpoint, exp, imp, line, sale, transit_start
from sqlalchemy import delete, select, text, update
from typer.testing import CliRunner

from tamga.cli.main import app
from tamga.ledger.integrity import ProblemKind
from tamga.ledger.service import LedgerService
from tamga.store.schema import events, ledger_meta, lots


def filled(ledger: LedgerService) -> LedgerService:
    ledger.ingest(
        [
            imp("A", [line(qty=10)]),
            sale("A", "B", [line(qty=4)]),
            exp("B", [line(qty=2)]),
            transit_start("M-1"),
            checkpoint("M-1", 1),
        ]
    )
    assert ledger.verify(deep=True).ok
    return ledger


def test_an_edited_holder_column_of_an_event_row_is_found(ledger: LedgerService) -> None:
    filled(ledger)
    with ledger.engine.begin() as conn:
        conn.execute(update(events).where(events.c.seq == 1).values(holder="KZ-THIEF"))
    report = ledger.verify()
    assert not report.ok
    problem = report.problems[0]
    assert (problem.kind, problem.seq, problem.field) == (ProblemKind.COLUMN_CHANGED, 1, "holder")


def test_an_edited_lot_is_found_by_the_deep_check(ledger: LedgerService) -> None:
    filled(ledger)
    with ledger.engine.begin() as conn:
        conn.execute(
            update(lots).where(lots.c.holder == "B").values(remaining=lots.c.remaining + 5)
        )
    assert ledger.verify().ok  # the chain and the log's columns are intact
    deep = ledger.verify(deep=True)
    assert not deep.ok and "projections (full replay)" in deep.checked
    problem = deep.problems[0]
    assert (problem.kind, problem.table, problem.field) == (
        ProblemKind.PROJECTION_CHANGED,
        "lots",
        "remaining",
    )


def test_a_deleted_tail_with_a_rewritten_head_fails_against_the_anchor(
    ledger: LedgerService,
) -> None:
    anchor = filled(ledger).verify().anchor
    with ledger.engine.begin() as conn:
        row = conn.execute(text("SELECT chain_hash FROM events WHERE seq = 3")).scalar()
        conn.execute(delete(events).where(events.c.seq > 3))
        conn.execute(update(ledger_meta).where(ledger_meta.c.key == "head").values(value=row))
        conn.execute(update(ledger_meta).where(ledger_meta.c.key == "last_seq").values(value="3"))
    assert ledger.verify().ok  # the shorter chain is consistent on its own
    report = ledger.verify(anchor=anchor)
    assert not report.ok
    assert [(p.kind, p.seq) for p in report.problems] == [(ProblemKind.ANCHOR_MISSING, 5)]


def test_verify_of_a_missing_store_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "nothing-here.sqlite"
    result = CliRunner().invoke(app, ["verify", "--db", f"sqlite:///{missing}"])
    assert result.exit_code == 2
    assert not missing.exists()


def test_verify_prints_an_anchor_and_checks_one(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 's.sqlite'}"
    filled(LedgerService.open(url))
    runner = CliRunner()
    printed = runner.invoke(app, ["verify", "--db", url, "--anchor"])
    assert printed.exit_code == 0, printed.output
    anchor = printed.output.strip().splitlines()[-1]
    assert anchor.startswith("5:")
    assert runner.invoke(app, ["verify", "--db", url, "--expect", anchor]).exit_code == 0
    wrong = anchor[:-1] + ("0" if anchor[-1] != "0" else "1")
    assert runner.invoke(app, ["verify", "--db", url, "--expect", wrong]).exit_code == 1


def test_verify_json_gives_each_problem_as_a_record_and_the_text_reads_as_before(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 's.sqlite'}"
    ledger = filled(LedgerService.open(url))
    with ledger.engine.begin() as conn:
        conn.execute(update(events).where(events.c.seq == 2).values(counterparty="KZ-X"))
        event_id = conn.execute(select(events.c.event_id).where(events.c.seq == 2)).scalar()
    ledger.engine.dispose()
    message = f"seq 2 ({event_id}): column counterparty is 'KZ-X', the log says 'B'"
    runner = CliRunner()
    result = runner.invoke(app, ["verify", "--db", url, "--json"])
    assert result.exit_code == 1
    report = orjson.loads(result.stdout)
    assert report["ok"] is False
    assert report["problems"] == [
        {
            "kind": "column_changed",
            "seq": 2,
            "event_id": event_id,
            "field": "counterparty",
            "table": None,
            "key": None,
            "message": message,
        }
    ]
    human = runner.invoke(app, ["verify", "--db", url])
    assert human.exit_code == 1
    assert message in " ".join(human.output.split())
