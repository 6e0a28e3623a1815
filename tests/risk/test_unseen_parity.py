"""The unseen cases give the same alerts live (in small batches) and in a whole-ledger run:
the state the rules now keep (imports behind assembly, goods still held, late discharges,
subjects' monthly trade) is rebuilt the same way by both paths."""

from __future__ import annotations

from typing import Any

from builders import adjust, exp, imp, line, sale, transform, transit_end, transit_start
from risk_support import every_alert
from unseen_support import examiner_checker, without_origin

from tamga.ledger.service import LedgerService
from tamga.risk import attach, run_ledger
from tamga.screening import Screener

IC = "8542319000"


def scenario() -> list[dict[str, Any]]:
    events = [
        imp("p", [line(hs=IC, qty=100, value=20_000.0)], 0, "IM-ICS", origin="DE"),
        adjust("p", [line(hs="940390", qty=100, value=5_000.0, origin_country="KZ")], 0.5),
        transform(
            "p",
            inputs=[line(1, hs=IC, qty=100, value=20_000.0), line(2, hs="940390", qty=100)],
            outputs=[line(1, hs="8471500000", qty=100, value=40_000.0)],
            day=1,
        ),
        exp("p", [line(hs="8471500000", qty=100)], 3, "EX-SRV", dest="RU"),
        without_origin(imp("q", [line(hs=IC, qty=50)], 0, "IM-NOORIG", origin="US")),
        exp("q", [line(hs=IC, qty=50)], 2, "EX-NOORIG", dest="BY"),
        imp("s", [line(hs=IC, qty=2000, net_kg=20.0, value=200_000.0)], 0, "IM-S", origin="US"),
        exp("s", [line(hs="3926909709", qty=20, unit="KGM", net_kg=20.0)], 6, "EX-PL"),
        imp("n", [line(hs=IC, qty=500, value=50_000.0)], 0, "IM-N", origin="US"),
        sale("n", "m", [line(hs=IC, qty=500)], 2),
        exp("n", [line(hs="8504409000", qty=500, value=50_000.0)], 5, "EX-PSU"),
        transit_start("MRN-L", day=0, deadline_days=2),
        transit_start("MRN-M", day=0, deadline_days=2),
        imp("x", [line()], day=2.5),
        transit_end("MRN-L", 3.5),
        transit_end("MRN-M", 3.6),
    ]
    events += [
        imp("sg", [line(hs="8450111000", qty=200, value=100_000.0)], 30 * m) for m in range(8)
    ]
    events.append(imp("sg", [line(hs=IC, qty=10_000, value=3_000_000.0)], 30 * 8 + 2, "IM-NEW"))
    return events


def test_unseen_cases_alert_the_same_live_and_in_a_whole_ledger_run(
    sqlite_url: str, screener: Screener
) -> None:
    checker = examiner_checker()
    ledger = LedgerService.open(sqlite_url)
    every = every_alert({})  # the surge scores below the queue's min_score: raise it all the same
    alerts = attach(ledger, every, checker=checker, screener=screener)
    events = scenario()
    for i in range(0, len(events), 2):
        ledger.ingest(events[i : i + 2])
    live = alerts.store.all_contents()
    rules = {(a["rule"], a["subject"]) for a in live}
    assert {
        ("controlled_reexport", "EX-SRV"),
        ("controlled_reexport", "EX-NOORIG"),
        ("hs_switch", "EX-PL"),
        ("transit_overdue", "MRN-L"),
        ("surge", "IM-NEW"),
    } <= rules
    assert ("hs_switch", "EX-PSU") not in rules
    late = next(a for a in live if a["subject"] == "MRN-M")
    assert late["evidence"]["discharged"]["time"].startswith("2022-03-04")
    summary = run_ledger(ledger, every, checker=checker, screener=screener)
    assert summary["alerts"] == len(live) and summary["dropped"] == 0
    assert alerts.store.all_contents() == live
