"""Trade periods, written many ways, read as (year, month); month 0 means the whole year.

Periods are kept as two integers rather than dates so that every Ibis backend does the same
arithmetic on them (a month index ``year*12 + month - 1``), with no time-zone or interval quirks.
"""

from __future__ import annotations

import re

from tamga.errors import InvalidInput

_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "janv"),
            ("feb", "fev", "févr", "fevr"),
            ("mar", "mars"),
            ("apr", "avr"),
            ("may", "mai"),
            ("jun", "juin"),
            ("jul", "juil"),
            ("aug", "aout", "août"),
            ("sep", "sept"),
            ("oct",),
            ("nov",),
            ("dec", "déc"),
        ],
        start=1,
    )
    for m in names
}

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # Eurostat annual: "Jan.-Dec. 2019", "201952-Jan.-Dec. 2021"
    (re.compile(r"^(?:\d{6}-)?jan\.?-d[ée]c\.?\s*(\d{4})$"), "year"),
    # Eurostat monthly: "Aug. 2024", "202408-Aug. 2024"
    (re.compile(r"^(?:\d{6}-)?([a-zéû]{3,5})\.?\s+(\d{4})$"), "name-year"),
    # national extracts: "Y2019"; plain year
    (re.compile(r"^y?(\d{4})$"), "year"),
    # 202408, 2024-08, 2024/08, 2024M08, 2024-M08, 2024-08-01, 2024-08-01T10:00:00Z
    (re.compile(r"^(\d{4})[-/]?m?(\d{2})(?:[-/]\d{2}(?:[t ].*)?)?$"), "year-month"),
    # Eurostat annual code inside a period column: "201952"
    (re.compile(r"^(\d{4})52$"), "year"),
)


def parse_period(text: str | int) -> tuple[int, int]:
    """``(year, month)`` for a period label; month is 0 for a whole year."""
    raw = str(text).strip().lower()
    for pattern, kind in _PATTERNS:
        m = pattern.match(raw)
        if not m:
            continue
        if kind == "year":
            return int(m.group(1)), 0
        if kind == "name-year":
            month = _MONTHS.get(m.group(1).rstrip("."))
            if month is None:
                break
            return int(m.group(2)), month
        year, month = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12:
            return year, month
        if month == 52:  # Eurostat code for the whole year
            return year, 0
        break
    raise InvalidInput(f"unrecognised period {text!r}", field="period")


def period_label(year: int, month: int) -> str:
    return f"{year:04d}" if month == 0 else f"{year:04d}-{month:02d}"
