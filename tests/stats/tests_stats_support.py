"""Row defaults for hand-made panels, shared by the fixtures and the property tests."""

from __future__ import annotations

from typing import Any

import pandas as pd

ROW_DEFAULTS: dict[str, Any] = {
    "source": "test",
    "reporter_agg": False,
    "partner_agg": False,
    "flow": "export",
    "hs": "845011",
    "leaf": None,
    "month": 0,
    "currency": "USD",
    "qty": None,
    "qty_unit": None,
    "net_kg": None,
}


def rows_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame([{**ROW_DEFAULTS, **r} for r in rows])
