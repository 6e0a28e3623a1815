"""Rule 1: controlled goods of restricted origin leaving for a restricted destination.

The ledger carries every export line's provenance as parts (origin country, import declaration,
consignor, chain of holders), however many hops lie behind it, so the rule needs no history:
it reads the parts of restricted origin, asks the lists whether those goods are controlled on
that route, and reports the share, the origin value, the import declarations and the chains.
"""

from __future__ import annotations

from typing import Any

from tamga.ledger.engine import Applied
from tamga.ledger.model import ExportEvent, GoodsLine, ImportEvent, TransitStart
from tamga.lists.countries import expand_countries
from tamga.risk.context import LATEST, RiskContext
from tamga.risk.model import Alert, uniq
from tamga.risk.rules.base import Rule, day_of, parts_of


class ControlledReexport(Rule):
    name = "controlled_reexport"
    types = ("import", "export", "transit_start")

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

    def initial_state(self) -> dict[str, Any]:
        # import declaration -> what the provenance does not carry: the goods as imported (when
        # some are controlled, for goods that leave under another code after assembly or a
        # switch) and the dispatch country (when a line states no origin)
        return {"imports": {}}

    def _remember(self, event: ImportEvent) -> None:
        presumed = event.dispatch_country or event.consignor.country
        goods: list[tuple[str, str | None, str | None]] = []
        keep = False
        for line in event.lines:
            origin = line.origin_country or presumed
            goods.append((line.hs_code, line.brand, line.origin_country))
            # a line without origin (judged later by the dispatch country), or controlled goods
            keep = keep or line.origin_country is None
            keep = keep or (
                self._restricted(origin)
                and any(
                    f.effect in self.effects
                    for f in self.ctx.findings(line.hs_code, line.brand, origin, None, LATEST)
                )
            )
        if keep:
            self.state["imports"][event.declaration_no] = (presumed, tuple(goods))

    def _inherited(
        self, decl: str | None, origin: str, line: GoodsLine, dest: str, applied: Applied
    ) -> list[dict[str, Any]]:
        """Findings on the goods as imported, when they left under a code of another heading
        than any line of their import (assembled into something else, or reclassified)."""
        known = self.state["imports"].get(decl) if decl else None
        if known is None:
            return []
        _presumed, goods = known
        heading = line.hs_code[:4]
        if any(hs[:4] == heading for hs, _b, _o in goods):
            return []  # the goods as declared: the export's own code judged them
        out: list[dict[str, Any]] = []
        for hs, brand, stated in goods:
            if (stated or _presumed) != origin:
                continue
            for f in self._controlled(hs, brand, origin, dest, applied):
                out.append(
                    f | {"as_imported": {"declaration": decl, "hs_code": hs, "brand": brand}}
                )
        return out

    def on_event(self, applied: Applied, t: float) -> list[Alert]:
        event = applied.event
        if isinstance(event, ImportEvent):
            self._remember(event)
            return []
        if isinstance(event, TransitStart):
            return self._transit(applied, event) if self.transits else []
        assert isinstance(event, ExportEvent)
        dest = event.destination_country
        if dest not in self.destinations:
            return []
        imports_state = self.state["imports"]
        lines: list[dict[str, Any]] = []
        imports: dict[str, dict[str, Any]] = {}
        paths: dict[tuple[str, ...], float] = {}
        best = 0.0
        for r in applied.lines:
            line = r.line
            direct: dict[str, list[dict[str, Any]]] = {}  # origin -> findings on the line
            qty_hit = value_hit = 0.0
            findings: list[dict[str, Any]] = []
            hit_parts: list[tuple[Any, float, str, str]] = []
            for key, qty, value in parts_of(r):
                kind, country, decl, consignor, path = key
                # goods nobody held are judged by the origin the declaration states; an import
                # line without an origin by its dispatch country
                origin = country if kind != "unbacked" else line.origin_country
                origin_from = "origin_country"
                if origin is None and kind == "import" and decl in imports_state:
                    origin, origin_from = imports_state[decl][0], "dispatch_country"
                if origin is None or not self._restricted(origin):
                    continue
                if origin not in direct:
                    direct[origin] = [
                        f | {"origin": origin}
                        for f in self._controlled(line.hs_code, line.brand, origin, dest, applied)
                    ]
                found = direct[origin] or [
                    f | {"origin": origin}
                    for f in self._inherited(decl, origin, line, dest, applied)
                ]
                if not found:
                    continue
                for f in found:
                    if f not in findings:
                        findings.append(f)
                qty_hit += qty
                value_hit += value
                hit_parts.append((key, qty, origin, origin_from))
            if r.parts is None and self._restricted(line.origin_country):
                assert line.origin_country is not None
                found = self._controlled(
                    line.hs_code, line.brand, line.origin_country, dest, applied
                )
                findings = [f | {"origin": line.origin_country} for f in found]
                qty_hit, value_hit = line.quantity, line.value or 0.0
            share = qty_hit / line.quantity if line.quantity > 0 else 0.0
            if not findings or share < self.min_share:
                continue
            best = max(best, share)
            for (kind, _country, decl, consignor, path), qty, hit_origin, origin_from in hit_parts:
                paths[path] = paths.get(path, 0.0) + qty
                if decl is None:
                    continue
                item = imports.setdefault(
                    decl,
                    {
                        "import_declaration": decl,
                        "kind": kind,
                        "consignor": consignor,
                        "origin_country": hit_origin,
                        "origin_from": origin_from,
                        "quantity": 0.0,
                    },
                )
                item["quantity"] = round(item["quantity"] + qty, 6)
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
        ranked = sorted(paths.items(), key=lambda kv: (-kv[1], kv[0]))[:20]
        chains: list[dict[str, Any]] = [
            {"holders": list(p), "hops": max(len(p) - 1, 0), "quantity": round(q, 6)}
            for p, q in ranked
        ]
        holders = uniq([h for p, _q in ranked for h in p] + [event.exporter])
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
                    "exporter": event.exporter,
                    "consignee": event.consignee.model_dump(),
                    "lines": lines,
                    "import_declarations": list(imports.values())[:20],
                    "paths": chains,
                    # holders between the importer and the exporter, on the longest chain
                    "intermediaries": max((max(len(p) - 2, 0) for p, _q in ranked), default=0),
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
