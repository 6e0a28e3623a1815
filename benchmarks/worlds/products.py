"""Goods of the second world: HS codes, invented brands, product lines with their own prices.

Inside one HS code there are several brands, each with one to three lines (budget, standard,
premium) and a few models (GTINs) per line, so unit values are multi-modal and a fair price is
the price of the same model at the same time, not of the HS code. Brands are invented; GTINs are
in the 2xx restricted-circulation range, so none is a real product's.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

# (hs10, description, unit, (kg per unit lo, hi), controlled)
# controlled: on the EU/US/UK/JP Common High Priority List (by HS-6)
_CODES = [
    ("8542310000", "integrated circuits: processors and controllers", "C62", (0.001, 0.02), True),
    ("8542329000", "integrated circuits: memories", "C62", (0.001, 0.01), True),
    ("8542390009", "integrated circuits, other", "C62", (0.001, 0.015), True),
    ("8526912000", "GNSS navigation receivers", "C62", (0.05, 0.6), True),
    ("8525890000", "digital and thermal imaging cameras", "C62", (0.2, 2.5), True),
    ("8482100009", "ball bearings", "C62", (0.05, 3.0), True),
    ("8482200009", "tapered roller bearings", "C62", (0.3, 6.0), True),
    ("8482500009", "cylindrical roller bearings", "C62", (0.2, 8.0), True),
    ("8517620009", "routers and switches", "C62", (0.4, 6.0), True),
    ("8471500000", "servers and processing units", "C62", (12.0, 32.0), True),
    ("8532240000", "multilayer ceramic capacitors", "C62", (0.0001, 0.001), True),
    ("8541290000", "power transistors", "C62", (0.001, 0.02), True),
    ("8541100009", "diodes", "C62", (0.0005, 0.005), True),
    ("6109100000", "cotton T-shirts", "C62", (0.15, 0.28), False),
    ("6204620000", "women's cotton trousers", "C62", (0.35, 0.6), False),
    ("6403999800", "leather footwear", "NPR", (0.8, 1.5), False),
    ("0902300000", "black tea", "KGM", (1.0, 1.0), False),
    ("1806903100", "chocolate confectionery", "KGM", (1.0, 1.0), False),
    ("3304990000", "cosmetics and skin care", "KGM", (1.0, 1.0), False),
    ("3402209000", "washing preparations", "KGM", (1.0, 1.0), False),
    ("6907210000", "ceramic floor tiles", "MTK", (17.0, 23.0), False),
    ("9403600009", "wooden furniture", "C62", (18.0, 70.0), False),
    ("8418102001", "household refrigerators", "C62", (50.0, 85.0), False),
    ("8516500000", "microwave ovens", "C62", (10.0, 16.0), False),
    ("4011100003", "car tyres", "C62", (7.0, 13.0), False),
    ("0805102200", "oranges", "KGM", (1.0, 1.0), False),
    ("0813400000", "dried fruit", "KGM", (1.0, 1.0), False),
    ("8703231981", "passenger cars, petrol 1500-3000 cc", "C62", (1300.0, 1750.0), False),
    ("8708999709", "vehicle parts", "KGM", (1.0, 1.0), False),
    ("8471300000", "laptops", "C62", (1.2, 2.6), False),
    ("8517130000", "smartphones", "C62", (0.15, 0.25), False),
    ("7208399000", "hot-rolled steel coils", "KGM", (1.0, 1.0), False),
    ("7306309000", "welded steel pipes", "KGM", (1.0, 1.0), False),
    ("5208520000", "printed cotton fabric", "KGM", (1.0, 1.0), False),
    ("3901109000", "polyethylene granules", "KGM", (1.0, 1.0), False),
    ("3923210000", "polyethylene bags", "KGM", (1.0, 1.0), False),
    ("1001990000", "wheat", "KGM", (1.0, 1.0), False),
    ("1101001100", "wheat flour", "KGM", (1.0, 1.0), False),
    ("7403110000", "refined copper cathodes", "KGM", (1.0, 1.0), False),
    ("7202210000", "ferrosilicon", "KGM", (1.0, 1.0), False),
    ("8482990000", "parts of bearings", "KGM", (1.0, 1.0), False),
]

# brands per HS code: (brand, origin, [(line, usd median per unit, spread)])
_BRANDS: dict[str, list[tuple[str, str, list[tuple[str, float]]]]] = {
    "8542310000": [
        ("Veltrix", "US", [("VX8 MCU", 2.1), ("VX32 MCU", 6.5), ("Vortex FPGA", 180)]),
        ("Nordhalm Semi", "DE", [("NH-Auto MCU", 4.8), ("NH-Safe", 22)]),
        ("Kaisei Micro", "JP", [("KM-R", 3.9), ("KM-H", 35)]),
        ("Shenxin Micro", "CN", [("SX-C", 0.6), ("SX-Plus", 1.9)]),
    ],
    "8542329000": [
        ("Veltrix", "US", [("VX-DRAM", 3.2), ("VX-NAND", 9)]),
        ("Hanul Chip", "KR", [("HC-DDR4", 2.6), ("HC-LP5", 7.5)]),
        ("Shenxin Micro", "CN", [("SX-Flash", 0.8)]),
    ],
    "8542390009": [
        ("Ostara Semi", "US", [("OS-Analog", 1.4), ("OS-RF", 12)]),
        ("Nordhalm Semi", "DE", [("NH-PMIC", 2.2)]),
        ("Kaisei Micro", "JP", [("KM-Sensor IC", 3.3)]),
    ],
    "8526912000": [
        ("Orbitrak", "US", [("OT-100 module", 28), ("OT-Survey", 1900)]),
        ("Geonav", "DE", [("GN-Fleet", 95), ("GN-RTK", 2400)]),
        ("Taiyo Navi", "JP", [("TN-Marine", 640)]),
        ("Tianxing", "CN", [("TX-Car", 14), ("TX-Pro", 210)]),
    ],
    "8525890000": [
        ("Optiqa", "DE", [("OQ-Industrial", 780), ("OQ-Thermal", 4200)]),
        ("Thermaview", "US", [("TV-Core", 1150), ("TV-Long", 9800)]),
        ("Kagami", "JP", [("KG-Mirrorless", 1350), ("KG-Cine", 5600)]),
        ("Haiyan Vision", "CN", [("HV-Dome", 38), ("HV-Thermal", 620)]),
    ],
    "8482100009": [
        ("Nordlager", "DE", [("NL-Standard", 6.5), ("NL-Precision", 48)]),
        ("Koyama Seiko", "JP", [("KS-Deep", 7.5), ("KS-Spindle", 95)]),
        ("Timbervale", "US", [("TB-Ind", 11)]),
        ("Luoyang Hengtai", "CN", [("LH-Eco", 1.1), ("LH-Std", 2.4)]),
    ],
    "8482200009": [
        ("Nordlager", "DE", [("NL-Taper", 24), ("NL-Rail", 160)]),
        ("Timbervale", "US", [("TB-Taper", 29)]),
        ("Luoyang Hengtai", "CN", [("LH-Taper", 5.5)]),
    ],
    "8482500009": [
        ("Koyama Seiko", "JP", [("KS-Cyl", 38)]),
        ("Nordlager", "DE", [("NL-Cyl", 41), ("NL-Mill", 420)]),
        ("Luoyang Hengtai", "CN", [("LH-Cyl", 8)]),
    ],
    "8517620009": [
        ("Netvara", "US", [("NV-Edge", 340), ("NV-Core", 7800)]),
        ("Kairos Networks", "DE", [("KN-Branch", 520)]),
        ("Huaxun", "CN", [("HX-Home", 22), ("HX-Ent", 410)]),
    ],
    "8471500000": [
        ("Corvane", "US", [("CV-1U", 5200), ("CV-GPU", 38000)]),
        ("Hoshiden Compute", "JP", [("HC-Rack", 6100)]),
        ("Taishan Data", "CN", [("TD-2U", 3100)]),
    ],
    "8532240000": [
        ("Kyokuto Denshi", "JP", [("KD-0402", 0.004), ("KD-Auto", 0.03)]),
        ("Vishtar", "US", [("VS-HiRel", 0.12)]),
        ("Fengrui", "CN", [("FR-0603", 0.0012)]),
    ],
    "8541290000": [
        ("Halden Power", "DE", [("HP-MOSFET", 1.6), ("HP-IGBT", 14)]),
        ("Ostara Semi", "US", [("OS-GaN", 6.2)]),
        ("Xinyuan", "CN", [("XY-MOS", 0.25)]),
    ],
    "8541100009": [
        ("Halden Power", "DE", [("HP-Diode", 0.21)]),
        ("Xinyuan", "CN", [("XY-Diode", 0.03)]),
    ],
    "6109100000": [
        ("Marmara Basic", "TR", [("Basic", 2.3), ("Organic", 5.8)]),
        ("Yuelai", "CN", [("Everyday", 1.1)]),
        ("Nordic Fjell", "IT", [("Premium", 19)]),
        ("Lale Moda", "TR", [("Fashion", 4.2)]),
    ],
    "6204620000": [
        ("Lale Moda", "TR", [("Casual", 7.5), ("Office", 13)]),
        ("Yuelai", "CN", [("Everyday", 3.4)]),
        ("Vesta Milano", "IT", [("Couture", 58)]),
    ],
    "6403999800": [
        ("Anadol Deri", "TR", [("City", 21), ("Premium", 64)]),
        ("Jinbu", "CN", [("Basic", 8.5)]),
        ("Bergstiefel", "DE", [("Outdoor", 72)]),
    ],
    "0902300000": [
        ("Kerala Leaf", "IN", [("Dust", 2.2), ("OPA", 5.6)]),
        ("Ceylan Gold", "LK", [("BOP", 6.9), ("Reserve", 14)]),
        ("Rift Valley", "KE", [("CTC", 2.6)]),
    ],
    "1806903100": [
        ("Sladkiy Mir", "RU", [("Bars", 4.2)]),
        ("Anka Cikolata", "TR", [("Pralines", 7.9)]),
        ("Brugmann", "DE", [("Fine", 14)]),
    ],
    "3304990000": [
        ("Seolhwa", "KR", [("Skin", 18), ("Luxe", 65)]),
        ("Rosa Pera", "TR", [("Mass", 7)]),
        ("Maison Lys", "FR", [("Prestige", 120)]),
    ],
    "3402209000": [
        ("Chistota", "RU", [("Powder", 1.1)]),
        ("Temizlik", "TR", [("Gel", 1.7)]),
        ("Weissfrisch", "DE", [("Pro", 3.2)]),
    ],
    "6907210000": [
        ("Keramos Ege", "TR", [("Floor", 7.5), ("Porcelain", 16)]),
        ("Foshan Jinyu", "CN", [("Eco", 4.2)]),
        ("Ceramica Tirreno", "IT", [("Design", 34)]),
    ],
    "9403600009": [
        ("Orman Mobilya", "TR", [("Home", 95), ("Lux", 420)]),
        ("Shunde Jiaju", "CN", [("Flat-pack", 45)]),
    ],
    "8418102001": [
        ("Frostvik", "TR", [("Standard", 260), ("NoFrost", 430)]),
        ("Haiqing", "CN", [("Basic", 190)]),
        ("Kaltberg", "DE", [("Premium", 890)]),
    ],
    "8516500000": [("Frostvik", "TR", [("Solo", 48)]), ("Haiqing", "CN", [("Grill", 41)])],
    "4011100003": [
        ("Gripstar", "CN", [("Eco", 32), ("SUV", 58)]),
        ("Tundra Tread", "RU", [("Winter", 47)]),
        ("Anatol Lastik", "TR", [("Touring", 52)]),
    ],
    "0805102200": [
        ("Akdeniz", "TR", [("Navel", 0.62)]),
        ("Nile Fresh", "EG", [("Valencia", 0.48)]),
    ],
    "0813400000": [
        ("Fergana Bogi", "UZ", [("Apricot", 2.4), ("Mix", 3.6)]),
        ("Malatya Kuru", "TR", [("Premium", 5.8)]),
    ],
    "8703231981": [
        ("Tianlong", "CN", [("TL-Sedan", 11500), ("TL-SUV", 19800)]),
        ("Daebong", "KR", [("DB-Compact", 13400)]),
        ("Xunfeng", "CN", [("XF-EVR", 24500)]),
    ],
    "8708999709": [("Tianlong", "CN", [("Parts", 6.5)]), ("Autoteile Rhein", "DE", [("OEM", 21)])],
    "8471300000": [
        ("Lanxin", "CN", [("LX-Book", 310), ("LX-Pro", 890)]),
        ("Corvane", "US", [("CV-Note", 1250)]),
    ],
    "8517130000": [
        ("Lanxin", "CN", [("LX-Phone A", 105), ("LX-Phone X", 420)]),
        ("Seonam", "KR", [("SN-Galaxy", 690)]),
    ],
    "7208399000": [
        ("Magnitka Stal", "RU", [("HR coil", 0.62)]),
        ("Hebei Gangtie", "CN", [("HR coil", 0.55)]),
    ],
    "7306309000": [("Ertis Pipe", "KZ", [("Water", 0.95)]), ("Ural Truba", "RU", [("Gas", 1.15)])],
    "5208520000": [
        ("Suzhou Silk", "CN", [("Print", 6.2)]),
        ("Bursa Kumas", "TR", [("Print", 8.5)]),
    ],
    "3901109000": [
        ("Tobolsk Polimer", "RU", [("LDPE", 1.15)]),
        ("Gulf Polymers", "AE", [("LDPE", 1.08)]),
    ],
    "3923210000": [("Ertis Pak", "KZ", [("Bags", 1.9)])],
    "1001990000": [("Dala Astyk", "KZ", [("Grade 3", 0.21)])],
    "1101001100": [
        ("Dala Astyk", "KZ", [("Premium", 0.31)]),
        ("Kostanay Un", "KZ", [("First", 0.28)]),
    ],
    "7403110000": [("Balkhash Mys", "KZ", [("Grade A", 9.1)])],
    "7202210000": [("Aksu Ferro", "KZ", [("FeSi75", 1.35)])],
    "8482990000": [
        ("Nordlager", "DE", [("Parts", 14)]),
        ("Luoyang Hengtai", "CN", [("Parts", 3.1)]),
    ],
}


#: descriptions as a Kazakh declarant writes them (in Russian), by the declared code
RU = {
    "8542310000": "Схемы электронные интегральные: процессоры и контроллеры",
    "8542329000": "Схемы электронные интегральные: запоминающие устройства",
    "8542390009": "Схемы электронные интегральные прочие",
    "8526912000": "Приемники навигационные спутниковые (GNSS)",
    "8525890000": "Камеры цифровые и тепловизионные",
    "8482100009": "Подшипники шариковые",
    "8482200009": "Подшипники роликовые конические",
    "8482500009": "Подшипники роликовые цилиндрические",
    "8517620009": "Маршрутизаторы и коммутаторы",
    "8471500000": "Серверы, блоки обработки данных",
    "8532240000": "Конденсаторы керамические многослойные",
    "8541290000": "Транзисторы силовые",
    "8541100009": "Диоды",
    "6109100000": "Футболки трикотажные хлопчатобумажные",
    "6204620000": "Брюки женские из хлопчатобумажной ткани",
    "6403999800": "Обувь с верхом из натуральной кожи",
    "0902300000": "Чай черный ферментированный",
    "1806903100": "Изделия кондитерские шоколадные",
    "3304990000": "Средства косметические для ухода за кожей",
    "3402209000": "Средства моющие",
    "6907210000": "Плитка керамическая для пола",
    "9403600009": "Мебель деревянная",
    "8418102001": "Холодильники бытовые",
    "8516500000": "Печи микроволновые",
    "4011100003": "Шины пневматические для легковых автомобилей",
    "0805102200": "Апельсины свежие",
    "0813400000": "Фрукты сушеные",
    "8703231981": "Автомобили легковые с бензиновым двигателем 1500-3000 см3",
    "8708999709": "Части и принадлежности автомобилей",
    "8471300000": "Ноутбуки",
    "8517130000": "Смартфоны",
    "7208399000": "Прокат плоский горячекатаный из нелегированной стали, в рулонах",
    "7306309000": "Трубы стальные сварные",
    "5208520000": "Ткань хлопчатобумажная набивная",
    "3901109000": "Полиэтилен в первичных формах, гранулы",
    "3923210000": "Мешки и пакеты из полиэтилена",
    "1001990000": "Пшеница",
    "1101001100": "Мука пшеничная",
    "7403110000": "Медь рафинированная, катоды",
    "7202210000": "Ферросилиций",
    "8482990000": "Части подшипников (кольца, тела качения)",
    # codes goods are sometimes declared under on export
    "8543709000": "Машины и аппаратура электрические с индивидуальными функциями прочие",
    "8473302000": "Части и принадлежности вычислительных машин",
    "8529109000": "Антенны и их части",
    "8528590000": "Мониторы прочие",
    "9006590000": "Фотокамеры прочие",
    "8471410000": "Машины вычислительные прочие",
    "8471490000": "Машины вычислительные в виде систем",
    "8483200000": "Корпуса подшипников со встроенными подшипниками",
    "8483908900": "Части передач прочие",
    "8483300000": "Корпуса подшипников без встроенных подшипников, подшипники скольжения",
    "8533210000": "Резисторы постоянные",
    "8504409000": "Преобразователи статические прочие",
}


WESTERN = {"US", "DE", "JP", "GB", "FR", "IT", "NL"}


def gtin13(rng: random.Random) -> str:
    body = "2" + "".join(str(rng.randrange(10)) for _ in range(11))
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


@dataclass
class Model:
    gtin: str
    name: str
    usd: float  # median unit price, USD, at the start of the period
    kg: float  # net kg per unit
    made_in: str = ""  # where this model is made, when not in the brand's country


@dataclass
class Line:
    brand: str
    origin: str
    line: str
    usd: float
    models: list[Model] = field(default_factory=list)


@dataclass
class Product:
    hs: str
    description: str
    unit: str
    controlled: bool
    lines: list[Line] = field(default_factory=list)


def catalogue(rng: random.Random) -> dict[str, Product]:
    out: dict[str, Product] = {}
    for hs, desc, unit, (klo, khi), controlled in _CODES:
        p = Product(hs, desc, unit, controlled)
        for brand, origin, lines in _BRANDS[hs]:
            for name, usd in lines:
                ln = Line(brand, origin, name, usd)
                # bulk goods (priced per kg) have one grade, no GTIN; pieces have 1-4 models
                n_models = 1 if unit in ("KGM",) else rng.randint(1, 4)
                for m in range(n_models):
                    kg = klo if klo == khi else math.exp(rng.uniform(math.log(klo), math.log(khi)))
                    # Western electronics brands have some models made in Asia
                    made_in = ""
                    if origin in WESTERN and hs[:2] in ("84", "85") and rng.random() < 0.3:
                        made_in = rng.choice(["CN", "CN", "MY", "TW", "VN"])
                    # models of one line: within about +-25% of the line's median
                    ln.models.append(
                        Model(
                            gtin13(rng) if unit != "KGM" else "",
                            f"{brand} {name}" + (f" {m + 1}" if n_models > 1 else ""),
                            usd * math.exp(rng.uniform(-0.25, 0.25)),
                            round(kg, 4),
                            made_in,
                        )
                    )
                p.lines.append(ln)
        out[hs] = p
    return out


def price_usd(rng: random.Random, model: Model, day_index: int) -> float:
    """A fair unit price of a model on a day: the median, 3% a year inflation, +-~12% noise."""
    drift = 1.0 + 0.03 * day_index / 365.0
    return model.usd * drift * math.exp(rng.gauss(0, 0.11))


def made_in(ln: Line, m: Model) -> str:
    """The country of origin of a model: where it is made (the brand's country by default)."""
    return m.made_in or ln.origin
