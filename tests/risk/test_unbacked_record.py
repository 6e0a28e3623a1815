"""A ledger begins with stock nobody recorded: an unbacked export by a firm that traded before
the record began weighs less while the record is young; a firm registered since is seen whole."""

from __future__ import annotations

from builders import at, exp, imp, line
from risk_support import Ingest, only
from unseen_support import by_rule

RAW = {**only("unbacked"), "calibration": {"enabled": False}}


def test_unbacked_at_the_record_start_weighs_less_than_months_into_it(
    risk_ledger: Ingest,
) -> None:
    holders = [
        {"id": "OLD-FIRM", "registered": "2003-04-01"},
        {"id": "LATER-FIRM", "registered": "2004-04-01"},
        {"id": "NEW-FIRM", "registered": at(1)[:10]},
    ]
    events = [
        imp("SOMEONE", [line(hs="6109100000", qty=1)], 0),
        # days into the record: OLD-FIRM may hold stock bought before it began
        exp("OLD-FIRM", [line(hs="8418102001", qty=500)], 2, "EX-EARLY", dest="UZ"),
        # a firm registered when the record began: all its stock was seen
        exp("NEW-FIRM", [line(hs="8418102001", qty=500)], 3, "EX-NEWFIRM", dest="UZ"),
        # months into the record: no excuse any more
        exp("LATER-FIRM", [line(hs="8418102001", qty=500)], 120, "EX-LATE", dest="UZ"),
    ]
    _, alerts = risk_ledger(events, RAW, holders=holders)
    found = by_rule(alerts.list(), "unbacked")
    assert set(found) == {"EX-EARLY", "EX-NEWFIRM", "EX-LATE"}
    early = found["EX-EARLY"]["evidence"]["record"]
    assert early["days_seen"] == 2 and early["seen_from"] == "the record's first event"
    assert found["EX-NEWFIRM"]["evidence"]["record"]["seen_from"] == "its registration"
    assert found["EX-NEWFIRM"]["score"] == 1.0
    assert found["EX-LATE"]["score"] == 1.0
    assert found["EX-EARLY"]["score"] < 0.6 < found["EX-LATE"]["score"]
