"""Stats fixtures: small hand-made panels, and the same panel on DuckDB and on PostgreSQL.

``backend`` is parametrized: a test taking it runs the analysis unchanged on Ibis-over-DuckDB
(reading the panel's Parquet) and on Ibis-over-PostgreSQL (the panel copied into a fresh schema
that is dropped afterwards). Where ``CI`` is set and PostgreSQL is unreachable, the PostgreSQL
half fails instead of skipping.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import ibis
import pytest
from ibis.expr.types import Table
from tests_stats_support import rows_frame

from tamga.stats.panel import Panel

PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres", "database": "test"}


@pytest.fixture
def make_panel(tmp_path: Path) -> Callable[[list[dict[str, Any]]], Panel]:
    """Build a panel in a temporary store from row dicts (missing columns take defaults)."""

    def build(rows: list[dict[str, Any]], name: str = "t") -> Panel:
        panel = Panel(name, root=tmp_path / "stats")
        panel.add_frame(rows_frame(rows), "test")
        return panel

    return build


def _pg_unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"PostgreSQL is required in CI: {reason}")
    pytest.skip(f"PostgreSQL not reachable: {reason}")


@pytest.fixture
def pg() -> Iterator[Callable[[Panel], Table]]:
    """A function copying a panel into a fresh PostgreSQL schema, as an Ibis table there."""
    import psycopg

    schema = f"stats_{uuid.uuid4().hex[:12]}"
    dsn = "postgresql://{user}@{host}:{port}/{database}".format(**PG)
    try:
        with psycopg.connect(dsn, autocommit=True, connect_timeout=5) as admin:
            admin.execute(f'CREATE SCHEMA "{schema}"')
    except Exception as exc:  # any failure to reach the server
        _pg_unavailable(str(exc).splitlines()[0])
    con = ibis.postgres.connect(**PG, schema=schema)

    def on_pg(panel: Panel) -> Table:
        frame = panel.table().execute()
        return con.create_table(f"panel_{uuid.uuid4().hex[:8]}", frame)

    yield on_pg
    con.disconnect()
    with psycopg.connect(dsn, autocommit=True) as admin:
        admin.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(params=["duckdb", "postgres"])
def backend(request: pytest.FixtureRequest) -> Callable[[Panel], Table]:
    """A function giving a panel as an Ibis table on the backend under test."""
    if request.param == "duckdb":
        return lambda panel: panel.table()
    return request.getfixturevalue("pg")  # type: ignore[no-any-return]
