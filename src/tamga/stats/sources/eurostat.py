"""Eurostat Comext extracts (REPORTER, PARTNER, PRODUCT, FLOW, PERIOD, VALUE_IN_EUR), streamed.

Extracts come with labels in several forms: ``2-EXPORT``/``EXPORT``/``EXPORTATION`` (French),
``TOTAL-Total``, periods ``Aug. 2024`` or ``202408-Aug. 2024``, long reporter names with
footnotes, and aggregates (EU27, euro area) next to members. Extracts put together from several
downloads repeat rows, sometimes once in English and once in French: a repeat (same flow, same
value) is kept once. The file is parsed once by DuckDB; labels are resolved on their distinct
values; rows are joined and summed in DuckDB over the parsed copy.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import duckdb

from tamga.errors import InvalidInput
from tamga.stats.panel import sql_str
from tamga.stats.periods import parse_period
from tamga.stats.sources.lookups import (
    Lookup,
    country_entries,
    distinct_sets,
    hs_digits,
    hs_lookup,
)
from tamga.stats.sources.scan import (
    CsvFile,
    ProgressFn,
    q,
    stage,
)

_FLOWS = {
    "1": "import",
    "2": "export",
    "import": "import",
    "export": "export",
    "importation": "import",
    "exportation": "export",
    "imports": "import",
    "exports": "export",
}
_BARE_CODE = re.compile(r"[A-Z]{2}|EU27_2020|EA\d*|WORLD")


def _code(label: str) -> str:
    """``2-EXPORT`` → ``2``, ``TOTAL-Total`` → ``TOTAL``, ``EXPORT`` → ``EXPORT``."""
    return label.strip().split("-", 1)[0].strip()


def _bare(code: str) -> str:
    return code.strip().replace("_2020", "")


def eurostat_batch(
    con: duckdb.DuckDBPyConnection, csv: CsvFile, progress: ProgressFn | None = None
) -> tuple[str, set[str], dict[str, dict[str, str]]]:
    """The query giving the file's panel rows (see :func:`comtrade.comtrade_batch`)."""
    proc = csv.col("statprocedure")
    flow_col = csv.col("flow", required=True)
    rep_col = csv.col("reporter", "declarant", "reporterlab", required=True)
    par_col = csv.col("partner", "partnerlab", required=True)
    period_col = csv.col("period", required=True)
    product = csv.col("product", "productnc", "producths", required=True)
    value = csv.col("valueineur", "value", required=True)
    qty_col = csv.col("supplementaryquantity", "quantityinunits")
    kg_col = csv.col("quantityin100kg")
    assert flow_col and rep_col and par_col and period_col and product and value
    csv.numeric = tuple(c for c in (value, qty_col, kg_col) if c)
    src = stage(con, csv, [proc, flow_col, rep_col, par_col, period_col, product, value,
                           qty_col, kg_col], progress)  # fmt: skip
    sets: dict[str, Sequence[str | None]] = {
        "proc": [proc],
        "flow": [flow_col],
        "rep": [rep_col],
        "par": [par_col],
        "period": [period_col],
        "product": [product],
    }
    seen = distinct_sets(con, src, sets)
    conds: list[str] = []
    if proc is not None:
        totals = [
            v[0] for v in seen["proc"] if _code(v[0]).upper() in ("T", "TOTAL", "NORMAL", "1")
        ]
        if totals:
            listed = ", ".join(sql_str(t) for t in totals)
            conds.append(f"coalesce(s.{q(proc)}, '') IN ({listed})")
    flows = {v: _FLOWS.get(_code(v[0]).lower()) for v in seen["flow"]}
    bad: dict[str, dict[str, str]] = {
        flow_col: {k[0]: "unknown flow label" for k, f in flows.items() if f is None}
    }
    lookups = [Lookup("flows", [flow_col], {k: (f,) for k, f in flows.items() if f}, ["flow"])]
    unmapped: set[str] = set()
    for table, col in (("rep", rep_col), ("par", par_col)):
        values = seen[table]
        # Comext also ships bare codes ("DE", "EU27_2020"): those are read as codes
        if values and all(_BARE_CODE.fullmatch(v[0].strip()) for v in values):
            entries, bad_names = country_entries(values, [col], None, _bare)
        else:
            entries, bad_names = country_entries(values, [], col)
        unmapped |= bad_names
        side = "reporter" if table == "rep" else "partner"
        lookups.append(Lookup(table, [col], entries, [side, f"{side}_agg"]))
    periods: dict[tuple[str, ...], tuple[object, ...]] = {}
    for (label,) in seen["period"]:
        try:
            periods[(label,)] = parse_period(label)
        except InvalidInput:
            continue
    bad[period_col] = {v[0]: "unrecognised period" for v in seen["period"] if v not in periods}
    lookups.append(Lookup("periods", [period_col], periods, ["year", "month"]))
    hs = hs_lookup(seen["product"], product, lambda c: hs_digits(_code(c)))
    if isinstance(hs, Lookup):
        lookups.append(hs)
    joins, exprs = [], {}
    for lk in lookups:
        join, out, cond = lk.sql(con, "s")
        joins.append(join)
        exprs.update(out)
        conds.append(cond)
    hs_sql = hs if isinstance(hs, str) else exprs["hs"]
    where = " AND ".join(conds) or "true"

    qty = f"s.{q(qty_col)}" if qty_col else "CAST(NULL AS DOUBLE)"
    kg = f"s.{q(kg_col)} * 100" if kg_col else "CAST(NULL AS DOUBLE)"
    sql = f"""
    WITH mapped AS (
      SELECT {exprs["reporter"]} AS reporter, {exprs["partner"]} AS partner,
             {exprs["reporter_agg"]} AS reporter_agg, {exprs["partner_agg"]} AS partner_agg,
             {exprs["flow"]} AS flow, {hs_sql} AS hs,
             CAST({exprs["year"]} AS INTEGER) AS year, CAST({exprs["month"]} AS INTEGER) AS month,
             s.{q(value)} AS value, {qty} AS qty, {kg} AS net_kg
      FROM {src} s
      {" ".join(joins)}
      WHERE {where}
    ), once AS (  -- a repeat (same flow, same value, e.g. in English and in French) once
      SELECT reporter, partner, flow, hs, year, month, value,
             first(reporter_agg) AS reporter_agg, first(partner_agg) AS partner_agg,
             first(qty) AS qty, first(net_kg) AS net_kg
      FROM mapped GROUP BY reporter, partner, flow, hs, year, month, value
    )
    SELECT 'eurostat' AS source, reporter, partner, reporter_agg, partner_agg, flow, hs,
           CAST(NULL AS BOOLEAN) AS leaf, year, month, sum(value) AS value, 'EUR' AS currency,
           sum(qty) AS qty, CAST(NULL AS VARCHAR) AS qty_unit, sum(net_kg) AS net_kg
    FROM once
    GROUP BY reporter, partner, reporter_agg, partner_agg, flow, hs, year, month
    """
    return sql, unmapped, bad
