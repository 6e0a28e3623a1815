"""Benchmark: surges and the roundabout over a 100-million-row panel, Ibis/DuckDB vs pandas.

Generates a synthetic monthly panel (2019-01..2024-12; 20 reporters, 30 partners, 5,000 HS6
codes, imports and exports, a planted surge on one route in ~1,000) into Parquet with DuckDB,
once, then times ``tamga.stats.surges`` and ``tamga.stats.roundabout`` on it through Ibis on
DuckDB, and the same two analyses written in pandas on as many rows as pandas holds here. Each
run is a separate process so its peak RSS is its own.

    .venv/bin/python benchmarks/stats_bench.py            # 100 M rows; pandas at 10, 30, 100 M
    .venv/bin/python benchmarks/stats_bench.py --rows 10000000 --pandas-rows 1000000
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import duckdb

MONTHS = 72  # 2019-01 .. 2024-12
REPORTERS = ["AM", "GE", "KZ", "KG", "UZ", "AZ", "TR", "AE", "CN", "DE",
             "FR", "IT", "PL", "NL", "US", "GB", "JP", "KR", "IN", "BY"]  # fmt: skip
PARTNERS = [*REPORTERS, "RU", "IR", "MN", "TJ", "TM", "AF", "PK", "VN", "TH", "MY"]
SPLIT = (2022, 3)  # roundabout date; surges look at the last 3 months against 12 before


def generate(path: Path, rows: int) -> float:
    """Write the synthetic panel (panel schema) to ``path``; seconds taken.

    The panel is every key (route × HS code × flow) over all 72 months, so it holds
    ``ceil(rows / 72) * 72`` rows (100,000,008 for 100 M).
    """
    keys = -(-rows // MONTHS)
    reps = "[" + ",".join(f"'{c}'" for c in REPORTERS) + "]"
    pars = "[" + ",".join(f"'{c}'" for c in PARTNERS) + "]"
    # row i is key k = i // 72 in month m = i % 72: one scan of range(), no join
    sql = f"""
    COPY (
      SELECT 'synthetic' AS source,
             {reps}[1 + (i // {MONTHS}) % {len(REPORTERS)}] AS reporter,
             {pars}[1 + (i // {MONTHS * len(REPORTERS)}) % {len(PARTNERS)}] AS partner,
             false AS reporter_agg, false AS partner_agg,
             CASE WHEN (i // {MONTHS}) % 3 = 0 THEN 'import' ELSE 'export' END AS flow,
             lpad(CAST(10000 + (hash(i // {MONTHS}) % 5000) * 17 AS VARCHAR), 6, '0') AS hs,
             true AS leaf,
             CAST(2019 + (i % {MONTHS}) // 12 AS INTEGER) AS year,
             CAST((i % {MONTHS}) % 12 + 1 AS INTEGER) AS month,
             (hash(i * 131) % 100000) / 10.0
               * CASE WHEN (i // {MONTHS}) % 997 = 0 AND i % {MONTHS} >= {MONTHS - 3}
                      THEN 25 ELSE 1 END AS value,
             'USD' AS currency, CAST(1 + hash(i * 7) % 1000 AS DOUBLE) AS qty,
             'u' AS qty_unit, CAST(NULL AS DOUBLE) AS net_kg
      FROM range({keys * MONTHS}) t(i)
    ) TO '{path}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 1000000)
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    con = duckdb.connect()
    con.execute("SET preserve_insertion_order=false")
    con.execute("SET enable_progress_bar=false")
    con.execute(sql)
    con.close()
    return time.perf_counter() - started


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_ibis(path: Path) -> dict[str, Any]:
    from tamga.stats import roundabout, surges
    from tamga.stats.panel import duckdb_backend

    con = duckdb_backend()
    t = con.read_parquet(str(path), table_name="panel")
    out: dict[str, Any] = {"engine": "ibis+duckdb", "rows": int(t.count().execute())}
    started = time.perf_counter()
    s = surges(t, freq="month", floor=100.0).execute()
    out["surges_s"] = time.perf_counter() - started
    out["surges_found"] = len(s)
    out["surges_top"] = s.head(3)[["reporter", "partner", "hs", "jump"]].to_dict("records")
    started = time.perf_counter()
    r = roundabout(t, third="AM", date=SPLIT, controlled=["8471", "8542", "8517"]).execute()
    out["roundabout_s"] = time.perf_counter() - started
    out["roundabout_codes"] = len(r)
    out["roundabout_passthrough"] = float(r.passthrough.sum())
    out["peak_rss_mb"] = peak_rss_mb()
    return out


def run_pandas(path: Path, rows: int) -> dict[str, Any]:
    import numpy as np
    import pandas as pd
    import pyarrow.parquet as pq

    from tamga.stats.countries import GROUPS

    started = time.perf_counter()
    pf = pq.ParquetFile(path)
    groups = -(-rows // pf.metadata.row_group(0).num_rows)
    cols = ["reporter", "partner", "reporter_agg", "partner_agg", "flow", "hs", "leaf",
            "year", "month", "value", "currency"]  # fmt: skip
    table = pf.read_row_groups(list(range(min(groups, pf.num_row_groups))), columns=cols)
    df = table.slice(0, rows).to_pandas(
        categories=["reporter", "partner", "flow", "hs", "currency"], self_destruct=True
    )
    del table
    load_s = time.perf_counter() - started
    out: dict[str, Any] = {"engine": "pandas", "rows": len(df), "load_s": load_s}

    # surges: the same definition as tamga.stats.surges (last 3 months against 12 before)
    started = time.perf_counter()
    keys = ["reporter", "partner", "hs", "flow", "currency"]
    p = df[df.leaf & ~df.reporter_agg & ~df.partner_agg & df.flow.isin(["export", "re-export"])
           & (df.month > 0)]  # fmt: skip
    pidx = p.year.astype("int64") * 12 + p.month - 1
    start = int(pidx.max()) - 3 + 1
    inwin = (pidx >= start - 12) & (pidx < start + 3)
    w = p.loc[inwin, [*keys, "value"]].assign(pidx=pidx[inwin])
    agg = w.groupby([*keys, "pidx"], observed=True).value.sum().reset_index()
    recent = agg.pidx >= start
    agg["cur"] = np.where(recent, agg.value, 0.0)
    agg["base"] = np.where(recent, 0.0, agg.value)
    per = agg.groupby(keys, observed=True).agg(
        current=("cur", "sum"), baseline=("base", "sum"), baseline_max=("base", "max")
    )
    per["current"] /= 3
    per["baseline"] /= 12
    floor = 100.0
    per["jump"] = per.current - per.baseline
    per["ratio"] = (per.current + floor) / (per.baseline + floor)
    found = per[(per.ratio >= 3) & (per.current > per.baseline_max) & (per.jump > floor)]
    found = found.sort_values("jump", ascending=False)
    out["surges_s"] = time.perf_counter() - started
    out["surges_found"] = len(found)

    # roundabout: sanctioning → AM and AM → RU, 12 months either side of 2022-03
    started = time.perf_counter()
    split = SPLIT[0] * 12 + SPLIT[1] - 1
    base = df[df.leaf & ~df.reporter_agg & ~df.partner_agg & (df.month > 0)]
    bidx = base.year.astype("int64") * 12 + base.month - 1
    base = base.assign(pidx=bidx)[(bidx >= split - 12) & (bidx < split + 12)]
    exp = base.flow.isin(["export", "re-export"])
    inflow = base[exp & base.reporter.isin(GROUPS["SANCTIONING"]) & (base.partner == "AM")]
    outflow = base[exp & (base.reporter == "AM") & (base.partner == "RU")]

    def windows(part: pd.DataFrame, name: str) -> pd.DataFrame:
        before = part.pidx < split
        frame = part.assign(
            b=np.where(before, part.value, 0.0), a=np.where(before, 0.0, part.value)
        )
        g = frame.groupby(["hs", "currency"], observed=True)[["b", "a"]].sum()
        return g.rename(columns={"b": f"{name}_before", "a": f"{name}_after"})

    j = windows(inflow, "inflow").join(windows(outflow, "outflow"), how="outer").fillna(0.0)
    d_in = j.inflow_after - j.inflow_before
    d_out = j.outflow_after - j.outflow_before
    j["passthrough"] = np.where((d_in > 0) & (d_out > 0), np.minimum(d_in, d_out), 0.0)
    out["roundabout_s"] = time.perf_counter() - started
    out["roundabout_codes"] = len(j)
    out["roundabout_passthrough"] = float(j.passthrough.sum())
    out["peak_rss_mb"] = peak_rss_mb()
    return out


def child(args: list[str]) -> dict[str, Any] | None:
    proc = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        print(f"  run {' '.join(args)} failed (exit {proc.returncode}): {proc.stderr[-400:]}")
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000_000)
    ap.add_argument(
        "--pandas-rows", type=int, nargs="*", default=[10_000_000, 30_000_000, 100_000_008]
    )
    ap.add_argument("--dir", type=Path, default=Path("var/bench"))
    ap.add_argument("--child", choices=["ibis", "pandas"])
    ap.add_argument("--path", type=Path)
    args = ap.parse_args()

    if args.child == "ibis":
        print(json.dumps(run_ibis(args.path)))
        return
    if args.child == "pandas":
        print(json.dumps(run_pandas(args.path, args.pandas_rows[0])))
        return

    path = args.dir / f"synthetic_{args.rows}.parquet"
    if path.exists():
        print(f"panel: {path} ({path.stat().st_size / 1e9:.2f} GB, reused)")
    else:
        took = generate(path, args.rows)
        print(f"panel: generated {args.rows:,} rows in {took:.1f} s "
              f"({path.stat().st_size / 1e9:.2f} GB Parquet)")  # fmt: skip
    ibis_run = child(["--child", "ibis", "--path", str(path)])
    if ibis_run:
        print(
            f"ibis+duckdb, {ibis_run['rows']:,} rows: surges {ibis_run['surges_s']:.1f} s "
            f"({ibis_run['surges_found']} found), roundabout {ibis_run['roundabout_s']:.1f} s "
            f"({ibis_run['roundabout_codes']} HS codes), total "
            f"{ibis_run['surges_s'] + ibis_run['roundabout_s']:.1f} s, "
            f"peak RSS {ibis_run['peak_rss_mb']:,.0f} MB"
        )
    for n in args.pandas_rows:
        run = child(["--child", "pandas", "--path", str(path), "--pandas-rows", str(n)])
        if run is None:
            print(f"pandas, {n:,} rows: did not finish (see above)")
            continue
        print(
            f"pandas, {run['rows']:,} rows: load {run['load_s']:.1f} s, surges "
            f"{run['surges_s']:.1f} s ({run['surges_found']} found), roundabout "
            f"{run['roundabout_s']:.1f} s, total (without load) "
            f"{run['surges_s'] + run['roundabout_s']:.1f} s, peak RSS {run['peak_rss_mb']:,.0f} MB"
        )
        if ibis_run and run["rows"] == ibis_run["rows"]:
            same = (run["surges_found"], round(run["roundabout_passthrough"], 2)) == (
                ibis_run["surges_found"], round(ibis_run["roundabout_passthrough"], 2))  # fmt: skip
            print(f"  same answers as ibis+duckdb on the full panel: {same}")


if __name__ == "__main__":
    main()
