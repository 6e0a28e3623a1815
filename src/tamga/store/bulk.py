"""Bulk writes on the DBAPI connection under an SQLAlchemy transaction.

SQLAlchemy Core's executemany builds parameters row by row, which costs more than the database
itself at ledger ingest rates. These helpers write the same rows in the same transaction through
the driver directly: ``executemany`` on SQLite, ``COPY`` (psycopg 3) on PostgreSQL. A batch's
rows can also be gathered first (:class:`Writes`) and written later, or by another process
(:mod:`tamga.store.pipeline`), as plain SQL and tuples.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Table


@dataclass(slots=True)
class Writes:
    """Rows to write, in order: inserts as tuples in column order, updates as (cols…, key)."""

    inserts: list[tuple[Table, list[tuple[Any, ...]]]] = field(default_factory=list)
    updates: list[tuple[Table, str, tuple[str, ...], list[tuple[Any, ...]]]] = field(
        default_factory=list
    )

    def insert(self, table: Table, rows: list[tuple[Any, ...]]) -> None:
        if rows:
            self.inserts.append((table, rows))

    def update(
        self, table: Table, key: str, cols: Sequence[str], rows: Sequence[dict[str, Any]]
    ) -> None:
        if rows:
            values = itemgetter(*cols, key)
            self.updates.append((table, key, tuple(cols), [values(row) for row in rows]))

    def write(self, conn: Connection) -> None:
        for table, rows in self.inserts:
            insert_tuples(conn, table, rows)
        for table, key, cols, params in self.updates:
            update_tuples(conn, table, key, cols, params)

    def sqlite_statements(self) -> list[tuple[str, list[tuple[Any, ...]]]]:
        """The same writes as SQLite statements with their parameter rows."""
        out = [(_insert_sql(table, "?"), rows) for table, rows in self.inserts]
        out += [(_update_sql(t, key, cols, "?"), rows) for t, key, cols, rows in self.updates]
        return out


def tuples(table: Table, rows: Sequence[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """Dict rows that carry every column of ``table`` as tuples in column order."""
    if not rows:
        return []
    values = itemgetter(*[c.name for c in table.columns])  # a C-level getter builds the tuples
    return [values(row) for row in rows]


def insert_rows(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert dict rows that carry every column of ``table``."""
    insert_tuples(conn, table, tuples(table, rows))


def _insert_sql(table: Table, mark: str) -> str:
    cols = [c.name for c in table.columns]
    return (
        f'INSERT INTO "{table.name}" ({", ".join(cols)}) VALUES ({", ".join(mark for _ in cols)})'
    )


def _update_sql(table: Table, key: str, cols: Sequence[str], mark: str) -> str:
    sets = ", ".join(f"{c} = {mark}" for c in cols)
    return f'UPDATE "{table.name}" SET {sets} WHERE {key} = {mark}'


def insert_tuples(conn: Connection, table: Table, rows: Sequence[Sequence[Any]]) -> None:
    """Insert rows given as tuples in the order of ``table.columns`` (the cheapest form)."""
    if not rows:
        return
    dbapi = conn.connection.dbapi_connection
    assert dbapi is not None
    if conn.dialect.name == "postgresql":
        cols = [c.name for c in table.columns]
        pg_cur: Any = dbapi.cursor()
        try:
            with pg_cur.copy(f'COPY "{table.name}" ({", ".join(cols)}) FROM STDIN') as copy:
                write_row = copy.write_row
                for row in rows:
                    write_row(row)
        finally:
            pg_cur.close()
        return
    cur = dbapi.cursor()
    try:
        cur.executemany(_insert_sql(table, "?"), rows)
    finally:
        cur.close()


def driver_rows(conn: Connection, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    """Rows of one statement in the driver's own SQL and parameter style, as plain tuples.

    For reads on the ingest path that hand the database a whole batch in one parameter (a JSON
    array, an array): SQLAlchemy's Row objects and IN-list compilation cost more than the query.
    """
    dbapi = conn.connection.dbapi_connection
    assert dbapi is not None
    cur: Any = dbapi.cursor()
    try:
        cur.execute(sql, params)
        return list(cur.fetchall())
    finally:
        cur.close()


def update_rows(
    conn: Connection, table: Table, key: str, cols: Sequence[str], rows: Sequence[dict[str, Any]]
) -> None:
    """``UPDATE table SET cols... WHERE key = ?`` for each row."""
    if rows:
        params = [(*(row[c] for c in cols), row[key]) for row in rows]
        update_tuples(conn, table, key, cols, params)


def update_tuples(
    conn: Connection,
    table: Table,
    key: str,
    cols: Sequence[str],
    params: Sequence[Sequence[Any]],
) -> None:
    """``UPDATE table SET cols... WHERE key = ?`` for each ``(cols..., key)`` tuple."""
    if not params:
        return
    dbapi = conn.connection.dbapi_connection
    assert dbapi is not None
    mark = "%s" if conn.dialect.name == "postgresql" else "?"
    cur = dbapi.cursor()
    try:
        cur.executemany(_update_sql(table, key, cols, mark), params)
    finally:
        cur.close()
