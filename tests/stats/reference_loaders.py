"""Today's pandas loaders (before the streaming DuckDB ones), kept as the reference they must equal.

The Comtrade and Eurostat readers as they were when the streaming loaders replaced them: read the
whole file with pandas, resolve countries per row, group with Python lambdas. The tests and
``benchmarks/stats_bench.py --compare-rows`` check that the streaming loaders give the same
panel rows on the same file.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from tamga.errors import InvalidInput
from tamga.stats.countries import Country, country_from_code, country_from_name
from tamga.stats.periods import parse_period
from tamga.stats.schema import COLUMNS
from tamga.stats.sources.text import norm, read_text


def read_csv(path: Path) -> pd.DataFrame:
    """A trade CSV as strings (codes keep their leading zeros), ``NA`` and blanks as missing."""
    text = read_text(path)
    first = text.split("\n", 1)[0]
    sep = max((",", ";", "\t", "|"), key=first.count)
    return pd.read_csv(
        io.StringIO(text),
        sep=sep,
        dtype=str,
        keep_default_na=False,
        na_values=["", "NA", "N/A", "NaN", "null", "NULL", ":"],
    )


def to_float(series: pd.Series) -> pd.Series:
    return pd.to_numeric(series, errors="coerce")


def pick(frame: pd.DataFrame, *aliases: str, required: bool = True, record: str = "") -> str | None:
    """The first column of ``frame`` whose normalised name is one of ``aliases``."""
    names = {norm(c): c for c in frame.columns}
    for alias in aliases:
        if alias in names:
            return names[alias]
    if required:
        raise InvalidInput(f"no column among {list(aliases)}", record=record or None)
    return None


def resolve_countries(
    frame: pd.DataFrame, code_cols: Iterable[str | None], name_col: str | None
) -> tuple[pd.Series, pd.Series, set[str]]:
    """Codes and aggregate flags for one side (reporter or partner), trying codes then names.

    Unique keys are resolved once each, so a million-row file costs a few hundred lookups.
    """
    cols = [c for c in code_cols if c]
    keys = frame[[*cols, *([name_col] if name_col else [])]].astype("string").fillna("")
    joined = keys.agg("\x1f".join, axis=1) if len(keys.columns) > 1 else keys.iloc[:, 0]
    cache: dict[str, Country] = {}
    unmapped: set[str] = set()
    for key in joined.unique():
        parts = str(key).split("\x1f")
        found: Country | None = None
        for value in parts[: len(cols)]:
            if value:
                c = country_from_code(value)
                if not c.code.startswith("?"):
                    found = c
                    break
        if found is None and name_col and parts[-1]:
            found = country_from_name(parts[-1])
        if found is None:
            found = Country("?" + "/".join(p for p in parts if p), True)
        if found.code.startswith("?"):
            unmapped.add(found.code[1:])
        cache[str(key)] = found
    codes = joined.map(lambda k: cache[str(k)].code)
    aggs = joined.map(lambda k: cache[str(k)].is_aggregate)
    return codes.astype(str), aggs.astype(bool), unmapped


def periods(labels: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Year and month columns from a period column (each distinct label parsed once)."""
    parsed = {label: parse_period(label) for label in labels.dropna().unique()}
    if labels.isna().any():
        raise InvalidInput("missing period", field="period")
    years = labels.map(lambda x: parsed[x][0]).astype("int32")
    months = labels.map(lambda x: parsed[x][1]).astype("int32")
    return years, months


def hs_digits(codes: pd.Series) -> pd.Series:
    """HS codes as digits only; 'TOTAL', 'AG2' or blank mean all goods ('')."""
    text = codes.fillna("").astype(str).str.strip().str.upper()
    text = text.where(~text.isin(["TOTAL", "TOT", "ALL", "AG2", "AG4", "AG6"]), "")
    text = text.str.replace(r"^TOTAL.*", "", regex=True)
    return text.str.replace(r"\D", "", regex=True)


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


def _keep_totals(frame: pd.DataFrame, column: str | None, total: str) -> pd.DataFrame:
    if column is None:
        return frame
    values = frame[column].fillna("").astype(str).str.strip()
    if (values == total).any():
        return frame[values == total]
    return frame


def read_comtrade(path: Path) -> tuple[pd.DataFrame, set[str]]:
    """Panel rows from a Comtrade CSV, and the country names/codes it could not map."""
    raw = read_csv(path)
    rec = str(path)
    raw = _keep_totals(raw, pick(raw, "motcode", required=False), "0")
    raw = _keep_totals(raw, pick(raw, "customscode", required=False), "C00")
    raw = _keep_totals(raw, pick(raw, "moscode", required=False), "0")
    raw = _keep_totals(raw, pick(raw, "partner2code", required=False), "0")

    flow_col = pick(
        raw, "flowcode", "tradecode", "tradeflowcode", "rgcode", "tradeflow", "flowdesc", record=rec
    )
    assert flow_col is not None
    flows = raw[flow_col].fillna("").astype(str).str.strip().str.upper().map(FLOW_CODES)
    raw = raw[flows.notna()]
    flows = flows[flows.notna()]

    rep, rep_agg, bad_r = resolve_countries(
        raw,
        [
            pick(raw, "reporteriso", "reporteriso3", required=False),
            pick(raw, "reportercode", "rtcode", required=False),
        ],
        pick(raw, "reporterdesc", "reporter", "rttitle", required=False),
    )
    par, par_agg, bad_p = resolve_countries(
        raw,
        [
            pick(raw, "partneriso", "partneriso3", required=False),
            pick(raw, "partnercode", "ptcode", required=False),
        ],
        pick(raw, "partnerdesc", "partner", "pttitle", required=False),
    )

    year_col = pick(raw, "refyear", "year", "yr", required=False)
    month_col = pick(raw, "refmonth", "month", required=False)
    period_col = pick(raw, "perioddesc", "period", required=False)
    if year_col is not None and month_col is not None:
        years = pd.to_numeric(raw[year_col], errors="coerce")
        months = pd.to_numeric(raw[month_col], errors="coerce").fillna(0)
        if years.isna().any():
            raise InvalidInput("missing year", record=rec, field=year_col)
        years, months = (
            years.astype("int32"),
            months.where(months.between(0, 12), 0).astype("int32"),
        )
    elif period_col is not None:
        years, months = periods(raw[period_col].astype(str))
    else:
        raise InvalidInput("no period column", record=rec)

    out = pd.DataFrame(
        {
            "source": "comtrade",
            "reporter": rep,
            "partner": par,
            "reporter_agg": rep_agg,
            "partner_agg": par_agg,
            "flow": flows,
            "hs": hs_digits(raw[pick(raw, "cmdcode", "commoditycode", "cmdcode6", record=rec)]),
            "leaf": None,
            "year": years,
            "month": months,
            "value": to_float(
                raw[pick(raw, "primaryvalue", "tradevalueus", "tradevalue", record=rec)]
            ),
            "currency": "USD",
            "qty": to_float(raw[c]) if (c := pick(raw, "qty", required=False)) else None,
            "qty_unit": raw[c]
            if (c := pick(raw, "qtyunitabbr", "qtyunit", required=False))
            else None,
            "net_kg": to_float(raw[c])
            if (c := pick(raw, "netwgt", "netweightkg", "netweight", required=False))
            else None,
        }
    )
    keys = [
        "source",
        "reporter",
        "partner",
        "reporter_agg",
        "partner_agg",
        "flow",
        "hs",
        "year",
        "month",
        "currency",
    ]
    out["qty_unit"] = out["qty_unit"].fillna("")
    summed = (
        out.groupby([*keys, "qty_unit"], dropna=False, sort=False)
        .agg(
            value=("value", "sum"),
            qty=("qty", lambda s: s.sum(min_count=1)),
            net_kg=("net_kg", lambda s: s.sum(min_count=1)),
        )
        .reset_index()
    )
    summed["leaf"] = None
    summed["qty_unit"] = summed["qty_unit"].replace("", None)
    return summed[list(COLUMNS)], bad_r | bad_p


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


def _code(series: pd.Series) -> pd.Series:
    """``2-EXPORT`` → ``2``, ``TOTAL-Total`` → ``TOTAL``, ``EXPORT`` → ``EXPORT``."""
    return series.fillna("").astype(str).str.strip().str.split("-", n=1).str[0].str.strip()


def read_eurostat(path: Path) -> tuple[pd.DataFrame, set[str]]:
    raw = read_csv(path)
    rec = str(path)
    proc = pick(raw, "statprocedure", "stat_procedure", required=False)
    if proc is not None:
        codes = _code(raw[proc]).str.upper()
        totals = codes.isin(["T", "TOTAL", "NORMAL", "1"])
        raw = raw[totals] if totals.any() else raw
    flow_col = pick(raw, "flow", record=rec)
    assert flow_col is not None
    flows = _code(raw[flow_col]).str.lower().map(_FLOWS)
    if flows.isna().any():
        labels = sorted(set(raw.loc[flows.isna(), flow_col].astype(str)))[:5]
        raise InvalidInput(f"unknown flow labels {labels}", record=rec, field=flow_col)
    rep_col = pick(raw, "reporter", "declarant", "reporterlab", record=rec)
    par_col = pick(raw, "partner", "partnerlab", record=rec)
    assert rep_col is not None and par_col is not None
    rep, rep_agg, bad_r = resolve_countries(raw, [], rep_col)
    par, par_agg, bad_p = resolve_countries(raw, [], par_col)
    # Comext also ships bare codes ("DE", "EU27_2020"): try those before names
    for side, col in (("reporter", rep_col), ("partner", par_col)):
        values = raw[col].astype(str).str.strip()
        if values.str.fullmatch(r"[A-Z]{2}|EU27_2020|EA\d*|WORLD").all():
            codes, aggs, bad = resolve_countries(
                raw.assign(_c=values.str.replace("_2020", "")), ["_c"], None
            )
            if side == "reporter":
                rep, rep_agg, bad_r = codes, aggs, bad
            else:
                par, par_agg, bad_p = codes, aggs, bad
    period_col = pick(raw, "period", record=rec)
    assert period_col is not None
    years, months = periods(raw[period_col].astype(str))
    product = pick(raw, "product", "productnc", "producths", record=rec)
    qty_col = pick(raw, "supplementaryquantity", "quantityinunits", required=False)
    kg_col = pick(raw, "quantityin100kg", required=False)
    out = pd.DataFrame(
        {
            "source": "eurostat",
            "reporter": rep,
            "partner": par,
            "reporter_agg": rep_agg,
            "partner_agg": par_agg,
            "flow": flows,
            "hs": hs_digits(_code(raw[product])),
            "leaf": None,
            "year": years,
            "month": months,
            "value": to_float(raw[pick(raw, "valueineur", "value", record=rec)]),
            "currency": "EUR",
            "qty": to_float(raw[qty_col]) if qty_col else None,
            "qty_unit": None,
            "net_kg": to_float(raw[kg_col]) * 100 if kg_col else None,
        }
    )
    keys = ["reporter", "partner", "flow", "hs", "year", "month"]
    out = out.drop_duplicates([*keys, "value"])
    # distinct rows that map to one key (several "not specified" categories → XX) are summed
    group = ["source", *keys, "reporter_agg", "partner_agg", "currency"]
    summed = out.groupby(group, sort=False, dropna=False)[["value", "qty", "net_kg"]].sum(
        min_count=1
    )
    summed = summed.reset_index()
    summed["leaf"] = None
    summed["qty_unit"] = None
    return summed[list(COLUMNS)], bad_r | bad_p


_OLD_LEAF_SQL = """
SELECT b.* REPLACE (
  coalesce(b.leaf, NOT EXISTS (
    SELECT 1 FROM batch c
    WHERE c.reporter = b.reporter AND c.partner = b.partner AND c.flow = b.flow
      AND c.year = b.year AND c.month = b.month
      AND length(c.hs) > length(b.hs) AND starts_with(c.hs, b.hs)
  )) AS leaf)
FROM batch b
"""


def reference_rows(path: Path, kind: str) -> pd.DataFrame:
    """The panel rows today's loader writes for ``path``, leaf flags by its correlated query."""
    import duckdb

    from tamga.stats.schema import DUCKDB_TYPES

    frame, _ = read_comtrade(path) if kind == "comtrade" else read_eurostat(path)
    con = duckdb.connect()
    try:
        con.register("raw", frame[list(COLUMNS)])
        casts = ", ".join(f'CAST("{c}" AS {t}) AS "{c}"' for c, t in DUCKDB_TYPES.items())
        con.execute(f"CREATE TEMP TABLE batch AS SELECT {casts} FROM raw")
        return con.execute(_OLD_LEAF_SQL).df()
    finally:
        con.close()
