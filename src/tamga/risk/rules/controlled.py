"""Rule 1: controlled goods of restricted origin leaving for a restricted destination.

The ledger carries every export line's provenance as parts (origin country, import declaration,
consignor, chain of holders), however many hops lie behind it, so the rule needs no history:
it reads the parts of restricted origin, asks the lists whether those goods are controlled on
that route, and reports the share, the origin value, the import declarations and the chains.
"""

from __future__ import annotations

import re
from typing import Any

from tamga.ledger.engine import Applied
from tamga.ledger.model import ExportEvent, GoodsLine, ImportEvent, TransitStart
from tamga.lists.countries import expand_countries
from tamga.rates.model import Conversion
from tamga.risk.context import LATEST, RiskContext
from tamga.risk.model import Alert, uniq
from tamga.risk.rules.base import Money, Rule, day_of, parts_of

#: units that count items (pieces, pairs, sets): a value per item is measurable in them
COUNT_UNITS = frozenset({"C62", "NPR", "PCE", "NAR", "NMB", "PR", "H87", "SET", "796", "715"})
_VALUE_CONDITION = re.compile(r"above (EUR|USD) ([0-9][0-9,.]*)")


def value_condition(reason: str) -> tuple[float, str] | None:
    """The value per item above which a list entry applies, as its note states it."""
    m = _VALUE_CONDITION.search(reason)
    if m is None:
        return None
    return float(m.group(2).replace(",", "")), m.group(1)


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
        self.money = Money(params)
        self.max_item_kg = float(params.get("max_item_kg", 2.0))
        self.transit_score = float(params.get("transit_score", 0.8))
        self.transit_watch_score = float(params.get("transit_watch_score", 0.5))
        self.possible_score = float(params.get("possible_score", 0.3))

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

    def _value_conditions(
        self,
        findings: list[dict[str, Any]],
        line: GoodsLine,
        origin_uv: float | None,
        applied: Applied,
    ) -> list[dict[str, Any]]:
        """Drop findings whose entry applies only above a value per item ("footwear above EUR
        300 per pair") when the goods are below it, at the declaration date's rate: by the
        export's value per unit or the import's, whichever is higher. Goods declared by weight
        are measured per kilogram: below the line when an item above it would have to weigh
        more than ``max_item_kg``; otherwise the finding stays as possible (``measurable``
        false), and weighs less."""
        out = []
        on = day_of(applied)
        for f in findings:
            cond = value_condition(str(f.get("reason", "")))
            if cond is None:
                out.append(f)
                continue
            floor, cur = cond
            per_item = line.unit in COUNT_UNITS
            size = line.quantity if per_item else (line.net_kg or 0.0)
            if line.unit == "KGM":
                size = line.quantity
            values = []
            if line.value and size > 0:
                values.append(line.value / size)
            if origin_uv and per_item:
                values.append(origin_uv)
            best: Conversion | None = None
            for uv in values:
                conv = self.ctx.money(
                    uv, line.currency, cur, on, self.money.fallback, self.money.max_age
                )
                if conv.value is None:
                    best = conv  # no rate: the condition cannot be judged, the finding stands
                    break
                if best is None or (best.value is not None and conv.value > best.value):
                    best = conv
            said = best.text() if best is not None else "no value declared"
            what = f"above {cur} {floor:,.0f} per item: {said}"
            if best is None or best.value is None:
                out.append(f | {"value_condition": what, "measurable": False})
            elif per_item:
                if best.value >= floor:
                    out.append(f | {"value_condition": what + " per item"})
            else:
                kg = floor / best.value if best.value > 0 else float("inf")
                if kg <= self.max_item_kg:
                    out.append(
                        f
                        | {
                            "value_condition": f"{what} per kg: an item above the line would "
                            f"weigh {kg:,.1f} kg or more",
                            "measurable": False,
                        }
                    )
        return out

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
            if findings:
                origin_uv = value_hit / qty_hit if qty_hit > 0 and value_hit else None
                findings = self._value_conditions(findings, line, origin_uv, applied)
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
                    # every finding depends on a value per item the declaration cannot show
                    "possible_only": all(f.get("measurable") is False for f in findings),
                }
            )
        if not lines:
            return []
        certain = [ln for ln in lines if not ln["possible_only"]]
        score = (
            min(1.0, 0.75 + 0.25 * max(ln["restricted_share"] for ln in certain))
            if certain
            else self.possible_score
        )
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
                score=score,
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
        lines: list[dict[str, Any]] = []
        banned = possible = False
        for line in event.lines:
            if not self._restricted(line.origin_country):
                continue
            assert line.origin_country is not None
            found = self._controlled(line.hs_code, line.brand, line.origin_country, dest, applied)
            found = self._value_conditions(found, line, None, applied) if found else found
            if found:
                if any(
                    f["effect"] == "export_ban" and f.get("measurable") is not False for f in found
                ):
                    banned = True
                elif any(f["effect"] == "export_ban" for f in found):
                    possible = True
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
        # an export ban names the goods and the destination (one whose value condition the
        # declaration cannot show met is only possible); a watch list (the CHPL) asks for
        # diligence on goods that stay under customs control in transit, by default no alert
        score = (
            self.transit_score
            if banned
            else self.possible_score
            if possible
            else self.transit_watch_score
        )
        if not lines or score <= 0:
            return []
        return [
            Alert(
                rule=self.name,
                key=event.transit_id,
                score=score,
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
