"""Rule 7: a unit value far from the norm for its goods and route (under/over-invoicing).

Norms are robust: the median and the median absolute deviation (MAD) of the log unit values
of the most recent declarations in a group, so the outliers being hunted cannot drag the norm
towards themselves. Groups go from narrow (HS code, brand, partner country) to wide (HS code);
the narrowest with enough history judges. Values are compared within one unit, in one currency:
values in currencies with a configured rate are converted to the base currency (approximate
rates: a 1.8x threshold does not need the day's rate), others stay in groups of their own.
Lines that state a net weight also join per-kilogram groups (the groups of lines declared in
KGM), so goods declared by weight are judged against goods declared by the piece, and the
other way round, when their own unit has too little history.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import deque
from datetime import date
from typing import Any

from tamga.ledger.engine import Applied
from tamga.ledger.model import ExportEvent, ImportEvent
from tamga.rates.model import Conversion
from tamga.risk.context import RiskContext
from tamga.risk.model import Alert, uniq
from tamga.risk.rules.base import Money, Rule, day_of

MAD_SIGMA = 1.4826  # MAD x this estimates a standard deviation for normal data
MIN_SPREAD = 0.05  # log-scale floor, so a group of identical prices cannot make every change huge


class UnitValue(Rule):
    name = "unit_value"
    types = ("import", "export")

    def __init__(self, params: dict[str, Any], ctx: RiskContext) -> None:
        super().__init__(params, ctx)
        self.window = int(params.get("window", 200))
        self.min_samples = int(params.get("min_samples", 20))
        self.min_ratio = math.log(float(params.get("min_ratio", 1.8)))
        self.min_z = float(params.get("min_z", 3.5))
        self.levels = [tuple(level) for level in params.get("levels") or [["hs"]]]
        self.near = math.log(float(params.get("neighbour_ratio", 1.25)))
        self.max_neighbours = float(params.get("max_neighbours", 0.03))
        self.money = Money(params)

    def initial_state(self) -> dict[tuple[Any, ...], deque[float]]:
        return {}

    def _keys(
        self, direction: str, line: Any, country: str, unit: str, currency: str | None
    ) -> list[tuple[Any, ...]]:
        fields = {"hs": line.hs_code, "brand": line.brand, "country": country, "gtin": line.gtin}
        base = (direction, unit, currency)
        return [
            base + tuple(f"{f}={fields[f]}" for f in level)
            for level in self.levels
            if "gtin" not in level or line.gtin  # a GTIN group only for goods that have one
        ]

    def _measures(
        self, line: Any, on: date
    ) -> tuple[str | None, Conversion, list[tuple[str, float]]]:
        """The currency compared in, the conversion, and (unit, log value per unit) for the
        line's own unit and, when it states a weight, per kilogram. A value without a rate
        stays in its own currency (judged only against lines in that currency)."""
        conv = self.money.convert(self.ctx, line.value, line.currency, on)
        if conv.value is not None:
            currency, value = conv.currency, conv.value
        else:
            currency, value = line.currency, line.value
        out = [(line.unit, math.log(value / line.quantity))]
        if line.unit != "KGM" and line.net_kg:
            out.append(("KGM", math.log(value / line.net_kg)))
        return currency, conv, out

    def on_event(self, applied: Applied, t: float) -> list[Alert]:
        event = applied.event
        if isinstance(event, ImportEvent):
            direction, country = "import", event.dispatch_country
        else:
            assert isinstance(event, ExportEvent)
            direction, country = "export", event.destination_country
        found = []
        worst = 0.0
        on = day_of(applied)
        for line in event.lines:
            if not line.value or line.value <= 0 or line.quantity <= 0:
                continue
            currency, conv, measures = self._measures(line, on)
            judged = False
            for unit, x in measures:
                for key in self._keys(direction, line, country, unit, currency):
                    sample = self.state.get(key)
                    if sample is None:
                        sample = self.state[key] = deque(maxlen=self.window)
                    if not judged and len(sample) >= self.min_samples:
                        judged = True
                        hit = self._judge(x, sample, key, line)
                        if hit is not None:
                            hit |= {
                                "measure": "per kg" if unit == "KGM" else f"per {unit}",
                                "compared_in": currency,
                                "declared_value": line.value,
                                "quantity": line.quantity,
                                "net_kg": line.net_kg,
                            }
                            if conv.source != "same":
                                hit["conversion"] = conv.text()
                                hit["rate_to_compared"] = conv.rate
                                hit["rate_date"] = conv.rate_date
                            found.append(hit)
                            worst = max(worst, abs(hit["log_ratio"]))
                    sample.append(x)
        if not found:
            return []
        over = sum(1 for h in found if h["direction"] == "over")
        way = "over" if over * 2 >= len(found) else "under"
        # 0.5 at the threshold, 0.9 at three times the threshold's ratio
        excess = (worst - self.min_ratio) / math.log(3.0)
        score = min(0.9, 0.5 + 0.4 * min(1.0, max(0.0, excess)))
        decl = event.declaration_no
        holder = event.consignee if isinstance(event, ImportEvent) else event.exporter
        return [
            Alert(
                rule=self.name,
                key=decl,
                score=score,
                title=f"{direction} {way}-invoiced: unit value {math.exp(worst):.1f}x off the norm",
                time=applied.time,
                subject=decl,
                declarations=[decl],
                event_ids=[event.event_id],
                holders=[holder],
                locations=uniq([event.location]),
                evidence={"direction": direction, "partner_country": country, "lines": found},
            )
        ]

    def _judge(
        self, x: float, sample: deque[float], key: tuple[Any, ...], line: Any
    ) -> dict[str, Any] | None:
        values = sorted(sample)
        n = len(values)
        mid = n // 2
        median = values[mid] if n % 2 else (values[mid - 1] + values[mid]) / 2
        devs = sorted(abs(v - median) for v in values)
        mad = devs[mid] if n % 2 else (devs[mid - 1] + devs[mid]) / 2
        spread = max(MAD_SIGMA * mad, MIN_SPREAD)
        dist = x - median
        z = abs(dist) / spread
        if abs(dist) < self.min_ratio or z < self.min_z:
            return None
        # far from the median but a price the group often has (a second product, a kit and
        # its assembled car under one code): a mode, not an anomaly
        lo, hi = bisect_left(values, x - self.near), bisect_right(values, x + self.near)
        if hi - lo > max(2.0, self.max_neighbours * n):
            return None
        return {
            "line_no": line.line_no,
            "hs_code": line.hs_code,
            "brand": line.brand,
            "unit_value": round(math.exp(x), 4),
            "median_unit_value": round(math.exp(median), 4),
            "ratio": round(math.exp(dist), 3),
            "log_ratio": round(dist, 4),
            "robust_z": round(z, 2),
            "mad_log": round(mad, 4),
            "samples": n,
            "group": [str(k) for k in key],
            "similar_prices_seen": hi - lo,
            "currency": line.currency,
            "unit": line.unit,
            "direction": "over" if dist > 0 else "under",
        }
