"""Exchange rates as the National Bank of Kazakhstan publishes them: KZT per one unit, per day.

Each currency follows a path anchored on the period's real trend (the tenge weakening from about
450 to about 520 per dollar over 2024, easing in early 2025), with seeded day-to-day noise.
"""

from __future__ import annotations

import math
import random
from datetime import date, timedelta

# KZT per unit at the start and end of the period, and daily volatility
_ANCHORS: dict[str, tuple[float, float, float]] = {
    "USD": (449.0, 503.0, 0.0035),
    "EUR": (487.0, 523.0, 0.004),
    "RUB": (4.90, 5.65, 0.008),
    "CNY": (62.3, 69.0, 0.0035),
    "TRY": (14.1, 13.8, 0.005),
    "AED": (449.0 / 3.6725, 503.0 / 3.6725, 0.0),  # pegged to the dollar
    "KGS": (5.02, 5.75, 0.004),
    "UZS": (0.0357, 0.0388, 0.004),
    "GBP": (569.0, 631.0, 0.004),
    "JPY": (3.01, 3.30, 0.006),
    "KRW": (0.337, 0.345, 0.005),
    "AMD": (1.12, 1.27, 0.004),
    "CHF": (508.0, 556.0, 0.004),
    "BYN": (137.5, 153.5, 0.004),
    "INR": (5.42, 5.80, 0.004),
}
CURRENCIES = ("KZT", *_ANCHORS)

# the dollar's shape over the year (fractions of the start-to-end move, by month from March)
_USD_SHAPE = [0.0, -0.05, 0.0, 0.35, 0.55, 0.55, 0.55, 0.65, 0.9, 1.25, 1.35, 1.0]


#: Kazakhstan's public holidays in the period (with the days off moved from weekends)
HOLIDAYS = frozenset(
    date.fromisoformat(d)
    for d in (
        "2024-03-08",
        "2024-03-21",
        "2024-03-22",
        "2024-03-25",
        "2024-05-01",
        "2024-05-07",
        "2024-05-09",
        "2024-07-08",
        "2024-08-30",
        "2024-10-25",
        "2024-12-16",
        "2025-01-01",
        "2025-01-02",
        "2025-01-07",
        "2025-03-10",
        "2025-03-21",
        "2025-03-24",
        "2025-03-25",
        "2025-05-01",
        "2025-05-07",
        "2025-05-09",
        "2025-07-07",
        "2025-09-01",
    )
)


def is_business_day(d: date) -> bool:
    return d.weekday() < 5 and d not in HOLIDAYS


def business_days(start: date, end: date) -> list[date]:
    """Days the National Bank sets a rate (the last one applies on weekends and holidays)."""
    out, d = [], start
    while d <= end:
        if is_business_day(d):
            out.append(d)
        d += timedelta(days=1)
    return out


class Rates:
    def __init__(self, rng: random.Random, start: date, end: date) -> None:
        self.days = business_days(start - timedelta(days=7), end + timedelta(days=3))
        self.table: dict[str, dict[date, float]] = {}
        usd: list[float] = []
        for cur, (a, b, vol) in _ANCHORS.items():
            walk, series = 0.0, []
            for i, d in enumerate(self.days):
                frac = _shape(start, d) if cur != "TRY" else (d - start).days / 365
                trend = a * (b / a) ** frac
                walk = 0.97 * walk + rng.gauss(0, vol)
                if cur == "AED":
                    val = usd[i] / 3.6725
                elif cur == "USD":
                    val = trend * math.exp(walk)
                else:
                    # crosses move with the dollar plus their own noise
                    val = trend * math.exp(walk) * (usd[i] / _usd_trend(start, d)) ** 0.5
                series.append(val)
                if cur == "USD":
                    usd.append(val)
            self.table[cur] = {d: _round(v) for d, v in zip(self.days, series, strict=True)}

    def rate(self, currency: str, on: date) -> float:
        """KZT per one unit on a day: the last rate published on or before it."""
        if currency == "KZT":
            return 1.0
        col = self.table[currency]
        d = on
        while d not in col:
            d -= timedelta(days=1)
        return col[d]

    def convert(self, usd: float, currency: str, on: date) -> float:
        return usd * self.rate("USD", on) / self.rate(currency, on)

    def rows(self, until: date) -> list[tuple[str, str, float]]:
        """The published rates, day by day, up to a date (the world's last event)."""
        return [
            (d.isoformat(), cur, self.table[cur][d])
            for d in self.days
            if d <= until
            for cur in self.table
        ]


def _shape(start: date, d: date) -> float:
    """The dollar's shape on a day: the monthly points joined by straight lines."""
    x = min(11.0, max(0.0, (d - start).days / 30.44))
    i = min(10, int(x))
    return _USD_SHAPE[i] + (_USD_SHAPE[i + 1] - _USD_SHAPE[i]) * (x - i)


def _usd_trend(start: date, d: date) -> float:
    a, b, _ = _ANCHORS["USD"]
    return a * (b / a) ** _shape(start, d)


def _round(v: float) -> float:
    if v >= 10:
        return round(v, 2)
    digits = 4 - math.floor(math.log10(v))
    return round(v, digits)
