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

    def network(self, since: str | None = None, refresh: bool = True) -> TradeNetwork:
        """The network from ``since``; ``refresh=False`` reads the last build as it is (built
        only when there is none), for a page that must not rebuild on every view."""
        if refresh or self.store.last_build() is None:
            self.ensure_built()
        return TradeNetwork(self.store.edges(since), self.store.nodes())

    def view(
        self,
        holder: str,
        depth: int = 2,
        since: str | None = None,
        refresh: bool = True,
        **options: Any,
    ) -> dict[str, Any]:
        data = self.network(since, refresh).view(holder, depth, **options)
        return {"since": since} | data
