"""The rates table in memory and the conversion the rules state in their evidence.

A value is converted at the rate of its date: the latest rate on or before it, no older than
``max_age_days`` (banks publish on working days; a weekend uses Friday's). A currency with no
such rate is not converted, and whoever compares says so rather than guessing.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from tamga.rates.parsing import RateRow

#: a rate older than this (days) is stale: banks publish on working days, so a weekend or a
#: holiday run uses the last published rate, but not a month-old one
MAX_AGE_DAYS = 10


@dataclass(frozen=True, slots=True)
class Conversion:
    """A value as compared: ``value`` in ``currency`` (None: it could not be converted)."""

    value: float | None
    currency: str
    declared: float
    declared_currency: str
    rate: float | None = None
    rate_date: str | None = None
    source: str = "table"  # table | configured | same | none

    @property
    def converted(self) -> bool:
        return self.value is not None

    def text(self) -> str:
        """ "168,000,000 KZT = 331,000 USD at 507.4 on 2024-05-14" (or why it was not)."""
        d = f"{self.declared:,.0f} {self.declared_currency}"
        if self.value is None:
            return f"{d}: no rate for {self.declared_currency}, not compared with other currencies"
        if self.source == "same":
            return d
        at = f"at {self.rate:,.6g}"
        when = f" on {self.rate_date}" if self.rate_date else " (configured approximate rate)"
        return f"{d} = {self.value:,.0f} {self.currency} {at}{when}"

    def evidence(self) -> dict[str, object]:
        return {
            "declared": self.declared,
            "declared_currency": self.declared_currency,
            "compared": None if self.value is None else round(self.value, 2),
            "compared_in": self.currency if self.value is not None else self.declared_currency,
            "rate": self.rate,
            "rate_date": self.rate_date,
            "conversion": self.text(),
        }


class RatesTable:
    """Rates against ``base``: per currency, its days in order and the rate of each."""

    def __init__(self, base: str, rows: Iterable[RateRow] = ()) -> None:
        self.base = base.upper()
        days: dict[str, dict[int, float]] = {}
        for row in rows:
            days.setdefault(row.currency, {})[row.day.toordinal()] = row.rate
        self._days = {c: sorted(d) for c, d in days.items()}
        self._rates = {c: [d[k] for k in self._days[c]] for c, d in days.items()}
        self._memo: dict[tuple[str, int], tuple[float, int] | None] = {}

    def __len__(self) -> int:
        return sum(len(v) for v in self._days.values())

    @property
    def currencies(self) -> list[str]:
        return sorted(self._days)

    def rate(
        self, currency: str, on: date, max_age_days: int = MAX_AGE_DAYS
    ) -> tuple[float, date] | None:
        """Units of the base per unit of ``currency`` on ``on`` (the latest rate on or before
        it, at most ``max_age_days`` old), and the date of that rate."""
        day = on.toordinal()
        found = self._rate(currency.upper(), day)
        if found is None or day - found[1] > max_age_days:
            return None
        return found[0], date.fromordinal(found[1])

    def _rate(self, currency: str, day: int) -> tuple[float, int] | None:
        if currency == self.base:
            return (1.0, day)
        key = (currency, day)
        if key in self._memo:
            return self._memo[key]
        days = self._days.get(currency)
        hit: tuple[float, int] | None = None
        if days:
            i = bisect_right(days, day) - 1
            if i >= 0:
                hit = (self._rates[currency][i], days[i])
        if len(self._memo) > 100_000:
            self._memo.clear()
        self._memo[key] = hit
        return hit

    def cross(
        self, currency: str, to: str, on: date, max_age_days: int = MAX_AGE_DAYS
    ) -> tuple[float, date] | None:
        """Units of ``to`` per unit of ``currency`` on ``on`` (through the base), and the date
        of the older of the two rates."""
        day = on.toordinal()
        a, b = self._rate(currency.upper(), day), self._rate(to.upper(), day)
        if a is None or b is None:
            return None
        older = min(a[1], b[1])
        if day - older > max_age_days:
            return None
        return a[0] / b[0], date.fromordinal(older)


def convert(
    value: float,
    currency: str | None,
    to: str,
    on: date,
    table: RatesTable | None,
    fallback: Mapping[str, float] | None = None,
    max_age_days: int = MAX_AGE_DAYS,
) -> Conversion:
    """``value`` in ``currency`` as ``to``: at the table's rate of ``on``; where no table is
    loaded at all, at a configured approximate rate (units of ``to`` per unit); else not."""
    cur = (currency or to).upper()
    to = to.upper()
    if cur == to:
        return Conversion(value, to, value, cur, 1.0, None, "same")
    if table is not None and len(table):
        found = table.cross(cur, to, on, max_age_days)
        if found is None:
            return Conversion(None, to, value, cur, None, None, "none")
        rate, when = found
        # quoted as the table states it: units of the base per unit of the foreign currency
        quoted = 1.0 / rate if cur == table.base else rate
        return Conversion(value * rate, to, value, cur, round(quoted, 6), when.isoformat())
    if fallback and cur in fallback and to in fallback:
        rate = fallback[cur] / fallback[to]
        return Conversion(value * rate, to, value, cur, round(rate, 6), None, "configured")
    return Conversion(None, to, value, cur, None, None, "none")
