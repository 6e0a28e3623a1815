"""Rule 3: goods exported under an HS code the holder never imported or made.

Each holder's acquisitions are remembered: the HS-6 codes it took in (import, purchase,
production, found stock), the codes each GTIN came under, and its recent acquisitions of
controlled goods. An export line is suspect when its GTIN came in under another code, or when
its code is new to the holder while the holder still holds controlled goods it took in recently
of a similar quantity, weight or value - the classic way to move a controlled item under a
harmless heading. What the holder sells, exports, writes off or puts into an assembly under the
controlled code is taken off those acquisitions (oldest first), so goods it no longer holds do
not make a later export suspect; weight and value are compared pro rata to what is still held.
"""

from __future__ import annotations

from collections import deque
from datetime import date
from typing import Any

from tamga.ledger.engine import Applied
from tamga.ledger.model import ExportEvent, GoodsLine, TransferEvent
from tamga.risk.context import LATEST, RiskContext
from tamga.risk.model import Alert, uniq
from tamga.risk.rules.base import DAY, Money, Rule, day_of, parts_of

#: [time, hs_code, brand, quantity, unit, net_kg, value, declaration, quantity still held,
#:  currency of value] - the value converted to the compared currency where a rate allows
Acquired = list[Any]


class HsSwitch(Rule):
    name = "hs_switch"
    types = ("import", "transfer", "transformation", "adjustment", "export")

    def __init__(self, params: dict[str, Any], ctx: RiskContext) -> None:
        super().__init__(params, ctx)
        self.window = float(params.get("window_days", 120)) * DAY
        self.similar = float(params.get("similar", 0.2))
        self.effects = frozenset(params.get("effects") or ("controlled", "export_ban"))
        self.money = Money(params)
        self._on = date(1970, 1, 1)  # the date of the event being applied

    def _value(self, line: GoodsLine) -> tuple[float | None, str | None]:
        """A line's value in the compared currency at the event's date (else in its own)."""
        if line.value is None:
            return None, None
        conv = self.money.convert(self.ctx, line.value, line.currency, self._on)
        if conv.value is None:
            return line.value, line.currency
        return conv.value, conv.currency

    def initial_state(self) -> dict[str, Any]:
        # holder -> {"hs": set[str], "gtin": {gtin: set[str]}, "recent": deque[Acquired]}
        return {}

    def _holder(self, holder: str) -> dict[str, Any]:
        acq: dict[str, Any] | None = self.state.get(holder)
        if acq is None:
            acq = self.state[holder] = {"hs": set(), "gtin": {}, "recent": deque(maxlen=64)}
        return acq

    def _controlled(self, line: GoodsLine) -> bool:
        return any(
            f.effect in self.effects
            for f in self.ctx.findings(line.hs_code, line.brand, line.origin_country, None, LATEST)
        )

    def _acquire(self, holder: str, line: GoodsLine, t: float, decl: str | None) -> None:
        acq = self._holder(holder)
        hs6 = line.hs_code[:6]
        acq["hs"].add(hs6)
        if line.gtin:
            acq["gtin"].setdefault(line.gtin, set()).add(hs6)
        if self._controlled(line):
            recent: deque[Acquired] = acq["recent"]
            while recent and recent[0][0] < t - self.window:
                recent.popleft()
            value, currency = self._value(line)
            recent.append(
                [
                    t,
                    line.hs_code,
                    line.brand,
                    line.quantity,
                    line.unit,
                    line.net_kg,
                    value,
                    decl,
                    line.quantity,
                    currency,
                ]
            )

    def _release(self, holder: str, line: GoodsLine) -> None:
        """Goods leaving the holder under a code: taken off its acquisitions of that code."""
        acq = self.state.get(holder)
        if acq is None or not acq["recent"]:
            return
        need = abs(line.quantity)
        for item in acq["recent"]:
            if need <= 0:
                break
            if item[1][:6] != line.hs_code[:6] or item[4] != line.unit or item[8] <= 0:
                continue
            take = min(item[8], need)
            item[8] -= take
            need -= take

    def on_event(self, applied: Applied, t: float) -> list[Alert]:
        event = applied.event
        kind = event.type
        self._on = day_of(applied)
        if kind == "export":
            assert isinstance(event, ExportEvent)
            alerts = self._check(applied, event, t)
            for r in applied.lines:
                self._release(event.exporter, r.line)
            return alerts
        if isinstance(event, TransferEvent):
            for r in applied.lines:
                self._release(event.seller, r.line)
        decl = getattr(event, "declaration_no", None)
        holder = {
            "import": "consignee",
            "transfer": "buyer",
            "transformation": "holder",
            "adjustment": "holder",
        }[kind]
        who = getattr(event, holder)
        relabelled = self._relabelled(applied) if kind == "transformation" else {}
        for r in applied.lines:
            if r.role == "input" or r.line.quantity < 0:
                self._release(who, r.line)
                continue
            if r.line.line_no in relabelled and r.role == "output":
                self._processed(who, r.line, t, relabelled[r.line.line_no], applied)
                continue
            self._acquire(who, r.line, t, decl)
        return []

    def _relabelled(self, applied: Applied) -> dict[int, list[GoodsLine]]:
        """Outputs of a transformation that only relabel controlled inputs: not controlled
        themselves, under another code, and of the weight (or count, in one unit) of the
        controlled inputs - real processing adds inputs or changes the goods' weight. Output
        line number -> the controlled inputs."""
        inputs = [r.line for r in applied.lines if r.role == "input"]
        outputs = [r.line for r in applied.lines if r.role == "output"]
        controlled = [ln for ln in inputs if self._controlled(ln)]
        if not controlled or len(controlled) != len(inputs):
            return {}
        kg = sum(ln.net_kg or 0.0 for ln in controlled)
        codes = {ln.hs_code[:6] for ln in controlled}
        units = {ln.unit for ln in controlled}
        qty = sum(ln.quantity for ln in controlled)
        out: dict[int, list[GoodsLine]] = {}
        for ln in outputs:
            if ln.hs_code[:6] in codes or self._controlled(ln):
                continue
            # by weight where both state it (assembly keeps counts, not weights); else by count
            if kg and ln.net_kg:
                relabel = self._near(kg, ln.net_kg)
            elif not kg and not ln.net_kg:
                relabel = units == {ln.unit} and self._near(qty, ln.quantity)
            else:
                relabel = False  # a weight on one side only: nothing to compare
            if relabel:
                out[ln.line_no] = controlled
        return out

    def _processed(
        self, holder: str, line: GoodsLine, t: float, inputs: list[GoodsLine], applied: Applied
    ) -> None:
        """Remember a relabelling output: its later export under that code is a switch."""
        acq = self._holder(holder)
        acq.setdefault("processed", {})[line.hs_code[:6]] = {
            "time": t,
            "event_id": applied.event.event_id,
            "output_hs": line.hs_code,
            "quantity": line.quantity,
            "unit": line.unit,
            "net_kg": line.net_kg,
            "inputs": [
                {
                    "hs_code": ln.hs_code,
                    "brand": ln.brand,
                    "quantity": ln.quantity,
                    "unit": ln.unit,
                    "net_kg": ln.net_kg,
                }
                for ln in inputs
            ],
        }

    def _near(self, a: float | None, b: float | None) -> bool:
        if not a or not b:
            return False
        return abs(a - b) <= self.similar * max(a, b)

    def _check(self, applied: Applied, event: ExportEvent, t: float) -> list[Alert]:
        acq = self.state.get(event.exporter)
        if acq is None:
            return []
        lines: list[dict[str, Any]] = []
        score = 0.0
        decls: list[str | None] = [event.declaration_no]
        for r in applied.lines:
            line = r.line
            hs6 = line.hs_code[:6]
            came_as = acq["gtin"].get(line.gtin) if line.gtin else None
            if came_as and hs6 not in came_as:
                lines.append(
                    {
                        "line_no": line.line_no,
                        "gtin": line.gtin,
                        "export_hs": line.hs_code,
                        "acquired_as": sorted(came_as),
                        "why": "the same GTIN came in under another HS code",
                    }
                )
                score = max(score, 0.9)
                decls += [d for (_k, _c, d, _n, _p), _q, _v in parts_of(r)]
                continue
            done = (acq.get("processed") or {}).get(hs6)
            if done is not None and t - done["time"] <= self.window and hs6 not in acq["hs"]:
                lines.append(
                    {
                        "line_no": line.line_no,
                        "export_hs": line.hs_code,
                        "quantity": line.quantity,
                        "unit": line.unit,
                        "net_kg": line.net_kg,
                        "processed_from": done["inputs"],
                        "processing_event": done["event_id"],
                        "processing_days_before": round((t - done["time"]) / DAY, 2),
                        "why": "made by a processing that only relabelled controlled goods: "
                        "no other input, the same weight or count, another code",
                    }
                )
                score = max(score, 0.8)
                continue
            if hs6 in acq["hs"] or came_as:
                continue
            line_value, line_currency = self._value(line)
            for item in reversed(acq["recent"]):
                when, hs, brand, qty, unit, kg, value, decl, held = item[:9]
                currency = item[9] if len(item) > 9 else line_currency
                if when < t - self.window:
                    break
                if held <= 0 or qty <= 0:
                    continue
                part = held / qty  # weight and value pro rata to what is still held
                similar_on = []
                if unit == line.unit and self._near(held, line.quantity):
                    similar_on.append("quantity")
                if kg and self._near(kg * part, line.net_kg):
                    similar_on.append("weight")
                if value and currency == line_currency and self._near(value * part, line_value):
                    similar_on.append("value")
                if not similar_on:
                    continue
                lines.append(
                    {
                        "line_no": line.line_no,
                        "export_hs": line.hs_code,
                        "quantity": line.quantity,
                        "unit": line.unit,
                        "net_kg": line.net_kg,
                        "value": line.value,
                        "similar_on": similar_on,
                        "similar_to": {
                            "hs_code": hs,
                            "brand": brand,
                            "quantity": qty,
                            "unit": unit,
                            "net_kg": kg,
                            "value": value,
                            "value_in": currency,
                            "still_held": round(held, 6),
                            "declaration": decl,
                            "days_before": round((t - when) / DAY, 2),
                        },
                        "why": "a code the holder never took in, while it still holds "
                        "controlled goods taken in recently of a similar " + ", ".join(similar_on),
                    }
                )
                score = max(score, 0.6 + 0.1 * len(similar_on))
                decls.append(decl)
                break
        if not lines:
            return []
        return [
            Alert(
                rule=self.name,
                key=event.declaration_no,
                score=score,
                title=f"exported under an HS code {event.exporter} never took in",
                time=applied.time,
                subject=event.declaration_no,
                declarations=uniq(decls),
                event_ids=[event.event_id],
                holders=[event.exporter],
                locations=uniq([event.location, event.office_of_exit]),
                evidence={
                    "exporter": event.exporter,
                    "destination": event.destination_country,
                    "lines": lines,
                    "codes_held": sorted(acq["hs"])[:50],
                },
            )
        ]
