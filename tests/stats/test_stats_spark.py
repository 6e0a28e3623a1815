"""The same analyses on PySpark (local mode, through Ibis) give DuckDB's answers on real files.

Slow (a JVM starts): run with ``-m slow``; skipped where PySpark or Java is not installed.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from ibis.expr.types import Table
from test_stats_backends import normalised

from tamga.stats import growth, load_file, mirror, price_index, roundabout, surges
from tamga.stats.countries import GROUPS
from tamga.stats.panel import Panel

pytestmark = [
    pytest.mark.slow,
    # PySpark's toPandas passes pandas 3's deprecated copy= keyword (inside pyspark)
    pytest.mark.filterwarnings("ignore:The copy keyword is deprecated:Warning"),
    # py4j leaves its gateway sockets to the garbage collector (inside py4j)
    pytest.mark.filterwarnings("ignore:unclosed <socket.socket:ResourceWarning"),
    pytest.mark.filterwarnings(
        "ignore:Exception ignored in. <socket.socket:pytest.PytestUnraisableExceptionWarning"
    ),
]
SHARED_TRADE = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "trade"
FILES = [
    "eurostat-eu-cca/eu_member_exports_to_KG_monthly_201901-202408.csv",
    "eurostat-eu-cca/national_kyrgyz_import_yearly.csv",
    "armenia-comtrade/comtrade_armenia_hs851713_monthly_2022-2024.csv",
]
ANALYSES: dict[str, Callable[[Table], Table]] = {
    "growth": lambda t: growth(t, by=["reporter", "partner"]),
    "surges": lambda t: surges(t, freq="month", all_rows=True),
    "mirror": lambda t: mirror(t, groups={"EU27": GROUPS["EU27"]}, cif_fob=0.05),
    "roundabout": lambda t: roundabout(
        t, third="AM", date=(2022, 3), inflow_from="third", sources="ANY", controlled=["8517"]
    ),
    "index": lambda t: price_index(t, by=["reporter", "partner", "hs"]),
}


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    pytest.importorskip("pyspark")
    if shutil.which("java") is None:
        pytest.skip("no Java runtime for Spark")
    from tamga.stats.spark import session

    s = session("local[2]")
    yield s
    s.stop()


@pytest.fixture(scope="module")
def panel(tmp_path_factory: pytest.TempPathFactory) -> Panel:
    if not SHARED_TRADE.is_dir():
        pytest.skip(f"{SHARED_TRADE} is absent")
    p = Panel("spark", root=tmp_path_factory.mktemp("stats"))
    for name in FILES:
        load_file(SHARED_TRADE / name, p)
    return p


def test_spark_gives_duckdbs_answers(spark: Any, panel: Panel) -> None:
    from tamga.stats.spark import panel_table

    on_spark = panel_table(spark, panel, cache=True)  # five analyses, one read of the files
    on_duck = panel.table()
    for name, analysis in ANALYSES.items():
        a = normalised(analysis(on_duck).execute())
        b = normalised(analysis(on_spark).execute())
        assert len(a) > 0, name
        pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=1e-9, obj=name)
