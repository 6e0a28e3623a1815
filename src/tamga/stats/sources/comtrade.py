"""UN Comtrade CSV: the current API's columns and the legacy (comtradr-style) ones.

Comtrade repeats one flow under several breakdowns: by mode of transport (``motCode`` 0 is the
total), customs procedure (``C00`` total), second partner (0 = World). Only totals are kept
when a file has them, else the breakdown rows are summed. Flow codes other than M, X, RM, RX
(domestic exports, processing trade...) are parts of those and are dropped, with a count.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from tamga.errors import InvalidInput
from tamga.stats.schema import COLUMNS
from tamga.stats.sources.common import hs_digits, periods, pick, resolve_countries
from tamga.stats.sources.text import read_csv, to_float

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
