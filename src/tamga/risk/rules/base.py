"""The shape of a rule, and helpers every rule uses to read an applied event.

A rule sees every applied event of the types it names, in log order, and keeps whatever
history it needs in ``self.state`` (plain picklable data): the engine snapshots those states,
so the live path resumes where it stopped and a whole-ledger run rebuilds them from the start.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any, ClassVar

from tamga.ledger.engine import Applied, LineResult
from tamga.ledger.provenance import UNBACKED, PartKey
from tamga.rates.model import Conversion
from tamga.risk.context import RiskContext
from tamga.risk.model import Alert

DAY = 86_400.0


class Rule:
    """Base class: ``on_event`` returns the alerts an event raises (or re-raises, updated)."""

    name: ClassVar[str] = ""
    types: ClassVar[tuple[str, ...]] = ()
    #: rules that must see time pass on every event (deadlines)
    ticks: ClassVar[bool] = False

    def __init__(self, params: dict[str, Any], ctx: RiskContext) -> None:
        self.params = params
        self.ctx = ctx
        self.state: Any = self.initial_state()

    def initial_state(self) -> Any:
        return None

    def on_event(self, applied: Applied, t: float) -> list[Alert]:
        return []

    def tick(self, t: float, applied: Applied) -> list[Alert]:
        return []


class Money:
    """How a rule converts values: to ``compare_in`` at the event date's rate (see
    :mod:`tamga.rates`); a rule's own ``base_currency`` / ``currency_rates`` override."""

    def __init__(self, params: dict[str, Any]) -> None:
        shared = params.get("money") or {}
        self.base = str(params.get("base_currency") or shared.get("compare_in") or "USD")
        rates = params.get("currency_rates") or shared.get("approximate") or {}
        self.fallback = {str(k): float(v) for k, v in rates.items()}
        self.fallback.setdefault(self.base, 1.0)
        self.max_age = int(shared.get("max_age_days", 10))

    def convert(self, ctx: RiskContext, value: float, currency: str | None, on: date) -> Conversion:
        return ctx.money(value, currency, self.base, on, self.fallback, self.max_age)


def parts_of(result: LineResult) -> Iterator[tuple[PartKey, float, float]]:
    if result.parts is None:
        return
    for key, (qty, value) in result.parts.items.items():
        yield key, qty, value


def unbacked_of(result: LineResult) -> float:
    """Quantity nobody held (not goods taken out of a transit: those are another rule's)."""
    return sum(q for (kind, *_), q, _v in parts_of(result) if kind == UNBACKED)


def day_of(applied: Applied) -> date:
    return date.fromisoformat(applied.time[:10])


def epoch(moment: datetime) -> float:
    return moment.timestamp()


def declaration_of(applied: Applied) -> str | None:
    return getattr(applied.event, "declaration_no", None)


def paths_summary(results: list[LineResult]) -> list[dict[str, Any]]:
    """Holder chains behind lines, largest first (the provenance path an analyst follows)."""
    paths: dict[tuple[str, ...], float] = {}
    for r in results:
        for (_k, _c, _d, _n, path), qty, _v in parts_of(r):
            paths[path] = paths.get(path, 0.0) + qty
    return [
        {"holders": list(p), "hops": max(len(p) - 1, 0), "quantity": round(q, 6)}
        for p, q in sorted(paths.items(), key=lambda kv: (-kv[1], kv[0]))[:20]
    ]
