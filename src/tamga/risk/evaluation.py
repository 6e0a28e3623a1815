"""How well alerts find planted cases: the measure the simulator's labels file exists for.

Labels are the simulator's format (docs/simulator.md): one object per case with its ``scheme``,
``event_ids``, ``declarations`` and ``transits``. The benchmark and the demo both report this.
"""

from __future__ import annotations

from typing import Any


def evaluate(alerts: list[dict[str, Any]], labels: list[dict[str, Any]]) -> dict[str, Any]:
    """Recall per scheme and precision per rule of ``alerts`` against labelled cases.

    A case is found when an alert names one of its events or is about one of its declarations
    or transits; an alert is right when it concerns some labelled case.
    """
    by_event: dict[str, set[int]] = {}
    by_ref: dict[str, set[int]] = {}
    for i, case in enumerate(labels):
        for eid in case["event_ids"]:
            by_event.setdefault(eid, set()).add(i)
        for ref in case["declarations"] + case["transits"]:
            by_ref.setdefault(ref, set()).add(i)
    found: set[int] = set()
    right_by_rule: dict[str, list[int]] = {}
    for alert in alerts:
        cases: set[int] = set()
        for eid in alert["event_ids"]:
            cases |= by_event.get(eid, set())
        cases |= by_ref.get(alert["subject"], set())
        found |= cases
        slot = right_by_rule.setdefault(alert["rule"], [0, 0])
        slot[0] += bool(cases)
        slot[1] += 1
    schemes: dict[str, list[int]] = {}
    for i, case in enumerate(labels):
        slot = schemes.setdefault(case["scheme"], [0, 0])
        slot[0] += i in found
        slot[1] += 1
    right = sum(v[0] for v in right_by_rule.values())
    return {
        "recall": {
            s: {"found": f, "cases": n, "recall": f / n} for s, (f, n) in sorted(schemes.items())
        },
        "precision": right / len(alerts) if alerts else 0.0,
        "alerts": len(alerts),
        "by_rule": {
            r: {"alerts": n, "right": k, "precision": k / n}
            for r, (k, n) in sorted(right_by_rule.items())
        },
    }
