"""Eurostat Comext extracts (REPORTER, PARTNER, PRODUCT, FLOW, PERIOD, VALUE_IN_EUR).

Extracts come with labels in several forms: ``2-EXPORT``/``EXPORT``/``EXPORTATION`` (French),
``TOTAL-Total``, periods ``Aug. 2024`` or ``202408-Aug. 2024``, long reporter names with
footnotes, and aggregates (EU27, euro area) next to members. Extracts put together from several
downloads repeat rows, sometimes once in English and once in French: a repeat (same flow, same
value) is kept once.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from tamga.errors import InvalidInput
from tamga.stats.schema import COLUMNS
from tamga.stats.sources.common import hs_digits, periods, pick, resolve_countries
from tamga.stats.sources.text import read_csv, to_float

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
