"""Benchmark: the loaders on bulk files, and the analyses against hand-written SQL and polars.

Analyses: generates a synthetic monthly panel (2019-01..2024-12; 20 reporters, 30 partners,
5,000 HS6 codes, imports and exports, a planted surge on one route in ~1,000) into Parquet with
DuckDB, once, then times ``tamga.stats.surges`` (with the CLI's default floor) and
``tamga.stats.roundabout`` through Ibis on DuckDB, the same two written by hand in DuckDB SQL
(the anchor: tamga should be within 1.2x of it) and as polars lazy queries, and checks that
all three give the same answers. Optionally pandas too (``--pandas-rows``).

Loaders (``--loaders ROWS``): generates a Comtrade API-layout CSV and a Comext CSV of ROWS rows
(``tamga.stats.synthetic``), loads each with ``tamga.stats.load_file`` beside a plain DuckDB
CSV → Parquet baseline; ``--compare-rows N`` also runs today's pandas loader (kept in
tests/stats/reference_loaders.py) on an N-row file and checks the panel rows are the same.

Every run is its own process (its peak RSS is its own); wall and CPU seconds are both printed,
as on a shared machine wall time is mostly waiting for a core.

    .venv/bin/python benchmarks/stats_bench.py --rows 10000000
    .venv/bin/python benchmarks/stats_bench.py --loaders 10000000 --compare-rows 1000000
"""

from __future__ import annotations

import argparse
import json
import os
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
    """This process's peak RSS. VmHWM, not ru_maxrss: the latter carries over the parent's
    RSS at fork into the child, which would hide a child smaller than its parent."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_s() -> float:
    """CPU seconds used by this process (user + system): on a shared machine, wall time is
    mostly waiting for a core, so both are printed."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def run_ibis(path: Path) -> dict[str, Any]:
    """tamga's analyses through Ibis on DuckDB: surges with the CLI's default floor."""
    from tamga.stats import roundabout, surges
    from tamga.stats.panel import duckdb_backend

    con = duckdb_backend()
    t = con.read_parquet(str(path), table_name="panel")
    out: dict[str, Any] = {"engine": "tamga (ibis+duckdb)"}
    started, cpu0 = time.perf_counter(), cpu_s()
    s = surges(t, freq="month").execute()
    out["surges_s"] = time.perf_counter() - started
    out["surges_cpu"] = cpu_s() - cpu0
    out["surges_found"] = len(s)
    out["surges_jump"] = float(s.jump.sum())
    started, cpu0 = time.perf_counter(), cpu_s()
    r = roundabout(t, third="AM", date=SPLIT).execute()
    out["roundabout_s"] = time.perf_counter() - started
    out["roundabout_cpu"] = cpu_s() - cpu0
    out["roundabout_codes"] = len(r)
    out["roundabout_passthrough"] = float(r.passthrough.sum())
    out["cpu_s"] = cpu_s()
    out["peak_rss_mb"] = peak_rss_mb()
    return out


SURGES_SQL = """
WITH p AS (
  SELECT reporter, partner, hs, flow, coalesce(currency, '') AS currency,
         year * 12 + month - 1 AS pidx, value
  FROM read_parquet('{path}')
  WHERE leaf AND NOT reporter_agg AND NOT partner_agg AND flow IN ('export', 're-export')
    AND month > 0
), s AS (SELECT max(pidx) - 2 AS start FROM p),
agg AS (
  SELECT reporter, partner, hs, flow, currency, pidx, start, sum(value) AS value
  FROM p, s WHERE pidx >= start - 12 AND pidx < start + 3
  GROUP BY reporter, partner, hs, flow, currency, pidx, start
), per AS (
  SELECT reporter, partner, hs, flow, currency,
         sum(CASE WHEN pidx >= start THEN value ELSE 0 END) / 3 AS current,
         sum(CASE WHEN pidx >= start THEN 0 ELSE value END) / 12 AS baseline,
         max(CASE WHEN pidx >= start THEN 0 ELSE value END) AS baseline_max
  FROM agg GROUP BY reporter, partner, hs, flow, currency
), f AS (
  SELECT *, CASE WHEN avg(current) OVER () > 0 THEN avg(current) OVER () * 0.01 ELSE 1 END
            AS floor
  FROM per
)
SELECT *, current - baseline AS jump FROM f
WHERE (current + floor) / (baseline + floor) >= 3 AND current > baseline_max
  AND current - baseline > floor
ORDER BY jump DESC
"""

ROUNDABOUT_SQL = """
WITH p AS (
  SELECT reporter, partner, flow, substr(hs, 1, 6) AS hs, coalesce(currency, '') AS currency,
         year * 12 + month - 1 AS pidx, value
  FROM read_parquet('{path}')
  WHERE leaf AND month > 0 AND length(hs) >= 6 AND flow IN ('export', 're-export')
    AND year * 12 + month - 1 >= {split} - 12 AND year * 12 + month - 1 < {split} + 12
), inflow AS (
  SELECT hs, currency, sum(value) FILTER (WHERE pidx < {split}) AS b,
         sum(value) FILTER (WHERE pidx >= {split}) AS a
  FROM p WHERE reporter IN ({sanctioning}) AND partner = 'AM' GROUP BY hs, currency
), outflow AS (
  SELECT hs, currency, sum(value) FILTER (WHERE pidx < {split}) AS b,
         sum(value) FILTER (WHERE pidx >= {split}) AS a
  FROM p WHERE reporter = 'AM' AND partner = 'RU' GROUP BY hs, currency
), j AS (
  SELECT coalesce(i.hs, o.hs) AS hs, coalesce(i.a, 0) - coalesce(i.b, 0) AS d_in,
         coalesce(o.a, 0) - coalesce(o.b, 0) AS d_out
  FROM inflow i FULL JOIN outflow o ON i.hs = o.hs AND i.currency = o.currency
)
SELECT hs, CASE WHEN d_in > 0 AND d_out > 0 THEN least(d_in, d_out) ELSE 0 END AS passthrough
FROM j
"""


def run_sql(path: Path) -> dict[str, Any]:
    """The same two analyses written by hand in DuckDB SQL (the parity anchor)."""
    from tamga.stats.countries import GROUPS

    con = duckdb.connect()
    out: dict[str, Any] = {"engine": "hand-written DuckDB SQL"}
    started, cpu0 = time.perf_counter(), cpu_s()
    s = con.execute(SURGES_SQL.format(path=path)).df()
    out["surges_s"] = time.perf_counter() - started
    out["surges_cpu"] = cpu_s() - cpu0
    out["surges_found"] = len(s)
    out["surges_jump"] = float(s.jump.sum())
    sanctioning = ", ".join(f"'{c}'" for c in GROUPS["SANCTIONING"])
    split = SPLIT[0] * 12 + SPLIT[1] - 1
    sql = ROUNDABOUT_SQL.format(path=path, split=split, sanctioning=sanctioning)
    started, cpu0 = time.perf_counter(), cpu_s()
    r = con.execute(sql).df()
    out["roundabout_s"] = time.perf_counter() - started
    out["roundabout_cpu"] = cpu_s() - cpu0
    out["roundabout_codes"] = len(r)
    out["roundabout_passthrough"] = float(r.passthrough.sum())
    out["cpu_s"] = cpu_s()
    out["peak_rss_mb"] = peak_rss_mb()
    return out


def run_polars(path: Path) -> dict[str, Any]:
    """The same two analyses as polars lazy queries (a second anchor, another engine)."""
    import polars as pl

    from tamga.stats.countries import GROUPS

    out: dict[str, Any] = {"engine": "polars lazy"}
    started, cpu0 = time.perf_counter(), cpu_s()
    lf = pl.scan_parquet(path)
    p = lf.filter(
        pl.col("leaf") & ~pl.col("reporter_agg") & ~pl.col("partner_agg")
        & pl.col("flow").is_in(["export", "re-export"]) & (pl.col("month") > 0)
    ).select(
        "reporter", "partner", "hs", "flow", pl.col("currency").fill_null(""),
        (pl.col("year") * 12 + pl.col("month") - 1).alias("pidx"), "value",
    )  # fmt: skip
    p = p.with_columns(start=pl.col("pidx").max() - 2)
    keys = ["reporter", "partner", "hs", "flow", "currency"]
    w = p.filter((pl.col("pidx") >= pl.col("start") - 12) & (pl.col("pidx") < pl.col("start") + 3))
    agg = w.group_by([*keys, "pidx", "start"]).agg(pl.col("value").sum())
    recent = pl.col("pidx") >= pl.col("start")
    per = agg.group_by(keys).agg(
        current=pl.when(recent).then(pl.col("value")).otherwise(0.0).sum() / 3,
        baseline=pl.when(recent).then(0.0).otherwise(pl.col("value")).sum() / 12,
        baseline_max=pl.when(recent).then(0.0).otherwise(pl.col("value")).max(),
    )
    level = pl.col("current").mean()
    per = per.with_columns(floor=pl.when(level > 0).then(level * 0.01).otherwise(1.0))
    found = (
        per.with_columns(jump=pl.col("current") - pl.col("baseline"))
        .filter(
            ((pl.col("current") + pl.col("floor")) / (pl.col("baseline") + pl.col("floor")) >= 3)
            & (pl.col("current") > pl.col("baseline_max")) & (pl.col("jump") > pl.col("floor"))
        )
        .sort("jump", descending=True)
        .collect()
    )  # fmt: skip
    out["surges_s"] = time.perf_counter() - started
    out["surges_cpu"] = cpu_s() - cpu0
    out["surges_found"] = found.height
    out["surges_jump"] = float(found["jump"].sum())

    started, cpu0 = time.perf_counter(), cpu_s()
    split = SPLIT[0] * 12 + SPLIT[1] - 1
    pidx = pl.col("year") * 12 + pl.col("month") - 1
    base = lf.filter(
        pl.col("leaf") & (pl.col("month") > 0) & (pl.col("hs").str.len_chars() >= 6)
        & pl.col("flow").is_in(["export", "re-export"])
        & (pidx >= split - 12) & (pidx < split + 12)
    ).select(
        "reporter", "partner", pl.col("hs").str.slice(0, 6), pl.col("currency").fill_null(""),
        pidx.alias("pidx"), "value",
    )  # fmt: skip

    def windows(frame: pl.LazyFrame, name: str) -> pl.LazyFrame:
        before = pl.col("pidx") < split
        return frame.group_by("hs", "currency").agg(
            pl.col("value").filter(before).sum().alias(f"{name}_b"),
            pl.col("value").filter(~before).sum().alias(f"{name}_a"),
        )

    sanctioning = pl.col("reporter").is_in(list(GROUPS["SANCTIONING"]))
    inflow = windows(base.filter(sanctioning & (pl.col("partner") == "AM")), "in")
    outflow = windows(
        base.filter((pl.col("reporter") == "AM") & (pl.col("partner") == "RU")), "out"
    )
    j = inflow.join(outflow, on=["hs", "currency"], how="full", coalesce=True).fill_null(0.0)
    d_in = pl.col("in_a") - pl.col("in_b")
    d_out = pl.col("out_a") - pl.col("out_b")
    both = (d_in > 0) & (d_out > 0)
    r = j.with_columns(
        passthrough=pl.when(both).then(pl.min_horizontal(d_in, d_out)).otherwise(0.0)
    ).collect()
    out["roundabout_s"] = time.perf_counter() - started
    out["roundabout_cpu"] = cpu_s() - cpu0
    out["roundabout_codes"] = r.height
    out["roundabout_passthrough"] = float(r["passthrough"].sum())
    out["cpu_s"] = cpu_s()
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


def run_load(path: Path, kind: str, root: Path) -> dict[str, Any]:
    """Load one generated file into a fresh panel with the streaming loader."""
    import shutil

    from tamga.stats import load_file
    from tamga.stats.panel import Panel

    shutil.rmtree(root, ignore_errors=True)
    started = time.perf_counter()
    summary = load_file(path, Panel("bench", root=root), kind)
    took = time.perf_counter() - started
    return {"rows": summary.rows, "refused": summary.refused, "load_s": took,
            "cpu_s": cpu_s(), "peak_rss_mb": peak_rss_mb(),
            "load_avg": round(os.getloadavg()[0], 1)}  # fmt: skip


def run_raw(path: Path, out: Path) -> dict[str, Any]:
    """The plain baseline: DuckDB reads the CSV and writes it to Parquet, nothing else."""
    started = time.perf_counter()
    con = duckdb.connect()
    con.execute("SET preserve_insertion_order=false")
    con.execute(
        f"COPY (SELECT * FROM read_csv('{path}', all_varchar=true, quote='\"', header=true)) "
        f"TO '{out}' (FORMAT parquet)"
    )
    con.close()
    return {"load_s": time.perf_counter() - started, "cpu_s": cpu_s(), "peak_rss_mb": peak_rss_mb()}


def run_reference(path: Path, kind: str, out: Path) -> dict[str, Any]:
    """Today's pandas loader (tests/stats/reference_loaders.py) writing its rows to Parquet."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "stats"))
    from reference_loaders import reference_rows

    started = time.perf_counter()
    rows = reference_rows(path, kind)
    took = time.perf_counter() - started
    rows.to_parquet(out)
    return {"rows": len(rows), "load_s": took, "cpu_s": cpu_s(), "peak_rss_mb": peak_rss_mb()}


def same_panel_rows(reference: Path, root: Path) -> str:
    """Compare the reference rows with the streaming loader's panel, key by key."""
    con = duckdb.connect()
    keys = "reporter, partner, flow, hs, year, month, coalesce(qty_unit, '')"
    cols = ("source", "reporter_agg", "partner_agg", "leaf", "currency")
    cmp = " OR ".join(f"a.{c} IS DISTINCT FROM b.{c}" for c in cols)
    num = " OR ".join(
        f"abs(coalesce(a.{c}, 0) - coalesce(b.{c}, 0)) > 1e-9 * greatest(abs(a.{c}), 1) "
        f"OR (a.{c} IS NULL) <> (b.{c} IS NULL)"
        for c in ("value", "qty", "net_kg")
    )
    row = con.execute(f"""
        WITH a AS (SELECT *, {keys.replace("coalesce(qty_unit, '')", "coalesce(qty_unit, '') AS u")}
                   FROM read_parquet('{reference}')),
             b AS (SELECT *, {keys.replace("coalesce(qty_unit, '')", "coalesce(qty_unit, '') AS u")}
                   FROM read_parquet('{root}/bench/part-*.parquet'))
        SELECT (SELECT count(*) FROM a), (SELECT count(*) FROM b),
               count(*) FILTER (WHERE a.reporter IS NULL OR b.reporter IS NULL),
               count(*) FILTER (WHERE a.reporter IS NOT NULL AND b.reporter IS NOT NULL
                                AND ({cmp} OR {num}))
        FROM a FULL JOIN b USING (reporter, partner, flow, hs, year, month, u)
    """).fetchone()  # fmt: skip
    con.close()
    assert row is not None
    return (
        f"reference {row[0]:,} rows, streaming {row[1]:,} rows, {row[2]:,} keys on one side "
        f"only, {row[3]:,} rows differing: {'identical' if row[2] == row[3] == 0 else 'DIFFERENT'}"
    )


def loaders(rows: int, directory: Path, compare: int | None) -> None:
    from tamga.stats.synthetic import comtrade_csv, eurostat_csv

    print(f"load average before: {os.getloadavg()}")

    for kind, generate in (("comtrade", comtrade_csv), ("eurostat", eurostat_csv)):
        path = directory / f"{kind}_{rows}.csv"
        if not path.exists():
            started = time.perf_counter()
            generate(path, rows)
            print(f"{kind}: generated {rows:,} rows in {time.perf_counter() - started:.1f} s "
                  f"({path.stat().st_size / 1e9:.2f} GB CSV)")  # fmt: skip
        else:
            print(f"{kind}: {path} ({path.stat().st_size / 1e9:.2f} GB, reused)")
        raw = child(
            ["--child", "raw", "--path", str(path), "--kind", kind, "--dir", str(directory)]
        )
        if raw:
            print(f"  baseline, DuckDB CSV → Parquet as text: {raw['load_s']:.1f} s "
                  f"({raw['cpu_s']:.1f} s CPU), peak RSS {raw['peak_rss_mb']:,.0f} MB")  # fmt: skip
        run = child(
            ["--child", "load", "--path", str(path), "--kind", kind, "--dir", str(directory)]
        )
        if run:
            print(f"  tamga stats load (streaming): {run['rows']:,} panel rows in "
                  f"{run['load_s']:.1f} s ({run['cpu_s']:.1f} s CPU), peak RSS "
                  f"{run['peak_rss_mb']:,.0f} MB, {run['refused']} refused, load average "
                  f"{run['load_avg']} at the end")  # fmt: skip
    if compare:
        path = directory / f"comtrade_{compare}.csv"
        if not path.exists():
            comtrade_csv(path, compare)
        ref_out = directory / f"reference_{compare}.parquet"
        ref = child(["--child", "reference", "--path", str(path), "--kind", "comtrade",
                     "--dir", str(directory)])  # fmt: skip
        new = child(["--child", "load", "--path", str(path), "--kind", "comtrade",
                     "--dir", str(directory)])  # fmt: skip
        if ref and new:
            print(f"comtrade {compare:,} rows: today's pandas loader {ref['load_s']:.1f} s "
                  f"({ref['cpu_s']:.1f} s CPU), peak RSS {ref['peak_rss_mb']:,.0f} MB; streaming "
                  f"{new['load_s']:.1f} s ({new['cpu_s']:.1f} s CPU), "
                  f"{new['peak_rss_mb']:,.0f} MB")  # fmt: skip
            print("  " + same_panel_rows(ref_out, directory / "panel-comtrade"))


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
        "--pandas-rows", type=int, nargs="*", default=[],
        help="also time the analyses in pandas on these many rows",
    )  # fmt: skip
    ap.add_argument("--dir", type=Path, default=Path("var/bench"))
    ap.add_argument(
        "--child", choices=["ibis", "sql", "polars", "pandas", "load", "raw", "reference"]
    )
    ap.add_argument("--path", type=Path)
    ap.add_argument("--kind", default="comtrade")
    ap.add_argument(
        "--loaders", type=int, metavar="ROWS", help="time the loaders on CSVs of ROWS rows"
    )
    ap.add_argument(
        "--compare-rows", type=int, metavar="N", help="also today's loader against the new on N"
    )
    args = ap.parse_args()

    if args.child == "load":
        print(json.dumps(run_load(args.path, args.kind, args.dir / f"panel-{args.kind}")))
        return
    if args.child == "raw":
        print(json.dumps(run_raw(args.path, args.dir / f"raw-{args.kind}.parquet")))
        return
    if args.child == "reference":
        out = args.dir / f"reference_{args.path.stem.split('_')[-1]}.parquet"
        print(json.dumps(run_reference(args.path, args.kind, out)))
        return
    if args.loaders:
        loaders(args.loaders, args.dir, args.compare_rows)
        return

    if args.child in ("ibis", "sql", "polars"):
        runner = {"ibis": run_ibis, "sql": run_sql, "polars": run_polars}[args.child]
        print(json.dumps(runner(args.path)))
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
    print(f"load average: {os.getloadavg()}")
    runs = [child(["--child", kind, "--path", str(path)]) for kind in ("ibis", "sql", "polars")]
    anchor = runs[1]
    for run in runs:
        if not run:
            continue
        rel = ""
        if anchor and run is not anchor:
            rel = (
                f" (wall {run['surges_s'] / anchor['surges_s']:.2f}x / "
                f"{run['roundabout_s'] / anchor['roundabout_s']:.2f}x, CPU "
                f"{run['surges_cpu'] / anchor['surges_cpu']:.2f}x / "
                f"{run['roundabout_cpu'] / anchor['roundabout_cpu']:.2f}x the hand SQL)"
            )
        print(
            f"{run['engine']}: surges {run['surges_s']:.1f} s, {run['surges_cpu']:.1f} s CPU "
            f"({run['surges_found']} found, jumps {run['surges_jump']:,.0f}), roundabout "
            f"{run['roundabout_s']:.1f} s, {run['roundabout_cpu']:.1f} s CPU "
            f"({run['roundabout_codes']} codes, passthrough {run['roundabout_passthrough']:,.0f})"
            f"{rel}, {run['cpu_s']:.1f} s CPU, peak RSS {run['peak_rss_mb']:,.0f} MB"
        )
    answers = {
        (r["surges_found"], round(r["surges_jump"], 0), r["roundabout_codes"],
         round(r["roundabout_passthrough"], 0))
        for r in runs if r
    }  # fmt: skip
    print(f"same answers from all engines: {len(answers) == 1}")
    print(f"load average: {os.getloadavg()}")
    for n in args.pandas_rows:
        run = child(["--child", "pandas", "--path", str(path), "--pandas-rows", str(n)])
        if run is None:
            print(f"pandas, {n:,} rows: did not finish (see above)")
            continue
        print(
            f"pandas, {run['rows']:,} rows: load {run['load_s']:.1f} s, surges "
            f"{run['surges_s']:.1f} s ({run['surges_found']} found), roundabout "
            f"{run['roundabout_s']:.1f} s, peak RSS {run['peak_rss_mb']:,.0f} MB"
        )


if __name__ == "__main__":
    main()
