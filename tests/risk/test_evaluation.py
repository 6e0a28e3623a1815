"""Alerts measured against labelled cases: recall per scheme, precision per rule."""

from __future__ import annotations

from tamga.risk.evaluation import evaluate

LABELS = [
    {"scheme": "phantom", "event_ids": ["e1"], "declarations": ["EX-1"], "transits": []},
    {"scheme": "phantom", "event_ids": ["e2"], "declarations": ["EX-2"], "transits": []},
    {"scheme": "transit_unclosed", "event_ids": ["t1"], "declarations": [], "transits": ["M1"]},
]


def alert(rule: str, subject: str, *event_ids: str) -> dict[str, object]:
    return {"rule": rule, "subject": subject, "event_ids": list(event_ids)}


def test_a_case_is_found_by_one_of_its_events_or_by_its_declaration_or_transit() -> None:
    result = evaluate(
        [alert("unbacked", "EX-1", "e1"), alert("transit_overdue", "M1")],
        LABELS,
    )
    assert result["recall"]["phantom"] == {"found": 1, "cases": 2, "recall": 0.5}
    assert result["recall"]["transit_unclosed"]["recall"] == 1.0


def test_an_alert_about_no_labelled_case_lowers_its_rules_precision() -> None:
    result = evaluate(
        [alert("unbacked", "EX-1", "e1"), alert("unbacked", "EX-9", "e9")],
        LABELS,
    )
    assert result["by_rule"]["unbacked"] == {"alerts": 2, "right": 1, "precision": 0.5}
    assert result["precision"] == 0.5
    assert result["alerts"] == 2


def test_no_alerts_find_nothing_and_claim_no_precision() -> None:
    result = evaluate([], LABELS)
    assert result["precision"] == 0.0
    assert all(r["found"] == 0 for r in result["recall"].values())
