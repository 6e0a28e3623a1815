"""What every file reader shares: picking columns by their many names, and mapping countries."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from tamga.errors import InvalidInput
from tamga.stats.countries import Country, country_from_code, country_from_name
from tamga.stats.periods import parse_period
from tamga.stats.sources.text import norm


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
