"""Rule 7: a unit value far from the norm for like goods (under/over-invoicing).

Norms are robust: the median and the median absolute deviation (MAD) of the log unit values
of the most recent declarations in a group, so the outliers being hunted cannot drag the norm
towards themselves. Groups go from the most specific (GTIN; brand and 10-digit code) to the
code at 10, 8 and 6 digits; the most specific with enough history judges, and a group with
little history judges with a wider tolerance and less weight (no cliff at a sample count).
Imports and exports of the same goods are pooled: a price is a price of the goods, whichever
way they cross (valuation basis: the declared customs value of each line, imports and exports
alike). A price that other declarations of the code also occupy (another model, a kit, a
cheaper brand) is a mode of the goods, not an outlier. Values are compared within one unit, in
one currency, at the rate of the declaration's date (:mod:`tamga.rates`); a value without a
rate stays in a group of its own currency. Lines that state a net weight also join
per-kilogram groups, so goods declared by weight are judged against goods declared by the
piece when their own unit has too little history.
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
        self.min_samples = int(params.get("min_samples", 12))
        self.min_history = int(params.get("min_history", 6))
        self.min_ratio = math.log(float(params.get("min_ratio", 1.8)))
        self.min_z = float(params.get("min_z", 3.5))
        self.levels = [tuple(level) for level in params.get("levels") or [["hs"]]]
        self.near = math.log(float(params.get("neighbour_ratio", 1.25)))
        self.max_neighbours = float(params.get("max_neighbours", 0.03))
        self.money = Money(params)
        self.similar_weight = float(params.get("similar_goods_weight", 0.7))

    def initial_state(self) -> dict[tuple[Any, ...], deque[float]]:
        return {}

    def _keys(self, line: Any, unit: str, currency: str | None) -> list[tuple[Any, ...]]:
        hs = line.hs_code
        fields = {
            "hs": hs,
            "hs8": hs[:8] if len(hs) > 8 else None,
            "hs6": hs[:6] if len(hs) > 6 else None,
            "brand": line.brand,
            "gtin": line.gtin,
        }
        base = ("pooled", unit, currency)
        out = []
        for level in self.levels:
            if any(fields.get(f) is None and f != "brand" for f in level):
                continue  # a GTIN group only for goods with one; no 8-digit group of a 6-digit code
            if "brand" in level and not line.brand:
                continue
            out.append(base + tuple(f"{f}={fields.get(f)}" for f in level))
        return out

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
        best = 0.0
        on = day_of(applied)
        for line in event.lines:
            if not line.value or line.value <= 0 or line.quantity <= 0:
                continue
            currency, conv, measures = self._measures(line, on)
            verdicts: list[tuple[str, bool, dict[str, Any] | None]] = []
            for unit, x in measures:
                keys = self._keys(line, unit, currency)
                samples = []
                for key in keys:
                    sample = self.state.get(key)
                    if sample is None:
                        sample = self.state[key] = deque(maxlen=self.window)
                    samples.append(sample)
                for i, (key, sample) in enumerate(zip(keys, samples, strict=True)):
                    if len(sample) >= self.min_history:
                        hit = self._judge(x, sample, key, line, samples[:i], samples[i + 1 :])
                        verdicts.append((unit, True, hit))
                        break
                else:
                    verdicts.append((unit, False, None))
                for sample in samples:
                    sample.append(x)
            hit = self._verdict(verdicts)
            if hit is not None:
                hit |= {
                    "compared_in": currency,
                    "valuation": "declared customs value; imports and exports pooled",
                    "declared_value": line.value,
                    "quantity": line.quantity,
                    "net_kg": line.net_kg,
                }
                if conv.source != "same":
                    hit["conversion"] = conv.text()
                    hit["rate_to_compared"] = conv.rate
                    hit["rate_date"] = conv.rate_date
                found.append(hit)
                best = max(best, hit["score"])
        if not found:
            return []
        top = max(found, key=lambda h: h["score"])
        decl = event.declaration_no
        holder = event.consignee if isinstance(event, ImportEvent) else event.exporter
        return [
            Alert(
                rule=self.name,
                key=decl,
                score=round(best, 4),
                title=(
                    f"{direction} {top['direction']}-invoiced: unit value "
                    f"{max(top['ratio'], 1 / top['ratio']):.1f}x off the norm"
                ),
                time=applied.time,
                subject=decl,
                declarations=[decl],
                event_ids=[event.event_id],
                holders=[holder],
                locations=uniq([event.location]),
                evidence={
                    "direction": direction,
                    "partner_country": country,
                    "lines": found,
                    # what the norm rested on, for the calibration: the goods' own history or
                    # the code's, and whether it was thin
                    "stratum": _stratum(top),
                },
            )
        ]

    @staticmethod
    def _verdict(
        verdicts: list[tuple[str, bool, dict[str, Any] | None]],
    ) -> dict[str, Any] | None:
        """Per unit and, where the line states a weight, per kilogram: like goods are goods of
        a like weight, so a price per unit far off while the price per kilogram is the norm is
        another model (a larger router, a heavier pump), not a mis-declared value. A value
        judged only one way stands on that measure."""
        per_unit = verdicts[0]
        per_kg = verdicts[1] if len(verdicts) > 1 else None
        unit, judged, hit = per_unit
        if hit is not None:
            hit["measure"] = "per kg" if unit == "KGM" else f"per {unit}"
            if per_kg is None or not per_kg[1]:
                return hit
            kg_hit = per_kg[2]
            if kg_hit is None or kg_hit["direction"] != hit["direction"]:
                return None
            hit["per_kg"] = {k: kg_hit[k] for k in ("ratio", "median_unit_value", "samples")}
            hit["score"] = max(hit["score"], kg_hit["score"])
            return hit
        if not judged and per_kg is not None and per_kg[2] is not None:
            return per_kg[2] | {"measure": "per kg"}
        return None

    def _judge(
        self,
        x: float,
        sample: deque[float],
        key: tuple[Any, ...],
        line: Any,
        narrower: list[deque[float]],
        wider: list[deque[float]],
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
        # thin history: the line moves out (up to 1.5 times further at min_history) and the
        # finding weighs less, rather than a cliff at min_samples
        confidence = min(1.0, n / self.min_samples)
        line_at = self.min_ratio + (1.0 - confidence) * math.log(1.5)
        if abs(dist) < line_at or z < self.min_z:
            return None
        # far from the median but a price the goods often have (a second product, a kit and
        # its assembled car, a cheaper brand under one code): a mode, not an anomaly
        lo, hi = bisect_left(values, x - self.near), bisect_right(values, x + self.near)
        if hi - lo > max(2.0, self.max_neighbours * n):
            return None
        # the goods' own few prices (the brand's, the GTIN's), too few to judge: a price they
        # have had at least half the time before is theirs
        for own in narrower:
            if own:
                k = sum(1 for v in own if abs(v - x) <= self.near)
                if k and 2 * k >= len(own):
                    return None
        # a price other goods under the code often have: when the goods' own history is thin
        # (or the code alone judges), they may well be such goods
        own_history = confidence >= 1.0 and any(f.startswith(("brand=", "gtin=")) for f in key)
        for other in [] if own_history else wider:
            if len(other) < self.min_history:
                continue
            ws = sorted(other)
            k = bisect_right(ws, x + self.near) - bisect_left(ws, x - self.near)
            if k > max(2.0, self.max_neighbours * len(ws)):
                return None
        past = (abs(dist) - line_at) / math.log(3.0)  # 1.0: three times the line's ratio
        score = (0.45 + 0.45 * min(1.0, past)) * (0.7 + 0.3 * confidence)
        # goods that carry a GTIN judged against other goods (the brand's, the code's): the
        # norm of similar goods, not of identical ones (a new model of a brand with a wide
        # range), weaker evidence than the product's own prices
        identical = line.gtin is None or any(f.startswith("gtin=") for f in key)
        if not identical:
            score *= self.similar_weight
        return {
            "line_no": line.line_no,
            "hs_code": line.hs_code,
            "brand": line.brand,
            "unit_value": round(math.exp(x), 4),
            "median_unit_value": round(math.exp(median), 4),
            "ratio": round(math.exp(dist), 3),
            "log_ratio": round(dist, 4),
            "line_ratio": round(math.exp(line_at), 3),
            "past_line": round(math.exp(abs(dist) - line_at), 3),
            "robust_z": round(z, 2),
            "mad_log": round(mad, 4),
            "samples": n,
            "samples_for_full_weight": self.min_samples,
            "group": [str(k) for k in key],
            "similar_prices_seen": hi - lo,
            "currency": line.currency,
            "unit": line.unit,
            "direction": "over" if dist > 0 else "under",
            "norm_of": "identical goods" if identical else "similar goods (own GTIN history thin)",
            "score": round(score, 4),
        }


def _stratum(hit: dict[str, Any]) -> str:
    own = any(str(g).startswith(("brand=", "gtin=")) for g in hit.get("group", ()))
    thin = int(hit.get("samples", 0)) < int(hit.get("samples_for_full_weight", 0))
    return ("own" if own else "code") + ("-thin" if thin else "")
