"""How real firms trade: currencies, routes in and out, typical quantities, fair prices."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from worlds import geography, products
from worlds.geography import Office
from worlds.world import World

# currency a firm in a country invoices in: (currency, weight)
INVOICE_CURRENCY: dict[str, list[tuple[str, float]]] = {
    "CN": [("CNY", 45), ("USD", 55)],
    "TR": [("USD", 55), ("EUR", 30), ("TRY", 15)],
    "AE": [("USD", 70), ("AED", 30)],
    "DE": [("EUR", 90), ("USD", 10)],
    "US": [("USD", 100)],
    "JP": [("JPY", 50), ("USD", 50)],
    "KR": [("USD", 70), ("KRW", 30)],
    "RU": [("RUB", 85), ("USD", 5), ("KZT", 10)],
    "KG": [("KGS", 30), ("USD", 40), ("KZT", 30)],
    "UZ": [("UZS", 20), ("USD", 50), ("KZT", 30)],
    "AM": [("USD", 60), ("AMD", 20), ("RUB", 20)],
    "GB": [("GBP", 70), ("USD", 30)],
    "IT": [("EUR", 100)],
    "PL": [("EUR", 80), ("USD", 20)],
    "BY": [("RUB", 50), ("BYN", 30), ("USD", 20)],
    "CH": [("CHF", 60), ("EUR", 40)],
    "IN": [("USD", 80), ("INR", 20)],
    "LK": [("USD", 100)],
    "KE": [("USD", 100)],
    "EG": [("USD", 100)],
    "FR": [("EUR", 100)],
    "TJ": [("USD", 60), ("KZT", 40)],
    "AF": [("USD", 100)],
}

# typical declared quantity per line (log-uniform between lo and hi)
QTY: dict[str, tuple[float, float]] = {
    "8542310000": (500, 60000),
    "8542329000": (500, 40000),
    "8542390009": (500, 50000),
    "8526912000": (20, 2000),
    "8525890000": (5, 600),
    "8482100009": (100, 8000),
    "8482200009": (50, 3000),
    "8482500009": (20, 1500),
    "8517620009": (10, 1200),
    "8471500000": (2, 60),
    "8532240000": (20000, 2_000_000),
    "8541290000": (1000, 80000),
    "8541100009": (5000, 200000),
    "6109100000": (500, 12000),
    "6204620000": (300, 6000),
    "6403999800": (200, 4000),
    "0902300000": (1500, 20000),
    "1806903100": (1000, 18000),
    "3304990000": (200, 5000),
    "3402209000": (3000, 20000),
    "6907210000": (300, 1100),
    "9403600009": (20, 400),
    "8418102001": (30, 280),
    "8516500000": (100, 1500),
    "4011100003": (200, 1800),
    "0805102200": (10000, 20000),
    "0813400000": (3000, 20000),
    "8703231981": (4, 9),
    "8708999709": (500, 15000),
    "8471300000": (50, 2500),
    "8517130000": (100, 5000),
    "7208399000": (20000, 120000),
    "7306309000": (10000, 100000),
    "5208520000": (2000, 18000),
    "3901109000": (18000, 60000),
    "3923210000": (2000, 20000),
    "1001990000": (60000, 1_500_000),
    "1101001100": (20000, 400000),
    "7403110000": (20000, 250000),
    "7202210000": (20000, 200000),
    "8482990000": (200, 5000),
}

ENTRY: dict[str, list[tuple[str, float]]] = {
    "CN": [("Khorgos", 60), ("Dostyk", 40)],
    "UZ": [("Zhibek Zholy", 100)],
    "KG": [("Kordai border", 100)],
    "RU": [("Zhaisan", 30), ("Kairak", 30), ("Zhelezinka border", 20), ("Kurmangazy", 20)],
}
# goods from Europe, Turkey, the Gulf and overseas come by road through Russia, or by air
OVERLAND_VIA_RU = {"DE", "IT", "PL", "GB", "FR", "TR", "CH", "BY"}
BY_AIR = {"US", "JP", "KR", "AE", "IN", "LK", "KE", "EG", "AM", "TW", "MY", "VN"}
# heavy goods from there: by sea to China and by road through Khorgos or Dostyk, or across
# the Caspian to Aktau
BY_SEA_VIA_CN = {"US", "JP", "KR", "TW", "MY", "VN"}
BY_CASPIAN = {"AE", "IN", "LK", "KE", "EG", "AM"}

INLAND_FOR_ENTRY = {
    "Khorgos": ["Almaty", "Almaty", "Almaty", "Astana", "Shymkent", "Karaganda", "Taldykorgan"],
    "Dostyk": ["Semey", "Ust-Kamenogorsk", "Pavlodar", "Astana", "Almaty"],
    "Zhibek Zholy": ["Shymkent", "Almaty", "Taraz"],
    "Kordai border": ["Almaty", "Taraz"],
    "Zhaisan": ["Aktobe", "Uralsk", "Atyrau", "Kyzylorda"],
    "Kairak": ["Petropavl", "Astana", "Kostanay"],
    "Zhelezinka border": ["Pavlodar", "Astana", "Karaganda"],
    "Kurmangazy": ["Atyrau", "Aktobe"],
    "Aktau port": ["Aktau", "Aktau", "Atyrau", "Aktobe", "Shymkent", "Almaty"],
}
CITY_OFFICE = {o.town: o for o in reversed(geography.OFFICES) if o.kind == "inland"}
CITY_OFFICE["Almaty"] = geography.office("75101100")


def wpick(w: World, items: Sequence[tuple[str, float]]) -> str:
    return w.rng.choices([i for i, _ in items], [x for _, x in items])[0]


def currency_for(w: World, country: str) -> str:
    return wpick(w, INVOICE_CURRENCY.get(country, [("USD", 100)]))


def quantity(w: World, hs: str, scale: float = 1.0) -> float:
    lo, hi = QTY.get(hs, (10, 1000))
    return math.exp(w.rng.uniform(math.log(lo), math.log(hi))) * scale


def home_office(w: World, city: str) -> Office:
    return CITY_OFFICE.get(city, geography.office("75101100"))


def exit_post(w: World, country: str, city: str) -> Office:
    """The border post a firm in a city would export through to a country."""
    posts: dict[str, list[str]] = {
        "CN": ["Khorgos", "Dostyk"],
        "UZ": ["Zhibek Zholy"],
        "TJ": ["Zhibek Zholy"],
        "AF": ["Zhibek Zholy"],
        "KG": ["Kordai border"],
        "RU": ["Zhaisan", "Kairak", "Zhelezinka border", "Kurmangazy"],
        "BY": ["Zhaisan", "Kairak", "Zhelezinka border"],
    }
    names = posts.get(country, ["Khorgos"])
    if len(names) == 1:
        return geography.office(names[0])
    start = city if city in geography.TOWNS else "Almaty"
    best = min(names, key=lambda n: geography.route(start, n).length_km * w.rng.uniform(0.8, 1.25))
    return geography.office(best)


def fair_usd(w: World, m: products.Model, t: datetime) -> float:
    from worlds.world import START

    return products.price_usd(w.rng, m, (t.date() - START).days)


def foreign_party(w: World, country: str) -> Any:
    return w.rng.choice(w.foreign[country])
