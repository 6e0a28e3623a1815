"""Calibrated scores: a rule's raw score becomes the share of such alerts that were real on the
tuning worlds, pulled towards the raw score where the map was fitted on few alerts."""

from __future__ import annotations

import pytest
from builders import checkpoint, transit_end, transit_start
from hypothesis import given
from hypothesis import strategies as st
from risk_support import Ingest, only
from unseen_support import by_rule

from tamga.risk.calibration import Calibration
from tamga.risk.model import Alert


def _alert(rule: str, score: float) -> Alert:
    return Alert(rule=rule, key="k", score=score, title="t", time="2024-01-01", subject="D")


DATA = {
    "fitted_on": "test",
    "rules": {
        "unit_value": {"n": 380, "points": [[0.3, 0.0], [0.6, 0.1], [0.9, 0.8]]},
        "surge": {"n": 0, "points": [[0.3, 0.0], [0.6, 0.0]]},
    },
}


def test_a_raw_score_becomes_the_share_real_on_the_tuning_worlds() -> None:
    cal = Calibration(DATA)
    a = cal.apply(_alert("unit_value", 0.75))
    assert a.score == pytest.approx(0.1 + (0.8 - 0.1) * 0.5, abs=1e-4)
    assert a.evidence["score"] == {"raw": 0.75, "calibrated": a.score, "tuning_alerts": 380}


def test_maps_are_per_subject_kind_where_fitted() -> None:
    data = {"rules": {"controlled_reexport:transit": {"n": 60, "points": [[0.5, 0.1], [1, 0.2]]}}}
    cal = Calibration(data)
    transit = _alert("controlled_reexport", 0.5)
    transit.subject_kind = "transit"
    assert cal.apply(transit).score == pytest.approx(0.1)
    assert cal.apply(_alert("controlled_reexport", 0.9)).score == 0.9  # declarations: no map


def test_no_map_keeps_the_raw_score() -> None:
    cal = Calibration(DATA)
    assert cal.apply(_alert("hs_switch", 0.9)).score == 0.9


@given(st.floats(0, 1), st.floats(0, 1))
def test_calibration_keeps_the_order_of_scores(a: float, b: float) -> None:
    cal = Calibration(DATA)
    lo, hi = sorted((a, b))
    assert cal.apply(_alert("unit_value", lo)).score <= cal.apply(_alert("unit_value", hi)).score


def test_the_shipped_map_loads() -> None:
    cal = Calibration.load()
    assert isinstance(cal.maps, dict)


def test_min_score_leaves_unlikely_alerts_out_but_keeps_raised_ones_up_to_date(
    risk_ledger: Ingest,
) -> None:
    events = [
        # discharged 1.5 days late, never seen open past its deadline: unlikely to matter
        transit_start("MRN-LATE", day=0, deadline_days=2),
        transit_end("MRN-LATE", 3.5),
        # found open 5 days past its deadline (an alert), then discharged: updated, not dropped
        transit_start("MRN-OPEN", day=0, deadline_days=2),
        checkpoint("MRN-OPEN", 1),
        transit_start("MRN-CLOCK", day=9, deadline_days=20),
        transit_end("MRN-OPEN", 9.5),
    ]
    config = only("transit_overdue") | {"calibration": {"min_score": 0.4}}
    _, alerts = risk_ledger(events, config)
    found = by_rule(alerts.list(), "transit_overdue")
    assert set(found) == {"MRN-OPEN"}
    assert found["MRN-OPEN"]["evidence"]["discharged"] is not None
    assert found["MRN-OPEN"]["evidence"]["score"]["raw"] < 0.5


def test_a_stratum_the_rule_states_has_its_own_map_where_fitted() -> None:
    data = {
        "rules": {
            "unit_value:declaration": {"n": 400, "points": [[0.5, 0.3], [1, 0.7]]},
            "unit_value:declaration:own": {"n": 250, "points": [[0.5, 0.3], [1, 0.9]]},
        }
    }
    cal = Calibration(data)
    own = _alert("unit_value", 1.0)
    own.evidence["stratum"] = "own"
    code = _alert("unit_value", 1.0)
    code.evidence["stratum"] = "code"  # no map of its own: the rule's
    assert cal.apply(own).score == pytest.approx(0.9)
    assert cal.apply(code).score == pytest.approx(0.7)
