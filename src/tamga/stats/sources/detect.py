"""Which reader a file needs, told from its header."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from tamga.errors import InvalidInput
from tamga.stats.sources.text import header

Format = Literal["comtrade", "baci", "eurostat", "ledger"]


def detect_format(path: Path) -> Format:
    if path.suffix in {".sqlite", ".db", ".sqlite3"}:
        return "ledger"
    cols = set(header(path))
    if {"t", "i", "j", "k", "v"} <= cols:
        return "baci"
    if {"reporter", "partner", "product", "flow", "period"} <= cols:
        return "eurostat"
    if cols & {"cmdcode", "commoditycode"} and cols & {
        "primaryvalue",
        "tradevalueus",
        "tradevalue",
    }:
        return "comtrade"
    raise InvalidInput(
        f"cannot tell the format of {path.name} from its columns {sorted(cols)[:12]}: expected "
        "Comtrade (cmdCode or commodity_code, with primaryValue or trade_value_us), BACI "
        "(t, i, j, k, v, q) or Eurostat Comext (REPORTER, PARTNER, PRODUCT, FLOW, PERIOD, "
        "VALUE_IN_EUR); or name the format with --format",
        record=str(path),
    )
