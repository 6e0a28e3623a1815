"""The risk follower's state in the store: the scoring lock, the cursor and the rules' snapshot.

Several processes share one store (API workers, the CLI): scoring runs under a store-level lock
(:meth:`FollowerState.scoring`), and the ``cursor`` row of ``risk_state`` records how far the log
has been scored, by which follower and when; the ``engine`` row holds the rules' snapshot and the
last sequence number it covers. Alerts are kept apart (:mod:`tamga.risk.alert_store`).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import orjson
from sqlalchemy import Connection, Engine, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from tamga.risk import locks
from tamga.risk.locks import CURSOR
from tamga.store.risk_tables import risk_state

#: the ``risk_state`` row of the rules' snapshot
SNAPSHOT = "engine"


@dataclass(frozen=True)
class Cursor:
    """How far the log has been scored (``seq``), by which follower, and when (epoch seconds;
    0 when the follower let go, e.g. at the end of an ingest)."""

    seq: int
    owner: str
    at: float


class FollowerState:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @contextmanager
    def scoring(self, wait: bool = True) -> Iterator[Connection | None]:
        """A transaction holding the store's scoring lock, or None if ``wait`` is false and
        another process holds it. Everything done on the connection commits together."""
        with self.engine.begin() as conn:
            if not locks.take(conn, locks.SCORER, wait=wait):
                yield None
                return
            yield conn

    # -- the cursor -------------------------------------------------------------------------
    def cursor(self, conn: Connection | None = None) -> Cursor | None:
        if conn is None:
            with self.engine.connect() as own:
                return self.cursor(own)
        row = conn.execute(
            select(risk_state.c.seq, risk_state.c.data).where(risk_state.c.name == CURSOR)
        ).first()
        if row is None:
            return None
        info = orjson.loads(bytes(row.data) or b"{}")
        return Cursor(int(row.seq), str(info.get("owner", "")), float(info.get("at", 0.0)))

    def set_cursor(self, conn: Connection, seq: int, owner: str, held: bool = True) -> None:
        data = orjson.dumps({"owner": owner, "at": time.time() if held else 0.0})
        done = conn.execute(
            update(risk_state).where(risk_state.c.name == CURSOR).values(seq=seq, data=data)
        )
        if done.rowcount == 0:
            conn.execute(insert(risk_state).values(name=CURSOR, seq=seq, data=data))

    def init_cursor(self, seq: int) -> Cursor:
        """The cursor, created at ``seq`` if the store has none yet (first follower)."""
        found = self.cursor()
        if found is not None:
            return found
        try:
            with self.engine.begin() as conn:
                conn.execute(
                    insert(risk_state).values(
                        name=CURSOR, seq=seq, data=orjson.dumps({"owner": "", "at": 0.0})
                    )
                )
        except IntegrityError:
            pass  # another process created it at the same moment
        found = self.cursor()
        assert found is not None
        return found

    # -- the rules' snapshot ----------------------------------------------------------------
    def state_seq(self, conn: Connection | None = None) -> int | None:
        """The sequence number the saved snapshot covers (None: no snapshot)."""
        if conn is None:
            with self.engine.connect() as own:
                return self.state_seq(own)
        found = conn.execute(select(risk_state.c.seq).where(risk_state.c.name == SNAPSHOT)).scalar()
        return None if found is None else int(found)

    def save_state(self, seq: int, data: bytes, conn: Connection | None = None) -> None:
        if conn is None:
            with self.engine.begin() as own:
                return self.save_state(seq, data, own)
        conn.execute(delete(risk_state).where(risk_state.c.name == SNAPSHOT))
        conn.execute(insert(risk_state).values(name=SNAPSHOT, seq=seq, data=data))
        return None

    def load_state(self, conn: Connection | None = None) -> tuple[int, bytes] | None:
        if conn is None:
            with self.engine.connect() as own:
                return self.load_state(own)
        row = conn.execute(
            select(risk_state.c.seq, risk_state.c.data).where(risk_state.c.name == SNAPSHOT)
        ).first()
        return (int(row.seq), bytes(row.data)) if row else None
