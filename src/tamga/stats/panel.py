"""Named panels on disk: Parquet parts listed in a manifest, queried through Ibis on DuckDB.

Each load writes one Parquet part and one manifest record (source, content hash, coverage), so
a load never doubles a flow: the same content loaded again is a no-op that says so, and rows
that would overlap what an earlier load of the same source holds (same reporter, partner, flow
and period, HS codes equal or one inside the other) are refused unless the load is asked to
replace them, when the older part is rewritten without them. DuckDB scans the parts out of
core: a 100-million-row panel is read column by column in a few GB.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import ibis
import pandas as pd
from ibis.expr.types import Table

from tamga.errors import Conflict, InvalidInput, NotFound
from tamga.settings import get_settings
from tamga.stats.manifest import LoadRecord, Manifest, Refusal
from tamga.stats.schema import COLUMNS, DUCKDB_TYPES

DEFAULT_PANEL = "default"
_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
#: Keys on which two loads of one source describe the same flow (with HS nested or equal).
OVERLAP_KEYS = ("source", "reporter", "partner", "flow", "year", "month")
_SHOWN_REFUSALS = 20


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


def sql_str(text: str | Path) -> str:
    """A SQL string literal."""
    return "'" + str(text).replace("'", "''") + "'"


@dataclass
class Provenance:
    """Where a load's rows come from, as recorded in the manifest."""

    source: str
    origin: str
    sha256: str
    unmapped: tuple[str, ...] = ()
    refusals: list[Refusal] = field(default_factory=list)
    refused: int = 0


@dataclass(frozen=True)
class LoadSummary:
    """What one load did to a panel: ``status`` is loaded, unchanged or replaced."""

    panel: str
    source: str
    rows: int
    part: str
    unmapped: tuple[str, ...] = ()
    status: str = "loaded"
    sha256: str = ""
    refused: int = 0
    refusals: tuple[str, ...] = ()
    replaced: tuple[str, ...] = ()
    replaced_rows: int = 0


def frame_sha256(frame: pd.DataFrame) -> str:
    """A content hash of rows that does not depend on their order."""
    ordered = frame.sort_values(list(frame.columns)).reset_index(drop=True)
    hashed = pd.util.hash_pandas_object(ordered, index=False).to_numpy()
    return hashlib.sha256(hashed.tobytes()).hexdigest()


def _prefix_pairs(con: duckdb.DuckDBPyConnection, left: str, right: str) -> list[tuple[int, int]]:
    """The (left length, right length) pairs of HS code lengths that can nest."""
    ll = [int(r[0]) for r in con.execute(f"SELECT DISTINCT length(hs) FROM {left}").fetchall()]
    rl = [int(r[0]) for r in con.execute(f"SELECT DISTINCT length(hs) FROM {right}").fetchall()]
    return [(a, b) for a in ll for b in rl]


def _nested_join(left: str, right: str, pairs: Sequence[tuple[int, int]], select: str) -> str:
    """Rows of ``left`` and ``right`` with equal keys whose HS codes are equal or nested.

    One equality join per pair of code lengths (``left(hs, n)`` on the longer side), so the
    cost grows with the rows, not with the square of the codes per flow.
    """
    keys = " AND ".join(f"l.{k} = r.{k}" for k in OVERLAP_KEYS)
    parts = []
    for a, b in pairs:
        n = min(a, b)
        cond = f"length(l.hs) = {a} AND length(r.hs) = {b} AND left(l.hs, {n}) = left(r.hs, {n})"
        parts.append(f"SELECT {select} FROM {left} l JOIN {right} r ON {keys} AND {cond}")
    return " UNION ALL ".join(parts) if parts else f"SELECT {select} FROM {left} l WHERE false"


_FLOW_KEYS = ("reporter", "partner", "flow", "year", "month")


def leaf_sql(con: duckdb.DuckDBPyConnection) -> str:
    """``batch`` with ``leaf`` filled in where null: no other row breaks the row down.

    A row is not a leaf when another row of the same flow and period has a longer code that
    starts with its code. Only rows shorter than the longest code can be such parents (the HS4
    and TOTAL rows among HS6 lines, a few per cent): each shorter length's rows are semi-joined
    with the prefixes of the longer rows (the output is at most those few rows, however many
    children a TOTAL row has), and the parents found are marked by a small join.
    """
    lengths = sorted(
        int(r[0]) for r in con.execute("SELECT DISTINCT length(hs) FROM batch").fetchall()
    )
    if len(lengths) < 2:
        return "SELECT * REPLACE (coalesce(leaf, true) AS leaf) FROM batch"
    keys = ", ".join(_FLOW_KEYS)
    on = " AND ".join(f"c.{k} = b.{k}" for k in (*_FLOW_KEYS, "hs"))
    parents = " UNION ALL ".join(
        f"SELECT c.* FROM (SELECT DISTINCT {keys}, hs FROM batch WHERE length(hs) = {n}) c "
        f"SEMI JOIN (SELECT {keys}, left(hs, {n}) AS hs FROM batch WHERE length(hs) > {n}) b "
        f"ON {on}"
        for n in lengths[:-1]
    )
    match = " AND ".join(f"p.{k} = b.{k}" for k in (*_FLOW_KEYS, "hs"))
    return (
        f"WITH parents AS ({parents}) "
        "SELECT b.* REPLACE (coalesce(b.leaf, p.hs IS NULL) AS leaf) "
        f"FROM batch b LEFT JOIN parents p ON {match}"
    )


def _period(year: int, month: int) -> str:
    return f"{year:04d}" if month == 0 else f"{year:04d}-{month:02d}"


class Panel:
    """A named trade panel: loads add parts through the manifest, ``table`` reads them all."""

    def __init__(self, name: str = DEFAULT_PANEL, root: Path | None = None):
        if not _NAME.match(name):
            raise InvalidInput(f"panel name {name!r} must be letters, digits, '_', '-', '.'")
        self.name = name
        self.path = (root or stats_dir()) / name
        self.manifest = Manifest(self.path)

    def sources(self) -> list[LoadRecord]:
        """What the panel holds, one record per load, oldest first."""
        return self.manifest.read()

    def parts(self) -> list[Path]:
        return [self.path / r.part for r in self.sources() if (self.path / r.part).exists()]

    def orphans(self) -> list[Path]:
        """Parts on disk that no load recorded (a load that died before finishing)."""
        listed = {p.name for p in self.parts()}
        if not self.path.is_dir():
            return []
        return [p for p in sorted(self.path.glob("part-*.parquet")) if p.name not in listed]

    def exists(self) -> bool:
        return bool(self.parts())

    def clear(self) -> None:
        with self.manifest.locked():
            for p in self.parts():
                p.unlink()
            self.manifest.write([])

    def find(self, sha256: str) -> LoadRecord | None:
        """The load that brought exactly this content, if any."""
        return next((r for r in self.sources() if sha256 and r.sha256 == sha256), None)

    def unchanged(self, record: LoadRecord) -> LoadSummary:
        return LoadSummary(
            self.name, record.source, 0, record.part, tuple(record.unmapped), "unchanged",
            record.sha256,
        )  # fmt: skip

    def add_frame(
        self,
        frame: pd.DataFrame,
        source: str,
        unmapped: tuple[str, ...] = (),
        *,
        origin: str | None = None,
        replace: bool = False,
        prov: Provenance | None = None,
    ) -> LoadSummary:
        """Add rows in the panel's columns (``leaf`` may be null: it is worked out here).

        Without ``prov`` the load is identified by a hash of the rows themselves.
        """
        missing = [c for c in COLUMNS if c not in frame.columns]
        if missing:
            raise InvalidInput(f"rows lack panel columns {missing}", record=source)
        frame = frame[list(COLUMNS)]
        if prov is None:
            prov = Provenance(source, origin or f"({source} rows)", frame_sha256(frame), unmapped)
        found = self.find(prov.sha256)
        if found is not None:
            return self.unchanged(found)
        con = duckdb.connect()
        try:
            con.register("raw", frame)
            return self.add_sql(con, "SELECT * FROM raw", prov, replace=replace)
        finally:
            con.close()

    def add_sql(
        self,
        con: duckdb.DuckDBPyConnection,
        select_sql: str,
        prov: Provenance,
        *,
        replace: bool = False,
    ) -> LoadSummary:
        """Add the rows of a DuckDB query (panel columns) without going through pandas."""
        with self.staged(con, select_sql):
            return self.commit(con, prov, replace=replace)

    @contextmanager
    def staged(
        self,
        con: duckdb.DuckDBPyConnection,
        select_sql: str,
        run: Callable[[str], Any] | None = None,
    ) -> Iterator[None]:
        """The query's rows written once to a temporary Parquet file, read as the view ``batch``.

        Not a DuckDB table: ten million rows would fill the connection's memory limit and
        every later step (coverage, leaves, overlaps) would page them in and out of the spill
        directory; the compressed file is read from the page cache instead. ``run`` executes
        the statement (to report progress).
        """
        casts = ", ".join(f'CAST("{c}" AS {t}) AS "{c}"' for c, t in DUCKDB_TYPES.items())
        workdir = Path(tempfile.mkdtemp(prefix="tamga-batch-"))
        target = sql_str(workdir / "batch.parquet")
        try:
            (run or con.execute)(
                f"COPY (SELECT {casts} FROM ({select_sql})) TO {target} (FORMAT parquet)"
            )
            con.execute(
                f"CREATE OR REPLACE TEMP VIEW batch AS SELECT * FROM read_parquet({target})"
            )
            yield
        finally:
            con.execute("DROP VIEW IF EXISTS batch")
            shutil.rmtree(workdir, ignore_errors=True)

    def commit(
        self, con: duckdb.DuckDBPyConnection, prov: Provenance, *, replace: bool = False
    ) -> LoadSummary:
        """Record the staged ``batch`` as a load (or say it is already there)."""
        with self.manifest.locked():
            found = self.find(prov.sha256)
            if found is not None:
                return self.unchanged(found)
            return self._write(con, prov, replace)

    def _overlaps(self, con: duckdb.DuckDBPyConnection, prov: Provenance) -> dict[str, int]:
        """Rows per existing part that describe flows of this batch (same source)."""
        records = [r for r in self.sources() if r.source in (prov.source, "unknown")]
        files = [str(self.path / r.part) for r in records if (self.path / r.part).exists()]
        if not files:
            return {}
        listing = ", ".join(sql_str(f) for f in files)
        con.execute(
            f"CREATE OR REPLACE TEMP VIEW held AS SELECT *, filename FROM read_parquet("
            f"[{listing}], filename=true) WHERE source = {sql_str(prov.source)}"
        )
        con.execute(
            "CREATE OR REPLACE TEMP TABLE incoming AS SELECT DISTINCT "
            f"{', '.join(OVERLAP_KEYS)}, hs FROM batch"
        )
        pairs = _prefix_pairs(con, "held", "incoming")
        sql = _nested_join("held", "incoming", pairs, "DISTINCT l.filename, l.hs, " + ", ".join(
            f"l.{k}" for k in OVERLAP_KEYS
        ))  # fmt: skip
        con.execute(f"CREATE OR REPLACE TEMP TABLE overlap AS {sql}")
        counts = con.execute("SELECT filename, count(*) FROM overlap GROUP BY 1").fetchall()
        return {Path(str(f)).name: int(n) for f, n in counts}

    def _supersede(
        self, con: duckdb.DuckDBPyConnection, records: list[LoadRecord], names: set[str]
    ) -> tuple[list[LoadRecord], list[Path], int]:
        """Older parts rewritten without the overlapping rows (dropped when nothing is left)."""
        kept: list[LoadRecord] = []
        stale: list[Path] = []
        removed = 0
        keys = " AND ".join(f"h.{k} = o.{k}" for k in (*OVERLAP_KEYS, "hs"))
        for rec in records:
            if rec.part not in names:
                kept.append(rec)
                continue
            old = self.path / rec.part
            src = sql_str(old)
            rest_sql = (
                f"SELECT h.* FROM read_parquet({src}) h ANTI JOIN "
                f"(SELECT * FROM overlap WHERE filename = {src}) o ON {keys}"
            )
            before = con.execute(f"SELECT count(*) FROM read_parquet({src})").fetchone()
            left = con.execute(f"SELECT count(*) FROM ({rest_sql})").fetchone()
            n_before, n_left = int(before[0]) if before else 0, int(left[0]) if left else 0
            removed += n_before - n_left
            stale.append(old)
            if n_left:
                part = self._new_part_name()
                self._copy(con, rest_sql, part)
                rec.part, rec.rows = part.name, n_left
                kept.append(rec)
        return kept, stale, removed

    def _new_part_name(self) -> Path:
        stamp = time.strftime("%Y%m%d%H%M%S")
        return self.path / f"part-{stamp}-{uuid.uuid4().hex[:8]}.parquet"

    def _copy(self, con: duckdb.DuckDBPyConnection, query: str, part: Path) -> None:
        tmp = part.with_suffix(".tmp")
        con.execute(f"COPY ({query}) TO {sql_str(tmp)} (FORMAT parquet, COMPRESSION zstd)")
        tmp.rename(part)

    def _coverage(self, con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
        row = con.execute(
            "SELECT count(*), list(DISTINCT reporter ORDER BY reporter), count(DISTINCT partner),"
            " list(DISTINCT flow ORDER BY flow), min(year * 100 + month), max(year * 100 + month),"
            " list(DISTINCT length(hs) ORDER BY length(hs)) FROM batch"
        ).fetchone()
        assert row is not None
        first, last = row[4], row[5]
        return {
            "rows": int(row[0]),
            "reporters": list(row[1] or []),
            "partners": int(row[2]),
            "flows": list(row[3] or []),
            "first_period": _period(first // 100, first % 100) if first is not None else "",
            "last_period": _period(last // 100, last % 100) if last is not None else "",
            "hs_lengths": [int(x) for x in row[6] or []],
        }

    def _write(
        self, con: duckdb.DuckDBPyConnection, prov: Provenance, replace: bool
    ) -> LoadSummary:
        self.path.mkdir(parents=True, exist_ok=True)
        records = self.sources()
        overlaps = self._overlaps(con, prov)
        if overlaps and not replace:
            by_part = {r.part: r for r in records}
            held = "; ".join(
                f"{n:,} flows from {by_part[p].origin} (part {p}, loaded {by_part[p].loaded_at})"
                for p, n in overlaps.items()
            )
            raise Conflict(
                f"panel {self.name!r} already holds {prov.source} rows for these flows: {held}. "
                "Pass --replace (replace=True) to replace them with this release."
            )
        coverage = self._coverage(con)
        part = self._new_part_name()
        self._copy(con, leaf_sql(con), part)
        kept, stale, removed = self._supersede(con, records, set(overlaps))
        record = LoadRecord(
            part=part.name,
            source=prov.source,
            origin=prov.origin,
            sha256=prov.sha256,
            loaded_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            refused=prov.refused,
            refusals=[r.__dict__ for r in prov.refusals[:_SHOWN_REFUSALS]],
            unmapped=sorted(prov.unmapped),
            replaced=sorted(overlaps),
            **coverage,
        )
        self.manifest.write([*kept, record])
        for old in stale:
            old.unlink(missing_ok=True)
        return LoadSummary(
            panel=self.name,
            source=prov.source,
            rows=coverage["rows"],
            part=part.name,
            unmapped=tuple(sorted(prov.unmapped)),
            status="replaced" if overlaps else "loaded",
            sha256=prov.sha256,
            refused=prov.refused,
            refusals=tuple(str(r) for r in prov.refusals[:_SHOWN_REFUSALS]),
            replaced=tuple(sorted(overlaps)),
            replaced_rows=removed,
        )

    def table(self, backend: Any | None = None) -> Table:
        """The panel as an Ibis table on DuckDB (a new in-memory backend unless one is given)."""
        parts = self.parts()
        if not parts:
            raise NotFound(f"panel {self.name!r} has no data under {self.path}")
        con = backend or duckdb_backend()
        return con.read_parquet(
            [str(p) for p in parts],
            table_name=f"panel_{self.name.replace('-', '_').replace('.', '_')}",
        )
