"""Rule 2: exported or sold quantity the holder never had.

The ledger records a draw beyond stock as the line's unbacked quantity (an ``unbacked`` part of
its provenance). Goods taken out of a transit are not counted here: they are ``transit`` parts,
and the transit rules report them with the transit they came from.

A ledger begins with stock nobody recorded: a firm that traded before the record began may hold
goods it bought then. So an unbacked quantity weighs by how long the record has seen the holder
- from the later of the record's first event and the holder's registration - up to full weight
after ``opening_days``; a firm registered since the record began has had all its stock seen.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tamga.ledger.engine import Applied
from tamga.ledger.model import ExportEvent, TransferEvent
from tamga.risk.context import RiskContext
from tamga.risk.model import Alert, uniq
from tamga.risk.rules.base import DAY, Rule, parts_of, unbacked_of


class Unbacked(Rule):
    name = "unbacked"
    types = ("import", "export", "transfer")  # imports only date the record's start

    def __init__(self, params: dict[str, Any], ctx: RiskContext) -> None:
        super().__init__(params, ctx)
        self.kinds = frozenset(params.get("types") or ("export", "transfer"))
        self.min_share = float(params.get("min_share", 0.02))
        self.opening = float(params.get("opening_days", 90)) * DAY

    def initial_state(self) -> dict[str, Any]:
        return {"since": None}  # the record's first event time this rule saw

    def _seen_for(self, holder: str, t: float) -> tuple[float | None, str]:
        """Seconds the record has seen the holder's stock (None: all of it, the holder was
        registered since the record began), and from when."""
        since = self.state.get("since")
        if since is None or t < since:
            since = self.state["since"] = t
        reg = self.ctx.registered(holder)
        if reg is not None:
            born = datetime(reg.year, reg.month, reg.day, tzinfo=UTC).timestamp()
            if born >= since:
                return None, "its registration"
        return max(0.0, t - since), "the record's first event"

    def on_event(self, applied: Applied, t: float) -> list[Alert]:
        event = applied.event
        if self.state.get("since") is None:
            self.state["since"] = t
        if event.type not in self.kinds:
            return []
        holder_of = (
            event.exporter if isinstance(event, ExportEvent) else getattr(event, "seller", "")
        )
        seen, seen_from = self._seen_for(str(holder_of), t)
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
        # how long the record has seen the holder's stock: little, and the goods may predate it
        record = 1.0 if seen is None or self.opening <= 0 else min(1.0, seen / self.opening)
        score = round(min(1.0, 0.6 + 0.4 * worst) * (0.5 + 0.5 * record), 4)
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
                    "record": {
                        "days_seen": None if seen is None else round(seen / DAY, 1),
                        "seen_from": seen_from,
                        "opening_days": round(self.opening / DAY, 1),
                        "weight": round(record, 3),
                    },
                    **extra,
                },
            )
        ]
