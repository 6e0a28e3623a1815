"""Read a rates CSV: ``date,currency,rate`` (rate = units of the base per one unit of currency).

A file is taken whole or not at all: the first bad row stops the load with its file, line and
field, so a half-loaded table never converts some days and not others.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tamga.errors import InvalidInput

COLUMNS = ("date", "currency", "rate")


@dataclass(frozen=True, slots=True)
class RateRow:
    day: date
    currency: str
    rate: float


def _bad(path: Path, line: int, field: str, why: str) -> InvalidInput:
    return InvalidInput(why, record=f"{path.name} line {line}", field=field)


def read_rates(path: Path, base: str) -> list[RateRow]:
    """Every row of ``path``, checked; a row for ``base`` itself must be 1 (it is implied)."""
    base = base.upper()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"cannot read the rates file: {exc}", record=str(path)) from None
    reader = csv.reader(text.splitlines())
    header = next(reader, None)
    if header is None or [h.strip().lower() for h in header] != list(COLUMNS):
        raise _bad(path, 1, "header", f"the header must be {','.join(COLUMNS)}, got {header}")
    rows: list[RateRow] = []
    seen: dict[tuple[date, str], int] = {}
    for n, raw in enumerate(reader, start=2):
        if not raw or all(not c.strip() for c in raw):
            continue
        if len(raw) != len(COLUMNS):
            raise _bad(path, n, "row", f"expected 3 fields, got {len(raw)}")
        d, cur, r = (c.strip() for c in raw)
        try:
            day = date.fromisoformat(d)
        except ValueError:
            raise _bad(path, n, "date", f"not a date (YYYY-MM-DD): {d!r}") from None
        cur = cur.upper()
        if len(cur) != 3 or not cur.isalpha():
            raise _bad(path, n, "currency", f"not an ISO 4217 code: {cur!r}")
        try:
            rate = float(r)
        except ValueError:
            raise _bad(path, n, "rate", f"not a number: {r!r}") from None
        if not math.isfinite(rate) or rate <= 0:
            raise _bad(path, n, "rate", f"a rate must be above zero, got {r}")
        if cur == base and rate != 1.0:
            raise _bad(path, n, "rate", f"{base} is the base: its rate is 1, got {r}")
        key = (day, cur)
        if key in seen:
            raise _bad(path, n, "date", f"{cur} on {day} is already on line {seen[key]}")
        seen[key] = n
        rows.append(RateRow(day, cur, rate))
    return rows
