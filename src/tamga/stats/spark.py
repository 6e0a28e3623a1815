"""The analyses on PySpark through Ibis: a local session in tests, a cluster in production.

The analyses are Ibis expressions, so the same code runs on Spark; only the panel's table
comes from a Spark session instead of DuckDB. :func:`session` starts one from
``TAMGA_SPARK_MASTER`` (``local[2]`` by default; ``spark://host:7077``, ``yarn``, ``k8s://...``
for a cluster) or connects to Spark Connect when ``SPARK_REMOTE`` is set (``sc://host:15002``).
On a cluster the panel's Parquet parts must be at a path every executor reads (HDFS, S3, a
shared mount): ``TAMGA_STATS_DIR`` pointing there, or :func:`panel_table` given the paths.

PySpark (with a Java 17 runtime) is an optional extra: ``pip install 'tamga[spark]'``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from ibis.expr.types import Table

from tamga.errors import InvalidInput
from tamga.stats.panel import Panel

#: settings that make a small local session start and answer fast (no UI, few partitions)
LOCAL_CONF = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.shuffle.partitions": "2",
    "spark.default.parallelism": "2",
    "spark.sql.session.timeZone": "UTC",
    "spark.driver.memory": "1g",
    "spark.sql.codegen.wholeStage": "false",
}


def session(master: str | None = None, conf: dict[str, str] | None = None) -> Any:
    """A SparkSession: Spark Connect if ``SPARK_REMOTE`` is set, else ``master`` (or local)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:  # the optional extra is not installed
        raise InvalidInput("PySpark is not installed: pip install 'tamga[spark]'") from exc
    builder = SparkSession.builder.appName("tamga-stats")
    remote = os.environ.get("SPARK_REMOTE")
    if remote:
        builder = builder.remote(remote)
    else:
        builder = builder.master(master or os.environ.get("TAMGA_SPARK_MASTER") or "local[2]")
        for key, value in {**LOCAL_CONF, **(conf or {})}.items():
            builder = builder.config(key, value)
    spark = builder.getOrCreate()
    if not remote:
        spark.sparkContext.setLogLevel("ERROR")
    return spark


def panel_table(
    spark: Any, panel: Panel | None = None, paths: Sequence[str] | None = None, name: str = ""
) -> Table:
    """A panel (its manifest's parts, or the given Parquet paths) as an Ibis table on Spark."""
    import ibis

    files = list(paths or [])
    if panel is not None:
        files += [str(p) for p in panel.parts()]
    if not files:
        raise InvalidInput("no Parquet parts to read on Spark", field="panel")
    view = name or f"panel_{(panel.name if panel else 'files').replace('-', '_').replace('.', '_')}"
    spark.read.parquet(*files).createOrReplaceTempView(view)
    return ibis.pyspark.connect(spark).table(view)
