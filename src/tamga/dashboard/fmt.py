"""How numbers, quantities, money and times read on the pages (Jinja filters).

Thousands separators everywhere, units spelled the way an officer says them (UN/ECE Rec 20 codes
as stored become "pcs", "kg", ...), times in UTC without microseconds.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Undefined

#: UN/ECE Recommendation 20 unit codes the ledger stores, as people write them
UNIT_NAMES = {
    "C62": "pcs",
    "H87": "pcs",
    "NAR": "items",
    "KGM": "kg",
    "TNE": "t",
    "GRM": "g",
    "LTR": "l",
    "MTQ": "m³",
    "MTK": "m²",
    "MTR": "m",
    "PR": "pairs",
    "SET": "sets",
    "KWH": "kWh",
}


def _missing(value: Any) -> bool:
    return value is None or value == "" or isinstance(value, Undefined)


def num(value: Any, digits: int = 0) -> str:
    """1234567.8 → "1,234,568"; ``None`` → an em dash."""
    if _missing(value):
        return "—"
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    text = f"{number:,.{digits}f}"
    if digits and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def unit(code: str | None) -> str:
    if not code:
        return ""
    return UNIT_NAMES.get(code, code)


def qty(value: Any, unit_code: str | None = None) -> str:
    text = num(value, 3)
    return f"{text} {unit(unit_code)}".rstrip() if text != "—" else text


def money(value: Any, currency: str | None = None) -> str:
    """A value with its currency code when the record states one."""
    if _missing(value):
        return "—"
    return f"{num(value, 0)} {currency or ''}".rstrip()


def kg(value: Any) -> str:
    if _missing(value):
        return "—"
    number = float(value)
    if abs(number) >= 10_000:
        return f"{num(number / 1000, 1)} t"
    return f"{num(number, 1)} kg"


def pct(value: Any, digits: int = 1) -> str:
    if _missing(value):
        return "—"
    return f"{float(value) * 100:.{digits}f} %"


def score(value: Any) -> str:
    """A risk score in [0, 1] with two decimals: 1 → "1.00"."""
    if _missing(value):
        return "—"
    return f"{float(value):.2f}"


def when(value: str | None) -> str:
    """Stored UTC ISO text → "2022-03-01 08:00 UTC"."""
    if _missing(value) or not value:
        return "—"
    return f"{value[:10]} {value[11:16]} UTC" if len(value) >= 16 else value


def columns(rows: Any) -> list[str]:
    """The keys of a list of records, in the order they first appear (a table's columns)."""
    seen: dict[str, None] = {}
    for row in rows:
        if isinstance(row, dict):
            seen.update(dict.fromkeys(row))
    return list(seen)


FILTERS = {
    "columns": columns,
    "num": num,
    "unit": unit,
    "qty": qty,
    "money": money,
    "kg": kg,
    "pct": pct,
    "when": when,
    "score": score,
}
