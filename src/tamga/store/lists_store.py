"""Goods lists and delisting requests in the store (SQLite or PostgreSQL), as SQL Core calls.

A list is written whole (``replace_list``: every entry version and every amendment) or grows
by one amendment (``record_amendment``: that entry's versions are rewritten, the amendment row
appended); either way ``lists_meta.revision`` is bumped in the same transaction, so readers
know their cached checker is stale.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, delete, func, insert, select, update

from tamga.errors import NotFound
from tamga.lists.delisting import DelistingRequest, State, StepRecord
from tamga.lists.model import Action, Amendment, Entry, GoodsList, Period, Source
from tamga.store.lists_tables import (
    delisting_requests,
    delisting_steps,
    goods_list_amendments,
    goods_list_entries,
    goods_lists,
    lists_meta,
)


def _json(value: Any) -> str:
    return orjson.dumps(value).decode()


def _entry_row(list_name: str, e: Entry) -> dict[str, Any]:
    return {
        "list_name": list_name,
        "entry_id": e.entry_id,
        "valid_from": e.valid_from.isoformat(),
        "valid_to": e.valid_to.isoformat() if e.valid_to else None,
        "content": _json(e.to_dict()),
    }


def _amendment_row(list_name: str, a: Amendment, at: str) -> dict[str, Any]:
    return {
        "list_name": list_name,
        "entry_id": a.entry_id,
        "action": str(a.action),
        "effective": a.effective.isoformat(),
        "entry": _json(a.entry.to_dict()) if a.entry else None,
        "note": a.note,
        "recorded_by": a.recorded_by,
        "recorded_at": at,
        "source": _json(a.source.to_dict()) if a.source else None,
    }


class ListsStore:
    """Reads and writes lists, amendments and delisting requests through one Engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # -- meta ------------------------------------------------------------------------------
    def meta(self, conn: Connection, key: str) -> str | None:
        value = conn.execute(select(lists_meta.c.value).where(lists_meta.c.key == key)).scalar()
        return None if value is None else str(value)

    def set_meta(self, conn: Connection, key: str, value: str) -> None:
        if self.meta(conn, key) is None:
            conn.execute(insert(lists_meta).values(key=key, value=value))
        else:
            conn.execute(update(lists_meta).where(lists_meta.c.key == key).values(value=value))

    def revision(self) -> int:
        with self.engine.connect() as conn:
            return int(self.meta(conn, "revision") or 0)

    def bump(self, conn: Connection) -> None:
        self.set_meta(conn, "revision", str(int(self.meta(conn, "revision") or 0) + 1))

    # -- lists -----------------------------------------------------------------------------
    def names(self, conn: Connection | None = None) -> list[str]:
        if conn is None:
            with self.engine.connect() as c:
                return self.names(c)
        rows = conn.execute(select(goods_lists.c.name).order_by(goods_lists.c.name))
        return [str(r[0]) for r in rows]

    def read_all(self) -> list[GoodsList]:
        with self.engine.connect() as conn:
            return [self.read(conn, n) for n in self.names(conn)]

    def read(self, conn: Connection, name: str) -> GoodsList:
        head = conn.execute(select(goods_lists).where(goods_lists.c.name == name)).mappings()
        row = head.first()
        if row is None:
            raise NotFound(f"no list {name!r}")
        entries = conn.execute(
            select(goods_list_entries.c.content)
            .where(goods_list_entries.c.list_name == name)
            .order_by(goods_list_entries.c.id)
        )
        amendments = conn.execute(
            select(goods_list_amendments)
            .where(goods_list_amendments.c.list_name == name)
            .order_by(goods_list_amendments.c.seq)
        ).mappings()
        details = orjson.loads(row["details"]) if row["details"] else {}
        return GoodsList(
            name=row["name"],
            title=row["title"],
            source=row["source"],
            version=row["version"],
            entries=tuple(Entry.from_dict(orjson.loads(r[0])) for r in entries),
            amendments=tuple(_amendment(a) for a in amendments),
            regime=tuple(Period.from_dict(p) for p in details.get("regime", [])),
            notes=tuple(details.get("notes", [])),
        )

    def history(self, name: str) -> list[dict[str, Any]]:
        """The amendments with their sequence number and when they were recorded."""
        with self.engine.connect() as conn:
            if not conn.execute(
                select(goods_lists.c.name).where(goods_lists.c.name == name)
            ).first():
                raise NotFound(f"no list {name!r}")
            rows = conn.execute(
                select(goods_list_amendments)
                .where(goods_list_amendments.c.list_name == name)
                .order_by(goods_list_amendments.c.seq)
            ).mappings()
            return [
                {"seq": r["seq"], "recorded_at": r["recorded_at"], **_amendment(r).to_dict()}
                for r in rows
            ]

    def replace_list(self, conn: Connection, goods: GoodsList, actor: str, at: str) -> bool:
        """Write ``goods`` whole, replacing a list of that name. True when it replaced one."""
        name = goods.name
        existed = conn.execute(select(goods_lists.c.name).where(goods_lists.c.name == name)).first()
        head = {
            "title": goods.title,
            "source": goods.source,
            "version": goods.version,
            "loaded_at": at,
            "loaded_by": actor,
            "details": _json(
                {"regime": [p.to_dict() for p in goods.regime], "notes": list(goods.notes)}
            ),
        }
        if existed:
            conn.execute(delete(goods_list_entries).where(goods_list_entries.c.list_name == name))
            conn.execute(
                delete(goods_list_amendments).where(goods_list_amendments.c.list_name == name)
            )
            conn.execute(update(goods_lists).where(goods_lists.c.name == name).values(**head))
        else:
            conn.execute(insert(goods_lists).values(name=name, **head))
        if goods.entries:
            conn.execute(insert(goods_list_entries), [_entry_row(name, e) for e in goods.entries])
        if goods.amendments:
            conn.execute(
                insert(goods_list_amendments),
                [_amendment_row(name, a, at) for a in goods.amendments],
            )
        self.bump(conn)
        return existed is not None

    def record_amendment(
        self, conn: Connection, amended: GoodsList, amendment: Amendment, at: str
    ) -> int:
        """Store one amendment already applied to ``amended``; returns its sequence number."""
        name, eid = amended.name, amendment.entry_id
        conn.execute(
            delete(goods_list_entries).where(
                goods_list_entries.c.list_name == name, goods_list_entries.c.entry_id == eid
            )
        )
        versions = [e for e in amended.entries if e.entry_id == eid]
        if versions:
            conn.execute(insert(goods_list_entries), [_entry_row(name, e) for e in versions])
        seq = conn.execute(
            insert(goods_list_amendments)
            .values(**_amendment_row(name, amendment, at))
            .returning(goods_list_amendments.c.seq)
        ).scalar_one()
        self.bump(conn)
        return int(seq)

    # -- delisting requests ----------------------------------------------------------------
    def next_request_id(self, conn: Connection) -> str:
        count = conn.execute(select(func.count()).select_from(delisting_requests)).scalar_one()
        return f"DR-{int(count) + 1:06d}"

    def insert_request(self, conn: Connection, req: DelistingRequest) -> None:
        conn.execute(
            insert(delisting_requests).values(
                request_id=req.request_id,
                list_name=req.list_name,
                rights_holder=req.rights_holder,
                brand=req.brand,
                hs_scope=_json(list(req.hs_scope)),
                grounds=req.grounds,
                state=str(req.state),
                filed_by=req.filed_by,
                filed_at=req.filed_at,
                amendments=_json([]),
            )
        )

    def update_request(self, conn: Connection, request_id: str, **values: Any) -> None:
        if "state" in values:
            values["state"] = str(values["state"])
        if "effective" in values and isinstance(values["effective"], date):
            values["effective"] = values["effective"].isoformat()
        if "amendments" in values:
            values["amendments"] = _json(list(values["amendments"]))
        conn.execute(
            update(delisting_requests)
            .where(delisting_requests.c.request_id == request_id)
            .values(**values)
        )

    def add_step(self, conn: Connection, request_id: str, step: StepRecord) -> None:
        conn.execute(insert(delisting_steps).values(request_id=request_id, **step.to_dict()))

    def request(self, conn: Connection, request_id: str) -> DelistingRequest:
        row = (
            conn.execute(
                select(delisting_requests).where(delisting_requests.c.request_id == request_id)
            )
            .mappings()
            .first()
        )
        if row is None:
            raise NotFound(f"no delisting request {request_id!r}")
        return self._requests(conn, [row])[0]

    def requests(
        self,
        *,
        state: str | None = None,
        filed_by: str | None = None,
        after: str | None = None,
        limit: int | None = None,
    ) -> list[DelistingRequest]:
        query = select(delisting_requests).order_by(delisting_requests.c.request_id)
        if state:
            query = query.where(delisting_requests.c.state == state)
        if filed_by:
            query = query.where(delisting_requests.c.filed_by == filed_by)
        if after:
            query = query.where(delisting_requests.c.request_id > after)
        if limit:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            return self._requests(conn, list(conn.execute(query).mappings()))

    def _requests(self, conn: Connection, rows: Iterable[Any]) -> list[DelistingRequest]:
        rows = list(rows)
        ids = [r["request_id"] for r in rows]
        steps: dict[str, list[StepRecord]] = {i: [] for i in ids}
        if ids:
            for s in conn.execute(
                select(delisting_steps)
                .where(delisting_steps.c.request_id.in_(ids))
                .order_by(delisting_steps.c.seq)
            ).mappings():
                steps[s["request_id"]].append(StepRecord(s["step"], s["actor"], s["at"], s["note"]))
        return [
            DelistingRequest(
                request_id=r["request_id"],
                list_name=r["list_name"],
                rights_holder=r["rights_holder"],
                brand=r["brand"],
                hs_scope=tuple(orjson.loads(r["hs_scope"])),
                state=State(r["state"]),
                filed_by=r["filed_by"],
                filed_at=r["filed_at"],
                grounds=r["grounds"],
                reviewer=r["reviewer"],
                decided_by=r["decided_by"],
                decided_at=r["decided_at"],
                decision_reason=r["decision_reason"],
                effective=date.fromisoformat(r["effective"]) if r["effective"] else None,
                amendments=tuple(orjson.loads(r["amendments"] or "[]")),
                steps=tuple(steps[r["request_id"]]),
            )
            for r in rows
        ]


def _amendment(row: Any) -> Amendment:
    return Amendment(
        action=Action(row["action"]),
        entry_id=row["entry_id"],
        effective=date.fromisoformat(row["effective"]),
        entry=Entry.from_dict(orjson.loads(row["entry"])) if row["entry"] else None,
        note=row["note"],
        recorded_by=row["recorded_by"],
        source=Source.from_dict(orjson.loads(row["source"])) if row["source"] else None,
    )
