"""UN Comtrade CSV: the current API's columns and the legacy (comtradr-style) ones, streamed.

Comtrade repeats one flow under several breakdowns: by mode of transport (``motCode`` 0 is the
total), customs procedure (``C00`` total), second partner (0 = World). Only totals are kept
when a file has them, else the breakdown rows are summed. Flow codes other than M, X, RM, RX
(domestic exports, processing trade...) are parts of those and are dropped.

The file is read by DuckDB (see :mod:`tamga.stats.sources.scan`): the key columns' distinct
values are resolved in Python, the rows are joined to them and summed in SQL.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

from tamga.errors import InvalidInput
from tamga.stats.periods import parse_period
from tamga.stats.sources.lookups import (
    country_lookup,
    distinct_sets,
    hs_digits,
    key_condition,
    value_lookup,
)
from tamga.stats.sources.scan import (
    CsvFile,
    ProgressFn,
    q,
    run_with_progress,
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

    The key columns are scanned here (once) and resolved into lookup tables; the query joins
    them in the main scan. ``bad`` maps a column to its labels that cannot be read (a period
    that is no period): their rows are left out and reported by :func:`scan.refusals`.
    """
    flow_col = csv.col(
        "flowcode", "tradecode", "tradeflowcode", "rgcode", "tradeflow", "flowdesc", required=True
    )
    rep_codes = [csv.col("reporteriso", "reporteriso3"), csv.col("reportercode", "rtcode")]
    rep_name = csv.col("reporterdesc", "reporter", "rttitle")
    par_codes = [csv.col("partneriso", "partneriso3"), csv.col("partnercode", "ptcode")]
    par_name = csv.col("partnerdesc", "partner", "pttitle")
    cmd = csv.col("cmdcode", "commoditycode", "cmdcode6", required=True)
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
    src = csv.read_sql()
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
    seen = distinct_sets(con, src, sets, lambda sql: run_with_progress(
        con, sql, "scanning keys", csv.size, progress))  # fmt: skip

    # breakdowns: keep the total where the file has one (each applied to what the last left)
    conds: list[str] = []
    combos = seen["breakdown"]
    for i, (col, total) in enumerate(breakdowns):
        if any(c[i].strip() == total for c in combos):
            conds.append(f"trim(coalesce(s.{q(col)}, '')) = '{total}'")
            combos = [c for c in combos if c[i].strip() == total]

    unmapped = country_lookup(con, "rep", seen["rep"], rep_codes, rep_name)
    unmapped |= country_lookup(con, "par", seen["par"], par_codes, par_name)
    flows = {v[0]: FLOW_CODES[v[0].strip().upper()] for v in seen["flow"]
             if v[0].strip().upper() in FLOW_CODES}  # fmt: skip
    value_lookup(con, "flows", flows)
    value_lookup(con, "hs", {v[0]: hs_digits(v[0]) for v in seen["cmd"]})

    bad: dict[str, dict[str, str]] = {}
    periods: dict[str, tuple[int, int]] = {}
    if period_col is None:
        assert year_col is not None and month_col is not None
        years = {v[0] for v in seen["period"]}
        months = {v[1] for v in seen["period"]}
        good_years = {y: int(n) for y in years if (n := _number(y)) is not None}
        bad[year_col] = {y: "not a year" for y in years if y not in good_years}
        good_months = {}
        for m in months:
            n = 0.0 if m == "" else _number(m)
            if n is None:
                continue
            good_months[m] = int(n) if 0 <= n <= 12 else 0
        bad[month_col] = {m: "not a month" for m in months if m not in good_months}
        value_lookup(con, "years", good_years)
        value_lookup(con, "months", good_months)
        period_join = (
            f"JOIN years y ON y.k0 = coalesce(s.{q(year_col)}, '') "
            f"JOIN months mo ON mo.k0 = coalesce(s.{q(month_col)}, '')"
        )
        year_sql, month_sql = "CAST(y.v0 AS INTEGER)", "CAST(mo.v0 AS INTEGER)"
    else:
        labels = [v[0] for v in seen["period"]]
        for label in labels:
            try:
                periods[label] = parse_period(label) if label else (0, -1)
            except InvalidInput:
                continue
        bad[period_col] = {
            lab: "unrecognised period" for lab in labels if lab not in periods or lab == ""
        }
        periods = {k: v for k, v in periods.items() if k}
        value_lookup(con, "periods", periods)
        period_join = f"JOIN periods pe ON pe.k0 = coalesce(s.{q(period_col)}, '')"
        year_sql, month_sql = "CAST(pe.v0 AS INTEGER)", "CAST(pe.v1 AS INTEGER)"

    where = " AND ".join(conds) or "true"
    sql = f"""
    SELECT 'comtrade' AS source, rep.code AS reporter, par.code AS partner,
           rep.agg AS reporter_agg, par.agg AS partner_agg, flows.v0 AS flow, hs.v0 AS hs,
           CAST(NULL AS BOOLEAN) AS leaf, {year_sql} AS year, {month_sql} AS month,
           coalesce(sum(s.{q(value)}), 0.0) AS value, 'USD' AS currency,
           sum({f"s.{q(qty)}" if qty else "CAST(NULL AS DOUBLE)"}) AS qty,
           {f"s.{q(unit)}" if unit else "CAST(NULL AS VARCHAR)"} AS qty_unit,
           sum({f"s.{q(kg)}" if kg else "CAST(NULL AS DOUBLE)"}) AS net_kg
    FROM {csv.read_sql(rejects="rej")} s
    JOIN flows ON flows.k0 = coalesce(s.{q(flow_col)}, '')
    JOIN rep ON {key_condition("rep", "s", rep_keys)}
    JOIN par ON {key_condition("par", "s", par_keys)}
    JOIN hs ON hs.k0 = coalesce(s.{q(cmd)}, '')
    {period_join}
    WHERE {where}
    GROUP BY ALL
    """
    return sql, unmapped, bad
