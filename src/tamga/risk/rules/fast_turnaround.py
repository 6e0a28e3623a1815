"""Rule 4: imported goods that leave the country again within days, without transformation,
through young or thin holders.

What matters is goods that came **in by an import** and go out again: the share of an exported
line whose provenance is an import (any other provenance - found stock, a harvest, a factory's
output - is ordinary domestic trade, however fast it is sold on, and raises nothing). The clock
is the shorter of the time since that import (same HS heading: "without transformation") and the
exporter's own holding of the lot. A holder is young by its registration date (the holder
registry, else the BIN's YYMM prefix) and thin by its trading history in the ledger: a firm
registered recently but trading for months, or with many trades behind it, is not new in
practice. Every line is graded, not cut, and the evidence says how far past each one the export
is. Controlled goods and a watched destination weigh more.

Import times are kept only for the window the rule looks at (older imports cannot be fast), so
that part of the memory stays flat however long the ledger; the history is one small record per
holder.
"""

from __future__ import annotations

from collections import deque
from datetime import date
from typing import Any

from tamga.ledger.engine import Applied
from tamga.ledger.model import ExportEvent, ImportEvent, TransferEvent
from tamga.ledger.provenance import IMPORT
from tamga.lists.countries import expand_countries
from tamga.risk.context import LATEST, RiskContext
from tamga.risk.model import Alert, uniq
from tamga.risk.rules.base import DAY, Rule, day_of, parts_of


class FastTurnaround(Rule):
    name = "fast_turnaround"
    types = ("import", "transfer", "export")

    def __init__(self, params: dict[str, Any], ctx: RiskContext) -> None:
        super().__init__(params, ctx)
        self.max_days = float(params.get("max_days", 7))
        self.new_days = float(params.get("new_holder_days", 45))
        self.always = float(params.get("always_days", 0) or 0)
        self.thin = float(params.get("thin_trades", 5))
        self.min_share = float(params.get("min_imported_share", 0.25))
        self.watched = expand_countries(params.get("watched_destinations")) or frozenset()
        self.effects = frozenset(params.get("controlled_effects") or ("controlled", "export_ban"))
        # no cliffs: a hold longer than max_days, a firm older than new_holder_days, still
        # count, less and less, up to twice those lines
        self.horizon = 2.0 * self.max_days

    def initial_state(self) -> dict[str, Any]:
        # imports: declaration -> (time, HS headings); bought: event id -> time (the event that
        # made a lot: an import or a purchase); order: what to forget when it leaves the window;
        # seen: holder -> [first time in the ledger, trades so far]
        return {"imports": {}, "bought": {}, "order": deque(), "seen": {}}

    def _trade(self, holders: tuple[str, ...], t: float) -> None:
        seen = self.state.setdefault("seen", {})
        for h in holders:
            slot = seen.get(h)
            if slot is None:
                seen[h] = [t, 1]
            else:
                slot[1] += 1

    def on_event(self, applied: Applied, t: float) -> list[Alert]:
        event = applied.event
        if isinstance(event, ExportEvent):
            alerts = self._check(applied, event, t)
            self._trade((event.exporter,), t)
            return alerts
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
            self._trade((event.consignee,), t)
        elif isinstance(event, TransferEvent):
            self._trade((event.seller, event.buyer), t)
        bought[event.event_id] = t
        order.append((t, decl, event.event_id))
        return []

    def _check(self, applied: Applied, event: ExportEvent, t: float) -> list[Alert]:
        imports = self.state["imports"]
        today = day_of(applied)
        fastest: float | None = None
        chain: list[str] = []
        sources: dict[str, float] = {}
        imported = declared = 0.0  # quantity shares weighted by line (each line counts once)
        controlled: list[dict[str, Any]] = []
        for r in applied.lines:
            qty = r.line.quantity
            declared += 1.0
            line_imported = 0.0
            line_days: list[float] = []
            line_chain: list[str] = []
            line_sources: dict[str, float] = {}
            origins: set[str | None] = set()
            for (kind, country, decl, _n, path), part_qty, _v in parts_of(r):
                if kind != IMPORT or decl is None:
                    continue
                line_imported += part_qty
                origins.add(country)
                line_chain += path
                seen = imports.get(decl)
                if seen is None or r.line.hs_code[:4] not in seen[1]:
                    continue
                days = (t - seen[0]) / DAY
                if days <= self.horizon:
                    line_days.append(days)
                    line_sources[decl] = round(days, 2)
            share = min(1.0, line_imported / qty) if qty > 0 else 0.0
            if share < self.min_share:
                continue  # goods of the country (or of nobody): not turned round
            # the import's own time when known, else the exporter's holding of the lot it drew
            # (a seller's stock drawn first in first out may hide which import it was)
            if r.lot_id is not None and not line_days:
                when = self.state["bought"].get(r.lot_id.split("#", 1)[0])
                if when is not None and (t - when) / DAY <= self.horizon:
                    line_days.append((t - when) / DAY)
            if not line_days:
                continue
            imported += share
            low = min(line_days)
            fastest = low if fastest is None else min(fastest, low)
            chain += line_chain
            sources.update(line_sources)
            for origin in sorted(origins, key=str):
                for f in self.ctx.findings(
                    r.line.hs_code, r.line.brand, origin, event.destination_country, LATEST
                ):
                    if f.effect in self.effects:
                        controlled.append({"line_no": r.line.line_no, **f.to_dict()})
        if fastest is None:
            return []
        share = imported / declared if declared else 0.0
        holders = uniq([*chain, event.exporter])
        ages: list[dict[str, Any]] = []
        newness = 0.0
        newest: dict[str, Any] | None = None
        for h in holders:
            about = self._holder(h, today, t)
            ages.append(about)
            if about["newness"] > newness:
                newness, newest = about["newness"], about
        speed = min(1.0, max(0.0, 2.0 - fastest / self.max_days))
        # the share of the declaration that is imported goods turned round, 0 at min_share
        share_w = min(1.0, max(0.0, (share - self.min_share) / (1.0 - self.min_share) * 1.5))
        watched = event.destination_country in self.watched
        strength = newness * speed * share_w
        weighs = 0.05 * watched + 0.05 * bool(controlled)
        if strength > 0:
            score = round(min(0.99, 0.4 + 0.5 * strength + weighs), 4)
            assert newest is not None
            title = (
                f"imported goods re-exported {fastest:.1f} days after coming in, through "
                f"{newest['holder']} ({newest['why']})"
            )
        elif self.always and fastest <= self.always and share_w > 0:
            score = round(0.3 + weighs, 4)
            title = f"imported goods re-exported {fastest:.1f} days after coming in"
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
                    "watched_destination": watched,
                    "days_import_to_export": round(fastest, 2),
                    "hours_import_to_export": round(fastest * 24, 1),
                    "imported_share": round(share, 3),
                    "imports": [{"import_declaration": d, "days": v} for d, v in sources.items()],
                    "controlled": controlled[:10],
                    "holders": ages,
                    "newest_holder_days": None if newest is None else newest["age_days"],
                    "lines": {
                        "max_days": self.max_days,
                        "days_past_max": round(max(0.0, fastest - self.max_days), 2),
                        "new_holder_days": self.new_days,
                        "days_past_new_holder": None
                        if newest is None
                        else round(max(0.0, newest["age_days"] - self.new_days), 1),
                        "thin_trades": self.thin,
                        "min_imported_share": self.min_share,
                        "newness": round(newness, 3),
                        "speed": round(speed, 3),
                        "share": round(share_w, 3),
                    },
                },
            )
        ]

    def _holder(self, holder: str, today: date, t: float) -> dict[str, Any]:
        """How new a holder is in practice: by its registration and by the ledger's history of
        it (days since its first trade, trades before this one), each graded."""
        reg = self.ctx.registered(holder)
        first, trades = self.state.setdefault("seen", {}).get(holder, (t, 0))
        history_days = max(0.0, (t - first) / DAY)
        about: dict[str, Any] = {"holder": holder, "trades_before": trades}
        if reg is not None and reg <= today + _SLACK:
            about["registered"] = reg.isoformat()
            about["days_registered"] = float((today - reg).days)
            age = max(float((today - reg).days), history_days)
        else:
            # no registration date: a history that starts with the ledger says nothing of age
            about |= {"age_days": None, "newness": 0.0, "why": "no registration date"}
            return about
        # 1 at registration, 0.5 at new_holder_days, 0 at twice that; full weight for a holder
        # with up to thin_trades trades, falling to 0 at four times as many
        young = max(0.0, 1.0 - max(age, 0.0) / (2 * self.new_days))
        thin = min(1.0, max(0.0, (4 * self.thin - trades) / (3 * self.thin)))
        about |= {
            "age_days": round(age, 1),
            "newness": round(young * thin, 4),
            "why": f"{age:.0f} days old, {trades} trades before",
        }
        return about


#: registrations dated after the event by a month-granular BIN are tolerated
_SLACK = date(2000, 2, 1) - date(2000, 1, 1)
