"""The trade network as a library call: ``NetworkService(engine).view(holder, depth, since)``.

The network is built from the ledger when none is stored or the log moved past the last build
(``rebuild`` forces it), then read for the months from ``since``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from tamga.network.graph import TradeNetwork
from tamga.network.store import BuildReport, NetworkStore


class NetworkService:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.store = NetworkStore(engine)
        self.built: BuildReport | None = None

    def ensure_built(self, rebuild: bool = False) -> BuildReport | None:
        """Build when asked or stale; the build's report, or None when none was needed."""
        if not (rebuild or self.store.stale()):
            return None
        from tamga.lists.service import ListsService

        self.built = self.store.rebuild(ListsService(self.engine).checker())
        return self.built

    def network(
        self, since: str | None = None, refresh: bool = True, resolved: bool = False
    ) -> TradeNetwork:
        """The network from ``since``; ``refresh=False`` reads the last build as it is (built
        only when there is none), for a page that must not rebuild on every view.
        ``resolved``: parties that are one firm under several names or ids
        (:mod:`tamga.ownership.resolution`, with the analysts' judgements) are one node."""
        if refresh or self.store.last_build() is None:
            self.ensure_built()
        nodes = list(self.store.nodes())
        if not resolved:
            return TradeNetwork(self.store.edges(since), nodes)
        canonical = self.resolution(nodes).canonical
        edges = (
            (canonical.get(s, s), canonical.get(d, d), *rest)
            for s, d, *rest in self.store.edges(since)
        )
        return TradeNetwork(
            (e for e in edges if e[0] != e[1]),
            [n for n in nodes if canonical.get(n[0], n[0]) == n[0]],
        )

    def resolution(self, nodes: list[tuple[Any, ...]] | None = None) -> Any:
        """The network's parties resolved (names as written, countries, ids)."""
        from tamga.ownership.resolution import JudgementStore, Record, resolve

        rows = nodes if nodes is not None else list(self.store.nodes())
        records = [Record(nid, name or nid, country) for nid, name, _kind, country in rows]
        return resolve(records, JudgementStore(self.engine).all())

    def view(
        self,
        holder: str,
        depth: int = 2,
        since: str | None = None,
        refresh: bool = True,
        resolved: bool = False,
        **options: Any,
    ) -> dict[str, Any]:
        net = self.network(since, refresh, resolved)
        if resolved and holder not in net.index:  # asked by a name's other id
            holder = self.resolution().canonical.get(holder, holder)
        return {"since": since, "resolved": resolved} | net.view(holder, depth, **options)
