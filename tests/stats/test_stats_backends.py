"""Every analysis, written once over Ibis, gives the same table on DuckDB and on PostgreSQL.

The panel is real (Eurostat and Comtrade files from ../shared) when present, else a
hand-made one; the PostgreSQL copy is the same rows in a fresh schema.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from ibis.expr.types import Table

from tamga.stats import growth, load_file, mirror, price_index, roundabout, surges
from tamga.stats.countries import GROUPS
from tamga.stats.panel import Panel

SHARED_TRADE = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "trade"
FILES = [
    "eurostat-eu-cca/eu_member_exports_to_KG_monthly_201901-202408.csv",
    "eurostat-eu-cca/national_kyrgyz_import_yearly.csv",
    "eurostat-eu-cca/national_armenia_import_yearly.csv",
    "eurostat-eu-cca/eu_member_exports_to_AM_monthly_201901-202408.csv",
    "armenia-comtrade/comtrade_armenia_hs851713_monthly_2022-2024.csv",
    "armenia-comtrade/comtrade_georgia_hs87xx_monthly_2021-2023.csv",
]

ANALYSES: dict[str, Callable[[Table], Table]] = {
    "growth": lambda t: growth(t, by=["reporter", "partner", "hs"]),
    "growth_monthly": lambda t: growth(t, by=["reporter", "partner"], freq="month", compare="yoy"),
    "surges": lambda t: surges(t, freq="month", all_rows=True, floor=1000.0),
    "mirror": lambda t: mirror(t, groups={"EU27": GROUPS["EU27"]}),
    "roundabout": lambda t: roundabout(
        t, third="AM", date=(2022, 3), inflow_from="third", sources="ANY", controlled=["8517"]
    ),
    "index": lambda t: price_index(t, by=["reporter", "partner", "hs"]),
}


@pytest.fixture(scope="module")
def panel(tmp_path_factory: pytest.TempPathFactory) -> Panel:
    if not SHARED_TRADE.is_dir():
        pytest.skip(f"{SHARED_TRADE} is absent; it holds the real trade files")
    p = Panel("cmp", root=tmp_path_factory.mktemp("stats"))
    for name in FILES:
        load_file(SHARED_TRADE / name, p)
    return p


def normalised(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.drop(columns=["rank", "floor"], errors="ignore")
    keys = [c for c in frame.columns if frame[c].dtype.kind in "OUSb" or c in ("year", "month")]
    out = frame.sort_values(keys).reset_index(drop=True)
    for c in out.columns:
        if out[c].dtype.kind in "iu":
            out[c] = out[c].astype("int64")
        elif out[c].dtype.kind == "f":
            out[c] = out[c].astype("float64")
        else:
            out[c] = out[c].astype(object)
    return out


@pytest.mark.postgres
@pytest.mark.parametrize("name", sorted(ANALYSES))
def test_duckdb_and_postgres_agree(name: str, panel: Panel, pg: Callable[[Panel], Table]) -> None:
    analysis = ANALYSES[name]
    on_duck = normalised(analysis(panel.table()).execute())
    on_pg = normalised(analysis(pg(panel)).execute())
    assert len(on_duck) > 0
    pd.testing.assert_frame_equal(on_duck, on_pg, check_exact=False, rtol=1e-9)
