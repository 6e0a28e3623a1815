"""Listed entities in the store (SQLite or PostgreSQL): load files, apply deltas, read back.

ADD and MOD replace the entity's row (the list's latest version is what is screened against);
DEL removes it. Each file loaded is recorded with its counts, so an analyst sees what changed.
A file's link entities (ownerships, directorships ...) go to ``tamga.ownership``'s store with
the same load; its report (links, dangling links, bad percentages) rides on the load report.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, delete, func, insert, select

from tamga.screening.loading import Operation, load_path
from tamga.screening.model import ListedEntity
from tamga.store.screening_tables import screening_entities, screening_loads

_JSON_FIELDS = ("names", "countries", "identifiers", "addresses", "datasets", "topics")
_BATCH = 1000


@dataclass(frozen=True, slots=True)
class LoadReport:
    source: str
    added: int
    modified: int
    deleted: int
    links: Any = None  # tamga.ownership.model.LinkReport for FtM files


def _row(entity: ListedEntity, loaded_at: str) -> dict[str, Any]:
    data = entity.to_dict()
    row: dict[str, Any] = {k: orjson.dumps(data[k]).decode() for k in _JSON_FIELDS}
    row.update(
        entity_id=entity.entity_id,
        schema=entity.schema,
        caption=entity.caption,
        source=entity.source,
        listed_on=entity.listed_on,
        last_change=entity.last_change,
        loaded_at=loaded_at,
        listed=entity.listed,
    )
    return row


class ScreeningRepository:
    """Reads and writes listed entities through an Engine from ``tamga.store.database``."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def apply(
        self, source: str, operations: Iterable[tuple[Operation, ListedEntity]]
    ) -> LoadReport:
        """Apply one file's operations in one transaction (all or nothing)."""
        loaded_at = datetime.now(UTC).isoformat(timespec="seconds")
        added = modified = deleted = 0
        with self.engine.begin() as conn:
            pending: dict[str, ListedEntity | None] = {}
            for op, entity in operations:
                pending[entity.entity_id] = None if op == "DEL" else entity
                if len(pending) >= _BATCH:
                    a, m, d = self._flush(conn, pending, loaded_at)
                    added, modified, deleted = added + a, modified + m, deleted + d
                    pending = {}
            a, m, d = self._flush(conn, pending, loaded_at)
            added, modified, deleted = added + a, modified + m, deleted + d
            conn.execute(
                insert(screening_loads).values(
                    source=source,
                    loaded_at=loaded_at,
                    added=added,
                    modified=modified,
                    deleted=deleted,
                )
            )
        return LoadReport(source, added, modified, deleted)

    def _flush(
        self, conn: Connection, pending: dict[str, ListedEntity | None], loaded_at: str
    ) -> tuple[int, int, int]:
        if not pending:
            return 0, 0, 0
        ids = list(pending)
        existing = set(
            conn.scalars(
                select(screening_entities.c.entity_id).where(
                    screening_entities.c.entity_id.in_(ids)
                )
            )
        )
        if existing:
            conn.execute(
                delete(screening_entities).where(screening_entities.c.entity_id.in_(existing))
            )
        rows = [_row(e, loaded_at) for e in pending.values() if e is not None]
        if rows:
            conn.execute(insert(screening_entities), rows)
        deleted = sum(1 for k, e in pending.items() if e is None and k in existing)
        modified = sum(1 for k, e in pending.items() if e is not None and k in existing)
        added = len(rows) - modified
        return added, modified, deleted

    def load_file(self, path: Path, *, declared: bool = False) -> LoadReport:
        """Load one file; ``declared``: the file is a sanctions list, every entity is listed."""
        from tamga.ownership.ftm import LinkCollector
        from tamga.ownership.store import OwnershipStore

        links = LinkCollector(path.name)
        report = self.apply(path.name, load_path(path, declared=declared, others=links.add))
        if path.suffix.lower() == ".csv":
            return report
        return replace(report, links=OwnershipStore(self.engine).save_collected(links))

    def count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.scalar(select(func.count()).select_from(screening_entities)) or 0)

    def get(self, entity_id: str) -> ListedEntity | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(screening_entities).where(screening_entities.c.entity_id == entity_id)
            ).first()
        return _entity(row._mapping) if row is not None else None

    def entities(self) -> Iterator[ListedEntity]:
        """Every listed entity, ordered by id (streamed)."""
        with self.engine.connect() as conn:
            result = conn.execution_options(yield_per=5000).execute(
                select(screening_entities).order_by(screening_entities.c.entity_id)
            )
            for row in result:
                yield _entity(row._mapping)

    def loads(self) -> list[LoadReport]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(screening_loads).order_by(screening_loads.c.load_id))
            return [LoadReport(r.source, r.added, r.modified, r.deleted) for r in rows]


def _entity(row: Any) -> ListedEntity:
    data = {k: orjson.loads(row[k]) for k in _JSON_FIELDS}
    data.update(
        entity_id=row["entity_id"],
        schema=row["schema"],
        source=row["source"],
        listed_on=row["listed_on"],
        last_change=row["last_change"],
        listed=row["listed"],
    )
    return ListedEntity.from_dict(data)
