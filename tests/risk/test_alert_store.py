"""Alerts in the store (SQLite and PostgreSQL): batch = incremental, workflow with history,
holds visible to the ledger, channels as selectivity, resuming in a new process."""

from __future__ import annotations

from typing import Any

import pytest
from builders import exp, imp, line, sale, transit_end, transit_start
from risk_support import Ingest

from tamga.errors import Conflict, InvalidInput, NotFound
from tamga.ledger.service import LedgerService
from tamga.lists.checker import GoodsChecker
from tamga.risk import AlertService, attach, run_ledger
from tamga.risk.selectivity import draw, final_channel, random_channel
from tamga.screening import Screener


def scenario() -> list[dict[str, Any]]:
    """A bit of everything: controlled re-export, unbacked export, a diverted and a late
    transit, a sanctioned consignee, and ordinary traffic."""
    listed = {"id": "RU-1", "name": 'OOO "TEKHNOPROM"', "country": "RU"}
    return [
        imp("H1", [line(hs="8542310000", qty=500, origin_country="US")], day=0, decl="IM-1"),
        sale("H1", "H2", [line(hs="8542310000", qty=500)], day=1),
        exp("H2", [line(hs="8542310000", qty=500)], day=2, decl="EX-1"),
        imp("H3", [line(hs="845011", qty=30)], day=0, decl="IM-2"),
        exp("H3", [line(hs="845011", qty=100)], day=1, decl="EX-2", consignee=listed),
        transit_start("MRN-1", day=0, deadline_days=2),
        transit_start("MRN-2", day=0, deadline_days=9),
        transit_end("MRN-2", 1, location="KZ-O-KARAGANDA"),
        imp("H4", [line(hs="940161", qty=10)], day=3, decl="IM-3"),
        exp("H4", [line(hs="940161", qty=10)], day=4, decl="EX-3", dest="KG"),
    ]


def test_batch_run_gives_the_alerts_of_the_incremental_path(
    store_url: str, checker: GoodsChecker, screener: Screener
) -> None:
    ledger = LedgerService.open(store_url)
    alerts = attach(ledger, checker=checker, screener=screener)
    events = scenario()
    for i in range(0, len(events), 3):  # small batches, as the API sends them
        ledger.ingest(events[i : i + 3])
    live = alerts.store.all_contents()
    assert {a["rule"] for a in live} >= {
        "controlled_reexport",
        "unbacked",
        "sanctioned_party",
        "transit_overdue",
        "transit_elsewhere",
    }
    summary = run_ledger(ledger, checker=checker, screener=screener)
    assert summary["alerts"] == len(live) and summary["dropped"] == 0
    assert alerts.store.all_contents() == live


def test_workflow_records_who_when_why_and_a_hold_shows_in_the_trace(
    store_url: str, checker: GoodsChecker, screener: Screener
) -> None:
    ledger = LedgerService.open(store_url)
    alerts = attach(ledger, checker=checker, screener=screener)
    ledger.ingest(scenario())
    (alert,) = alerts.list(rule="controlled_reexport")
    assert alert["state"] == "new" and alert["declarations"][0] == "EX-1"
    assert ledger.trace("EX-1")["hold"] is False

    alerts.act(alert["id"], "assign", reason="take it", actor="ana", assignee="bob")
    held = alerts.act(alert["id"], "hold", reason="origin US, consignee RU", actor="bob")
    assert held["state"] == "hold" and held["assignee"] == "bob"
    trace = ledger.trace("EX-1")
    assert trace["hold"] is True and trace["channel"] == "red" and trace["lines"]
    assert alerts.declaration_status("EX-1")["hold"] is True

    alerts.act(alert["id"], "release", reason="licence shown", actor="bob")
    assert ledger.trace("EX-1")["hold"] is False
    done = alerts.act(alert["id"], "confirm", reason="confirmed diversion", actor="bob")
    assert done["state"] == "closed_confirmed"
    history = alerts.get(alert["id"])["history"]
    assert [(h["actor"], h["from_state"], h["to_state"]) for h in history] == [
        ("ana", "new", "assigned"),
        ("bob", "assigned", "hold"),
        ("bob", "hold", "released"),
        ("bob", "released", "closed_confirmed"),
    ]
    assert all(h["at"] and h["reason"] for h in history)
    with pytest.raises(Conflict):
        alerts.act(alert["id"], "hold", reason="again", actor="bob")
    with pytest.raises(InvalidInput):
        alerts.act(alert["id"], "reopen", reason=" ", actor="bob")
    with pytest.raises(InvalidInput):
        alerts.act(alert["id"], "shred", reason="x", actor="bob")
    with pytest.raises(NotFound):
        alerts.get("AL-NOPE")
    # the feed carries the changes in order
    feed = alerts.alerts_after(0, limit=1000)
    assert feed[-1]["id"] == alert["id"] and alerts.last_seq() == feed[-1]["seq"]


def test_filters_counts_and_declaration_channels(risk_ledger: Ingest) -> None:
    _, alerts = risk_ledger(scenario())
    every = alerts.list()
    assert alerts.list(declaration="IM-1")[0]["rule"] == "controlled_reexport"
    assert {a["rule"] for a in alerts.list(declaration="EX-2")} == {
        "unbacked",
        "sanctioned_party",
    }
    assert all(a["channel"] == "red" for a in alerts.list(channel="red"))
    assert alerts.list(holder="H3") and alerts.list(rule="surge") == []
    counts = alerts.counts()
    assert sum(counts["by_rule"].values()) == len(every)
    # EX-2 has two strong alerts: combined, it goes red
    assert alerts.declaration_status("EX-2")["channel"] == "red"
    for alert in every:
        for key in ("id", "rule", "severity", "score", "channel", "state", "declarations"):
            assert key in alert
        assert {"event_ids", "holders", "transits", "evidence"} <= set(alert)


def test_random_selection_is_deterministic_and_near_its_rate() -> None:
    sel = {"random": {"red": 0.01, "yellow": 0.2}, "salt": "s"}
    assert draw("EX-1", "s") == draw("EX-1", "s") != draw("EX-2", "s")
    chans = [random_channel(f"EX-{i}", sel) for i in range(20_000)]
    assert abs(chans.count("red") / 20_000 - 0.01) < 0.004
    assert abs(chans.count("yellow") / 20_000 - 0.2) < 0.015
    # criteria hits are never lowered by the draw
    assert all(final_channel(f"EX-{i}", "red", sel) == "red" for i in range(200))


def test_report_shows_the_mix_against_targets(risk_ledger: Ingest) -> None:
    ledger, alerts = risk_ledger(scenario())
    report = alerts.report(ledger)
    assert report["declarations"] == 6
    assert abs(sum(report["mix"].values()) - 1) < 1e-9
    assert report["targets"] == {"green": 0.785, "yellow": 0.201, "red": 0.01}


def test_a_new_process_resumes_from_the_saved_state(
    sqlite_url: str, checker: GoodsChecker, screener: Screener
) -> None:
    first = LedgerService.open(sqlite_url)
    one = attach(first, checker=checker, screener=screener)
    events = scenario()
    first.ingest(events[:6])  # MRN-1 started, deadline day 2
    assert one.runtime is not None
    one.runtime.flush()
    second = LedgerService.open(sqlite_url)
    two = attach(second, checker=checker, screener=screener)
    second.ingest(events[6:])  # time passes in the new process: MRN-1 is overdue
    assert [a["subject"] for a in two.list(rule="transit_overdue")] == ["MRN-1"]


def test_alert_service_without_config_reads_defaults(sqlite_url: str) -> None:
    service = AlertService(LedgerService.open(sqlite_url).engine)
    assert service.list() == [] and service.counts()["by_rule"] == {}
    status = service.declaration_status("EX-NONE")
    assert status["hold"] is False and status["channel"] in ("green", "yellow", "red")
