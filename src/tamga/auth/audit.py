"""The audit log: every write through the service leaves who, when and what.

``record`` takes the caller's open connection, so the audit row commits or rolls back with
the write it describes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, insert, select

from tamga.store.auth_tables import audit_log


def record(
    conn: Connection,
    *,
    actor: str,
    role: str,
    action: str,
    target: str | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    conn.execute(
        insert(audit_log).values(
            time=datetime.now(UTC).isoformat(timespec="milliseconds"),
            actor=actor,
            role=role,
            action=action,
            target=target[:300] if target else None,
            detail=orjson.dumps(detail).decode() if detail is not None else None,
        )
    )


def audit(
    engine: Engine,
    *,
    actor: str,
    role: str,
    action: str,
    target: str | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Record one write in its own transaction (for writes made by another part's service)."""
    with engine.begin() as conn:
        record(conn, actor=actor, role=role, action=action, target=target, detail=detail)


def entries(
    engine: Engine, *, actor: str | None = None, limit: int = 100, before: int | None = None
) -> list[dict[str, Any]]:
    """Newest first; ``before`` is the id cursor of the previous page."""
    query = select(audit_log).order_by(audit_log.c.id.desc()).limit(limit)
    if actor:
        query = query.where(audit_log.c.actor == actor)
    if before is not None:
        query = query.where(audit_log.c.id < before)
    with engine.connect() as conn:
        out = []
        for row in conn.execute(query):
            item = dict(row._mapping)
            item["detail"] = orjson.loads(item["detail"]) if item["detail"] else None
            out.append(item)
        return out
