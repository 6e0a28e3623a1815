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

#: settings for a local session (one machine, small data): it starts and answers fast. No UI,
#: few partitions, no adaptive re-planning (each stage is tiny), whole-stage code generation
#: off, and a driver JVM that compiles with the quick JIT tier only and one GC thread: a
#: short-lived local JVM otherwise spends more CPU compiling Spark than running the queries.
LOCAL_CONF = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.shuffle.partitions": "2",
    "spark.default.parallelism": "2",
    "spark.sql.adaptive.enabled": "false",
    "spark.sql.codegen.wholeStage": "false",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
    "spark.driver.memory": "512m",
    "spark.driver.extraJavaOptions": "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
}
#: settings for every session, local or on a cluster
COMMON_CONF = {"spark.sql.session.timeZone": "UTC"}


def session(master: str | None = None, conf: dict[str, str] | None = None) -> Any:
    """A SparkSession: Spark Connect if ``SPARK_REMOTE`` is set, else ``master`` (or local).

    A ``local[...]`` master gets :data:`LOCAL_CONF`; a cluster gets only what ``conf`` says
    (executor memory, ``spark.sql.shuffle.partitions`` sized to the data...).
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:  # the optional extra is not installed
        raise InvalidInput("PySpark is not installed: pip install 'tamga[spark]'") from exc
    builder = SparkSession.builder.appName("tamga-stats")
    remote = os.environ.get("SPARK_REMOTE")
    if remote:
        builder = builder.remote(remote)
    else:
        master = master or os.environ.get("TAMGA_SPARK_MASTER") or "local[2]"
        builder = builder.master(master)
        local = LOCAL_CONF if master.startswith("local") else {}
        for key, value in {**COMMON_CONF, **local, **(conf or {})}.items():
            builder = builder.config(key, value)
    spark = builder.getOrCreate()
    if not remote:
        spark.sparkContext.setLogLevel("ERROR")
    return spark


def panel_table(
    spark: Any,
    panel: Panel | None = None,
    paths: Sequence[str] | None = None,
    name: str = "",
    *,
    cache: bool = False,
) -> Table:
    """A panel (its manifest's parts, or the given Parquet paths) as an Ibis table on Spark.

    ``cache=True`` reads the files once and keeps the rows in the executors' memory, for a
    session running several analyses over a panel that fits there (each would read and decode
    the Parquet files again otherwise).
    """
    import ibis

    files = list(paths or [])
    if panel is not None:
        files += [str(p) for p in panel.parts()]
    if not files:
        raise InvalidInput("no Parquet parts to read on Spark", field="panel")
    view = name or f"panel_{(panel.name if panel else 'files').replace('-', '_').replace('.', '_')}"
    frame = spark.read.parquet(*files)
    if cache:
        frame = frame.cache()
    frame.createOrReplaceTempView(view)
    return ibis.pyspark.connect(spark).table(view)
