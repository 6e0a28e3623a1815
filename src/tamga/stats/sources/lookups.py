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


def country_entries(
    values: list[tuple[str, ...]],
    code_cols: Sequence[str | None],
    name_col: str | None,
    clean: Callable[[str], str] | None = None,
) -> tuple[dict[tuple[str, ...], tuple[object, ...]], set[str]]:
    """Distinct country keys (codes..., name) → (code, is_aggregate); the unresolved ones."""
    n_codes = sum(1 for c in code_cols if c)
    out: dict[tuple[str, ...], tuple[object, ...]] = {}
    unmapped: set[str] = set()
    for value in values:
        codes = tuple(clean(v) if clean else v for v in value[:n_codes])
        name = value[n_codes] if name_col else ""
        c = resolve(codes, name)
        if c.code.startswith("?"):
            unmapped.add(c.code[1:])
        out[value] = (c.code, c.is_aggregate)
    return out, unmapped


def hs_lookup(
    values: list[tuple[str, ...]], column: str, clean: Callable[[str], str]
) -> Lookup | str:
    """HS codes as digits: the column itself where every code already is, else a lookup."""
    mapped = {v: (clean(v[0]),) for v in values}
    odd = {k[0]: v[0] for k, v in mapped.items() if v[0] != k[0]}
    raw = f"coalesce(s.{q(column)}, '')"
    if not odd:
        return raw
    if len(odd) <= 64:  # TOTAL, AG2...: a CASE for those, the column as written for the rest
        whens = " ".join(f"WHEN {_literal(k)} THEN {_literal(v)}" for k, v in odd.items())
        return f"(CASE {raw} {whens} ELSE {raw} END)"
    return Lookup("hs", [column], mapped, ["hs"])


def hs_digits(code: str) -> str:
    """An HS code as digits only; 'TOTAL', 'AG2' or blank mean all goods ('')."""
    text = code.strip().upper()
    if text in TOTAL_LABELS or text.startswith("TOTAL"):
        return ""
    return re.sub(r"\D", "", text)


def _literal(value: object) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


class Lookup:
    """A mapping from a file's key columns to resolved values, as SQL over the main scan.

    Few entries become a CASE expression (no join at all); more become a small table joined
    on the fewest key columns that tell the entries apart (one column, as a rule: a partner's
    ISO code alone tells Comtrade's code/ISO/name triples apart).
    """

    INLINE = 24

    def __init__(
        self,
        name: str,
        keys: Sequence[str | None],
        entries: Mapping[tuple[str, ...], tuple[object, ...]],
        outputs: Sequence[str],
    ):
        self.name = name
        self.outputs = list(outputs)
        present = [i for i, k in enumerate(keys) if k is not None]
        self.entries = {tuple(k[i] for i in range(len(present))): v for k, v in entries.items()}
        cols = [keys[i] for i in present]
        self.cols: list[str] = [c for c in cols if c is not None]
        self.use = self._distinguishing()

    def _distinguishing(self) -> list[int]:
        """Indexes of the fewest key columns on which the entries' results are a function."""
        n = len(self.cols)
        for size in range(1, n + 1):
            for start in range(n - size + 1):
                idx = list(range(start, start + size))
                seen: dict[tuple[str, ...], tuple[object, ...]] = {}
                if all(
                    seen.setdefault(tuple(k[i] for i in idx), v) == v
                    for k, v in self.entries.items()
                ):
                    return idx
        return list(range(n))

    def _key(self, alias: str, i: int) -> str:
        return f"coalesce({alias}.{q(self.cols[i])}, '')"

    def sql(self, con: duckdb.DuckDBPyConnection, alias: str) -> tuple[str, dict[str, str], str]:
        """``(join clause, {output: expression}, condition)``: rows without an entry drop out."""
        if not self.cols:  # no key column: one entry for every row
            values = next(iter(self.entries.values()), (None,) * len(self.outputs))
            exprs = {o: _literal(v) for o, v in zip(self.outputs, values, strict=True)}
            return "", exprs, "true" if self.entries else "false"
        reduced: dict[tuple[str, ...], tuple[object, ...]] = {}
        for k, v in self.entries.items():
            reduced.setdefault(tuple(k[i] for i in self.use), v)
        if len(reduced) <= self.INLINE:
            exprs = {}
            for j, out in enumerate(self.outputs):
                whens = " ".join(
                    "WHEN "
                    + " AND ".join(
                        f"{self._key(alias, i)} = {_literal(k[n])}" for n, i in enumerate(self.use)
                    )
                    + f" THEN {_literal(v[j])}"
                    for k, v in reduced.items()
                )
                exprs[out] = f"(CASE {whens} END)" if whens else "NULL"
            return "", exprs, f"{exprs[self.outputs[0]]} IS NOT NULL"
        rows = [(*k, *v) for k, v in reduced.items()]
        names = [f"k{n}" for n in range(len(self.use))] + self.outputs
        frame = pd.DataFrame(rows, columns=names)
        for n in range(len(self.use)):
            frame[f"k{n}"] = frame[f"k{n}"].astype("string")
        register(con, self.name, frame)
        cond = " AND ".join(
            f"{self.name}.k{n} = {self._key(alias, i)}" for n, i in enumerate(self.use)
        )
        exprs = {o: f"{self.name}.{o}" for o in self.outputs}
        return f"JOIN {self.name} ON {cond}", exprs, "true"
