"""The goods the simulator trades: real HS codes with typical unit values, weights and units.

Unit values (USD) and net weights are typical declared figures for the kind of goods, rounded;
brands are given where brands matter (appliances, phones, computers, cars, electronics on the
sanctions high-priority lists), and those products carry a GTIN (a fictional, check-digit-valid
one), so their stock is kept per product. ``chpl`` marks HS codes on the Common High Priority
List (integrated circuits, transmission apparatus, navigation, bearings, ...). The rows are
data, in ``data/products.csv``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True, slots=True)
class Product:
    code: str  # tamga's own short id of the product
    hs: str  # 10-digit EAEU tariff code
    description: str
    brand: str | None
    origin: str  # ISO alpha-2 country of origin
    unit: str  # UN/ECE Rec. 20
    unit_value: float  # USD per unit
    kg_per_unit: float
    lot: tuple[int, int]  # typical quantity range of one consignment
    group: str  # appliances | phones | computers | cars | parts | chpl | food | textiles | building
    chpl: bool = False
    gtin: str | None = None

    @property
    def hs6(self) -> str:
        return self.hs[:6]


def gtin13(seed: str) -> str:
    """A check-digit-valid GTIN-13 in the 2xx 'restricted circulation' range (never a real one)."""
    digits = "2" + str(abs(hash_text(seed)) % 10**11).zfill(11)
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits))
    return digits + str((10 - total % 10) % 10)


def hash_text(text: str) -> int:
    """A stable (not per-process salted) hash, so GTINs are the same on every run."""
    h = 1469598103934665603
    for ch in text.encode():
        h = ((h ^ ch) * 1099511628211) % (1 << 64)
    return h


def _number(text: str) -> float:
    # whole figures stay ints, so amounts computed from them print as they always did
    return float(text) if "." in text or "e" in text else int(text)


def _read_products() -> dict[str, tuple[Product, ...]]:
    """``data/products.csv``, one row per product, grouped by its ``set`` column."""
    sets: dict[str, list[Product]] = {}
    text = resources.files("tamga.simulate").joinpath("data/products.csv").read_text("utf-8")
    for row in csv.DictReader(io.StringIO(text)):
        brand = row["brand"] or None
        product = Product(
            code=row["code"],
            hs=row["hs"],
            description=row["description"],
            brand=brand,
            origin=row["origin"],
            unit=row["unit"],
            unit_value=_number(row["unit_value"]),
            kg_per_unit=_number(row["kg_per_unit"]),
            lot=(int(row["lot_min"]), int(row["lot_max"])),
            group=row["group"],
            chpl=row["chpl"] == "1",
            gtin=gtin13(row["code"]) if brand else None,
        )
        sets.setdefault(row["set"], []).append(product)
    return {name: tuple(items) for name, items in sets.items()}


_SETS = _read_products()
#: goods imported and traded
PRODUCTS: tuple[Product, ...] = _SETS["trade"]
#: domestic goods (origin KZ) that domestic producers report and assembly plants consume
DOMESTIC: tuple[Product, ...] = _SETS["domestic"]
#: cars assembled in the country from CKD kits (the output of a transformation)
ASSEMBLED: tuple[Product, ...] = _SETS["assembled"]

BY_CODE: dict[str, Product] = {p.code: p for p in (*PRODUCTS, *DOMESTIC, *ASSEMBLED)}

#: countries whose origin makes CHPL goods exported to Russia a re-export risk (EU, US, allies)
COALITION: frozenset[str] = frozenset(
    {"US", "DE", "NL", "FR", "IT", "SE", "FI", "AT", "BE", "PL", "CZ", "JP", "GB", "KR", "CH"}
)

#: HS-code switching pairs: (code declared on import, code declared on export)
HS_SWITCH: dict[str, str] = {
    "8542319000": "8543709000",  # ICs exported as 'other electrical machines'
    "8542399000": "8543709000",
    "8526919000": "8529109000",  # GNSS receivers exported as antenna parts
    "8517620009": "8517790009",  # routers exported as telephone parts
    "8471500000": "8473302000",  # servers exported as computer parts
    "8525600009": "8529909700",
    "8471300000": "8473302000",
}


def products(group: str | None = None, *, chpl: bool | None = None) -> list[Product]:
    return [
        p
        for p in PRODUCTS
        if (group is None or p.group == group) and (chpl is None or p.chpl == chpl)
    ]
