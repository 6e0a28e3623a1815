"""The simulated world's exchange rates: KZT per unit of each currency, on working days.

Rates wander as a seeded random walk around plausible levels (with the tenge's weakening of
March 2022), from their own random stream so the ledger is the same with or without them. The
ledger's values are in US dollars; the other currencies are there so a rates table has what a
national bank publishes.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

#: starting level (KZT per unit) and daily volatility of each currency's walk
LEVELS = {"USD": (420.0, 0.004), "EUR": (510.0, 0.005), "RUB": (5.7, 0.008), "CNY": (65.0, 0.004)}
SHOCK = date(2022, 3, 1)  # the tenge lost about a tenth against the dollar in early March 2022


def rate_rows(seed: int, start: date, end: date) -> Iterator[tuple[date, str, float]]:
    rng = random.Random(f"rates-{seed}")
    level = {c: math.log(v) for c, (v, _s) in LEVELS.items()}
    day = start
    while day <= end + timedelta(days=60):  # flows may finish early next year
        if day.weekday() < 5:
            for cur, (_v, vol) in LEVELS.items():
                level[cur] += rng.gauss(0.0, vol)
                yield day, cur, round(math.exp(level[cur] + _shock(day, cur)), 4)
        day += timedelta(days=1)


def _shock(day: date, cur: str) -> float:
    if cur == "RUB" or day < SHOCK:
        return 0.0
    return math.log(1.1) * min(1.0, (day - SHOCK).days / 10)


def write_rates(path: Path, seed: int, start: date, end: date) -> int:
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        fh.write("date,currency,rate\n")
        for day, cur, rate in rate_rows(seed, start, end):
            fh.write(f"{day.isoformat()},{cur},{rate}\n")
            n += 1
    return n
