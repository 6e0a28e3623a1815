"""How numbers, quantities, money and times read on the pages (Jinja filters).

Numbers and dates follow the page's language through Babel (``1 234 567,8`` in Russian and
Kazakh, ``1,234,567.8`` in English); units are spelled the way an officer says them (UN/ECE
Rec 20 codes as stored become "pcs", "kg", ... in the page's language); times are shown in UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from babel.dates import format_date, format_time
from babel.numbers import format_decimal, format_percent
from jinja2 import Undefined

from tamga.wording.i18n import N_, gettext, locale

#: UN/ECE Recommendation 20 unit codes the ledger stores, as people write them
UNIT_NAMES = {
    "C62": N_("pcs"),
    "H87": N_("pcs"),
    "NAR": N_("items"),
    "KGM": N_("kg"),
    "TNE": N_("t"),
    "GRM": N_("g"),
    "LTR": N_("l"),
    "MTQ": N_("m³"),
    "MTK": N_("m²"),
    "MTR": N_("m"),
    "PR": N_("pairs"),
    "SET": N_("sets"),
    "KWH": N_("kWh"),
}


def _missing(value: Any) -> bool:
    return value is None or value == "" or isinstance(value, Undefined)


def num(value: Any, digits: int = 0) -> str:
    """1234567.8 → "1,234,568" (en) or "1 234 568" (ru, kk); ``None`` → an em dash."""
    if _missing(value):
        return "—"
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    return format_decimal(number, format=pattern, locale=locale())


def unit(code: str | None) -> str:
    if not code:
        return ""
    name = UNIT_NAMES.get(code)
    return gettext(name) if name else code


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
        return f"{num(number / 1000, 1)} {gettext('t')}"
    return f"{num(number, 1)} {gettext('kg')}"


def pct(value: Any, digits: int = 1) -> str:
    if _missing(value):
        return "—"
    loc = locale()
    pattern = str(loc.percent_formats[None].pattern)  # "#,##0%" (en), "#,##0 %" (ru, kk)
    if digits:
        pattern = pattern.replace("#,##0", "#,##0." + "0" * digits, 1)
    return format_percent(float(value), format=pattern, locale=loc)


def score(value: Any) -> str:
    """A risk score in [0, 1] with two decimals: 1 → "1.00" (en), "1,00" (ru, kk)."""
    if _missing(value):
        return "—"
    return format_decimal(float(value), format="0.00", locale=locale())


def _parse(value: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def when(value: str | None) -> str:
    """Stored UTC ISO text → the date and time in the page's language, "… UTC"."""
    if _missing(value) or not value:
        return "—"
    moment = _parse(value) if len(value) >= 16 else None
    if moment is None:
        return day(value)
    loc = locale()
    on, at = format_date(moment, "medium", locale=loc), format_time(moment, "HH:mm", locale=loc)
    return f"{on} {at} UTC"


def day(value: str | None) -> str:
    """An ISO date (or the date of a time) in the page's language."""
    if _missing(value) or not value:
        return "—"
    try:
        moment = datetime.fromisoformat(value[:10])
    except ValueError:
        return value
    return format_date(moment, "medium", locale=locale())


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
    "day": day,
    "score": score,
}
