"""The exposure question as a library call: a name or an id in, an :class:`Exposure` out.

``exposure_of(graph, "NK-abdz...")`` or ``ExposureService.open(engine).exposure("ЦСТ")``: an
exact entity id first, then an identifier (BIN, INN, registration number), then a registry
name as written, then the screener's best match among the loaded entities.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Engine

from tamga.errors import NotFound
from tamga.ownership.exposure import Exposure, exposure
from tamga.ownership.graph import OwnershipGraph, paused_gc


def resolve(graph: OwnershipGraph, query: str, screener: Any = None) -> int:
    """The party a query names; ``NotFound`` when nothing does."""
    n = graph.node(query.strip())
    if n is not None:
        return n
    same = graph.by_name.get(query.casefold().strip())
    if same:
        return min(same, key=lambda i: (not graph.listed[i], graph.ids[i]))
    if screener is not None and query.strip():
        for match in screener.screen(query, limit=1):
            n = graph.node(match.entity_id)
            if n is not None:
                return n
    raise NotFound(f"no party named or identified {query!r} is loaded")


def exposure_of(
    graph: OwnershipGraph, query: str, on: date | None = None, screener: Any = None
) -> Exposure:
    return exposure(graph, resolve(graph, query, screener), on, query=query)


class ExposureService:
    """Exposure over the store's entities, registry and links (the graph built once)."""

    def __init__(self, graph: OwnershipGraph, screener: Any = None) -> None:
        self.graph = graph
        self._screener = screener

    @classmethod
    def open(cls, engine: Engine) -> ExposureService:
        """Over the store's graph, with the parties resolution says are one firm merged (so an
        ownership of any of its ids and names counts)."""
        from tamga.ownership.resolved import stored_resolution
        from tamga.ownership.store import OwnershipStore

        graph = OwnershipStore(engine).graph()
        resolution = stored_resolution(engine, graph)
        graph.merge(resolution.clusters().values(), resolution)
        service = cls(graph)
        service._engine = engine
        return service

    _engine: Engine | None = None

    def screener(self) -> Any:
        if self._screener is None and self._engine is not None:
            from tamga.risk.sources import load_screener

            self._screener = load_screener(self._engine)
        return self._screener

    def exposure(self, query: str, on: date | None = None) -> Exposure:
        try:
            node = resolve(self.graph, query)
        except NotFound:
            node = resolve(self.graph, query, self.screener())
        return exposure(self.graph, node, on, query=query)


def graph_from_files(paths: list[Any], *, declared: bool = False) -> OwnershipGraph:
    """A graph straight from FtM files (deltas applied in order), no store needed."""
    from pathlib import Path

    from tamga.ownership.ftm import LinkCollector
    from tamga.screening.loading import load_path
    from tamga.screening.model import ListedEntity

    entities: dict[str, ListedEntity | None] = {}
    links: dict[str, Any] = {}
    for p in paths:
        path = Path(p)
        collector = LinkCollector(path.name)
        for op, entity in load_path(path, declared=declared, others=collector.add):
            entities[entity.entity_id] = None if op == "DEL" else entity
        links.update(collector.links)
    graph = OwnershipGraph()
    with paused_gc():
        for e in entities.values():
            if e is not None:
                graph.add_party(e.entity_id, e.caption, e.listed, e.identifiers, e.listing)
        for link in links.values():
            if link is not None:
                graph.add_link(link)
    return graph
