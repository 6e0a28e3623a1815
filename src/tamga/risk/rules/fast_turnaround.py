"""Rule 4: goods re-exported within days of their import, without transformation, above all
through a holder registered shortly before.

Import times are kept only for the window the rule looks at (older imports cannot be fast), so
memory stays flat however long the ledger. "Without transformation" means the exported line is
in the same HS heading as the import it draws on. Registration dates come from the holder
registry (``tamga holders load``), else from the BIN's YYMM prefix.
"""

from __future__ import annotations

from collections import deque
from datetime import date
from typing import Any

from tamga.ledger.engine import Applied
from tamga.ledger.model import ExportEvent, ImportEvent
from tamga.risk.context import RiskContext
from tamga.risk.model import Alert, uniq
from tamga.risk.rules.base import DAY, Rule, day_of, parts_of


class FastTurnaround(Rule):
    name = "fast_turnaround"
    types = ("import", "transfer", "export")

    def __init__(self, params: dict[str, Any], ctx: RiskContext) -> None:
        super().__init__(params, ctx)
        self.max_days = float(params.get("max_days", 10))
        self.new_days = float(params.get("new_holder_days", 90))
        self.always = float(params.get("always_days", 0) or 0)
        # no cliffs: a hold longer than max_days, a firm older than new_holder_days, still
        # count, less and less, up to twice those lines
        self.horizon = 2.0 * self.max_days

    def initial_state(self) -> dict[str, Any]:
        # imports: declaration -> (time, HS headings); bought: event id -> time (the event that
        # made a lot: an import or a purchase); order: what to forget when it leaves the window
        return {"imports": {}, "bought": {}, "order": deque()}

    def on_event(self, applied: Applied, t: float) -> list[Alert]:
        event = applied.event
        if event.type in ("import", "transfer"):
            imports, bought, order = (
                self.state["imports"],
                self.state["bought"],
                self.state["order"],
            )
            while order and order[0][0] < t - self.horizon * DAY:
                _, old_decl, old_event = order.popleft()
                if old_decl is not None:
                    imports.pop(old_decl, None)
                bought.pop(old_event, None)
            decl = None
            if isinstance(event, ImportEvent):
                decl = event.declaration_no
                imports[decl] = (t, frozenset(ln.hs_code[:4] for ln in event.lines))
            bought[event.event_id] = t
            order.append((t, decl, event.event_id))
            return []
        assert isinstance(event, ExportEvent)
        return self._check(applied, event, t)

    def _check(self, applied: Applied, event: ExportEvent, t: float) -> list[Alert]:
        imports = self.state["imports"]
        fastest: float | None = None
        chain: list[str] = []
        sources: dict[str, float] = {}
        for r in applied.lines:
            fast = 0.0
            line_days: list[float] = []
            line_chain: list[str] = []
            line_sources: dict[str, float] = {}
            for (kind, _c, decl, _n, path), qty, _v in parts_of(r):
                if kind != "import" or decl is None:
                    continue
                seen = imports.get(decl)
                if seen is None or r.line.hs_code[:4] not in seen[1]:
                    continue
                days = (t - seen[0]) / DAY
                if days > self.horizon:
                    continue
                fast += qty
                line_days.append(days)
                line_chain += path
                line_sources[decl] = round(days, 2)
            # the exporter's own holding time, when the line drew one lot
            if r.lot_id is not None and not line_days:
                when = self.state["bought"].get(r.lot_id.split("#", 1)[0])
                if when is not None and (t - when) / DAY <= self.horizon:
                    fast = r.line.quantity
                    line_days.append((t - when) / DAY)
                    line_chain.append(event.exporter)
            if not line_days or fast < 0.5 * r.line.quantity:
                continue
            low = min(line_days)
            fastest = low if fastest is None else min(fastest, low)
            chain += line_chain
            sources.update(line_sources)
        if fastest is None:
            return []
        today = day_of(applied)
        holders = uniq([*chain, event.exporter])
        ages: list[dict[str, Any]] = []
        newest: float | None = None
        for h in holders:
            reg = self.ctx.registered(h)
            if reg is None or reg > today + _SLACK:
                continue
            age = float((today - reg).days)
            ages.append({"holder": h, "registered": reg.isoformat(), "days_registered": age})
            if age < 2 * self.new_days:
                newest = age if newest is None else min(newest, age)
        # graded: newness 1 at registration, 0.5 at new_holder_days, 0 at twice that; speed 1
        # within max_days, falling to 0 at twice that
        newness = 0.0 if newest is None else max(0.0, 1 - max(newest, 0.0) / (2 * self.new_days))
        speed = min(1.0, max(0.0, 2.0 - fastest / self.max_days))
        strength = newness * speed
        if strength > 0:
            score = round(0.45 + 0.5 * strength, 4)
            title = (
                f"re-exported {fastest:.1f} days after coming in, through a holder registered "
                f"{newest:.0f} days earlier"
            )
        elif self.always and fastest <= self.always:
            score = 0.4
            title = f"re-exported {fastest:.1f} days after coming in"
        else:
            return []
        return [
            Alert(
                rule=self.name,
                key=event.declaration_no,
                score=score,
                title=title,
                time=applied.time,
                subject=event.declaration_no,
                declarations=uniq([event.declaration_no, *sources]),
                event_ids=[event.event_id],
                holders=holders,
                locations=uniq([event.location, event.office_of_exit]),
                evidence={
                    "exporter": event.exporter,
                    "destination": event.destination_country,
                    "days_import_to_export": round(fastest, 2),
                    "hours_import_to_export": round(fastest * 24, 1),
                    "imports": [{"import_declaration": d, "days": v} for d, v in sources.items()],
                    "holders": ages,
                    "newest_holder_days": newest,
                    "lines": {
                        "max_days": self.max_days,
                        "days_past_max": round(max(0.0, fastest - self.max_days), 2),
                        "new_holder_days": self.new_days,
                        "days_past_new_holder": None
                        if newest is None
                        else round(max(0.0, newest - self.new_days), 1),
                        "newness": round(newness, 3),
                        "speed": round(speed, 3),
                    },
                },
            )
        ]


#: registrations dated after the event by a month-granular BIN are tolerated
_SLACK = date(2000, 2, 1) - date(2000, 1, 1)
