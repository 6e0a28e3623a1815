"""Scores that mean what they say: each rule's raw score mapped to the share of such alerts
that were real on the tuning worlds (isotonic, fitted by ``benchmarks/calibrate.py`` on the
simulator and the second world's tuning seeds only, stored as data in ``calibration.yaml``).

Maps are kept per rule and subject kind (a transit is not a declaration); each bin of raw score
is pulled towards its raw score by pseudo-alerts when it held few tuning alerts, so a score the
tuning worlds rarely gave stays close to what the rule said. A rule with too few tuning alerts
has no map and keeps its raw score; the alert's evidence states both.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from tamga.risk.model import Alert


@dataclass(frozen=True)
class ScoreMap:
    xs: tuple[float, ...]
    ys: tuple[float, ...]
    n: int

    def __call__(self, raw: float) -> float:
        if not self.xs:
            return raw
        i = bisect_right(self.xs, raw)
        if i == 0:
            return self.ys[0]
        if i == len(self.xs):
            return self.ys[-1]
        x0, x1, y0, y1 = self.xs[i - 1], self.xs[i], self.ys[i - 1], self.ys[i]
        return y0 + (y1 - y0) * (raw - x0) / (x1 - x0) if x1 > x0 else y1


class Calibration:
    def __init__(self, data: dict[str, Any] | None) -> None:
        self.fitted_on = str((data or {}).get("fitted_on", ""))
        self.maps: dict[str, ScoreMap] = {}
        for rule, spec in ((data or {}).get("rules") or {}).items():
            pts = sorted((float(x), float(y)) for x, y in spec.get("points") or ())
            self.maps[rule] = ScoreMap(
                tuple(x for x, _ in pts), tuple(y for _, y in pts), int(spec.get("n", 0))
            )

    @classmethod
    def load(cls, source: str | Path | None = None) -> Calibration:
        if source:
            text = Path(source).read_text(encoding="utf-8")
        else:
            text = (resources.files("tamga.risk") / "calibration.yaml").read_text("utf-8")
        return cls(yaml.safe_load(text) or {})

    def apply(self, alert: Alert) -> Alert:
        """The alert with its calibrated score (by rule and subject kind, else by rule)."""
        kind = f"{alert.rule}:{alert.subject_kind}"
        stratum = alert.evidence.get("stratum")
        m = (
            (self.maps.get(f"{kind}:{stratum}") if stratum else None)
            or self.maps.get(kind)
            or self.maps.get(alert.rule)
        )
        raw = alert.score
        if m is None:
            alert.evidence["score"] = {"raw": raw, "calibrated": None}
            return alert
        alert.score = round(min(1.0, max(0.0, m(raw))), 4)
        alert.evidence["score"] = {"raw": raw, "calibrated": alert.score, "tuning_alerts": m.n}
        return alert
