"""The goods of the world: branded models with their own GTIN, dollar price and weight.

One HS code holds cheap and dear models of the same brand (a 2-dollar microcontroller and a
1,000-dollar server processor are both 8542 31), so a price is only "low" against the same
model. ``controlled`` marks the HS codes of the EU/US Common High Priority List as this
world understands them; ``western`` the brands of EU, US, UK, Swiss and Japanese makers.
"""

from __future__ import annotations

from dataclasses import dataclass

from benchmarks.worlds.fourth.ids import gtin13

#: HS-6 codes this world treats as Common High Priority List items
CONTROLLED_HS6 = frozenset(
    {
        "854231",
        "854232",
        "854233",
        "854239",
        "854129",
        "854121",
        "854110",
        "854149",
        "853224",
        "853221",
        "851762",
        "852691",
        "852692",
        "852589",
        "847150",
        "848210",
        "848220",
        "848250",
        "901310",
        "901380",
        "901420",
        "901480",
        "903149",
    }
)


@dataclass(frozen=True, slots=True)
class Product:
    key: str
    family: str
    hs: str  # 10 digits, EAEU TN VED
    description: str
    brand: str
    model: str
    origin: str
    usd: float  # going unit price at the start of the year, in US dollars
    kg: float  # net kg per unit
    unit: str
    lot: tuple[int, int]  # units in a typical consignment
    gtin: str | None
    western: bool

    @property
    def controlled(self) -> bool:
        return self.hs[:6] in CONTROLLED_HS6


# family, hs10, description, unit, lot range, western, [(brand, origin, model, usd, kg)]
_F = tuple[str, str, str, str, tuple[int, int], bool, list[tuple[str, str, str, float, float]]]
_FAMILIES: list[_F] = [
    (
        "mcu",
        "8542310000",
        "microcontroller integrated circuit",
        "C62",
        (500, 20000),
        True,
        [
            ("Texas Instruments", "US", "MSP430 low-power MCU", 2.1, 0.0005),
            ("Texas Instruments", "US", "C2000 real-time DSP controller", 14.5, 0.001),
            ("Texas Instruments", "US", "AM62 application processor", 27.0, 0.002),
            ("STMicroelectronics", "FR", "STM32F4 MCU", 8.9, 0.0008),
            ("STMicroelectronics", "FR", "STM32H7 MCU", 15.2, 0.001),
            ("NXP", "NL", "LPC17 MCU", 6.7, 0.0008),
            ("NXP", "NL", "i.MX 8M application processor", 44.0, 0.003),
            ("Microchip", "US", "ATmega 8-bit MCU", 1.9, 0.0004),
            ("Intel", "US", "Xeon Silver server processor", 760.0, 0.06),
            ("AMD", "US", "EPYC server processor", 1040.0, 0.08),
            ("Infineon", "DE", "AURIX automotive MCU", 19.0, 0.0015),
            ("Renesas", "JP", "RX MCU", 5.4, 0.0007),
        ],
    ),
    (
        "cn_mcu",
        "8542310000",
        "microcontroller integrated circuit",
        "C62",
        (1000, 30000),
        False,
        [
            ("GigaDevice", "CN", "GD32 MCU", 1.3, 0.0005),
            ("WCH", "CN", "CH32 MCU", 0.6, 0.0004),
        ],
    ),
    (
        "fpga",
        "8542390000",
        "programmable logic integrated circuit",
        "C62",
        (100, 4000),
        True,
        [
            ("AMD Xilinx", "US", "Artix-7 FPGA", 46.0, 0.004),
            ("AMD Xilinx", "US", "Kintex UltraScale FPGA", 910.0, 0.012),
            ("Lattice", "US", "iCE40 FPGA", 4.2, 0.0008),
            ("Intel", "US", "Cyclone V FPGA", 38.0, 0.004),
        ],
    ),
    (
        "amp",
        "8542330000",
        "amplifier integrated circuit",
        "C62",
        (1000, 50000),
        True,
        [
            ("Analog Devices", "US", "precision op-amp", 1.6, 0.0003),
            ("Analog Devices", "US", "RF power amplifier", 24.0, 0.001),
            ("Texas Instruments", "US", "audio amplifier", 1.1, 0.0003),
        ],
    ),
    (
        "igbt",
        "8541290000",
        "power transistor module",
        "C62",
        (50, 3000),
        True,
        [
            ("Infineon", "DE", "discrete MOSFET", 0.9, 0.002),
            ("Infineon", "DE", "IGBT module 1200 V", 180.0, 0.35),
            ("Mitsubishi Electric", "JP", "IGBT module", 150.0, 0.3),
            ("onsemi", "US", "power MOSFET", 1.4, 0.002),
        ],
    ),
    (
        "mlcc",
        "8532240000",
        "multilayer ceramic capacitor",
        "C62",
        (50000, 2000000),
        True,
        [
            ("Murata", "JP", "MLCC 0402", 0.012, 0.000002),
            ("Murata", "JP", "MLCC 1210 high voltage", 0.21, 0.00002),
            ("KEMET", "US", "MLCC automotive", 0.08, 0.00001),
            ("TDK", "JP", "MLCC 0603", 0.02, 0.000003),
        ],
    ),
    (
        "router",
        "8517620000",
        "network router or switch",
        "C62",
        (5, 300),
        True,
        [
            ("Cisco", "US", "Catalyst 9300 switch", 6400.0, 7.8),
            ("Cisco", "US", "ISR 1100 router", 880.0, 2.1),
            ("Juniper", "US", "EX2300 switch", 1850.0, 3.6),
            ("HPE Aruba", "US", "access point", 420.0, 0.8),
            ("Ubiquiti", "US", "UniFi switch", 230.0, 1.9),
        ],
    ),
    (
        "cn_router",
        "8517620000",
        "network router or switch",
        "C62",
        (20, 800),
        False,
        [
            ("Huawei", "CN", "enterprise switch", 1200.0, 4.1),
            ("TP-Link", "CN", "home router", 38.0, 0.5),
        ],
    ),
    (
        "gnss",
        "8526910000",
        "radio navigation receiver",
        "C62",
        (5, 500),
        True,
        [
            ("Trimble", "US", "R12i GNSS receiver", 17500.0, 1.2),
            ("Garmin", "US", "GPSMAP handheld", 460.0, 0.25),
            ("u-blox", "CH", "GNSS module", 24.0, 0.01),
            ("Septentrio", "BE", "mosaic GNSS receiver", 2400.0, 0.3),
        ],
    ),
    (
        "camera",
        "8525890000",
        "thermal imaging camera",
        "C62",
        (5, 200),
        True,
        [
            ("Teledyne FLIR", "US", "Boson thermal core", 3400.0, 0.05),
            ("Teledyne FLIR", "US", "handheld thermal camera", 11800.0, 1.1),
            ("Axis", "SE", "network camera", 620.0, 0.9),
        ],
    ),
    (
        "server",
        "8471500000",
        "server (processing unit)",
        "C62",
        (2, 80),
        True,
        [
            ("Dell", "US", "PowerEdge R650", 8100.0, 21.0),
            ("Dell", "US", "PowerEdge T150", 1700.0, 14.0),
            ("HPE", "US", "ProLiant DL380", 9600.0, 24.0),
            ("Supermicro", "US", "SuperServer 1U", 5200.0, 17.0),
        ],
    ),
    (
        "bearing",
        "8482100090",
        "ball bearing",
        "C62",
        (200, 20000),
        True,
        [
            ("SKF", "SE", "deep groove ball bearing 6205", 3.4, 0.13),
            ("SKF", "SE", "spindle bearing", 460.0, 2.8),
            ("Schaeffler FAG", "DE", "angular contact bearing", 38.0, 0.6),
            ("Schaeffler FAG", "DE", "axlebox bearing unit", 610.0, 19.0),
            ("NSK", "JP", "miniature bearing", 2.2, 0.01),
        ],
    ),
    (
        "taper",
        "8482200000",
        "tapered roller bearing",
        "C62",
        (100, 8000),
        True,
        [
            ("Timken", "US", "tapered roller bearing set", 16.0, 0.8),
            ("Timken", "US", "railway cartridge bearing", 880.0, 24.0),
        ],
    ),
    (
        "cn_bearing",
        "8482100090",
        "ball bearing",
        "C62",
        (1000, 50000),
        False,
        [
            ("ZWZ", "CN", "deep groove ball bearing", 0.9, 0.13),
            ("LYC", "CN", "tapered bearing", 6.0, 0.7),
        ],
    ),
    (
        "scope",
        "9013100000",
        "telescopic sight",
        "C62",
        (5, 300),
        True,
        [
            ("Zeiss", "DE", "Conquest rifle scope", 1250.0, 0.6),
            ("Zeiss", "DE", "Victory rifle scope", 2950.0, 0.65),
            ("Leupold", "US", "VX-3HD scope", 620.0, 0.5),
        ],
    ),
    (
        "navinstr",
        "9014800000",
        "navigational instrument",
        "C62",
        (2, 100),
        True,
        [
            ("Honeywell", "US", "inertial measurement unit", 5200.0, 0.6),
            ("Kongsberg", "NO", "marine gyrocompass", 14800.0, 12.0),
        ],
    ),
    (
        "phone",
        "8517130000",
        "smartphone",
        "C62",
        (50, 4000),
        False,
        [
            ("Samsung", "KR", "Galaxy A16", 145.0, 0.2),
            ("Samsung", "KR", "Galaxy S25 Ultra", 1180.0, 0.22),
            ("Apple", "CN", "iPhone 16", 790.0, 0.17),
            ("Apple", "CN", "iPhone 16 Pro Max", 1390.0, 0.23),
            ("Xiaomi", "CN", "Redmi 14C", 98.0, 0.2),
            ("Xiaomi", "CN", "Xiaomi 15 Ultra", 920.0, 0.23),
        ],
    ),
    (
        "laptop",
        "8471300000",
        "laptop computer",
        "C62",
        (20, 1500),
        False,
        [
            ("Lenovo", "CN", "IdeaPad Slim 3", 430.0, 1.6),
            ("Lenovo", "CN", "ThinkPad X1 Carbon", 1880.0, 1.1),
            ("HP", "CN", "HP 250 G10", 390.0, 1.8),
            ("Apple", "CN", "MacBook Air 13", 990.0, 1.24),
            ("Apple", "CN", "MacBook Pro 16", 2790.0, 2.1),
            ("ASUS", "CN", "Vivobook 15", 460.0, 1.7),
        ],
    ),
    (
        "washer",
        "8450111100",
        "household washing machine",
        "C62",
        (20, 600),
        False,
        [
            ("LG", "KR", "front loader 6 kg", 290.0, 58.0),
            ("LG", "KR", "front loader 12 kg with dryer", 1090.0, 76.0),
            ("Samsung", "KR", "front loader 7 kg", 330.0, 60.0),
            ("Beko", "TR", "front loader 6 kg", 235.0, 55.0),
            ("Haier", "CN", "front loader 8 kg", 300.0, 63.0),
        ],
    ),
    (
        "fridge",
        "8418102001",
        "household refrigerator",
        "C62",
        (20, 400),
        False,
        [
            ("Bosch", "TR", "fridge-freezer 186 cm", 520.0, 62.0),
            ("Bosch", "DE", "built-in side-by-side", 2450.0, 120.0),
            ("Indesit", "RU", "fridge-freezer 167 cm", 310.0, 55.0),
            ("Haier", "CN", "multi-door fridge", 980.0, 95.0),
        ],
    ),
    (
        "tv",
        "8528721000",
        "television set",
        "C62",
        (20, 1200),
        False,
        [
            ("Samsung", "VN", "43-inch LED TV", 210.0, 8.0),
            ("Samsung", "VN", "85-inch QLED TV", 3300.0, 42.0),
            ("LG", "KR", "55-inch OLED TV", 1350.0, 19.0),
            ("Hisense", "CN", "50-inch LED TV", 260.0, 10.0),
        ],
    ),
    (
        "cooktop",
        "8516605100",
        "electric cooktop",
        "C62",
        (20, 800),
        False,
        [
            ("Bosch", "DE", "induction hob", 480.0, 12.0),
            ("Midea", "CN", "ceramic hob", 120.0, 8.0),
        ],
    ),
    (
        "tshirt",
        "6109100000",
        "cotton T-shirt",
        "C62",
        (500, 30000),
        False,
        [
            ("LC Waikiki", "TR", "basic T-shirt", 2.8, 0.18),
            ("Koton", "TR", "printed T-shirt", 5.5, 0.2),
            ("Hugo Boss", "TR", "logo T-shirt", 39.0, 0.22),
        ],
    ),
    (
        "shoes",
        "6404110000",
        "sports footwear",
        "C62",
        (200, 10000),
        False,
        [
            ("Nike", "VN", "running shoe entry", 24.0, 0.7),
            ("Nike", "VN", "running shoe premium", 165.0, 0.6),
            ("Adidas", "ID", "trainer", 38.0, 0.7),
        ],
    ),
    (
        "coffee",
        "0901210000",
        "roasted coffee",
        "KGM",
        (500, 20000),
        False,
        [
            ("Jacobs", "DE", "roasted ground coffee", 9.5, 1.0),
            ("Lavazza", "IT", "espresso beans", 16.5, 1.0),
        ],
    ),
    (
        "tyres",
        "4011100003",
        "passenger car tyre",
        "C62",
        (200, 6000),
        False,
        [
            ("Michelin", "FR", "Pilot Sport tyre", 240.0, 11.0),
            ("Michelin", "FR", "Energy Saver tyre", 92.0, 8.0),
            ("Triangle", "CN", "all-season tyre", 41.0, 8.5),
        ],
    ),
    (
        "autoparts",
        "8708302009",
        "brake parts",
        "C62",
        (200, 8000),
        False,
        [
            ("Bosch", "DE", "brake pad set", 21.0, 1.8),
            ("Brembo", "IT", "brake disc", 95.0, 8.0),
        ],
    ),
    (
        "cars",
        "8703801000",
        "electric passenger car",
        "C62",
        (2, 40),
        False,
        [
            ("Zeekr", "CN", "001 electric car", 36000.0, 2300.0),
            ("BYD", "CN", "Song Plus EV", 21000.0, 2000.0),
            ("Changan", "CN", "Deepal S7", 19500.0, 1950.0),
        ],
    ),
    (
        "cosmetics",
        "3304990000",
        "skin care preparation",
        "KGM",
        (200, 8000),
        False,
        [
            ("Nivea", "DE", "body cream", 6.5, 1.0),
            ("La Roche-Posay", "FR", "dermatological cream", 74.0, 1.0),
        ],
    ),
    (
        "meters",
        "9028301100",
        "electricity meter",
        "C62",
        (200, 10000),
        False,
        [
            ("Saiman", "KZ", "single-phase smart meter", 28.0, 0.7),
            ("Saiman", "KZ", "three-phase smart meter", 96.0, 1.4),
        ],
    ),
]

#: domestic produce and industry (origin KZ, no GTIN, priced per kg)
# family, hs10, description, brand, usd/kg, lot range (kg)
_DOMESTIC: list[tuple[str, str, str, str | None, float, tuple[int, int]]] = [
    ("wheat", "1001990000", "milling wheat, class 3", None, 0.21, (60000, 1500000)),
    ("barley", "1003900000", "feed barley", None, 0.17, (60000, 800000)),
    ("flour", "1101001100", "wheat flour, first grade", None, 0.29, (20000, 400000)),
    ("linseed", "1204009000", "flax seed", None, 0.46, (60000, 600000)),
    ("sunoil", "1512191000", "refined sunflower oil", None, 1.15, (20000, 300000)),
    ("beef", "0202300000", "frozen boneless beef", None, 5.2, (5000, 60000)),
    ("lamb", "0204220000", "chilled lamb", None, 6.1, (2000, 20000)),
    ("melons", "0807190000", "melons", None, 0.24, (10000, 80000)),
    ("onions", "0703101900", "onions", None, 0.19, (15000, 120000)),
    ("potatoes", "0701905000", "potatoes", None, 0.16, (20000, 200000)),
    ("fish", "0302890000", "fresh Caspian fish", None, 2.6, (2000, 20000)),
    ("ferrochrome", "7202410000", "high-carbon ferrochrome", None, 1.25, (60000, 1200000)),
    ("copper", "7403110000", "refined copper cathodes", None, 9.3, (20000, 500000)),
    ("cement", "2523290000", "Portland cement", None, 0.055, (60000, 2000000)),
    ("fertilizer", "3105300000", "diammonium phosphate", None, 0.52, (60000, 1000000)),
]


def _build() -> list[Product]:
    out: list[Product] = []
    serial = 4_100_000
    for family, hs, desc, unit, lot, western, models in _FAMILIES:
        for brand, origin, model, usd, kg in models:
            serial += 7919
            out.append(
                Product(
                    f"{family}:{len(out)}",
                    family,
                    hs,
                    desc,
                    brand,
                    model,
                    origin,
                    usd,
                    kg,
                    unit,
                    lot,
                    gtin13(serial),
                    western and origin not in {"CN"},
                )
            )
    for family, hs, desc, maker, usd, lot in _DOMESTIC:
        out.append(
            Product(
                f"{family}:{len(out)}",
                family,
                hs,
                desc,
                maker or "",
                "",
                "KZ",
                usd,
                1.0,
                "KGM",
                lot,
                None,
                False,
            )
        )
    return out


CATALOGUE: list[Product] = _build()
DOMESTIC = [p for p in CATALOGUE if p.origin == "KZ" and p.gtin is None]
CHPL_WESTERN = [p for p in CATALOGUE if p.controlled and p.western]
CHPL_OTHER = [p for p in CATALOGUE if p.controlled and not p.western]
ORDINARY = [
    p for p in CATALOGUE if not p.controlled and p.gtin is not None and p.family not in {"meters"}
]

#: components an assembler turns into a product (inputs per unit of output)
ASSEMBLY: dict[str, list[tuple[str, float]]] = {
    "meters": [("mcu", 1.0), ("mlcc", 24.0)],
}

#: an HS code the same goods are passed off under, for each controlled family, and whether it
#: stays in the heading (a declared "processing" that changes only the subheading)
SWITCHES: dict[str, list[tuple[str, str, bool]]] = {
    "mcu": [
        ("8543709000", "electrical apparatus n.e.s.", False),
        ("8542900000", "parts of integrated circuits", True),
    ],
    "fpga": [
        ("8543709000", "electrical apparatus n.e.s.", False),
        ("8542900000", "parts of integrated circuits", True),
    ],
    "amp": [("8542900000", "parts of integrated circuits", True)],
    "router": [
        ("8543709000", "electrical apparatus n.e.s.", False),
        ("8544429000", "insulated data cable", False),
    ],
    "gnss": [("8543709000", "electrical apparatus n.e.s.", False)],
    "server": [("8471600000", "input or output unit", False)],
    "bearing": [
        ("8482990000", "parts of bearings", True),
        ("8483308009", "bearing housing", False),
    ],
    "taper": [("8482990000", "parts of bearings", True)],
    "scope": [("9013900000", "parts of optical devices", True)],
    "camera": [("9006590000", "photographic camera", False)],
}

#: the decoy: a non-controlled appliance declared under a neighbouring non-controlled code
HONEST_RECLASS: dict[str, str] = {
    "cooktop": "8516608000",
    "washer": "8450112000",
    "tv": "8528729000",
}
