"""Listed entities in the store (SQLite or PostgreSQL): load files, apply deltas, read back;
analysts' decisions.

ADD and MOD replace the entity's row (the list's latest version is what is screened against);
DEL removes it. Every version is kept too (``screening_entity_versions``), so the lists can be
read as they stood on a date. Each file loaded is recorded with its counts, so an analyst sees
what changed. A file's link entities (ownerships, directorships ...) go to
``tamga.ownership``'s store with the same load; its report (links, dangling links, bad
percentages) rides on the load report.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, delete, func, insert, select, update

from tamga.screening.decisions import DecisionBook
from tamga.screening.loading import Operation, load_path
from tamga.screening.model import Decision, ListedEntity, Party
from tamga.screening.scoring import DEFAULT_THRESHOLD
from tamga.screening.screener import Screener
from tamga.store.screening_tables import (
    screening_decisions,
    screening_entities,
    screening_entity_versions,
    screening_loads,
)

_JSON_FIELDS = ("names", "countries", "identifiers", "addresses", "datasets", "topics")
#: nullable: rows loaded before screening_0002 (listing: before ownership_0003)
_NEW_JSON_FIELDS = ("birth_dates", "referents", "listing")
_BATCH = 1000


@dataclass(frozen=True, slots=True)
class LoadReport:
    source: str
    added: int
    modified: int
    deleted: int
    load_id: int | None = None
    loaded_at: str | None = None
    #: ids added, modified or deleted: what a re-screening has to look at
    changed: tuple[str, ...] = ()
    links: Any = None  # tamga.ownership.model.LinkReport for FtM files


def _row(entity: ListedEntity, loaded_at: str) -> dict[str, Any]:
    data = entity.to_dict()
    row: dict[str, Any] = {k: orjson.dumps(data[k]).decode() for k in _JSON_FIELDS}
    row.update({k: orjson.dumps(data[k]).decode() for k in _NEW_JSON_FIELDS})
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


def _until(as_of: str) -> str:
    """A bound that every time stamp of ``as_of``'s day sorts below (``2026-01-05`` -> the
    whole day), so a date means "as the lists stood at the end of that day"."""
    return as_of + "~" if len(as_of) == 10 else as_of


class ScreeningRepository:
    """Reads and writes listed entities through an Engine from ``tamga.store.database``."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def apply(
        self,
        source: str,
        operations: Iterable[tuple[Operation, ListedEntity]],
        loaded_at: str | None = None,
    ) -> LoadReport:
        """Apply one file's operations in one transaction (all or nothing).

        Each entity's previous version is closed and the new one kept, so the lists can be read
        back as they stood at any time (:meth:`entities` with ``as_of``).
        """
        loaded_at = loaded_at or datetime.now(UTC).isoformat(timespec="seconds")
        added = modified = deleted = 0
        changed: list[str] = []
        with self.engine.begin() as conn:
            load_id = int(
                conn.execute(
                    insert(screening_loads)
                    .values(source=source, loaded_at=loaded_at, added=0, modified=0, deleted=0)
                    .returning(screening_loads.c.load_id)
                ).scalar_one()
            )
            pending: dict[str, ListedEntity | None] = {}
            for op, entity in operations:
                pending[entity.entity_id] = None if op == "DEL" else entity
                if len(pending) >= _BATCH:
                    a, m, d = self._flush(conn, pending, loaded_at, load_id, changed)
                    added, modified, deleted = added + a, modified + m, deleted + d
                    pending = {}
            a, m, d = self._flush(conn, pending, loaded_at, load_id, changed)
            added, modified, deleted = added + a, modified + m, deleted + d
            conn.execute(
                update(screening_loads)
                .where(screening_loads.c.load_id == load_id)
                .values(added=added, modified=modified, deleted=deleted)
            )
        return LoadReport(
            source,
            added,
            modified,
            deleted,
            load_id=load_id,
            loaded_at=loaded_at,
            changed=tuple(changed),
        )

    def _flush(
        self,
        conn: Connection,
        pending: dict[str, ListedEntity | None],
        loaded_at: str,
        load_id: int,
        changed: list[str],
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
        versions = screening_entity_versions
        conn.execute(
            update(versions)
            .where(versions.c.entity_id.in_(ids), versions.c.valid_to.is_(None))
            .values(valid_to=loaded_at, ended_by=load_id)
        )
        rows = [_row(e, loaded_at) for e in pending.values() if e is not None]
        if rows:
            conn.execute(insert(screening_entities), rows)
            conn.execute(
                insert(versions),
                [
                    {
                        "entity_id": e.entity_id,
                        "load_id": load_id,
                        "valid_from": loaded_at,
                        "data": orjson.dumps(e.to_dict()).decode(),
                    }
                    for e in pending.values()
                    if e is not None
                ],
            )
        deleted = sum(1 for k, e in pending.items() if e is None and k in existing)
        modified = sum(1 for k, e in pending.items() if e is not None and k in existing)
        added = len(rows) - modified
        changed.extend(k for k, e in pending.items() if e is not None or k in existing)
        return added, modified, deleted

    def load_file(
        self, path: Path, loaded_at: str | None = None, *, declared: bool = False
    ) -> LoadReport:
        """Load one file; ``declared``: the file is a sanctions list, every entity is listed."""
        from tamga.ownership.ftm import LinkCollector
        from tamga.ownership.store import OwnershipStore

        links = LinkCollector(path.name)
        entities = load_path(path, declared=declared, others=links.add)
        report = self.apply(path.name, entities, loaded_at)
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

    def entities(
        self, as_of: str | None = None, ids: Iterable[str] | None = None
    ) -> Iterator[ListedEntity]:
        """Every listed entity, ordered by id (streamed); ``as_of`` a date or time: the versions
        in force then; ``ids``: only these."""
        wanted = sorted(set(ids)) if ids is not None else None
        if as_of is None:
            query = select(screening_entities).order_by(screening_entities.c.entity_id)
            for part in _parts(wanted):
                q = query if part is None else query.where(screening_entities.c.entity_id.in_(part))
                with self.engine.connect() as conn:
                    for row in conn.execution_options(yield_per=5000).execute(q):
                        yield _entity(row._mapping)
            return
        v = screening_entity_versions
        bound = _until(as_of)
        query = (
            select(v.c.data)
            .where(
                v.c.valid_from < bound,
                (v.c.valid_to.is_(None)) | (v.c.valid_to >= bound),
                v.c.data.is_not(None),
            )
            .order_by(v.c.entity_id)
        )
        for part in _parts(wanted):
            q = query if part is None else query.where(v.c.entity_id.in_(part))
            with self.engine.connect() as conn:
                for (data,) in conn.execution_options(yield_per=5000).execute(q):
                    yield ListedEntity.from_dict(orjson.loads(data))

    def loads(self) -> list[LoadReport]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(screening_loads).order_by(screening_loads.c.load_id))
            return [
                LoadReport(r.source, r.added, r.modified, r.deleted, r.load_id, r.loaded_at)
                for r in rows
            ]

    def list_version(self, as_of: str | None = None) -> dict[str, Any]:
        """What the lists were at ``as_of`` (default now): the last load, and each source's."""
        loads = self.loads()
        if as_of is not None:
            bound = _until(as_of)
            loads = [r for r in loads if (r.loaded_at or "") < bound]
        sources = {r.source: r.load_id for r in loads}
        return {
            "load_id": loads[-1].load_id if loads else None,
            "loaded_at": loads[-1].loaded_at if loads else None,
            "sources": sources,
            **({"as_of": as_of} if as_of else {}),
        }

    # -- analysts' decisions ----------------------------------------------------------------
    def save_decision(self, decision: Decision, party: Party | None = None) -> Decision:
        """Store a decision; an earlier one on the same pair is marked superseded by it."""
        d = screening_decisions
        with self.engine.begin() as conn:
            new_id = int(
                conn.execute(
                    insert(d)
                    .values(
                        party_key=decision.party_key,
                        party_name=decision.party_name,
                        party_country=(party.country or None) if party else None,
                        party_identifiers=orjson.dumps(
                            list(party.identifiers) if party else []
                        ).decode(),
                        entity_id=decision.entity_id,
                        verdict=decision.verdict,
                        reason=decision.reason,
                        decided_by=decision.decided_by,
                        decided_at=decision.decided_at,
                        score=decision.score,
                        list_version=orjson.dumps(decision.list_version).decode(),
                        algorithm_version=decision.algorithm_version,
                        threshold=decision.threshold,
                    )
                    .returning(d.c.decision_id)
                ).scalar_one()
            )
            conn.execute(
                update(d)
                .where(
                    d.c.party_key == decision.party_key,
                    d.c.entity_id == decision.entity_id,
                    d.c.decision_id != new_id,
                    d.c.superseded_by.is_(None),
                )
                .values(superseded_by=new_id)
            )
        return replace(decision, decision_id=new_id)

    def decisions(self, party_key: str | None = None, current: bool = True) -> list[Decision]:
        """Decisions, oldest first; ``current``: only those not superseded."""
        d = screening_decisions
        query = select(d).order_by(d.c.decision_id)
        if party_key is not None:
            query = query.where(d.c.party_key == party_key)
        if current:
            query = query.where(d.c.superseded_by.is_(None))
        with self.engine.connect() as conn:
            return [_decision(r) for r in conn.execute(query)]

    def screener(self, as_of: str | None = None, threshold: float = DEFAULT_THRESHOLD) -> Screener:
        """A screener over the stored lists (as of a date, if given) with every standing
        decision applied and the list version it stands on."""
        return Screener.from_entities(
            self.entities(as_of),
            threshold,
            decisions=DecisionBook(self.decisions()),
            list_version=self.list_version(as_of),
        )


def _parts(ids: list[str] | None, size: int = 500) -> Iterator[list[str] | None]:
    if ids is None:
        yield None
        return
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def _decision(row: Any) -> Decision:
    return Decision(
        party_key=row.party_key,
        entity_id=row.entity_id,
        verdict=row.verdict,
        reason=row.reason,
        decided_by=row.decided_by,
        decided_at=row.decided_at,
        list_version=orjson.loads(row.list_version),
        algorithm_version=row.algorithm_version,
        threshold=row.threshold,
        score=row.score,
        party_name=row.party_name,
        decision_id=row.decision_id,
    )


def _entity(row: Any) -> ListedEntity:
    data = {k: orjson.loads(row[k]) for k in _JSON_FIELDS}
    data.update({k: orjson.loads(row[k]) if row[k] else [] for k in _NEW_JSON_FIELDS})
    data.update(
        entity_id=row["entity_id"],
        schema=row["schema"],
        source=row["source"],
        listed_on=row["listed_on"],
        last_change=row["last_change"],
        listed=row["listed"],
    )
    return ListedEntity.from_dict(data)
