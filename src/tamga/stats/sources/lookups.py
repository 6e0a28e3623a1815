"""Distinct values of a file's key columns, in one DuckDB scan, for resolving in Python.

A 10-million-row file has a few hundred country keys, a few thousand HS codes and a hundred
periods: those are read once with ``GROUP BY GROUPING SETS``, resolved in Python (pycountry,
period labels) and registered as small tables that the main scan joins.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

import duckdb
import pandas as pd

from tamga.stats.countries import resolve
from tamga.stats.sources.scan import q, register

TOTAL_LABELS = frozenset({"TOTAL", "TOT", "ALL", "AG2", "AG4", "AG6"})


def distinct_sets(
    con: duckdb.DuckDBPyConnection,
    source_sql: str,
    sets: Mapping[str, Sequence[str | None]],
    run: Callable[[str], duckdb.DuckDBPyConnection] | None = None,
) -> dict[str, list[tuple[str, ...]]]:
    """For each named set of columns, its distinct value tuples (NULL read as '')."""
    cols: list[str] = []
    for names in sets.values():
        for n in names:
            if n is not None and n not in cols:
                cols.append(n)
    if not cols:
        return {k: [()] for k in sets}
    alias = {c: f"c{i}" for i, c in enumerate(cols)}
    inner = ", ".join(f"coalesce({q(c)}, '') AS {alias[c]}" for c in cols)
    groupings = []
    for names in sets.values():
        present = [alias[n] for n in names if n is not None]
        groupings.append("(" + ", ".join(present) + ")")
    all_alias = [alias[c] for c in cols]
    sql = (
        f"SELECT {', '.join(all_alias)}, GROUPING({', '.join(all_alias)}) AS g "
        f"FROM (SELECT {inner} FROM {source_sql}) "
        f"GROUP BY GROUPING SETS ({', '.join(dict.fromkeys(groupings))})"
    )
    rows = (run(sql) if run else con.execute(sql)).fetchall()
    out: dict[str, list[tuple[str, ...]]] = {}
    width = len(all_alias)
    for key, names in sets.items():
        present = [n for n in names if n is not None]
        mask = 0
        for i, c in enumerate(cols):
            if c not in present:
                mask |= 1 << (width - 1 - i)
        idx = [cols.index(n) for n in present]
        out[key] = [tuple(str(r[i]) for i in idx) for r in rows if r[-1] == mask]
    return out


def key_condition(table: str, source: str, names: Sequence[str | None]) -> str:
    """Join condition of a lookup's ``k0, k1...`` on the file's columns (missing ones are '')."""
    conds = [
        f"{table}.k{i} = coalesce({source}.{q(n)}, '')" if n else f"{table}.k{i} = ''"
        for i, n in enumerate(names)
    ]
    return " AND ".join(conds) or "true"


def country_lookup(
    con: duckdb.DuckDBPyConnection,
    table: str,
    values: list[tuple[str, ...]],
    code_cols: Sequence[str | None],
    name_col: str | None,
    clean: Callable[[str], str] | None = None,
) -> set[str]:
    """Register ``table(k0.., code, agg)`` for distinct country keys; the unresolved ones."""
    n_codes = sum(1 for c in code_cols if c)
    rows: list[tuple[object, ...]] = []
    unmapped: set[str] = set()
    names = [*(c for c in code_cols if c), *([name_col] if name_col else [])]
    for value in values:
        codes = tuple(clean(v) if clean else v for v in value[:n_codes])
        name = value[n_codes] if name_col else ""
        c = resolve(codes, name)
        if c.code.startswith("?"):
            unmapped.add(c.code[1:])
        rows.append((*value, c.code, c.is_aggregate))
    frame = pd.DataFrame(
        rows, columns=[*(f"k{i}" for i in range(len(names))), "code", "agg"]
    ).astype({"code": "string", "agg": "bool"})
    for i in range(len(names)):
        frame[f"k{i}"] = frame[f"k{i}"].astype("string")
    register(con, table, frame)
    return unmapped


def hs_digits(code: str) -> str:
    """An HS code as digits only; 'TOTAL', 'AG2' or blank mean all goods ('')."""
    text = code.strip().upper()
    if text in TOTAL_LABELS or text.startswith("TOTAL"):
        return ""
    return re.sub(r"\D", "", text)


def value_lookup(con: duckdb.DuckDBPyConnection, table: str, mapping: Mapping[str, object]) -> None:
    """Register ``table(k0, v...)`` from raw label → value (a tuple for several columns)."""
    rows = [(k, *(v if isinstance(v, tuple) else (v,))) for k, v in mapping.items()]
    width = max((len(r) for r in rows), default=2)
    frame = pd.DataFrame(rows, columns=["k0", *(f"v{i}" for i in range(width - 1))])
    if frame.empty:
        frame = pd.DataFrame({"k0": pd.Series(dtype="string"), "v0": pd.Series(dtype="string")})
    register(con, table, frame)
