"""UN Comtrade CSV: the current API's columns and the legacy (comtradr-style) ones, streamed.

Comtrade repeats one flow under several breakdowns: by mode of transport (``motCode`` 0 is the
total), customs procedure (``C00`` total), second partner (0 = World). Only totals are kept
when a file has them, else the breakdown rows are summed. Flow codes other than M, X, RM, RX
(domestic exports, processing trade...) are parts of those and are dropped.

The file is parsed once by DuckDB (see :mod:`tamga.stats.sources.scan`); on that columnar copy
the key columns' distinct values are resolved in Python, the rows joined to them and summed in
SQL.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

from tamga.errors import InvalidInput
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

FLOW_CODES = {
    "M": "import",
    "X": "export",
    "RX": "re-export",
    "RM": "re-import",
    "IMPORT": "import",
    "EXPORT": "export",
    "RE-EXPORT": "re-export",
    "RE-IMPORT": "re-import",
    "1": "import",
    "2": "export",
    "3": "re-export",
    "4": "re-import",
}

#: breakdown columns and the value that marks their total, in the order they are applied
_BREAKDOWNS = (("motcode", "0"), ("customscode", "C00"), ("moscode", "0"), ("partner2code", "0"))


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def comtrade_batch(
    con: duckdb.DuckDBPyConnection, csv: CsvFile, progress: ProgressFn | None = None
) -> tuple[str, set[str], dict[str, dict[str, str]]]:
    """The query giving the file's panel rows, the unresolved country keys, and the bad labels.

    The file is parsed here (once, see :func:`scan.stage`), its key columns' distinct values
    resolved into lookups; the query joins them over the parsed copy. ``bad`` maps a column to
    its labels that cannot be read (a period that is no period): their rows are left out and
    reported by :func:`scan.refusals`.
    """
    flow_col = csv.col(
        "flowcode", "tradecode", "tradeflowcode", "rgcode", "tradeflow", "flowdesc", required=True
    )
    rep_codes = [csv.col("reporteriso", "reporteriso3"), csv.col("reportercode", "rtcode")]
    rep_name = csv.col("reporterdesc", "reporter", "rttitle")
    par_codes = [csv.col("partneriso", "partneriso3"), csv.col("partnercode", "ptcode")]
    par_name = csv.col("partnerdesc", "partner", "pttitle")
    cmd = csv.col("cmdcode", "commoditycode", "cmdcode6", required=True)
    assert cmd is not None
    value = csv.col("primaryvalue", "tradevalueus", "tradevalue", required=True)
    qty = csv.col("qty")
    unit = csv.col("qtyunitabbr", "qtyunit")
    kg = csv.col("netwgt", "netweightkg", "netweight")
    year_col, month_col = csv.col("refyear", "year", "yr"), csv.col("refmonth", "month")
    period_col = None
    if year_col is None or month_col is None:
        year_col = month_col = None
        period_col = csv.col("perioddesc", "period")
        if period_col is None:
            raise InvalidInput(
                f"{csv.original.name}: no period: expected refYear and refMonth, or period",
                record=str(csv.original),
            )
    breakdowns = [(csv.col(name), total) for name, total in _BREAKDOWNS]
    breakdowns = [(c, t) for c, t in breakdowns if c is not None]
    csv.numeric = tuple(c for c in (value, qty, kg) if c)
    wanted = [*rep_codes, rep_name, *par_codes, par_name, flow_col, cmd, value, qty, unit, kg]
    wanted += [year_col, month_col, period_col, *(c for c, _ in breakdowns)]
    src = stage(con, csv, wanted, progress)
    rep_keys = [c for c in rep_codes if c] + ([rep_name] if rep_name else [])
    par_keys = [c for c in par_codes if c] + ([par_name] if par_name else [])
    sets: dict[str, Sequence[str | None]] = {
        "rep": rep_keys,
        "par": par_keys,
        "flow": [flow_col],
        "cmd": [cmd],
        "breakdown": [c for c, _ in breakdowns],
        "period": [year_col, month_col] if period_col is None else [period_col],
    }
    seen = distinct_sets(con, src, sets)

    # breakdowns: keep the total where the file has one (each applied to what the last left)
    conds: list[str] = []
    combos = seen["breakdown"]
    for i, (col, total) in enumerate(breakdowns):
        if any(c[i].strip() == total for c in combos):
            conds.append(f"trim(coalesce(s.{q(col)}, '')) = '{total}'")
            combos = [c for c in combos if c[i].strip() == total]

    rep_entries, unmapped = country_entries(seen["rep"], rep_codes, rep_name)
    par_entries, bad_par = country_entries(seen["par"], par_codes, par_name)
    unmapped |= bad_par
    flows = {v: (FLOW_CODES[v[0].strip().upper()],) for v in seen["flow"]
             if v[0].strip().upper() in FLOW_CODES}  # fmt: skip
    lookups = [
        Lookup("rep", rep_keys, rep_entries, ["reporter", "reporter_agg"]),
        Lookup("par", par_keys, par_entries, ["partner", "partner_agg"]),
        Lookup("flows", [flow_col], flows, ["flow"]),
    ]
    hs = hs_lookup(seen["cmd"], cmd, hs_digits)
    if isinstance(hs, Lookup):
        lookups.append(hs)

    bad: dict[str, dict[str, str]] = {}
    if period_col is None:
        assert year_col is not None and month_col is not None
        years = {v[0] for v in seen["period"]}
        months = {v[1] for v in seen["period"]}
        bad[year_col] = {y: "not a year" for y in years if _number(y) is None}
        bad[month_col] = {m: "not a month" for m in months if m != "" and _number(m) is None}
        y = f"TRY_CAST(s.{q(year_col)} AS DOUBLE)"
        m = f"coalesce(TRY_CAST(s.{q(month_col)} AS DOUBLE), 0)"
        year_sql = f"CAST({y} AS INTEGER)"
        month_sql = f"CAST(CASE WHEN {m} BETWEEN 0 AND 12 THEN {m} ELSE 0 END AS INTEGER)"
        conds.append(f"{y} IS NOT NULL")
        conds.append(
            f"(s.{q(month_col)} IS NULL OR TRY_CAST(s.{q(month_col)} AS DOUBLE) IS NOT NULL)"
        )
    else:
        periods: dict[tuple[str, ...], tuple[object, ...]] = {}
        for (label,) in seen["period"]:
            try:
                periods[(label,)] = parse_period(label) if label else (0, -1)
            except InvalidInput:
                continue
        bad[period_col] = {
            v[0]: "unrecognised period" for v in seen["period"] if v not in periods or v[0] == ""
        }
        periods = {k: v for k, v in periods.items() if k[0]}
        lookups.append(Lookup("periods", [period_col], periods, ["year", "month"]))
        year_sql, month_sql = "CAST(periods_year AS INTEGER)", "CAST(periods_month AS INTEGER)"

    joins, exprs = [], {}
    for lk in lookups:
        join, out, cond = lk.sql(con, "s")
        joins.append(join)
        exprs.update(out)
        conds.append(cond)
    if period_col is not None:
        year_sql = f"CAST({exprs['year']} AS INTEGER)"
        month_sql = f"CAST({exprs['month']} AS INTEGER)"
    hs_sql = hs if isinstance(hs, str) else exprs["hs"]
    where = " AND ".join(conds) or "true"
    sql = f"""
    SELECT 'comtrade' AS source, {exprs["reporter"]} AS reporter, {exprs["partner"]} AS partner,
           {exprs["reporter_agg"]} AS reporter_agg, {exprs["partner_agg"]} AS partner_agg,
           {exprs["flow"]} AS flow, {hs_sql} AS hs,
           CAST(NULL AS BOOLEAN) AS leaf, {year_sql} AS year, {month_sql} AS month,
           coalesce(sum(s.{q(value)}), 0.0) AS value, 'USD' AS currency,
           sum({f"s.{q(qty)}" if qty else "CAST(NULL AS DOUBLE)"}) AS qty,
           {f"s.{q(unit)}" if unit else "CAST(NULL AS VARCHAR)"} AS qty_unit,
           sum({f"s.{q(kg)}" if kg else "CAST(NULL AS DOUBLE)"}) AS net_kg
    FROM {src} s
    {" ".join(joins)}
    WHERE {where}
    GROUP BY ALL
    """
    return sql, unmapped, bad
