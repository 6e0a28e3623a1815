"""Exchange rates: KZT per one unit of each currency, one row per calendar day, moving.

A random walk per currency around 2024-like levels (the tenge weakens in the autumn), the
same rates every flow converts its values with, so like goods compare across currencies.
"""

from __future__ import annotations

import csv
import math
import random
from datetime import date, timedelta
from pathlib import Path

from benchmarks.worlds.third.dates import END, START

#: currency: (KZT per unit on 1 January, daily volatility, yearly drift)
LEVELS: dict[str, tuple[float, float, float]] = {
    "USD": (455.0, 0.0045, 0.09),
    "EUR": (502.0, 0.0050, 0.06),
    "CNY": (64.0, 0.0042, 0.07),
    "RUB": (5.05, 0.0090, -0.02),
    "KGS": (5.10, 0.0040, 0.08),
    "UZS": (0.0368, 0.0040, 0.04),
    "TRY": (15.4, 0.0060, -0.12),
    "JPY": (3.22, 0.0055, 0.02),
    "BYN": (141.0, 0.0050, 0.05),
    "AED": (123.9, 0.0045, 0.09),
}


class Rates:
    def __init__(self, seed: int) -> None:
        rng = random.Random(f"rates-{seed}")
        self.table: dict[str, dict[date, float]] = {}
        days = (END - START).days + 15
        for cur, (level, vol, drift) in LEVELS.items():
            x = math.log(level)
            series: dict[date, float] = {}
            for i in range(-7, days):
                # drift concentrated in the autumn, as in 2024
                step = drift / 365 * (2.2 if 240 <= i <= 330 else 0.6)
                x += step + rng.gauss(0.0, vol)
                series[START + timedelta(days=i)] = round(math.exp(x), 6 if level < 1 else 4)
            self.table[cur] = series

    def kzt(self, currency: str, on: date) -> float:
        if currency == "KZT":
            return 1.0
        return self.table[currency][on]

    def convert(self, amount_usd: float, currency: str, on: date) -> float:
        return amount_usd * self.kzt("USD", on) / self.kzt(currency, on)

    def write(self, path: Path) -> None:
        with path.open("w", newline="", encoding="utf-8") as fh:
            out = csv.writer(fh)
            out.writerow(["date", "currency", "rate"])
            for cur, series in self.table.items():
                for day, rate in series.items():
                    out.writerow([day.isoformat(), cur, rate])
