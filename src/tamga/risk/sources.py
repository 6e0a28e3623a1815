"""Where the rules' dependencies come from in a deployment: the store.

The rules see a ``RiskContext``; these build its parts from what the store holds (the lists part's
lists, the holder registry, the loaded sanctions entities), so the rules themselves know nothing
of storage.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Engine, select

from tamga.lists.checker import GoodsChecker
from tamga.lists.service import ListsService
from tamga.store.schema import holders


def stored_checker(engine: Engine) -> GoodsChecker:
    """The lists as the store holds them (shipped defaults on first use, lists loaded since,
    approved delistings), so the rules judge goods by the same lists ``tamga goods check`` uses."""
    return ListsService(engine).checker()


def load_registry(engine: Any) -> tuple[dict[str, date], dict[str, str]]:
    """Registration dates and names of holders from the store (``tamga holders load``)."""
    dates: dict[str, date] = {}
    names: dict[str, str] = {}
    with engine.connect() as conn:
        rows = conn.execute(select(holders.c.id, holders.c.registered, holders.c.name))
        for hid, registered, name in rows:
            if name:
                names[hid] = name
            if registered:
                try:
                    dates[hid] = date.fromisoformat(registered)
                except ValueError:
                    continue
    return dates, names


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
