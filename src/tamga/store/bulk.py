"""Bulk writes on the DBAPI connection under an SQLAlchemy transaction.

SQLAlchemy Core's executemany builds parameters row by row, which costs more than the database
itself at ledger ingest rates. These helpers write the same rows in the same transaction through
the driver directly: ``executemany`` on SQLite, ``COPY`` (psycopg 3) on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Table


def insert_rows(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert dict rows that carry every column of ``table``."""
    if not rows:
        return
    values = itemgetter(*[c.name for c in table.columns])  # a C-level getter builds the tuples
    insert_tuples(conn, table, [values(row) for row in rows])


def insert_tuples(conn: Connection, table: Table, rows: Sequence[Sequence[Any]]) -> None:
    """Insert rows given as tuples in the order of ``table.columns`` (the cheapest form)."""
    if not rows:
        return
    cols = [c.name for c in table.columns]
    dbapi = conn.connection.dbapi_connection
    assert dbapi is not None
    if conn.dialect.name == "postgresql":
        pg_cur: Any = dbapi.cursor()
        try:
            with pg_cur.copy(f'COPY "{table.name}" ({", ".join(cols)}) FROM STDIN') as copy:
                write_row = copy.write_row
                for row in rows:
                    write_row(row)
        finally:
            pg_cur.close()
        return
    placeholders = ", ".join("?" for _ in cols)
    cur = dbapi.cursor()
    try:
        cur.executemany(
            f'INSERT INTO "{table.name}" ({", ".join(cols)}) VALUES ({placeholders})', rows
        )
    finally:
        cur.close()


def update_rows(
    conn: Connection, table: Table, key: str, cols: Sequence[str], rows: Sequence[dict[str, Any]]
) -> None:
    """``UPDATE table SET cols... WHERE key = ?`` for each row."""
    if not rows:
        return
    dbapi = conn.connection.dbapi_connection
    assert dbapi is not None
    mark = "%s" if conn.dialect.name == "postgresql" else "?"
    sets = ", ".join(f"{c} = {mark}" for c in cols)
    sql = f'UPDATE "{table.name}" SET {sets} WHERE {key} = {mark}'
    params = [(*(row[c] for c in cols), row[key]) for row in rows]
    cur = dbapi.cursor()
    try:
        cur.executemany(sql, params)
    finally:
        cur.close()
