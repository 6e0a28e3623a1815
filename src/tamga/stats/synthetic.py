"""Synthetic bulk trade files in the published layouts, written by DuckDB, for sizing loads.

``comtrade_csv`` writes a Comtrade API extract of one reporter over ten years (HS6 lines, some
HS4 and TOTAL rows above them, mode-of-transport breakdowns next to their totals, quantities
missing on some rows), ``eurostat_csv`` a Comext extract (long member names, the EU27
aggregate, ``2-EXPORT`` flows, ``Aug. 2024`` periods, exact repeats). Same seed, same file.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pycountry

from tamga.stats.panel import sql_str

API_COLUMNS = (
    "typeCode,freqCode,refPeriodId,refYear,refMonth,period,reporterCode,reporterISO,reporterDesc,"
    "flowCode,flowDesc,partnerCode,partnerISO,partnerDesc,partner2Code,classificationCode,cmdCode,"
    "aggrLevel,isLeaf,customsCode,mosCode,motCode,qtyUnitAbbr,qty,netWgt,primaryValue"
)
MONTHS = 120  # 2015-01 .. 2024-12


def comtrade_csv(path: Path, rows: int, seed: int = 1, partners: int = 150) -> Path:
    """A Comtrade API-layout CSV of ``rows`` data lines (reporter Kazakhstan, 2015-2024)."""
    pars = [c for c in sorted(pycountry.countries, key=lambda c: c.alpha_3) if c.alpha_3 != "KAZ"]
    pars = pars[:partners]
    codes = "[" + ", ".join(str(int(c.numeric)) for c in pars) + "]"
    isos = "[" + ", ".join(sql_str(c.alpha_3) for c in pars) + "]"
    names = "[" + ", ".join(sql_str(c.name) for c in pars) + "]"
    n = len(pars)
    sql = f"""
    COPY (
      WITH k AS (
        SELECT i, i % 400 + 400 * (i // {400 * MONTHS * n * 2}) AS h,
               (i // 400) % {MONTHS} AS m, (i // {400 * MONTHS}) % {n} AS p,
               (i // {400 * MONTHS * n}) % 2 AS f, hash(i + {seed} * 1000003) AS r
        FROM range({rows}) t(i)
      ), c AS (  -- codes in families of ten under one heading, so HS4 rows have children
        SELECT *, 2015 + m // 12 AS y, m % 12 + 1 AS mo,
               CAST(1000 + ((h // 10) * 7919 + {seed}) % 8900 AS VARCHAR)
                 || lpad(CAST((h % 10) * 11 AS VARCHAR), 2, '0') AS hs6
        FROM k
      )
      SELECT 'C' AS typeCode, 'M' AS freqCode, y * 10000 + mo * 100 + 1 AS refPeriodId,
             y AS refYear, mo AS refMonth, y * 100 + mo AS period,
             398 AS reporterCode, 'KAZ' AS reporterISO, 'Kazakhstan' AS reporterDesc,
             CASE WHEN r % 211 = 0 THEN 'RX' WHEN f = 0 THEN 'M' ELSE 'X' END AS flowCode,
             CASE WHEN f = 0 THEN 'Import' ELSE 'Export' END AS flowDesc,
             CASE WHEN r % 101 = 0 THEN 0 ELSE {codes}[p + 1] END AS partnerCode,
             CASE WHEN r % 101 = 0 THEN 'W00' ELSE {isos}[p + 1] END AS partnerISO,
             CASE WHEN r % 101 = 0 THEN 'World' ELSE {names}[p + 1] END AS partnerDesc,
             0 AS partner2Code, 'H5' AS classificationCode,
             CASE WHEN r % 997 = 0 THEN 'TOTAL' WHEN r % 53 = 0 THEN left(hs6, 4)
                  ELSE hs6 END AS cmdCode,
             CASE WHEN r % 53 = 0 THEN 4 ELSE 6 END AS aggrLevel, r % 53 <> 0 AS isLeaf,
             'C00' AS customsCode, 0 AS mosCode,
             CASE WHEN r % 29 = 0 THEN 2100 ELSE 0 END AS motCode,
             CASE WHEN r % 3 = 0 THEN 'u' ELSE 'kg' END AS qtyUnitAbbr,
             CASE WHEN r % 10 = 0 THEN NULL ELSE (r % 100000) / 10.0 END AS qty,
             (r % 700000) / 100.0 AS netWgt,
             (r % 100000000) / 100.0 AS primaryValue
      FROM c
    ) TO {sql_str(path)} (FORMAT csv, HEADER true, NULLSTR 'NA')
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    try:
        con.execute(sql)
    finally:
        con.close()
    return path


EU_NAMES = {
    "DE": "Germany (incl. German Democratic Republic 'DD' from 1991)",
    "FR": "France (incl. Saint Barthélemy 'BL' -> 2012)",
    "IT": "Italy (incl. San Marino 'SM' -> 1993)",
    "NL": "Netherlands",
    "PL": "Poland",
    "ES": "Spain (incl. Canary Islands 'XB' from 1997)",
    "BE": "Belgium (incl. Luxembourg 'LU' -> 1998)",
    "AT": "Austria",
}
_MON = (
    "Jan.",
    "Feb.",
    "Mar.",
    "Apr.",
    "May",
    "Jun.",
    "Jul.",
    "Aug.",
    "Sep.",
    "Oct.",
    "Nov.",
    "Dec.",
)


def eurostat_csv(path: Path, rows: int, seed: int = 1) -> Path:
    """A Comext-layout CSV of ``rows`` lines: EU members' (and EU27's) trade by partner, HS6."""
    reps = (
        "["
        + ", ".join(sql_str(v) for v in EU_NAMES.values())
        + ", "
        + sql_str(
            "European Union - 27 countries (AT, BE, BG, CY, CZ, DE, DK, EE, ES, FI, FR, GR, HR)"
        )
        + "]"
    )
    pars = [c for c in sorted(pycountry.countries, key=lambda c: c.alpha_2)][:120]
    par_names = "[" + ", ".join(sql_str(c.name) for c in pars) + "]"
    months = "[" + ", ".join(sql_str(m) for m in _MON) + "]"
    nr, npar = len(EU_NAMES) + 1, len(pars)
    sql = f"""
    COPY (
      WITH k AS (
        SELECT i, i % 300 + 300 * (i // {300 * 60 * nr * npar * 2}) AS h,
               (i // 300) % 60 AS m, (i // {300 * 60}) % {nr} AS rp,
               (i // {300 * 60 * nr}) % {npar} AS p, (i // {300 * 60 * nr * npar}) % 2 AS f,
               hash(i + {seed} * 7919) AS r
        FROM range({rows}) t(i)
      )
      SELECT {reps}[rp + 1] AS REPORTER, {par_names}[p + 1] AS PARTNER,
             CASE WHEN r % 97 = 0 THEN 'TOTAL-Total'
                  ELSE lpad(CAST(10000 + (h * 104729 + {seed}) % 960000 AS VARCHAR), 6, '0')
             END AS PRODUCT,
             CASE WHEN f = 0 THEN '1-IMPORT' ELSE '2-EXPORT' END AS FLOW,
             'T-Total' AS STAT_PROCEDURE,
             {months}[m % 12 + 1] || ' ' || CAST(2020 + m // 12 AS VARCHAR) AS PERIOD,
             (r % 100000000) / 100.0 AS VALUE_IN_EUR
      FROM k
    ) TO {sql_str(path)} (FORMAT csv, HEADER true)
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    try:
        con.execute(sql)
    finally:
        con.close()
    return path
