"""The ledger store's own reads: stock, a declaration's lines, transits, counts and the log.

Read-only over a connection per call; the rows come back through :mod:`tamga.store.ledger_rows`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Engine, false, func, or_, select

from tamga.ledger.state import Lot, Transit
from tamga.store import ledger_read
from tamga.store.ledger_batch import GENESIS
from tamga.store.ledger_rows import lot_from_row, transit_from_row
from tamga.store.schema import event_lines, events, ledger_meta, lots, transits


class LedgerQueries:
    """Queries of the ledger's log and projections (its write path: :mod:`.ledger_write`)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def ledger_clock(self) -> str | None:
        with self.engine.connect() as conn:
            return ledger_read.ledger_clock(conn)

    def open_lots(self, holder: str) -> list[Lot]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(lots)
                .where(lots.c.holder == holder, lots.c.remaining > 0)
                .order_by(lots.c.goods_key, lots.c.unit, lots.c.time, lots.c.seq)
            )
            return [lot_from_row(r) for r in rows]

    def lines_of_declaration(self, declaration_no: str) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            # the events by ix_events_declaration, their lines by the primary key (two queries:
            # as one, PostgreSQL may plan a scan of the line table on fresh statistics)
            seqs = list(
                conn.execute(
                    select(events.c.seq).where(events.c.declaration_no == declaration_no)
                ).scalars()
            )
            if not seqs:
                return []
            rows = conn.execute(
                select(event_lines)
                .where(event_lines.c.event_seq.in_(seqs))
                .order_by(event_lines.c.event_seq, event_lines.c.role, event_lines.c.line_no)
            )
            return [dict(r._mapping) for r in rows]

    def transit(self, transit_id: str) -> Transit | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(transits).where(transits.c.transit_id == transit_id)).first()
        return transit_from_row(row) if row is not None else None

    def transits(
        self,
        states: Sequence[str] | None = None,
        as_of: str | None = None,
        limit: int | None = None,
        after: str | None = None,
        visible: ColumnElement[bool] | None = None,
    ) -> list[Transit]:
        """Transits by state; "overdue" means open with its deadline before ``as_of``;
        ``visible``: only those the clause selects (a caller's scope), in the same query."""
        query = select(transits).order_by(transits.c.transit_id)
        if visible is not None:
            query = query.where(visible)
        if states:
            conds: list[ColumnElement[bool]] = []
            for state in states:
                if state == "overdue":
                    if as_of is not None:
                        conds.append((transits.c.state == "open") & (transits.c.deadline < as_of))
                elif state == "open" and as_of is not None:
                    conds.append((transits.c.state == "open") & (transits.c.deadline >= as_of))
                else:
                    conds.append(transits.c.state == state)
            query = query.where(or_(*conds) if conds else false())
        if after:
            query = query.where(transits.c.transit_id > after)
        if limit:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            return [transit_from_row(r) for r in conn.execute(query)]

    def events_of_transit(self, transit_id: str) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(
                    events.c.seq,
                    events.c.event_id,
                    events.c.type,
                    events.c.time,
                    events.c.location,
                    events.c.payload,
                )
                .where(events.c.transit_id == transit_id)
                .order_by(events.c.time, events.c.seq)
            )
            return [dict(r._mapping) for r in rows]

    def counts(self) -> dict[str, Any]:
        with self.engine.connect() as conn:
            by_type: dict[str, int] = dict(
                conn.execute(select(events.c.type, func.count()).group_by(events.c.type)).all()
            )
            n_lots = conn.execute(select(func.count()).select_from(lots)).scalar() or 0
            unbacked = conn.execute(select(func.coalesce(func.sum(event_lines.c.unbacked_qty), 0)))
            late = conn.execute(select(func.count()).select_from(events).where(events.c.late))
            by_state: dict[str, int] = dict(
                conn.execute(
                    select(transits.c.state, func.count()).group_by(transits.c.state)
                ).all()
            )
            return {
                "events": sum(by_type.values()),
                "by_type": by_type,
                "lots": n_lots,
                "unbacked_quantity": float(unbacked.scalar() or 0),
                "late_events": late.scalar() or 0,
                "transits": by_state,
            }

    # -- the log --------------------------------------------------------------------------
    def iter_log(self, chunk: int = 5000) -> Iterator[list[Any]]:
        """The log in order, a chunk at a time (for verify and rebuild)."""
        last = 0
        while True:
            with self.engine.connect() as conn:
                rows = conn.execute(
                    select(
                        events.c.seq,
                        events.c.event_id,
                        events.c.payload,
                        events.c.content_hash,
                        events.c.chain_hash,
                        events.c.type,
                        events.c.time,
                        events.c.location,
                        events.c.holder,
                        events.c.counterparty,
                        events.c.declaration_no,
                        events.c.transit_id,
                    )
                    .where(events.c.seq > last)
                    .order_by(events.c.seq)
                    .limit(chunk)
                ).all()
            if not rows:
                return
            yield list(rows)
            last = rows[-1].seq

    def head(self) -> tuple[str, int]:
        with self.engine.connect() as conn:
            meta = dict(conn.execute(select(ledger_meta.c.key, ledger_meta.c.value)).all())
        return meta.get("head", GENESIS), int(meta.get("last_seq", "0"))
