"""CEPII BACI (``t,i,j,k,v,q``): exporter i, importer j, HS6 k, value in thousand USD, tonnes.

BACI files run to tens of millions of rows, so they are read like the other bulk files: parsed
once by DuckDB into a columnar copy (see :mod:`tamga.stats.sources.scan`), never through pandas.
Each BACI row is one flow, reported as an export by ``i``; countries are UN M49 numbers mapped
through a small lookup table built from the copy's distinct codes.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from tamga.stats.countries import country_from_code
from tamga.stats.sources.scan import CsvFile, ProgressFn, q, register, stage


def baci_batch(
    con: duckdb.DuckDBPyConnection, csv: CsvFile, progress: ProgressFn | None = None
) -> tuple[str, set[str], dict[str, dict[str, str]]]:
    """The query giving the file's panel rows (see :func:`comtrade.comtrade_batch`)."""
    t, i, j, k, v = (csv.col(c, required=True) for c in "tijkv")
    qty = csv.col("q")
    src = stage(con, csv, [t, i, j, k, v, qty], progress)
    codes = [
        str(r[0])
        for r in con.execute(
            f"SELECT DISTINCT {q(i)} FROM {src} UNION SELECT DISTINCT {q(j)} FROM {src}"
        ).fetchall()
        if r[0] is not None
    ]
    countries = [country_from_code(c) for c in codes]
    lookup = pd.DataFrame(
        [(c, m.code, m.is_aggregate) for c, m in zip(codes, countries, strict=True)],
        columns=["num", "iso", "agg"],
    )
    register(con, "countries", lookup)
    kg = f"TRY_CAST(trim(b.{q(qty)}) AS DOUBLE) * 1000" if qty else "CAST(NULL AS DOUBLE)"
    sql = f"""
        SELECT 'baci' AS source, ci.iso AS reporter, cj.iso AS partner,
               ci.agg AS reporter_agg, cj.agg AS partner_agg, 'export' AS flow,
               lpad(trim(b.{q(k)}), 6, '0') AS hs, true AS leaf,
               CAST(b.{q(t)} AS INTEGER) AS year, 0 AS month,
               TRY_CAST(trim(b.{q(v)}) AS DOUBLE) * 1000 AS value, 'USD' AS currency,
               NULL AS qty, NULL AS qty_unit, {kg} AS net_kg
        FROM {src} b
        JOIN countries ci ON ci.num = b.{q(i)}
        JOIN countries cj ON cj.num = b.{q(j)}
    """
    unmapped = {m.code[1:] for m in countries if m.code.startswith("?")}
    return sql, unmapped, {}
