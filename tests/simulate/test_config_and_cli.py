"""Scheme rates on the command line, the CLI end to end, live mode to a file."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest
from typer.testing import CliRunner

from tamga.cli.main import app
from tamga.errors import InvalidInput
from tamga.ledger.parsing import parse_event
from tamga.simulate import SCHEMES, SimConfig, parse_scheme_rates
from tamga.simulate.live import retime, run_live

runner = CliRunner()


def test_scheme_rates_parse_over_defaults_and_no_schemes() -> None:
    rates = parse_scheme_rates(["reexport=0.02", "phantom=0.005"])
    assert rates["reexport"] == 0.02 and rates["phantom"] == 0.005
    assert rates["hs_switch"] == SCHEMES["hs_switch"]
    only = parse_scheme_rates(["phantom=0.1"], no_schemes=True)
    assert only["phantom"] == 0.1 and sum(only.values()) == 0.1
    for bad in (["nonsense=0.1"], ["phantom"], ["phantom=lots"]):
        with pytest.raises(InvalidInput):
            parse_scheme_rates(bad)
    with pytest.raises(InvalidInput):
        SimConfig(schemes={"phantom": 0.9})


def test_cli_writes_all_files_and_summarises(tmp_path: Path) -> None:
    out = tmp_path / "l.jsonl"
    res = runner.invoke(
        app,
        ["simulate", "--seed", "2", "--events", "2500", "--out", str(out), "--labels",
         str(tmp_path / "lab.jsonl"), "--scheme", "reexport=0.05", "--json"],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    for name in ("l.jsonl", "lab.jsonl", "l.holders.jsonl", "l.sanctions.ftm.json",
                 "l.manifest.json"):  # fmt: skip
        assert (tmp_path / name).stat().st_size > 0, name
    res = runner.invoke(
        app, ["simulate", "summary", str(out), "--labels", str(tmp_path / "lab.jsonl"), "--json"]
    )
    assert res.exit_code == 0, res.output
    data = orjson.loads(res.stdout)
    assert data["events"] > 2000 and data["cases"]["reexport"] > 0


def test_cli_rejects_an_unknown_scheme(tmp_path: Path) -> None:
    res = runner.invoke(
        app, ["simulate", "--events", "100", "--out", str(tmp_path / "x.jsonl"), "--scheme", "x=1"]
    )
    assert res.exit_code == 2


def test_live_mode_paces_events_with_wall_clock_times(tmp_path: Path) -> None:
    sent: list[dict[str, Any]] = []
    slept: list[float] = []
    now = [0.0]

    def sleep(s: float) -> None:
        slept.append(s)
        now[0] += s

    n = run_live(SimConfig(seed=1, events=5000), 50.0, sent.append, 120, sleep, lambda: now[0])
    assert n == len(sent) == 120
    assert now[0] == pytest.approx(119 / 50.0, rel=0.01)  # 50 events per second
    for ev in sent:
        parse_event(ev)
        assert ev["event_id"].startswith("S1-L")  # never the ids of a batch run of the seed
        assert abs((datetime.fromisoformat(ev["time"]) - datetime.now(UTC)).total_seconds()) < 60


def test_retime_keeps_a_deadline_ahead_compressed() -> None:
    ev = {"time": "2021-03-01T10:00:00+06:00", "deadline": "2021-03-11T10:00:00+06:00"}
    now = datetime(2026, 1, 1, tzinfo=UTC)
    out = retime(dict(ev), now, compression=86_400.0)  # a simulated day per real second
    assert out["time"] == now.isoformat(timespec="seconds")
    assert (datetime.fromisoformat(out["deadline"]) - now).total_seconds() == 60  # floor 1 min
    out = retime(dict(ev), now, compression=100.0)
    assert (datetime.fromisoformat(out["deadline"]) - now).total_seconds() == 8640


def test_cli_live_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "live.jsonl"
    res = runner.invoke(
        app,
        ["simulate", "--live", "--rate", "500", "--max-events", "25", "--events", "2000",
         "--out", str(out)],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    lines = out.read_bytes().splitlines()
    assert len(lines) == 25
    for raw in lines:
        parse_event(orjson.loads(raw))
