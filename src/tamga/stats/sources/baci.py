"""CEPII BACI (``t,i,j,k,v,q``): exporter i, importer j, HS6 k, value in thousand USD, tonnes.

BACI files run to tens of millions of rows, so they are read by DuckDB straight into the
panel, never through pandas. Each BACI row is one flow, reported as an export by ``i``;
countries are UN M49 numbers mapped through a small lookup table built once per load.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from tamga.stats.countries import country_from_code
from tamga.stats.panel import LoadSummary, Panel, Provenance, sql_str


def load_baci(path: Path, panel: Panel, prov: Provenance, *, replace: bool = False) -> LoadSummary:
    con = duckdb.connect()
    try:
        src = f"read_csv({sql_str(path)}, header=true, all_varchar=true)"
        codes = [
            r[0]
            for r in con.execute(
                f"SELECT DISTINCT i FROM {src} UNION SELECT DISTINCT j FROM {src}"
            ).fetchall()
        ]
        lookup = pd.DataFrame(
            [(c, country_from_code(c).code, country_from_code(c).is_aggregate) for c in codes],
            columns=["num", "iso", "agg"],
        )
        con.register("countries", lookup)
        sql = f"""
            SELECT 'baci' AS source, ci.iso AS reporter, cj.iso AS partner,
                   ci.agg AS reporter_agg, cj.agg AS partner_agg, 'export' AS flow,
                   lpad(trim(b.k), 6, '0') AS hs, true AS leaf,
                   CAST(b.t AS INTEGER) AS year, 0 AS month,
                   TRY_CAST(trim(b.v) AS DOUBLE) * 1000 AS value, 'USD' AS currency,
                   NULL AS qty, NULL AS qty_unit,
                   TRY_CAST(nullif(trim(b.q), 'NA') AS DOUBLE) * 1000 AS net_kg
            FROM {src} b
            JOIN countries ci ON ci.num = b.i
            JOIN countries cj ON cj.num = b.j
        """
        return panel.add_sql(con, sql, prov, replace=replace)
    finally:
        con.close()
