"""Rule 8: a holder's (or a route's) monthly volume in an HS heading far above its own history.

Each subject is compared only with itself: the month's running value against the median of its
earlier active months, so a large trader's ordinary month is not a surge and a small one's
jump is. A heading with fewer than ``min_months`` months of its own is measured against the
subject's active months instead (counting the months without the heading as zero), so volume
rising from nothing in a heading new to an established trader or route is a surge once it
reaches ``min_value_new``. The alert goes to the declaration that carried the month over the
line, once a month.

A month the whole market has in the heading (the season's imports of phones before the new
year, a harvest's exports) is no surge of one trader: the line moves up by the market's own
rise, the month of everybody else's trade in the heading and direction against the median of
the market's earlier months.
"""

from __future__ import annotations

from typing import Any

from tamga.ledger.engine import Applied
from tamga.ledger.model import ExportEvent, ImportEvent
from tamga.risk.context import RiskContext
from tamga.risk.model import Alert, uniq
from tamga.risk.rules.base import Money, Rule, day_of

HISTORY_MONTHS = 24


class Surge(Rule):
    name = "surge"
    types = ("import", "export")

    def __init__(self, params: dict[str, Any], ctx: RiskContext) -> None:
        super().__init__(params, ctx)
        self.factor = float(params.get("factor", 6.0))
        self.min_months = int(params.get("min_months", 6))
        self.min_value = float(params.get("min_value", 0))
        self.subjects = frozenset(params.get("subjects") or ("holder", "route"))
        self.min_value_new = float(params.get("min_value_new", 0) or 0)
        self.money = Money(params)
        self.rise = 1.0  # the market's rise for the heading being judged

    def initial_state(self) -> dict[tuple[str, ...], dict[str, Any]]:
        return {}

    def on_event(self, applied: Applied, t: float) -> list[Alert]:
        event = applied.event
        if isinstance(event, ImportEvent):
            direction, holder, country = "import", event.consignee, event.dispatch_country
        else:
            assert isinstance(event, ExportEvent)
            direction, holder, country = "export", event.exporter, event.destination_country
        month = applied.time[:7]
        on = day_of(applied)
        # value per heading in one currency; a value without a rate is summed only with values
        # of its own currency, and quantities without a value only with the same unit
        volume: dict[tuple[str, str], float] = {}
        for line in event.lines:
            if line.value is not None:
                conv = self.money.convert(self.ctx, line.value, line.currency, on)
                if conv.value is not None:
                    measure, amount = "", conv.value
                else:
                    measure, amount = str(line.currency), line.value
            else:
                measure, amount = f"qty:{line.unit}", line.quantity
            k = (line.hs_code[:4], measure)
            volume[k] = volume.get(k, 0.0) + amount
        out = []
        for (hs4, measure), amount in sorted(volume.items()):
            keys = []
            sub = f"{hs4}|{measure}" if measure else hs4
            market = self._market((direction, sub), month, amount)
            if "holder" in self.subjects:
                keys.append(("holder", holder, direction, sub))
            if "route" in self.subjects:
                keys.append(("route", country, direction, sub))
            for key in keys:
                self._active((*key[:3], measure), month, amount)
                self.rise = self._market_rise(market, key, month, amount)
                hit = self._add(key, month, amount)
                if hit is not None:
                    out.append(self._alert(applied, key, month, hit, holder, measure))
        return out

    def _market(self, key: tuple[str, str], month: str, amount: float) -> dict[str, Any]:
        """Everybody's monthly value in a heading and direction, and the median of the
        market's earlier months."""
        found: dict[str, Any] | None = self.state.get(("market", *key))
        rec: dict[str, Any] = (
            found if found is not None else {"months": {}, "cur": month, "base": None}
        )
        self.state[("market", *key)] = rec
        months: dict[str, float] = rec["months"]
        if month > rec["cur"]:
            prior = sorted(m for m in months if m < month)[-HISTORY_MONTHS:]
            for old in [m for m in months if m < prior[0]] if prior else []:
                del months[old]
            rec["base"] = _median(sorted(months[m] for m in prior)) if len(prior) >= 3 else None
            rec["cur"] = month
        months[month] = months.get(month, 0.0) + amount
        return rec

    def _market_rise(
        self, market: dict[str, Any], key: tuple[str, ...], month: str, amount: float
    ) -> float:
        """How far the rest of the market's month (without the subject's, this declaration's
        included) is above the market's usual month (1: not at all)."""
        base = market.get("base")
        if not base or month != market["cur"]:
            return 1.0
        rec: dict[str, Any] = self.state.get(key) or {}
        own = float(rec.get("months", {}).get(month, 0.0)) + amount
        others = float(market["months"].get(month, 0.0)) - own
        return max(1.0, others / float(base))

    def _active(self, subject: tuple[str, ...], month: str, amount: float) -> None:
        """A subject's (holder or route, one direction) monthly value over all headings, in
        one measure (the compared currency, an unconverted currency, or a unit)."""
        if not subject[3]:
            subject = subject[:3]  # the compared currency: the key it always had
        rec = self.state.get(("active", *subject))
        if rec is None:
            rec = self.state[("active", *subject)] = {"months": {}}
        months: dict[str, float] = rec["months"]
        months[month] = months.get(month, 0.0) + amount
        if len(months) > HISTORY_MONTHS + 1:
            del months[min(months)]

    def _from_zero(
        self, key: tuple[str, ...], rec: dict[str, Any], month: str
    ) -> tuple[float, float, int, float | None] | None:
        """A heading young in the subject's history: its month against the subject's whole
        usual month (all headings), so only volume out of scale with the subject's trade is a
        surge, however new the heading."""
        if not self.min_value_new or rec["done"] == month:
            return None
        measure = key[3].split("|", 1)[1] if "|" in key[3] else ""
        active = self.state.get(("active", *key[:3], *((measure,) if measure else ())))
        earlier = sorted(m for m in (active["months"] if active else {}) if m < month)
        earlier = earlier[-HISTORY_MONTHS:]
        if len(earlier) < self.min_months:
            return None
        total = rec["months"][month]
        usual = _median(sorted(active["months"][m] for m in earlier))
        if total < self.min_value_new or total < self.factor * self.rise * usual:
            return None
        rec["done"] = month
        rec["rise"] = self.rise
        return total, 0.0, len(earlier), usual

    def _add(
        self, key: tuple[str, ...], month: str, amount: float
    ) -> tuple[float, float, int, float | None] | None:
        rec = self.state.get(key)
        if rec is None:
            rec = self.state[key] = {"months": {}, "cur": month, "base": None, "n": 0, "done": ""}
        months: dict[str, float] = rec["months"]
        if month > rec["cur"]:
            prior = sorted(m for m in months if m < month)[-HISTORY_MONTHS:]
            for old in [m for m in months if m < prior[0]] if prior else []:
                del months[old]
            vals = sorted(months[m] for m in prior)
            n = len(vals)
            rec["base"] = (
                (vals[n // 2] if n % 2 else (vals[n // 2 - 1] + vals[n // 2]) / 2) if n else None
            )
            rec["n"], rec["cur"] = n, month
        months[month] = months.get(month, 0.0) + amount
        if month != rec["cur"]:
            return None
        if rec["n"] < self.min_months:
            return self._from_zero(key, rec, month)
        if rec["done"] == month or rec["base"] is None:
            return None
        total = months[month]
        if rec["n"] < self.min_months or total < self.min_value:
            return None
        if total < self.factor * self.rise * rec["base"]:
            return None
        rec["done"] = month
        rec["rise"] = self.rise
        return total, rec["base"], rec["n"], None

    def _alert(
        self,
        applied: Applied,
        key: tuple[str, ...],
        month: str,
        hit: tuple[float, float, int, float | None],
        holder: str,
        measure: str,
    ) -> Alert:
        total, base, n, usual = hit
        kind, who, direction, sub = key
        hs4 = sub.split("|", 1)[0]
        if not measure:
            unit = self.money.base
        elif measure.startswith("qty:"):
            unit = measure[4:]
        else:
            unit = f"{measure} (no rate: not summed with other currencies)"
        event = applied.event
        decl = getattr(event, "declaration_no", "")
        ratio = total / base if base > 0 else None
        return Alert(
            rule=self.name,
            key="|".join((*key, month)),
            # a surge alone is a weak sign (too few tuning alerts to calibrate; about one in
            # seven was real there): from 0.15 at the line, 0.3 at four times it, at most 0.45
            score=min(0.45, 0.1 + 0.05 * (ratio / self.factor)) if ratio else 0.25,
            title=(
                f"{direction} surge of HS {hs4} by {kind} {who}: {ratio:.1f}x its usual month"
                if ratio
                else f"{direction} surge of HS {hs4} by {kind} {who} from nothing in "
                f"{n} months of its trade"
            ),
            time=applied.time,
            subject=decl,
            declarations=[decl],
            event_ids=[event.event_id],
            holders=uniq([holder]),
            locations=[event.location],
            evidence={
                "subject": kind,
                "who": who,
                "direction": direction,
                "hs4": hs4,
                "month": month,
                "month_value": round(total, 2),
                "median_month_value": round(base, 2),
                "ratio": round(ratio, 2) if ratio else None,
                "months_of_history": n,
                "measured_in": unit,
                # from nothing: the subject's usual month over all its headings
                "usual_month_value_all_headings": None if usual is None else round(usual, 2),
                # the rest of the market's month against its usual month: the line moved up
                "market_rise": round(self.rise, 3),
                "line_factor": round(self.factor * self.rise, 3),
            },
        )


def _median(values: list[float]) -> float:
    n = len(values)
    return values[n // 2] if n % 2 else (values[n // 2 - 1] + values[n // 2]) / 2
