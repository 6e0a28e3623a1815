"""The risk part's store-level locks, held to the end of the transaction that takes them.

On PostgreSQL each is an advisory lock (with the schema's hash as the second key, so stores in
other schemas of the same database do not contend); on SQLite any write takes the store's one
write lock, so both are that.
"""

from __future__ import annotations

from sqlalchemy import Connection, text, update

from tamga.store.risk_tables import risk_state

#: one scorer of the log at a time
SCORER = 7_242_101
#: alert sequence numbers (the live stream's cursor) taken in commit order
ALERT_SEQ = 7_242_102
#: the ``risk_state`` row the follower's cursor is kept in (SQLite's lock writes it unchanged)
CURSOR = "cursor"


def take(conn: Connection, key: int, *, wait: bool = True) -> bool:
    """Take lock ``key`` in ``conn``'s transaction; False if ``wait`` is false and another
    transaction holds it (PostgreSQL; SQLite waits up to its busy timeout)."""
    if conn.dialect.name == "postgresql":
        fn = "pg_advisory_xact_lock" if wait else "pg_try_advisory_xact_lock"
        got = conn.execute(
            text(f"SELECT {fn}(:k, hashtext(current_schema()))"), {"k": key}
        ).scalar()
        return wait or bool(got)
    # a write statement takes SQLite's write lock at once, even when it matches no row: the
    # transaction is then the store's only writer
    conn.execute(update(risk_state).where(risk_state.c.name == CURSOR).values(seq=risk_state.c.seq))
    return True
