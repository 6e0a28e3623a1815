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
        self._resolved: tuple[tuple[Any, ...], Any] | None = None

    def ensure_built(self, rebuild: bool = False) -> BuildReport | None:
        """Build when asked or stale; the build's report, or None when none was needed."""
        if not (rebuild or self.store.stale()):
            return None
        from tamga.lists.service import ListsService

        self.built = self.store.rebuild(ListsService(self.engine).checker())
        return self.built

    def network(
        self, since: str | None = None, refresh: bool = True, resolved: bool = True
    ) -> TradeNetwork:
        """The network from ``since``; ``refresh=False`` reads the last build as it is (built
        only when there is none), for a page that must not rebuild on every view.
        ``resolved`` (the default): parties that are one firm under several names or ids
        (:mod:`tamga.ownership.resolved`: identifiers, folded names, Splink and the analysts'
        judgements) are one node, named by its first id, with the others as its ``aliases``."""
        if refresh or self.store.last_build() is None:
            self.ensure_built()
        nodes = list(self.store.nodes())
        if not resolved:
            return TradeNetwork(self.store.edges(since), nodes)
        rep, aliases = self._representatives(nodes)
        edges = ((rep.get(s, s), rep.get(d, d), *rest) for s, d, *rest in self.store.edges(since))
        return TradeNetwork(
            (e for e in edges if e[0] != e[1]),
            [n for n in nodes if n[0] not in rep],
            aliases,
        )

    def _representatives(
        self, nodes: list[tuple[Any, ...]]
    ) -> tuple[dict[str, str], dict[str, list[dict[str, Any]]]]:
        """For each node merged into another, the node that stands for its firm (the smallest
        id among the firm's network parties); and each such node's other ids, names and how
        they were joined."""
        resolution = self.resolution()
        names = {n[0]: n[1] for n in nodes}
        rep: dict[str, str] = {}
        aliases: dict[str, list[dict[str, Any]]] = {}
        for members in resolution.clusters().values():
            present = [m for m in members if m in names]
            if len(present) < 2:
                continue
            keep = present[0]
            joined = resolution.evidence(keep)
            for m in present[1:]:
                rep[m] = keep
                how = [j["how"] for j in joined if m in j["ids"]]
                aliases.setdefault(keep, []).append(
                    {"id": m, "name": names[m] or m, "how": how[0] if how else "resolved"}
                )
        return rep, aliases

    def resolution(self) -> Any:
        """The store's parties resolved (:func:`tamga.ownership.resolved.stored_resolution`),
        kept until the build, the registry or the judgements change (a page views often)."""
        from tamga.ownership.resolved import resolution_revision, stored_resolution

        revision = resolution_revision(self.engine)
        if self._resolved is None or self._resolved[0] != revision:
            self._resolved = (revision, stored_resolution(self.engine))
        return self._resolved[1]

    def view(
        self,
        holder: str,
        depth: int = 2,
        since: str | None = None,
        refresh: bool = True,
        resolved: bool = True,
        **options: Any,
    ) -> dict[str, Any]:
        net = self.network(since, refresh, resolved)
        if resolved and holder not in net.index:  # asked by one of a firm's other ids
            for keep, others in net.aliases.items():
                if any(a["id"] == holder for a in others):
                    holder = keep
                    break
        return {"since": since, "resolved": resolved} | net.view(holder, depth, **options)
