"""The ledger's goods lines as trade statistics of the home country (the reporter).

Imports are counted by dispatch country, exports and transits by destination; an export whose
goods originate elsewhere (``origin_country`` not the home country) is a re-export. Lines are
summed by month, HS code, partner, currency and unit.
"""

from __future__ import annotations

import pandas as pd

from tamga.settings import HOME_COUNTRY
from tamga.stats.countries import UNSPECIFIED
from tamga.stats.schema import COLUMNS
from tamga.store.database import connect
from tamga.store.ledger_read import trade_lines


def ledger_frame(lines: pd.DataFrame, home: str = HOME_COUNTRY) -> pd.DataFrame:
    """Panel rows from ledger goods lines (columns as in the ``event_lines`` table)."""
    home = home.upper()
    flow = lines["type"].map({"import": "import", "export": "export", "transit_start": "transit"})
    origin = lines["origin_country"].fillna(home).str.upper()
    flow = flow.where(~((flow == "export") & (origin != home)), "re-export")
    stamp = pd.to_datetime(lines["time"], utc=True, format="ISO8601")
    frame = pd.DataFrame(
        {
            "source": "ledger",
            "reporter": home,
            "partner": lines["country"].fillna(UNSPECIFIED).str.upper(),
            "reporter_agg": False,
            "partner_agg": False,
            "flow": flow,
            "hs": lines["hs_code"].astype(str).str.replace(r"\D", "", regex=True),
            "year": stamp.dt.year.astype("int32"),
            "month": stamp.dt.month.astype("int32"),
            "value": pd.to_numeric(lines["value"], errors="coerce"),
            "currency": lines["currency"],
            "qty": pd.to_numeric(lines["quantity"], errors="coerce"),
            "qty_unit": lines["unit"],
            "net_kg": pd.to_numeric(lines["net_kg"], errors="coerce"),
        }
    )
    keys = [c for c in COLUMNS if c not in ("value", "qty", "net_kg", "leaf")]
    for c in ("currency", "qty_unit"):
        frame[c] = frame[c].fillna("")
    out = frame.groupby(keys, sort=False)[["value", "qty", "net_kg"]].sum(min_count=1).reset_index()
    for c in ("currency", "qty_unit"):
        out[c] = out[c].replace("", None)
    out["leaf"] = True  # ledger lines carry the declared (leaf) code
    return out[list(COLUMNS)]


def read_ledger(url: str, home: str = HOME_COUNTRY) -> pd.DataFrame:
    """Read the ledger store at ``url`` (SQLite or PostgreSQL SQLAlchemy URL) as it is: the
    store's own engine, not migrated (a statistics load never changes the store)."""
    engine = connect(url, migrate=False)
    try:
        with engine.connect() as conn:
            lines = pd.read_sql(trade_lines(), conn)
    finally:
        engine.dispose()
    return ledger_frame(lines, home)
