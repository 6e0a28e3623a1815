"""The one long table every source is loaded into: a trade panel row.

One row is a flow reported by ``reporter`` with ``partner`` for one HS code and period. Codes are
ISO alpha-2, or an aggregate code (``EU27``, ``WLD``...) with ``reporter_agg``/``partner_agg`` set.
``hs`` is digits only ('' for all goods); ``leaf`` is false on a row that other rows of the same
file break down further (an HS4 row next to its HS6 children, a TOTAL next to chapters), so sums
are taken over leaves only. ``month`` is 0 on an annual row.
"""

from __future__ import annotations

from typing import Final, Literal

import pyarrow as pa

Flow = Literal["import", "export", "re-export", "re-import", "transit"]
FLOWS: Final[tuple[str, ...]] = ("import", "export", "re-export", "re-import", "transit")

PANEL_SCHEMA: Final[pa.Schema] = pa.schema(
    [
        ("source", pa.string()),
        ("reporter", pa.string()),
        ("partner", pa.string()),
        ("reporter_agg", pa.bool_()),
        ("partner_agg", pa.bool_()),
        ("flow", pa.string()),
        ("hs", pa.string()),
        ("leaf", pa.bool_()),
        ("year", pa.int32()),
        ("month", pa.int32()),
        ("value", pa.float64()),
        ("currency", pa.string()),
        ("qty", pa.float64()),
        ("qty_unit", pa.string()),
        ("net_kg", pa.float64()),
    ]
)

COLUMNS: Final[tuple[str, ...]] = tuple(PANEL_SCHEMA.names)

#: DuckDB column types of the panel, in order (for CREATE TABLE and casts in SQL).
DUCKDB_TYPES: Final[dict[str, str]] = {
    "source": "VARCHAR",
    "reporter": "VARCHAR",
    "partner": "VARCHAR",
    "reporter_agg": "BOOLEAN",
    "partner_agg": "BOOLEAN",
    "flow": "VARCHAR",
    "hs": "VARCHAR",
    "leaf": "BOOLEAN",
    "year": "INTEGER",
    "month": "INTEGER",
    "value": "DOUBLE",
    "currency": "VARCHAR",
    "qty": "DOUBLE",
    "qty_unit": "VARCHAR",
    "net_kg": "DOUBLE",
}
