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
    deciles = [[0, 0] for _ in range(10)]
    subjects: dict[str, bool] = {}
    for alert in alerts:
        cases: set[int] = set()
        for eid in alert["event_ids"]:
            cases |= by_event.get(eid, set())
        cases |= by_ref.get(alert["subject"], set())
        found |= cases
        slot = right_by_rule.setdefault(alert["rule"], [0, 0])
        slot[0] += bool(cases)
        slot[1] += 1
        d = deciles[_decile(float(alert.get("score", 0.0)))]
        d[0] += bool(cases)
        d[1] += 1
        subjects[alert["subject"]] = subjects.get(alert["subject"], False) or bool(cases)
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
        # a declaration or transit is flagged by any alert, right when one concerns a case
        "subjects": {
            "flagged": len(subjects),
            "right": sum(subjects.values()),
            "precision": sum(subjects.values()) / len(subjects) if subjects else 0.0,
        },
        "deciles": [
            {
                "from": i / 10,
                "to": (i + 1) / 10,
                "alerts": n,
                "right": k,
                "precision": k / n if n else 0.0,
            }
            for i, (k, n) in enumerate(deciles)
        ],
    }


def _decile(score: float) -> int:
    return min(9, max(0, int(score * 10)))


def clean_exports_flagged(
    alerts: list[dict[str, Any]], labels: list[dict[str, Any]], exports: list[str]
) -> dict[str, Any]:
    """Export declarations of no labelled case, and how many of them carry an alert."""
    planted = {d for case in labels for d in case["declarations"]}
    flagged = {a["subject"] for a in alerts} | {d for a in alerts for d in a["declarations"]}
    clean = [d for d in dict.fromkeys(exports) if d not in planted]
    hit = sum(1 for d in clean if d in flagged)
    return {"clean": len(clean), "flagged": hit, "share": hit / len(clean) if clean else 0.0}


def merge(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Several seeds' evaluations as one: counts added, ratios computed again."""
    out: dict[str, Any] = {"events": sum(r["events"] for r in runs)}
    recall: dict[str, dict[str, Any]] = {}
    by_rule: dict[str, dict[str, Any]] = {}
    for r in runs:
        for s, v in r["recall"].items():
            slot = recall.setdefault(s, {"found": 0, "cases": 0})
            slot["found"] += v["found"]
            slot["cases"] += v["cases"]
        for k, v in r["by_rule"].items():
            slot = by_rule.setdefault(k, {"alerts": 0, "right": 0})
            slot["alerts"] += v["alerts"]
            slot["right"] += v["right"]
    out["recall"] = {s: v | {"recall": v["found"] / v["cases"]} for s, v in sorted(recall.items())}
    out["by_rule"] = {
        k: v | {"precision": v["right"] / v["alerts"]} for k, v in sorted(by_rule.items())
    }
    alerts = sum(r["alerts"] for r in runs)
    out["alerts"] = alerts
    out["precision"] = sum(v["right"] for v in by_rule.values()) / alerts if alerts else 0.0
    flagged = sum(r["subjects"]["flagged"] for r in runs)
    right = sum(r["subjects"]["right"] for r in runs)
    out["subjects"] = {
        "flagged": flagged,
        "right": right,
        "precision": right / flagged if flagged else 0.0,
    }
    deciles = []
    for i in range(10):
        n = sum(r["deciles"][i]["alerts"] for r in runs)
        k = sum(r["deciles"][i]["right"] for r in runs)
        deciles.append(
            {
                "from": i / 10,
                "to": (i + 1) / 10,
                "alerts": n,
                "right": k,
                "precision": k / n if n else 0.0,
            }
        )
    out["deciles"] = deciles
    clean = sum(r["clean_exports"]["clean"] for r in runs)
    hit = sum(r["clean_exports"]["flagged"] for r in runs)
    out["clean_exports"] = {"clean": clean, "flagged": hit, "share": hit / clean if clean else 0.0}
    return out


def criteria_flagged(
    alerts: list[dict[str, Any]], weights: dict[str, float], yellow_at: float
) -> list[dict[str, Any]]:
    """The alerts of subjects whose combined score reaches the yellow channel: what the
    criteria send to an officer (the random draw aside)."""
    from tamga.risk.selectivity import combine

    by: dict[str, list[dict[str, Any]]] = {}
    for a in alerts:
        by.setdefault(a["subject"], []).append(a)
    out = []
    for mine in by.values():
        score = combine((weights.get(a["rule"], 1.0), float(a["score"])) for a in mine)
        if score >= yellow_at:
            out += mine
    return out
