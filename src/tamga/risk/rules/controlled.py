"""Rule 1: controlled goods of restricted origin leaving for a restricted destination.

The ledger carries every export line's provenance as parts (origin country, import declaration,
consignor, chain of holders), however many hops lie behind it, so the rule needs no history:
it reads the parts of restricted origin, asks the lists whether those goods are controlled on
that route, and reports the share, the origin value, the import declarations and the chains.
"""

from __future__ import annotations

from typing import Any

from tamga.ledger.engine import Applied
from tamga.ledger.model import ExportEvent, TransitStart
from tamga.lists.countries import expand_countries
from tamga.risk.context import LATEST, RiskContext
from tamga.risk.model import Alert, uniq
from tamga.risk.rules.base import Rule, day_of, paths_summary


class ControlledReexport(Rule):
    name = "controlled_reexport"
    types = ("export", "transit_start")

    def __init__(self, params: dict[str, Any], ctx: RiskContext) -> None:
        super().__init__(params, ctx)
        self.destinations = expand_countries(params.get("restricted_destinations")) or frozenset()
        self.origins = expand_countries(params.get("restricted_origins"))  # None: any origin
        self.effects = frozenset(params.get("effects") or ("controlled", "export_ban"))
        self.min_share = float(params.get("min_share", 0.05))
        self.latest = params.get("list_date", "latest") == "latest"
        self.transits = bool(params.get("transits", True))

    def _restricted(self, country: str | None) -> bool:
        return country is not None and (self.origins is None or country in self.origins)

    def _controlled(
        self, hs: str, brand: str | None, origin: str, dest: str, applied: Applied
    ) -> list[dict[str, Any]]:
        on = LATEST if self.latest else day_of(applied)
        return [
            f.to_dict()
            for f in self.ctx.findings(hs, brand, origin, dest, on)
            if f.effect in self.effects
        ]

    def on_event(self, applied: Applied, t: float) -> list[Alert]:
        event = applied.event
        if isinstance(event, TransitStart):
            return self._transit(applied, event) if self.transits else []
        assert isinstance(event, ExportEvent)
        dest = event.destination_country
        if dest not in self.destinations:
            return []
        lines: list[dict[str, Any]] = []
        imports: dict[str, dict[str, Any]] = {}
        hit_results = []
        best = 0.0
        for r in applied.lines:
            line = r.line
            by_origin: dict[str, list[float]] = {}
            if r.parts is not None:
                for (kind, country, decl, consignor, _path), (qty, value) in r.parts.items.items():
                    # goods nobody held are judged by the origin the declaration states
                    origin = country if kind != "unbacked" else line.origin_country
                    if origin is None or not self._restricted(origin):
                        continue
                    slot = by_origin.setdefault(origin, [0.0, 0.0])
                    slot[0] += qty
                    slot[1] += value
                    if decl is not None:
                        item = imports.setdefault(
                            decl,
                            {
                                "import_declaration": decl,
                                "consignor": consignor,
                                "origin_country": country,
                                "quantity": 0.0,
                            },
                        )
                        item["quantity"] = round(item["quantity"] + qty, 6)
            elif self._restricted(line.origin_country):
                assert line.origin_country is not None
                by_origin[line.origin_country] = [line.quantity, line.value or 0.0]
            findings: list[dict[str, Any]] = []
            qty_hit = value_hit = 0.0
            for origin, (qty, value) in sorted(by_origin.items()):
                found = self._controlled(line.hs_code, line.brand, origin, dest, applied)
                if found:
                    findings.extend(f | {"origin": origin} for f in found)
                    qty_hit += qty
                    value_hit += value
            share = qty_hit / line.quantity if line.quantity > 0 else 0.0
            if not findings or share < self.min_share:
                continue
            hit_results.append(r)
            best = max(best, share)
            lines.append(
                {
                    "line_no": line.line_no,
                    "hs_code": line.hs_code,
                    "brand": line.brand,
                    "quantity": line.quantity,
                    "unit": line.unit,
                    "declared_value": line.value,
                    "restricted_quantity": round(qty_hit, 6),
                    "restricted_share": round(share, 4),
                    "origin_value": round(value_hit, 2),
                    "findings": findings[:10],
                }
            )
        if not lines:
            return []
        paths = paths_summary(hit_results)
        holders = uniq([h for p in paths for h in p["holders"]] + [event.exporter])
        return [
            Alert(
                rule=self.name,
                key=event.declaration_no,
                score=min(1.0, 0.75 + 0.25 * best),
                title=(
                    f"controlled goods of restricted origin exported to {dest} "
                    f"({best:.0%} of a line)"
                ),
                time=applied.time,
                subject=event.declaration_no,
                declarations=uniq([event.declaration_no, *imports]),
                event_ids=[event.event_id],
                holders=holders,
                locations=uniq([event.location, event.office_of_exit]),
                evidence={
                    "destination": dest,
                    "consignee": event.consignee.model_dump(),
                    "lines": lines,
                    "import_declarations": list(imports.values())[:20],
                    "paths": paths,
                    "intermediaries": max((p["hops"] for p in paths), default=0),
                },
            )
        ]

    def _transit(self, applied: Applied, event: TransitStart) -> list[Alert]:
        dest = event.destination_country
        if dest not in self.destinations:
            return []
        lines = []
        for line in event.lines:
            if not self._restricted(line.origin_country):
                continue
            assert line.origin_country is not None
            found = self._controlled(line.hs_code, line.brand, line.origin_country, dest, applied)
            if found:
                lines.append(
                    {
                        "line_no": line.line_no,
                        "hs_code": line.hs_code,
                        "brand": line.brand,
                        "origin_country": line.origin_country,
                        "quantity": line.quantity,
                        "unit": line.unit,
                        "findings": found[:10],
                    }
                )
        if not lines:
            return []
        return [
            Alert(
                rule=self.name,
                key=event.transit_id,
                score=0.8,
                title=f"transit of controlled goods of restricted origin to {dest}",
                time=applied.time,
                subject=event.transit_id,
                subject_kind="transit",
                event_ids=[event.event_id],
                holders=[event.carrier],
                transits=[event.transit_id],
                locations=uniq([event.location, event.office_of_departure]),
                evidence={"destination": dest, "lines": lines},
            )
        ]
