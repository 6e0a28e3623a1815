"""Where the rules' dependencies come from in a deployment: the store.

The rules see a ``RiskContext``; these build its parts from what the store holds (the lists part's
lists, the holder registry, the loaded sanctions entities, the rates, the ownership graph), so the
rules themselves know nothing of storage; :class:`ContextSources` keeps a serving follower's
context in step with the store.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from sqlalchemy import Engine, func, select

from tamga.lists.checker import GoodsChecker
from tamga.lists.service import ListsService
from tamga.rates.store import RatesStore
from tamga.risk.context import RiskContext
from tamga.store import ledger_read
from tamga.store.ownership_tables import resolution_judgements
from tamga.store.screening_tables import (
    screening_decisions,
    screening_entities,
    screening_loads,
)

log = logging.getLogger(__name__)


def stored_checker(engine: Engine) -> GoodsChecker:
    """The lists as the store holds them (shipped defaults on first use, lists loaded since,
    approved delistings), so the rules judge goods by the same lists ``tamga goods check`` uses."""
    return ListsService(engine).checker()


def load_registry(engine: Any) -> tuple[dict[str, date], dict[str, str]]:
    """Registration dates and names of holders from the store (``tamga holders load``)."""
    dates: dict[str, date] = {}
    names: dict[str, str] = {}
    with engine.connect() as conn:
        rows = ledger_read.holder_rows(conn)
    for row in rows:
        if row.name:
            names[row.id] = row.name
        if row.registered:
            try:
                dates[row.id] = date.fromisoformat(row.registered)
            except ValueError:
                continue
    return dates, names


def load_kinds(engine: Any) -> dict[str, str]:
    """Each registered holder's kind (where the registry gives one)."""
    with engine.connect() as conn:
        return {r.id: r.kind for r in ledger_read.holder_rows(conn) if r.kind is not None}


def load_ownership(engine: Any) -> tuple[Any, Any]:
    """The ownership graph of the store's links and registry (None when no link is loaded),
    and the resolution of the store's parties
    (:func:`tamga.ownership.resolved.stored_resolution`): the parties it makes one firm are one
    party of the graph."""
    from tamga.ownership.resolved import stored_resolution
    from tamga.ownership.store import OwnershipStore

    store = OwnershipStore(engine)
    if not store.count():
        return None, stored_resolution(engine)
    graph = store.graph()
    resolution = stored_resolution(engine, graph)
    graph.merge(resolution.clusters().values(), resolution)
    return graph, resolution


def load_screener(engine: Any) -> Any:
    """A screener over every loaded entity, or None if there are none: a match says whether the
    entity is listed or only known (an owner, an asset), and the rules raise on the listed and
    on those a listed party owns or controls. Analysts' standing decisions are applied."""
    from tamga.screening.repository import ScreeningRepository

    repo = ScreeningRepository(engine)
    if repo.count() == 0:
        return None
    return repo.screener()


def build_context(
    engine: Engine, checker: GoodsChecker | None = None, screener: Any = None
) -> RiskContext:
    """Dependencies from the store (holder registry, sanctions entities) and the lists."""
    registry, names = load_registry(engine)
    ownership, resolution = load_ownership(engine)
    return RiskContext(
        checker=checker if checker is not None else stored_checker(engine),
        screener=screener if screener is not None else load_screener(engine),
        registry=registry,
        holder_names=names,
        rates=RatesStore(engine).table(),
        ownership=ownership,
        resolution=resolution,
    )


class ContextSources:
    """Keeps a running engine's context in step with the store while it serves.

    Lists loaded or delisted, sanctions entities loaded and holder registrations change without
    a restart: each is checked against a cheap revision (the lists' revision number, the
    sanctions loads and entity count, the registry's size and date range) and rebuilt only when
    that moves. What the caller passed in (a test's checker or screener) is kept as it is.
    """

    def __init__(
        self,
        engine: Engine,
        ctx: RiskContext,
        *,
        lists: ListsService | None,
        screener_pinned: bool,
    ) -> None:
        self.engine = engine
        self.ctx = ctx
        self.lists = lists
        self.screener_pinned = screener_pinned
        self._screening_rev = self._screening_revision() if not screener_pinned else None
        self._registry_rev = self._registry_revision()
        self._rates_rev = RatesStore(engine).revision()

    def _screening_revision(self) -> tuple[Any, ...]:
        with self.engine.connect() as conn:
            loads = conn.execute(select(func.max(screening_loads.c.load_id))).scalar()
            count = conn.execute(select(func.count()).select_from(screening_entities)).scalar()
            # analysts' decisions are applied by the screener: a new one rebuilds it too
            decided = conn.execute(select(func.max(screening_decisions.c.decision_id))).scalar()
        return (loads, count, decided)

    def _registry_revision(self) -> tuple[Any, ...]:
        with self.engine.connect() as conn:
            row = ledger_read.registry_revision(conn)
            # who is one firm with whom: a new judgement re-resolves the parties with the registry
            judged = conn.execute(select(func.max(resolution_judgements.c.judgement_id))).scalar()
        return (*row, judged)

    def refresh(self) -> list[str]:
        """Rebuild what changed in the store into a new ``ctx`` (fresh memos); the names of
        what changed."""
        changed: list[str] = []
        old = self.ctx
        checker, screener = old.checker, old.screener
        registry, names, rates = old.registry, old.holder_names, old.rates
        if self.lists is not None:
            checker = self.lists.checker()  # rebuilt by the lists service when its revision moves
            if checker is not old.checker:
                changed.append("lists")
        if not self.screener_pinned:
            rev = self._screening_revision()
            if rev != self._screening_rev:
                screener = load_screener(self.engine)
                self._screening_rev = rev
                changed.append("sanctions")
        rev = self._registry_revision()
        if rev != self._registry_rev:
            registry, names = load_registry(self.engine)
            self._registry_rev = rev
            changed.append("registry")
        rev = RatesStore(self.engine).revision()
        if rev != self._rates_rev:
            rates = RatesStore(self.engine).table()
            self._rates_rev = rev
            changed.append("rates")
        if changed:
            ownership, resolution = old.ownership, old.resolution
            if "sanctions" in changed or "registry" in changed:
                ownership, resolution = load_ownership(self.engine)
            self.ctx = RiskContext(
                checker=checker,
                screener=screener,
                registry=registry,
                holder_names=names,
                bin_fallback=old.bin_fallback,
                rates=rates,
                ownership=ownership,
                resolution=resolution,
            )
            log.info("risk rules now see the store's current %s", ", ".join(changed))
        return changed
