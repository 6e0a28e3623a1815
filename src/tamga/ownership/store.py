"""Links in the store (SQLite or PostgreSQL), and the graph built from them.

A file's links replace the rows of the same link id (a load is idempotent; a delta's DEL
removes one); the holder registry's owners and directors replace those of the holders loaded.
Every load is recorded with its report: counts, dangling links (an end no file or registry
holds: kept, since the other end is still worth knowing) and per-record problems.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, delete, func, insert, select

from tamga.ownership.ftm import LinkCollector
from tamga.ownership.graph import OwnershipGraph, paused_gc
from tamga.ownership.model import Link, LinkReport
from tamga.store import ledger_read
from tamga.store.ownership_tables import ownership_links, ownership_loads
from tamga.store.screening_tables import screening_entities

_BATCH = 900
REGISTRY = "registry"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _row(link: Link, loaded_at: str) -> dict[str, Any]:
    return {
        "link_id": link.link_id,
        "kind": link.kind,
        "source_id": link.source,
        "target_id": link.target,
        "share": link.share,
        "share_text": link.share_text,
        "start_date": link.start,
        "end_date": link.end,
        "role": link.role,
        "source_name": link.source_name,
        "origin": link.origin,
        "loaded_at": loaded_at,
    }


def _link(r: Any) -> Link:
    return Link(
        link_id=r.link_id,
        kind=r.kind,
        source=r.source_id,
        target=r.target_id,
        share=r.share,
        share_text=r.share_text,
        start=r.start_date,
        end=r.end_date,
        role=r.role,
        origin=r.origin,
        source_name=r.source_name,
    )


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for i in range(0, len(items), _BATCH):
        yield items[i : i + _BATCH]


class OwnershipStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def save_collected(self, collected: LinkCollector) -> LinkReport:
        """Store a file's links (those a delta deleted are removed) and record the load."""
        report = collected.report
        loaded_at = _now()
        with self.engine.begin() as conn:
            ids = list(collected.links)
            existing: set[str] = set()
            for chunk in _chunks(ids):
                existing.update(
                    conn.scalars(
                        select(ownership_links.c.link_id).where(
                            ownership_links.c.link_id.in_(chunk)
                        )
                    )
                )
            for chunk in _chunks(sorted(existing)):
                conn.execute(delete(ownership_links).where(ownership_links.c.link_id.in_(chunk)))
            kept = [link for link in collected.links.values() if link is not None]
            rows = [_row(link, loaded_at) for link in kept]
            for i in range(0, len(rows), 5000):
                conn.execute(insert(ownership_links), rows[i : i + 5000])
            report.links = len(kept)
            report.deleted = sum(
                1 for k, v in collected.links.items() if v is None and k in existing
            )
            for link in kept:
                report.by_kind[link.kind] = report.by_kind.get(link.kind, 0) + 1
            report.dangling = self._dangling(conn, kept)
            self._record(conn, report, loaded_at)
        return report

    def _dangling(self, conn: Connection, links: list[Link]) -> list[str]:
        ends = sorted({e for link in links for e in (link.source, link.target)})
        known: set[str] = set()
        for chunk in _chunks(ends):
            known.update(
                conn.scalars(
                    select(screening_entities.c.entity_id).where(
                        screening_entities.c.entity_id.in_(chunk)
                    )
                )
            )
            known.update(ledger_read.registered_ids(conn, chunk))
        return sorted(
            link.link_id for link in links if link.source not in known or link.target not in known
        )

    def _record(self, conn: Connection, report: LinkReport, loaded_at: str) -> None:
        conn.execute(
            insert(ownership_loads).values(
                source=report.source,
                loaded_at=loaded_at,
                links=report.links,
                deleted=report.deleted,
                dangling=len(report.dangling),
                report=orjson.dumps(report.to_dict()).decode(),
            )
        )

    def replace_registry_links(
        self, conn: Connection, holder_ids: Iterable[str], links: list[Link], report: LinkReport
    ) -> None:
        """The registry's owners and directors of ``holder_ids`` become ``links`` (in the
        caller's transaction: the registry load's)."""
        ids = list(holder_ids)
        for chunk in _chunks(ids):
            conn.execute(
                delete(ownership_links).where(
                    ownership_links.c.origin == REGISTRY, ownership_links.c.target_id.in_(chunk)
                )
            )
        loaded_at = _now()
        rows = [_row(link, loaded_at) for link in links]
        for i in range(0, len(rows), 5000):
            conn.execute(insert(ownership_links), rows[i : i + 5000])
        report.links = len(links)
        for link in links:
            report.by_kind[link.kind] = report.by_kind.get(link.kind, 0) + 1
        self._record(conn, report, loaded_at)

    def links(self) -> Iterator[Link]:
        with self.engine.connect() as conn:
            result = conn.execution_options(yield_per=10_000).execute(
                select(ownership_links).order_by(ownership_links.c.link_id)
            )
            for r in result:
                yield _link(r)

    def count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.scalar(select(func.count()).select_from(ownership_links)) or 0)

    def loads(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(ownership_loads).order_by(ownership_loads.c.load_id))
            return [orjson.loads(r.report) | {"loaded_at": r.loaded_at} for r in rows]

    def graph(self) -> OwnershipGraph:
        """Every screening entity, registry holder and link of the store, as one graph."""
        graph = OwnershipGraph()
        with paused_gc(), self.engine.connect() as conn:
            rows = conn.execution_options(yield_per=50_000).execute(
                select(
                    screening_entities.c.entity_id,
                    screening_entities.c.caption,
                    screening_entities.c.listed,
                    screening_entities.c.identifiers,
                    screening_entities.c.listing,
                )
            )
            add_party, loads = graph.add_party, orjson.loads
            for eid, caption, listed, idents, listing in rows:
                add_party(
                    eid, caption, bool(listed), loads(idents) if idents != "[]" else (),
                    [(p[0], p[1]) for p in loads(listing)] if listing and listing != "[]" else (),
                )  # fmt: skip
            for holder in ledger_read.holder_rows(conn):
                add_party(holder.id, holder.name or "", False, (holder.id,))
            c = ownership_links.c
            links = conn.execution_options(yield_per=50_000).execute(
                select(
                    c.link_id, c.kind, c.source_id, c.target_id, c.share, c.start_date,
                    c.end_date, c.source_name,
                )
            )  # fmt: skip
            add_edge = graph.add_edge
            for row in links:
                add_edge(*row)
        return graph
