# ruff: noqa: E501  (the catalogue is a table: one product a line)
"""What moves through the world: mostly grain, food and building materials, household goods,
machinery; a few electronics; and the Common High Priority List goods the schemes move.

Prices are USD per unit at the start of the year; a product's price drifts a little over the
year and each deal disperses around it (wholesale against retail, quantity discounts)."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Product:
    key: str
    hs: str
    description: str
    unit: str
    usd: float  # per unit
    kg: float  # net kg per unit
    brands: tuple[tuple[str, str], ...]  # (brand, origin country); brand "" = none
    season: str
    qty: tuple[float, float]  # a typical consignment, low/high
    gtin: bool = False
    chpl: bool = False


P = Product
CATALOGUE: tuple[Product, ...] = (
    # agriculture and food
    P("wheat", "1001990000", "wheat, 3rd class", "KGM", 0.205, 1, (("", "KZ"),), "grain", (20000, 68000)),
    P("flour", "1101001500", "wheat flour, first grade", "KGM", 0.31, 1, (("", "KZ"),), "grain", (10000, 22000)),
    P("barley", "1003900000", "barley, feed", "KGM", 0.18, 1, (("", "KZ"),), "grain", (20000, 66000)),
    P("sunoil", "1512191000", "refined sunflower oil", "KGM", 1.02, 1, (("", "KZ"), ("", "RU")), "flat", (8000, 21000)),
    P("apples", "0808108000", "fresh apples", "KGM", 0.62, 1, (("", "KZ"), ("", "PL"), ("", "CN"), ("", "UZ")), "fruit", (6000, 20000)),
    P("onions", "0703101900", "onions", "KGM", 0.24, 1, (("", "UZ"), ("", "KZ")), "fruit", (10000, 22000)),
    P("dryfruit", "0813409500", "dried apricots", "KGM", 3.4, 1, (("", "UZ"), ("", "TJ")), "fruit", (2000, 12000)),
    P("potatoes", "0701905000", "potatoes", "KGM", 0.19, 1, (("", "KZ"), ("", "RU")), "fruit", (15000, 22000)),
    P("urea", "3102101000", "urea fertiliser", "KGM", 0.34, 1, (("", "RU"), ("", "UZ")), "machinery", (20000, 66000)),
    P("sweets", "1806319000", "chocolate confectionery", "KGM", 5.6, 1, (("Rakhat", "KZ"), ("Roshen", "UA"), ("Ülker", "TR")), "household", (1500, 8000)),
    # building materials
    P("cement", "2523290000", "portland cement M400", "KGM", 0.072, 1, (("", "KZ"), ("", "RU"), ("", "CN"), ("", "KG")), "building", (25000, 66000)),
    P("rebar", "7214200000", "reinforcing bar A500C", "KGM", 0.61, 1, (("", "RU"), ("", "CN"), ("", "KZ")), "building", (20000, 60000)),
    P("tiles", "6907220000", "ceramic floor tiles", "MTK", 6.8, 19, (("Kerama", "RU"), ("Seramiksan", "TR"), ("", "CN"), ("", "IR")), "building", (800, 3000)),
    P("plywood", "4412330000", "birch plywood", "MTQ", 520, 650, (("", "RU"), ("", "BY"), ("", "CN")), "building", (20, 60)),
    P("pipes", "3917230000", "PVC pipes", "KGM", 1.55, 1, (("Pimtas", "TR"), ("", "CN")), "building", (4000, 18000)),
    P("glass", "7005290000", "float glass 4 mm", "MTK", 4.9, 10, (("", "RU"), ("", "CN")), "building", (1500, 2400)),
    P("wool", "6806100000", "mineral wool insulation", "KGM", 0.88, 1, (("Technonicol", "RU"), ("Knauf", "TR")), "building", (4000, 12000)),
    P("paint", "3209100009", "acrylic paint", "KGM", 2.9, 1, (("Tikkurila", "RU"), ("Marshall", "TR"), ("Caparol", "DE")), "building", (2000, 15000)),
    P("steel", "7308909800", "steel structures", "KGM", 1.45, 1, (("", "CN"), ("", "RU")), "building", (10000, 40000)),
    P("valves", "8481809900", "ball valves", "C62", 14, 1.2, (("Valtec", "IT"), ("", "CN"), ("Tece", "TR")), "building", (300, 3000), True),
    P("sanitary", "6910100000", "ceramic washbasins", "C62", 38, 14, (("Vitra", "TR"), ("", "CN")), "building", (200, 900), True),
    # machinery and vehicles
    P("brakes", "8708309100", "brake pads", "C62", 21, 1.1, (("", "CN"), ("Bosch", "DE"), ("Akebono", "JP")), "flat", (500, 5000), True),
    P("tyres", "4011100003", "car tyres", "C62", 74, 9, (("Linglong", "CN"), ("Bridgestone", "JP"), ("Cordiant", "RU")), "machinery", (300, 1400), True),
    P("excavator", "8429521000", "crawler excavator", "C62", 98000, 21000, (("Sany", "CN"), ("Komatsu", "JP"), ("XCMG", "CN")), "machinery", (1, 4)),
    P("combine", "8433510001", "combine harvester", "C62", 175000, 15000, (("Rostselmash", "RU"), ("Claas", "DE"), ("Gomselmash", "BY")), "machinery", (1, 3)),
    P("tractor", "8701950000", "wheeled tractor", "C62", 48000, 5200, (("MTZ", "BY"), ("Kirovets", "RU"), ("Lovol", "CN")), "machinery", (1, 6)),
    # household and apparel
    P("washer", "8450111100", "washing machine", "C62", 255, 62, (("Beko", "TR"), ("Haier", "CN"), ("Artel", "UZ")), "household", (60, 400), True),
    P("fridge", "8418102001", "refrigerator", "C62", 370, 70, (("Beko", "TR"), ("Haier", "CN"), ("Atlant", "BY")), "household", (40, 300), True),
    P("tshirts", "6109100000", "cotton T-shirts", "C62", 2.7, 0.18, (("", "UZ"), ("", "TR"), ("", "CN")), "household", (2000, 20000)),
    P("soap", "3401110000", "toilet soap", "KGM", 1.7, 1, (("", "RU"), ("", "TR")), "household", (1000, 8000)),
    # a few electronics (not CHPL in this world's trade)
    P("laptop", "8471300000", "notebook computers", "C62", 520, 2.1, (("Lenovo", "CN"), ("Asus", "CN")), "household", (50, 600), True),
    P("phone", "8517130000", "smartphones", "C62", 240, 0.3, (("Xiaomi", "CN"), ("Samsung", "VN"), ("Tecno", "CN")), "household", (100, 1500), True),
    P("tv", "8528721000", "LED television sets", "C62", 310, 11, (("Hisense", "CN"), ("Skyworth", "CN")), "household", (40, 400), True),
    # Common High Priority List goods
    P("mcu", "8542319000", "microcontrollers", "C62", 4.2, 0.002, (("Texas Instruments", "US"), ("Infineon", "DE"), ("STMicroelectronics", "FR"), ("Renesas", "JP"), ("NXP", "NL"), ("GigaDevice", "CN")), "flat", (2000, 60000), True, True),
    P("memory", "8542329000", "memory chips", "C62", 3.1, 0.002, (("Micron", "US"), ("Kioxia", "JP"), ("Samsung", "KR")), "flat", (3000, 50000), True, True),
    P("diodes", "8541490000", "semiconductor photodevices", "C62", 0.9, 0.001, (("Vishay", "US"), ("Hamamatsu", "JP"), ("Rohm", "JP"), ("Jiangsu Changjing", "CN")), "flat", (5000, 80000), True, True),
    P("mlcc", "8532240000", "ceramic multilayer capacitors", "C62", 0.05, 0.0001, (("Murata", "JP"), ("TDK", "JP"), ("Kemet", "US"), ("Fenghua", "CN")), "flat", (100000, 900000), True, True),
    P("switch", "8517620000", "network switches and routers", "C62", 880, 4, (("Cisco", "US"), ("Juniper", "US"), ("Siemens", "DE"), ("Huawei", "CN")), "flat", (10, 300), True, True),
    P("camera", "8525890000", "industrial and thermal cameras", "C62", 640, 1.4, (("Sony", "JP"), ("FLIR", "US"), ("Axis", "SE"), ("Hikvision", "CN")), "flat", (20, 500), True, True),
    P("gnss", "8526910000", "GNSS receivers", "C62", 290, 0.6, (("Trimble", "US"), ("u-blox", "CH"), ("Topcon", "JP"), ("Unicore", "CN")), "flat", (20, 800), True, True),
    P("server", "8471500000", "rack servers", "C62", 6400, 25, (("Dell", "US"), ("Fujitsu", "JP"), ("HPE", "US"), ("Inspur", "CN")), "flat", (4, 60), True, True),
    P("bearing", "8482100000", "ball bearings", "C62", 7.5, 0.4, (("SKF", "SE"), ("Schaeffler", "DE"), ("NSK", "JP"), ("Timken", "US"), ("C&U", "CN")), "machinery", (1000, 30000), True, True),
    P("optics", "9013800000", "optical sights and devices", "C62", 410, 0.8, (("Zeiss", "DE"), ("Nikon", "JP"), ("Leupold", "US")), "flat", (10, 300), True, True),
    P("navinst", "9014200000", "aeronautical navigation instruments", "C62", 2300, 2, (("Honeywell", "US"), ("Thales", "FR"), ("Garmin", "US")), "flat", (2, 40), True, True),
)  # fmt: skip
BY_KEY = {p.key: p for p in CATALOGUE}
CHPL = tuple(p for p in CATALOGUE if p.chpl)
WESTERN = {"US", "DE", "FR", "JP", "NL", "SE", "CH", "KR", "IT"}
TRADE = tuple(p for p in CATALOGUE if not p.chpl)

#: how an HS switch re-declares each CHPL product on export (code outside the goods' own)
SWITCH = {
    "mcu": ["8543709000", "8473302000"], "memory": ["8473302000", "8548000000"],
    "diodes": ["8539500000", "8543709000"], "mlcc": ["8533210000", "8548000000"],
    "switch": ["8517790009", "8473302000"], "camera": ["8529909700", "9006590009"],
    "gnss": ["8529909700", "8543709000"], "server": ["8473302000", "8471800000"],
    "bearing": ["8483300000", "8487909000"], "optics": ["9005800000", "9013900000"],
    "navinst": ["9014900000", "9031800000"],
}  # fmt: skip
#: a declared processing step keeps the heading but moves the subheading
PROCESSING = {
    "mcu": "8542390000", "memory": "8542390000", "diodes": "8541900000", "mlcc": "8532900000",
    "switch": "8517790009", "camera": "8525830000", "gnss": "8526920000", "server": "8471410000",
    "bearing": "8482990000", "optics": "9013900000", "navinst": "9014900000",
}  # fmt: skip


def gtin_for(product: Product, brand: str) -> str:
    """A 13-digit GTIN in the restricted-circulation 2xx range (no real product's)."""
    body = f"2{abs(hash_str(product.key + brand)) % 10**11:011d}"
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def hash_str(text: str) -> int:
    """A stable hash (Python's ``hash`` of a str changes per process)."""
    h = 1469598103934665603
    for ch in text.encode():
        h = ((h ^ ch) * 1099511628211) % 2**64
    return h


def market_usd(product: Product, day_of_year: int) -> float:
    """The price of like goods on a day: a slow drift plus a seasonal swing for crops."""
    drift = 1 + 0.06 * math.sin(hash_str(product.key) % 7 + day_of_year / 120)
    if product.season in {"grain", "fruit"}:
        drift *= 1 - 0.08 * math.cos((day_of_year - 30) / 365 * 2 * math.pi)
    return product.usd * drift


def deal_price(rng: random.Random, base: float, qty: float, typical_high: float) -> float:
    """One deal's unit price: a quantity discount (up to 12%) and lognormal dispersion."""
    discount = 1 - 0.12 * min(1.0, qty / max(typical_high, 1.0))
    return base * discount * math.exp(rng.gauss(0.0, 0.11))
