"""The risk commands as a person or a script uses them."""

from __future__ import annotations

from pathlib import Path

import orjson
from builders import exp, imp, line, transit_end, transit_start
from typer.testing import CliRunner

from tamga.cli.main import app

runner = CliRunner()


def ledger_file(tmp_path: Path) -> Path:
    events = [
        imp("KZ-A", [line(qty=10)], decl="IM1", event_id="i1"),
        exp("KZ-A", [line(qty=50)], decl="EX1", event_id="x1"),  # 40 never held
        transit_start("MRN1"),
        transit_end("MRN1", 1, location="KZ-O-KARAGANDA"),  # not the declared office
    ]
    path = tmp_path / "ledger.jsonl"
    path.write_bytes(b"\n".join(orjson.dumps(e) for e in events) + b"\n")
    return path


def run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_ingest_scores_then_list_show_act_trace_run_report(tmp_path: Path, sqlite_url: str) -> None:
    db = ["--db", sqlite_url]
    run("ingest", str(ledger_file(tmp_path)), *db)
    listed = orjson.loads(run("alerts", *db, "--json"))
    assert {a["rule"] for a in listed} == {"unbacked", "transit_elsewhere"}
    (unbacked,) = orjson.loads(run("alerts", "--rule", "unbacked", *db, "--json"))
    assert unbacked["declarations"][0] == "EX1"
    assert (
        orjson.loads(run("alerts", "--declaration", "EX1", *db, "--json"))[0]["id"]
        == (unbacked["id"])
    )
    assert orjson.loads(run("alerts", "--state", "hold", *db, "--json")) == []

    shown = orjson.loads(run("alerts", "show", unbacked["id"], *db, "--json"))
    assert shown["evidence"]["lines"][0]["unbacked_quantity"] == 40 and shown["history"] == []
    acted = orjson.loads(
        run(
            "alerts",
            "act",
            unbacked["id"],
            "hold",
            "--reason",
            "stock check",
            "--actor",
            "ana",
            *db,
            "--json",
        )
    )
    assert acted["state"] == "hold" and acted["history"][0]["actor"] == "ana"
    trace = orjson.loads(run("trace", "EX1", *db, "--json"))
    assert trace["hold"] is True and trace["channel"] in ("yellow", "red")
    assert "alerts" in run("alerts", *db)  # the table

    summary = orjson.loads(run("risk", "run", *db, "--json"))
    assert summary["alerts"] == 2 and summary["dropped"] == 0
    # the analyst's work survives a whole-ledger run
    assert orjson.loads(run("alerts", "show", unbacked["id"], *db, "--json"))["state"] == "hold"

    report = orjson.loads(run("risk", "report", *db, "--json"))
    assert report["declarations"] == 2 and set(report["mix"]) == {"green", "yellow", "red"}
    assert "realised" in run("risk", "report", *db)


def test_errors_are_one_line_with_exit_code_2(tmp_path: Path, sqlite_url: str) -> None:
    result = runner.invoke(app, ["alerts", "show", "AL-NONE", "--db", sqlite_url])
    assert result.exit_code == 2 and "no alert" in result.output
    bad = tmp_path / "risk.yaml"
    bad.write_text("rules:\n  no_such_rule: {enabled: true}\n")
    result = runner.invoke(app, ["risk", "run", "--db", sqlite_url, "--config", str(bad)])
    assert result.exit_code == 2 and "unknown rule" in result.output


def test_ingest_without_rules(tmp_path: Path, sqlite_url: str) -> None:
    run("ingest", str(ledger_file(tmp_path)), "--db", sqlite_url, "--no-risk")
    assert orjson.loads(run("alerts", "--db", sqlite_url, "--json")) == []
