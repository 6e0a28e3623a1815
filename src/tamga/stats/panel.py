"""Named panels on disk: a directory of Parquet parts per panel, queried through Ibis on DuckDB.

Parquet parts are append-only (one per load), so loading never rewrites what is there, and
DuckDB scans them out of core: a 100-million-row panel is read column by column in a few GB.
"""

from __future__ import annotations

import re
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import ibis
import pandas as pd
from ibis.expr.types import Table

from tamga.errors import InvalidInput, NotFound
from tamga.settings import get_settings
from tamga.stats.schema import COLUMNS, DUCKDB_TYPES

DEFAULT_PANEL = "default"
_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


def stats_dir() -> Path:
    """Where panels live: the settings' ``stats_dir`` (``$TAMGA_STATS_DIR``, ./var/stats)."""
    return get_settings().stats_dir


def duckdb_backend(memory_limit: str | None = None, threads: int | None = None) -> Any:
    """An in-memory Ibis DuckDB backend with a spill directory, for out-of-core scans."""
    con = ibis.duckdb.connect()
    raw = con.con
    if memory_limit:
        raw.execute(f"SET memory_limit='{memory_limit}'")
    if threads:
        raw.execute(f"SET threads={int(threads)}")
    return con


_LEAF_SQL = """
SELECT b.* REPLACE (
  coalesce(b.leaf, NOT EXISTS (
    SELECT 1 FROM batch c
    WHERE c.reporter = b.reporter AND c.partner = b.partner AND c.flow = b.flow
      AND c.year = b.year AND c.month = b.month
      AND length(c.hs) > length(b.hs) AND starts_with(c.hs, b.hs)
  )) AS leaf)
FROM batch b
"""


@dataclass(frozen=True)
class LoadSummary:
    """What one load added to a panel."""

    panel: str
    source: str
    rows: int
    part: str
    unmapped: tuple[str, ...] = ()


class Panel:
    """A named trade panel: ``add`` appends rows, ``table`` gives the Ibis table over all parts."""

    def __init__(self, name: str = DEFAULT_PANEL, root: Path | None = None):
        if not _NAME.match(name):
            raise InvalidInput(f"panel name {name!r} must be letters, digits, '_', '-', '.'")
        self.name = name
        self.path = (root or stats_dir()) / name

    def parts(self) -> list[Path]:
        return sorted(self.path.glob("part-*.parquet")) if self.path.is_dir() else []

    def exists(self) -> bool:
        return bool(self.parts())

    def clear(self) -> None:
        for p in self.parts():
            p.unlink()

    def add_frame(
        self, frame: pd.DataFrame, source: str, unmapped: tuple[str, ...] = ()
    ) -> LoadSummary:
        """Append rows in the panel's columns (``leaf`` may be null: it is worked out here)."""
        missing = [c for c in COLUMNS if c not in frame.columns]
        if missing:
            raise InvalidInput(f"rows lack panel columns {missing}", record=source)
        con = duckdb.connect()
        try:
            con.register("raw", frame[list(COLUMNS)])
            casts = ", ".join(f'CAST("{c}" AS {t}) AS "{c}"' for c, t in DUCKDB_TYPES.items())
            con.execute(f"CREATE TEMP TABLE batch AS SELECT {casts} FROM raw")
            return self._write(con, source, unmapped)
        finally:
            con.close()

    def add_sql(self, con: duckdb.DuckDBPyConnection, select_sql: str, source: str) -> LoadSummary:
        """Append the rows of a DuckDB query (panel columns) without going through pandas."""
        casts = ", ".join(f'CAST("{c}" AS {t}) AS "{c}"' for c, t in DUCKDB_TYPES.items())
        con.execute(f"CREATE OR REPLACE TEMP TABLE batch AS SELECT {casts} FROM ({select_sql})")
        return self._write(con, source, ())

    def _write(
        self, con: duckdb.DuckDBPyConnection, source: str, unmapped: tuple[str, ...]
    ) -> LoadSummary:
        self.path.mkdir(parents=True, exist_ok=True)
        part = self.path / f"part-{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:8]}.parquet"
        tmp = part.with_suffix(".tmp")
        needs_leaf = con.execute("SELECT count(*) FROM batch WHERE leaf IS NULL").fetchone()
        query = _LEAF_SQL if needs_leaf and needs_leaf[0] else "SELECT * FROM batch"
        con.execute(f"COPY ({query}) TO '{tmp}' (FORMAT parquet, COMPRESSION zstd)")
        tmp.rename(part)
        count = con.execute("SELECT count(*) FROM batch").fetchone()
        return LoadSummary(self.name, source, int(count[0]) if count else 0, part.name, unmapped)

    def table(self, backend: Any | None = None) -> Table:
        """The panel as an Ibis table on DuckDB (a new in-memory backend unless one is given)."""
        if not self.exists():
            raise NotFound(f"panel {self.name!r} has no data under {self.path}")
        con = backend or duckdb_backend()
        return con.read_parquet(
            str(self.path / "part-*.parquet"),
            table_name=f"panel_{self.name.replace('-', '_').replace('.', '_')}",
        )
