"""Streaming a trade CSV through DuckDB: one pass in Python for the hash, one parse by DuckDB.

A bulk file (10 M rows, 1.2 GB) is never held in memory. Python reads it once in blocks to hash
it and check its encoding (a file that is not clean UTF-8, such as one with a stray Latin-1
byte or a UTF-16 BOM, is transcoded block by block to a temporary UTF-8 copy). DuckDB then
parses it **once**, writing the columns the loader needs to a temporary Parquet file
(dictionary-encoded, so the key columns' few distinct values cost little); every later step
(the key columns' distinct values for resolving in Python, the joined and summed rows, the line
numbers of rows with bad labels) reads that columnar copy instead of parsing the CSV again.
Numbers are typed in the parse, so a row whose number does not parse is refused by DuckDB with
its line and column, and the rest of the file loads.
"""

from __future__ import annotations

import codecs
import hashlib
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from tamga.errors import InvalidInput
from tamga.stats.manifest import Refusal
from tamga.stats.panel import sql_str
from tamga.stats.sources.text import norm

#: ``(phase, bytes done, bytes in all)``: how far a load has read its file.
ProgressFn = Callable[[str, int, int], None]
NULLS = ("", "NA", "N/A", "NaN", "null", "NULL", ":")
_BLOCK = 1 << 22


def _quiet(_phase: str, _done: int, _total: int) -> None:
    return None


@dataclass
class CsvFile:
    """A CSV ready for DuckDB: its UTF-8 path, delimiter, columns (normalised → as written)."""

    original: Path
    path: Path
    sha256: str
    delimiter: str
    columns: dict[str, str]
    size: int
    workdir: Path
    numeric: tuple[str, ...] = ()  # columns read as DOUBLE (set by the reader)
    staged: Path | None = None  # the parsed columns, once :func:`stage` has run

    def col(self, *aliases: str, required: bool = False) -> str | None:
        """The column written under the first of ``aliases`` (normalised names)."""
        for a in aliases:
            if a in self.columns:
                return self.columns[a]
        if required:
            raise InvalidInput(
                f"{self.original.name} has none of the columns {list(aliases)} "
                f"(it has {list(self.columns.values())[:12]})",
                record=str(self.original),
            )
        return None

    def read_sql(self) -> str:
        """``read_csv(...)`` with every column as text but ``numeric`` as DOUBLE.

        Rows DuckDB refuses (a number that does not parse, too many or too few fields) go to
        the temporary table ``rej`` with their line and column.
        """
        nums = set(self.numeric)
        cols = ", ".join(
            f"{sql_str(c)}: {'DOUBLE' if c in nums else 'VARCHAR'}" for c in self.columns.values()
        )
        nulls = ", ".join(sql_str(n) for n in NULLS)
        return (
            f"read_csv({sql_str(self.path)}, delim={sql_str(self.delimiter)}, quote='\"', "
            f"escape='\"', header=true, auto_detect=false, columns={{{cols}}}, "
            f"nullstr=[{nulls}], ignore_errors=true, null_padding=false, "
            "store_rejects=true, rejects_table='rej', rejects_scan='rejscan')"
        )

    def staged_sql(self, row_numbers: bool = False) -> str:
        """The staged columns (see :func:`stage`), with ``file_row_number`` if asked."""
        if self.staged is None:
            raise RuntimeError(f"{self.original.name} has not been staged")
        extra = ", file_row_number=true" if row_numbers else ""
        return f"read_parquet({sql_str(self.staged)}{extra})"


def q(name: str | None) -> str:
    """A column reference (a NULL literal when the file has no such column)."""
    return "NULL" if name is None else '"' + name.replace('"', '""') + '"'


def _decode_check(path: Path, progress: ProgressFn) -> tuple[str, bool, int]:
    """SHA-256 of the bytes, whether they are clean UTF-8 (BOM allowed), and the size."""
    digest = hashlib.sha256()
    size = path.stat().st_size
    decoder = codecs.getincrementaldecoder("utf-8")()
    clean = True
    done = 0
    with path.open("rb") as f:
        first = True
        while block := f.read(_BLOCK):
            digest.update(block)
            if first and block.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                clean = False
            first = False
            # ASCII needs no decoding (unless a multi-byte character is pending from the last)
            if clean and not (block.isascii() and not decoder.getstate()[0]):
                try:
                    decoder.decode(block)
                except UnicodeDecodeError:
                    clean = False
            done += len(block)
            progress("hashing", done, size)
    if clean:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            clean = False
    return digest.hexdigest(), clean, size


def _transcode(path: Path, target: Path, progress: ProgressFn) -> None:
    """UTF-16 by its BOM, else UTF-8 with each bad byte read as Latin-1, written as UTF-8."""
    size = path.stat().st_size
    with path.open("rb") as f:
        head = f.read(2)
    encoding = "utf-16" if head in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) else "utf-8-sig"
    errors = "strict" if encoding == "utf-16" else "tamga-latin1"
    decoder = codecs.getincrementaldecoder(encoding)(errors=errors)
    done = 0
    with path.open("rb") as src, target.open("w", encoding="utf-8", newline="") as out:
        while block := src.read(_BLOCK):
            out.write(decoder.decode(block))
            done += len(block)
            progress("transcoding", done, size)
        out.write(decoder.decode(b"", final=True))


def _header(path: Path) -> tuple[str, list[str]]:
    with path.open("rb") as f:
        raw = f.readline(1 << 20)
    first = raw.decode("utf-8", errors="replace").lstrip("\ufeff").rstrip("\r\n")
    delim = max((",", ";", "\t", "|"), key=first.count)
    return delim, [c.strip().strip('"') for c in first.split(delim)]


@contextmanager
def open_csv(path: Path, progress: ProgressFn | None = None) -> Iterator[CsvFile]:
    """The file hashed, checked (transcoded if need be) and its header read."""
    progress = progress or _quiet
    tmpdir = Path(tempfile.mkdtemp(prefix="tamga-stats-"))
    try:
        sha, clean, size = _decode_check(path, progress)
        readable = path
        if not clean:
            readable = tmpdir / "utf8.csv"
            _transcode(path, readable, progress)
        delim, names = _header(readable)
        columns: dict[str, str] = {}
        for name in names:
            columns.setdefault(norm(name), name)
        yield CsvFile(path, readable, sha, delim, columns, size, tmpdir)
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)


def connect(workdir: Path | None = None) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection bounded in memory, spilling to a temporary directory."""
    con = duckdb.connect()
    spill = workdir or Path(tempfile.gettempdir()) / "tamga-duckdb-spill"
    spill.mkdir(parents=True, exist_ok=True)
    con.execute(f"SET temp_directory={sql_str(spill)}")
    con.execute("SET memory_limit='1200MB'")
    con.execute("SET preserve_insertion_order=false")
    con.execute("SET enable_progress_bar=false")  # progress goes through ``progress`` only
    return con


def run_with_progress(
    con: duckdb.DuckDBPyConnection, sql: str, phase: str, size: int, progress: ProgressFn | None
) -> duckdb.DuckDBPyConnection:
    """Run ``sql``, reporting DuckDB's own progress through the file as bytes read."""
    if progress is None or progress is _quiet:
        return con.execute(sql)
    con.execute("SET enable_progress_bar=true")
    con.execute("SET enable_progress_bar_print=false")
    stop = threading.Event()

    def poll() -> None:
        while not stop.wait(0.2):
            pct = con.query_progress()
            if pct >= 0:
                progress(phase, int(size * min(pct, 100.0) / 100), size)

    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    try:
        result = con.execute(sql)
    finally:
        stop.set()
        watcher.join()
    progress(phase, size, size)
    return result


def stage(
    con: duckdb.DuckDBPyConnection,
    csv: CsvFile,
    columns: Sequence[str | None],
    progress: ProgressFn | None = None,
) -> str:
    """Parse the CSV once: ``columns`` written in file order to a temporary Parquet file.

    This is the only time the CSV is parsed; the returned relation (``read_parquet(...)``) is
    what the loader scans afterwards, as often as it needs. Rows DuckDB refuses are in ``rej``.
    """
    wanted = ", ".join(q(c) for c in dict.fromkeys(c for c in columns if c is not None))
    target = csv.workdir / "staged.parquet"
    # in file order, so that a row's position in the Parquet file gives its line
    con.execute("SET preserve_insertion_order=true")
    try:
        run_with_progress(
            con,
            f"COPY (SELECT {wanted} FROM {csv.read_sql()}) TO {sql_str(target)} (FORMAT parquet)",
            "reading",
            csv.size,
            progress,
        )
    finally:
        con.execute("SET preserve_insertion_order=false")
    csv.staged = target
    return csv.staged_sql()


def register(con: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame) -> None:
    con.register(f"{name}_frame", frame)
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM {name}_frame")
    con.unregister(f"{name}_frame")


def scan_rejects(con: duckdb.DuckDBPyConnection, csv: CsvFile) -> list[Refusal]:
    """Rows DuckDB refused in the main scan: a number that does not parse, a short row."""
    try:
        rows = con.execute(
            "SELECT DISTINCT ON (line) line, column_name, error_type, error_message FROM rej "
            "ORDER BY line"
        ).fetchall()
    except duckdb.CatalogException:
        return []
    out = []
    for line, column, kind, message in rows:
        reason = str(message).split("\n")[0] if message else str(kind)
        out.append(Refusal(csv.original.name, int(line), column, f"{kind}: {reason}"))
    return out


def labelled_refusals(
    con: duckdb.DuckDBPyConnection,
    csv: CsvFile,
    column: str,
    bad: Mapping[str, str],
    rejected_lines: Sequence[int],
    limit: int = 20,
) -> tuple[list[Refusal], int]:
    """Lines whose ``column`` holds one of the ``bad`` labels (label → reason), and their count.

    The staged copy keeps the accepted rows in file order, so a row's number in it gives its
    line once the rows DuckDB itself refused (not in the copy) are counted back in.
    """
    labels = ", ".join(sql_str(b) for b in bad)
    found = con.execute(
        f"SELECT file_row_number, coalesce({q(column)}, '') AS v "
        f"FROM {csv.staged_sql(row_numbers=True)} WHERE v IN ({labels}) ORDER BY 1"
    ).fetchall()
    skipped = sorted(rejected_lines)
    out = []
    for n, value in found[:limit]:
        line = int(n) + 2  # file_row_number counts from 0; the header is line 1
        for s in skipped:
            if s <= line:
                line += 1
        out.append(Refusal(csv.original.name, line, column, f"{bad[str(value)]}: {value!r}"))
    return out, len(found)


def refusals(
    con: duckdb.DuckDBPyConnection, csv: CsvFile, bad: Mapping[str, Mapping[str, str]]
) -> tuple[list[Refusal], int]:
    """What the main scan refused (DuckDB's rejects, rows with bad labels) and how many rows."""
    shown = scan_rejects(con, csv)
    count = len(shown)
    rejected_lines = [r.line for r in shown if r.line]
    for col, labels in bad.items():
        if labels:
            found, n = labelled_refusals(con, csv, col, labels, rejected_lines)
            shown += found
            count += n
    return shown, count
