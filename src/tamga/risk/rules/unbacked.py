"""Rule 2: exported or sold quantity the holder never had.

The ledger records a draw beyond stock as the line's unbacked quantity (an ``unbacked`` part of
its provenance). Goods taken out of a transit are not counted here: they are ``transit`` parts,
and the transit rules report them with the transit they came from.
"""

from __future__ import annotations

from typing import Any

from tamga.ledger.engine import Applied
from tamga.ledger.model import ExportEvent, TransferEvent
from tamga.risk.context import RiskContext
from tamga.risk.model import Alert, uniq
from tamga.risk.rules.base import Rule, parts_of, unbacked_of


class Unbacked(Rule):
    name = "unbacked"
    types = ("export", "transfer")

    def __init__(self, params: dict[str, Any], ctx: RiskContext) -> None:
        super().__init__(params, ctx)
        self.kinds = frozenset(params.get("types") or ("export", "transfer"))
        self.min_share = float(params.get("min_share", 0.02))

    def on_event(self, applied: Applied, t: float) -> list[Alert]:
        event = applied.event
        if event.type not in self.kinds:
            return []
        lines = []
        worst = 0.0
        sources: dict[str, float] = {}
        for r in applied.lines:
            short = unbacked_of(r)
            if short <= 0 or r.line.quantity <= 0:
                continue
            share = short / r.line.quantity
            if share < self.min_share:
                continue
            worst = max(worst, share)
            for (kind, _c, decl, _n, _p), qty, _v in parts_of(r):
                if kind != "unbacked" and decl:
                    sources[decl] = sources.get(decl, 0.0) + qty
            lines.append(
                {
                    "line_no": r.line.line_no,
                    "hs_code": r.line.hs_code,
                    "goods_key": r.line.goods_key,
                    "declared_quantity": r.line.quantity,
                    "backed_quantity": round(r.line.quantity - short, 6),
                    "unbacked_quantity": round(short, 6),
                    "unbacked_share": round(share, 4),
                    "unit": r.line.unit,
                }
            )
        if not lines:
            return []
        score = min(1.0, 0.6 + 0.4 * worst)
        if isinstance(event, ExportEvent):
            subject, kind, holder = event.declaration_no, "declaration", event.exporter
            title = f"export of {worst:.0%} more than {holder} held"
            declarations = [event.declaration_no, *sorted(sources)]
            extra: dict[str, Any] = {
                "destination": event.destination_country,
                "consignee": event.consignee.model_dump(),
            }
            holders = [holder]
        else:
            assert isinstance(event, TransferEvent)
            subject, kind, holder = event.invoice_no, "invoice", event.seller
            title = f"sale of {worst:.0%} more than {holder} held"
            declarations = sorted(sources)
            extra = {"invoice_no": event.invoice_no, "buyer": event.buyer}
            holders = [event.seller, event.buyer]
        return [
            Alert(
                rule=self.name,
                key=f"{event.type}:{subject}",
                score=score,
                title=title,
                time=applied.time,
                subject=subject,
                subject_kind=kind,
                declarations=uniq(declarations),
                event_ids=[event.event_id],
                holders=uniq(holders),
                locations=[event.location],
                evidence={
                    "holder": holder,
                    "lines": lines,
                    "backed_by": [
                        {"import_declaration": d, "quantity": round(q, 6)}
                        for d, q in sorted(sources.items())
                    ],
                    **extra,
                },
            )
        ]
