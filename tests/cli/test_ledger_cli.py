"""The ledger's command line: what a person or a script sees, including a crash mid-batch."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson
from builders import exp, imp, line, sale, transit_end, transit_start
from sqlalchemy import create_engine, func, select
from typer.testing import CliRunner

from tamga.cli.main import app
from tamga.ledger.service import LedgerService
from tamga.store.schema import event_lines, events

runner = CliRunner()


def write_jsonl(path: Path, events: list[dict]) -> Path:
    path.write_bytes(b"\n".join(orjson.dumps(e) for e in events) + b"\n")
    return path


def sample(tmp_path: Path) -> Path:
    return write_jsonl(
        tmp_path / "ledger.jsonl",
        [
            imp("KZ-A", [line(qty=10)], decl="IM1", event_id="i1"),
            sale("KZ-A", "KZ-B", [line(qty=10)], event_id="s1"),
            exp("KZ-B", [line(qty=10)], decl="EX1", event_id="x1"),
            transit_start("MRN1"),
            transit_end("MRN1", 1),
        ],
    )


def test_ingest_then_query_as_json(tmp_path: Path, sqlite_url: str) -> None:
    result = runner.invoke(app, ["ingest", str(sample(tmp_path)), "--db", sqlite_url])
    assert result.exit_code == 0, result.output
    assert "accepted 5, duplicate 0, rejected 0" in result.output

    stock = orjson.loads(runner.invoke(app, ["stock", "KZ-A", "--db", sqlite_url, "--json"]).stdout)
    assert stock == {"holder": "KZ-A", "items": []}

    trace = orjson.loads(runner.invoke(app, ["trace", "EX1", "--db", sqlite_url, "--json"]).stdout)
    (ln,) = trace["lines"]
    assert {
        "line_no",
        "hs_code",
        "quantity",
        "unbacked_quantity",
        "origins",
        "sources",
        "paths",
    } <= set(ln)
    assert ln["paths"][0]["holders"] == ["KZ-A", "KZ-B"]

    transit = orjson.loads(
        runner.invoke(app, ["transit", "MRN1", "--db", sqlite_url, "--json"]).stdout
    )
    assert transit["state"] == "discharged"
    listed = runner.invoke(app, ["transits", "--state", "discharged", "--db", sqlite_url, "--json"])
    assert [t["transit_id"] for t in orjson.loads(listed.stdout)] == ["MRN1"]

    human = runner.invoke(app, ["trace", "EX1", "--db", sqlite_url])
    assert "KZ-A → KZ-B" in human.stdout

    assert runner.invoke(app, ["verify", "--db", sqlite_url]).exit_code == 0


def test_ingest_reports_bad_records_by_file_line_and_field(tmp_path: Path, sqlite_url: str) -> None:
    good = imp("KZ-A", [line(qty=1)], event_id="ok")
    bad_unit = imp("KZ-A", [line(qty=1, unit="PCS")], event_id="bad")
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(orjson.dumps(good) + b"\n{not json\n" + orjson.dumps(bad_unit) + b"\n")
    result = runner.invoke(app, ["ingest", str(path), "--db", sqlite_url, "--json"])
    assert result.exit_code == 1
    report = orjson.loads(result.stdout)
    assert (report["accepted"], report["rejected"]) == (1, 2)
    fields = {(e["record"].split(" ")[0], e["field"]) for e in report["errors"]}
    assert (f"{path}:2", None) in fields
    assert (f"{path}:3", "lines[0].unit") in fields
    # the good record is kept; a re-run counts it as a duplicate, not twice
    again = orjson.loads(
        runner.invoke(app, ["ingest", str(path), "--db", sqlite_url, "--json"]).stdout
    )
    assert (again["accepted"], again["duplicate"]) == (0, 1)


def test_unknown_declaration_is_a_clear_error(sqlite_url: str) -> None:
    result = runner.invoke(app, ["trace", "NOPE", "--db", sqlite_url])
    assert result.exit_code == 2
    assert "NOPE" in result.output


def _count(url: str) -> tuple[int, int]:
    engine = create_engine(url)
    with engine.connect() as conn:
        n_events = conn.execute(select(func.count()).select_from(events)).scalar() or 0
        n_lines = conn.execute(select(func.count()).select_from(event_lines)).scalar() or 0
    engine.dispose()
    return n_events, n_lines


def test_a_crash_mid_batch_leaves_the_store_consistent(tmp_path: Path, sqlite_url: str) -> None:
    n = 30_000
    evs = []
    for i in range(n // 2):
        evs.append(imp(f"H{i % 50}", [line(qty=5)], decl=f"IM{i}", event_id=f"i{i}", day=i / 1000))
        evs.append(sale(f"H{i % 50}", f"B{i % 7}", [line(qty=3)], event_id=f"s{i}", day=i / 1000))
    path = write_jsonl(tmp_path / "big.jsonl", evs)
    cmd = [
        sys.executable,
        "-m",
        "tamga",
        "ingest",
        str(path),
        "--db",
        sqlite_url,
        "--batch-size",
        "500",
        "--commit-every",
        "1500",
    ]
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=os.environ | {"COLUMNS": "80"},
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        time.sleep(0.05)
        try:
            committed, _ = _count(sqlite_url)
        except Exception:
            continue
        if committed >= 2000:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    committed, lines_ = _count(sqlite_url)
    assert 0 < committed < n, "the kill must land mid-run"
    assert committed % 1500 == 0, "only whole groups of batches are ever committed"
    assert lines_ == committed  # every logged event has its projection, nothing more
    ledger = LedgerService.open(sqlite_url)
    assert ledger.verify().ok

    result = runner.invoke(app, ["ingest", str(path), "--db", sqlite_url, "--json"])
    assert result.exit_code == 0
    report = orjson.loads(result.stdout)
    assert report["duplicate"] == committed
    assert report["accepted"] == n - committed
    assert _count(sqlite_url) == (n, n)
    assert ledger.verify().ok
    assert ledger.summary()["unbacked_quantity"] == 0
