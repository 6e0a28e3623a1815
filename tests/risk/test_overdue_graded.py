"""Overdue transits graded as an officer would: ordinary lateness at the declared office is not
a finding; lateness counts against the time a transit was allowed, and a transit that stopped
reporting weighs more than one still moving along its route."""

from __future__ import annotations

import pytest
from builders import checkpoint, imp, line, transit_end, transit_start
from risk_support import Ingest, only
from unseen_support import by_rule

RAW = {**only("transit_overdue"), "calibration": {"enabled": False}}


def test_a_transit_discharged_at_its_office_hours_late_raises_nothing(risk_ledger: Ingest) -> None:
    events = [
        transit_start("MRN-HOURS", day=0, deadline_days=4),
        checkpoint("MRN-HOURS", 2),
        imp("x", [line()], day=4.2),  # the clock passes the deadline while it is on its way
        transit_end("MRN-HOURS", 4.25),  # six hours late, where it was declared to go
        transit_start("MRN-WEEK", day=10, deadline_days=4),
        transit_end("MRN-WEEK", 21),  # a week late: the goods were somewhere meanwhile
    ]
    _, alerts = risk_ledger(events, RAW)
    found = by_rule(alerts.list(), "transit_overdue")
    assert set(found) == {"MRN-WEEK"}
    ev = found["MRN-WEEK"]["evidence"]
    assert ev["allowed_days"] == 4 and ev["grace_days"] == 2 and ev["days_late"] == 7
    assert found["MRN-WEEK"]["score"] < 0.5  # discharged: late, but accounted for


def test_lateness_counts_against_the_time_allowed(risk_ledger: Ingest) -> None:
    events = [
        transit_start("MRN-SHORT", day=0, deadline_days=3),
        transit_start("MRN-LONG", day=-9, deadline_days=12),
        imp("x", [line()], day=10),  # both a week past their deadlines, both silent
    ]
    _, alerts = risk_ledger(events, RAW)
    found = by_rule(alerts.list(), "transit_overdue")
    short, long_ = found["MRN-SHORT"], found["MRN-LONG"]
    assert short["evidence"]["late_share_of_allowed"] == pytest.approx(7 / 3, abs=1e-3)
    assert long_["evidence"]["late_share_of_allowed"] == pytest.approx(7 / 12, abs=1e-3)
    assert short["score"] > long_["score"]


def test_a_silent_transit_weighs_more_than_one_still_reporting(risk_ledger: Ingest) -> None:
    events = [
        transit_start("MRN-SILENT", day=0, deadline_days=4),
        checkpoint("MRN-SILENT", 1),
        transit_start("MRN-MOVING", day=0, deadline_days=4),
        checkpoint("MRN-MOVING", 1),
        checkpoint("MRN-MOVING", 6.5),  # still on the road after its deadline
        imp("x", [line()], day=7),
    ]
    _, alerts = risk_ledger(events, RAW)
    found = by_rule(alerts.list(), "transit_overdue")
    silent, moving = found["MRN-SILENT"]["evidence"], found["MRN-MOVING"]["evidence"]
    assert silent["silent_days"] == 5.5 and silent["still_reporting"] is False
    assert moving["still_reporting"] is True
    assert found["MRN-SILENT"]["score"] > found["MRN-MOVING"]["score"]
