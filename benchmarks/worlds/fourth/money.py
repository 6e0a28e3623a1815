"""Moving exchange rates: tenge per unit of each foreign currency, every calendar day.

The dollar's tenge rate is a walk of its own; every other currency is a walk of its dollar
cross, so crosses stay consistent (a euro in tenge is the euro's dollars times the dollar's
tenge). Levels start near early-2025 markets; drifts and volatilities differ per currency
(the lira slides, the rouble swings).
"""

from __future__ import annotations

import math
import random
from datetime import date, timedelta

#: currency -> (units of USD per one unit at the start, yearly drift, daily volatility)
CROSSES: dict[str, tuple[float, float, float]] = {
    "USD": (1.0, 0.0, 0.0),
    "EUR": (1.035, 0.07, 0.0045),
    "CNY": (0.137, 0.01, 0.0018),
    "RUB": (0.0098, 0.12, 0.011),
    "TRY": (0.0283, -0.22, 0.0035),
    "AED": (0.2723, 0.0, 0.0001),
    "GBP": (1.25, 0.05, 0.004),
    "JPY": (0.0064, 0.04, 0.005),
    "KRW": (0.00068, 0.02, 0.004),
    "CHF": (1.10, 0.06, 0.004),
    "UZS": (0.0000775, -0.04, 0.0015),
    "KGS": (0.01145, 0.0, 0.0008),
    "BYN": (0.305, -0.02, 0.003),
    "AZN": (0.588, 0.0, 0.0002),
}

USD_KZT_START = 525.0


def rate_table(seed: int, first: date, last: date) -> dict[date, dict[str, float]]:
    """KZT per unit of each currency in ``CROSSES`` for every day from ``first`` to ``last``."""
    rng = random.Random(f"{seed}:rates")
    usd = USD_KZT_START * math.exp(rng.gauss(0, 0.02))
    crosses = {c: v[0] * math.exp(rng.gauss(0, 0.01)) for c, v in CROSSES.items()}
    crosses["USD"] = 1.0
    table: dict[date, dict[str, float]] = {}
    day = first
    # the tenge: weak in spring, firmer in summer, a slow slide otherwise
    while day <= last:
        season = 0.0004 * math.sin((day.toordinal() % 365) / 365 * 2 * math.pi)
        usd *= math.exp(rng.gauss(0.00008 + season, 0.0042))
        row = {}
        for cur, (_, drift, vol) in CROSSES.items():
            if cur != "USD":
                crosses[cur] *= math.exp(drift / 365 + rng.gauss(0, vol))
            row[cur] = round(usd * crosses[cur], 6 if usd * crosses[cur] < 1 else 4)
        table[day] = row
        day += timedelta(days=1)
    return table


#: which currencies an invoice from a country is written in, with weights
INVOICE_CURRENCIES: dict[str, tuple[tuple[str, float], ...]] = {
    "CN": (("CNY", 0.45), ("USD", 0.55)),
    "HK": (("USD", 0.8), ("CNY", 0.2)),
    "AE": (("AED", 0.35), ("USD", 0.65)),
    "TR": (("TRY", 0.25), ("EUR", 0.35), ("USD", 0.4)),
    "DE": (("EUR", 1.0),),
    "NL": (("EUR", 1.0),),
    "FR": (("EUR", 1.0),),
    "IT": (("EUR", 1.0),),
    "PL": (("EUR", 0.7), ("USD", 0.3)),
    "LT": (("EUR", 1.0),),
    "SE": (("EUR", 0.8), ("USD", 0.2)),
    "FI": (("EUR", 1.0),),
    "AT": (("EUR", 1.0),),
    "BE": (("EUR", 1.0),),
    "CZ": (("EUR", 1.0),),
    "ES": (("EUR", 1.0),),
    "GB": (("GBP", 0.6), ("USD", 0.4)),
    "US": (("USD", 1.0),),
    "CH": (("CHF", 0.5), ("EUR", 0.5)),
    "JP": (("JPY", 0.4), ("USD", 0.6)),
    "KR": (("KRW", 0.3), ("USD", 0.7)),
    "RU": (("RUB", 0.85), ("USD", 0.15)),
    "BY": (("RUB", 0.6), ("BYN", 0.2), ("USD", 0.2)),
    "UZ": (("USD", 0.7), ("UZS", 0.3)),
    "KG": (("USD", 0.5), ("KGS", 0.3), ("RUB", 0.2)),
    "AM": (("USD", 0.7), ("RUB", 0.3)),
    "GE": (("USD", 0.6), ("EUR", 0.4)),
    "AZ": (("USD", 0.6), ("AZN", 0.4)),
    "IN": (("USD", 1.0),),
    "TM": (("USD", 1.0),),
    "MN": (("USD", 1.0),),
    "IR": (("USD", 0.5), ("EUR", 0.5)),
    "TJ": (("USD", 1.0),),
    "AF": (("USD", 1.0),),
    "VN": (("USD", 1.0),),
    "TW": (("USD", 1.0),),
}


def pick_currency(rng: random.Random, country: str) -> str:
    choices = INVOICE_CURRENCIES.get(country, (("USD", 1.0),))
    return rng.choices([c for c, _ in choices], [w for _, w in choices])[0]
