"""The world: holders, the year's flows of goods, the planted cases and the decoys.

Every flow keeps stock as the ledger does: an honest holder only ever draws what the same
flow put into its stock before, so the ledger's unbacked quantity can only come from the
planted ``phantom`` exports and ``transit_sold`` sales. Holders of planted cases take part in
no honest flow that handles the same goods, so a case's provenance is its own.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from benchmarks.worlds.fourth import geo, goods, ids, money, names
from benchmarks.worlds.fourth.goods import Product

KZ = timezone(timedelta(hours=5))  # one time zone for the whole country since March 2024
START = datetime(2025, 1, 2, 0, 0, tzinfo=KZ)
END = datetime(2025, 12, 31, 23, 0, tzinfo=KZ)
RATES_FROM = date(2024, 12, 1)
RATES_TO = date(2026, 1, 31)

Event = dict[str, Any]

CITY_OFFICE = {o.name: o.code for o in geo.OFFICES.values() if o.kind == "inland"}
CITY_WEIGHTS = {
    "Almaty": 3.0,
    "Astana": 2.0,
    "Shymkent": 1.4,
    "Aktobe": 1.6,
    "Atyrau": 1.3,
    "Uralsk": 1.3,
    "Aktau": 1.4,
    "Kostanay": 1.1,
    "Petropavl": 1.1,
    "Karaganda": 1.0,
    "Pavlodar": 0.8,
    "Kyzylorda": 0.5,
    "Taraz": 0.5,
    "Semey": 0.5,
    "Kokshetau": 0.5,
    "Beyneu": 0.2,
}
#: exit offices by destination, and the hubs goods of a brand's country come through
EXITS: dict[str, list[str]] = {
    "RU": ["KZ30611", "KZ27611", "KZ27311", "KZ59611", "KZ39911", "KZ55611", "KZ27321", "KZ59621"],
    "BY": ["KZ30611", "KZ27311", "KZ59611"],
    "UZ": ["KZ61212", "KZ47611", "KZ61221"],
    "TJ": ["KZ61212", "KZ61221"],
    "AF": ["KZ61212", "KZ61221"],
    "KG": ["KZ51611"],
    "TM": ["KZ47612"],
    "AZ": ["KZ47131", "KZ47132"],
    "GE": ["KZ47131"],
    "AM": ["KZ47131", "KZ27611", "KZ30611"],
    "IR": ["KZ47131"],
    "TR": ["KZ47131"],
    "CN": ["KZ39711", "KZ19721", "KZ39721"],
    "MN": ["KZ55611"],
}
ENTRY_FROM: dict[str, list[str]] = {  # where goods dispatched from a country come in
    "CN": ["KZ39711", "KZ19721", "KZ39721"],
    "HK": ["KZ19721", "KZ39711"],
    "UZ": ["KZ61212", "KZ61221"],
    "KG": ["KZ51611"],
    "TM": ["KZ47612"],
    "RU": EXITS["RU"],
    "BY": ["KZ30611", "KZ59611"],
}
DEFAULT_ENTRY = ["KZ47131", "KZ47132", "KZ30611", "KZ59621", "KZ27611", "KZ39711"]


@dataclass(slots=True)
class Holder:
    id: str
    name: str
    name_cyrillic: str
    kind: str
    registered: date
    city: str
    honest: bool = True

    @property
    def office(self) -> str:
        return CITY_OFFICE[self.city]


@dataclass(slots=True)
class Case:
    scheme: str
    events: list[Event]
    detail: dict[str, Any]
    holders: list[str] = field(default_factory=list)
    transits: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Listed:
    """A Russian party of the sanctions file."""

    fid: str
    kind: str  # company or sole_trader
    name: str  # as listed (Cyrillic)
    inn: str
    ogrn: str
    form: str = ""
    stem: str = ""
    person: tuple[str, str, str] = ("", "", "")


class World:
    def __init__(self, seed: int, events: int) -> None:
        self.seed = seed
        self.target = max(500, events)
        self.rng = {
            part: random.Random(f"{seed}:{part}")
            for part in (
                "holders",
                "trade",
                "transit",
                "schemes",
                "prices",
                "names",
                "parties",
                "sanctions",
            )
        }
        self.rates = money.rate_table(seed, RATES_FROM, RATES_TO)
        self.events: list[Event] = []
        self.holders: list[Holder] = []
        self.by_kind: dict[str, list[Holder]] = {}
        self.cases: list[Case] = []
        self.decoys: list[Case] = []
        self._bins: set[str] = set()
        self._names: set[str] = set()
        self._serial = 0
        self._seq: dict[str, int] = {}
        self._drift = {
            p.key: (self.rng["prices"].uniform(-0.08, 0.08), self.rng["prices"].uniform(0, 1))
            for p in goods.CATALOGUE
        }
        self.suppliers: dict[str, list[dict[str, str]]] = {}
        self.buyers: dict[str, list[dict[str, str]]] = {}
        self.sanctions: list[dict[str, Any]] = []
        self.listed: list[Listed] = []
        self.lookalikes: list[dict[str, str]] = []
        self._inn_serial = 1000
        self.flows = 0  # consignments, transits, production runs (planted ones included)

    # ----------------------------------------------------------------- basics
    def emit(self, when: datetime, kind: str, location: str, **fields: Any) -> Event:
        when = when.replace(microsecond=0)
        event: Event = {"_t": when, "_n": len(self.events), "type": kind, "location": location}
        event.update(fields)
        self.events.append(event)
        return event

    def number(self, office: str, when: datetime) -> str:
        """An EAEU declaration number: office / ddmmyy / serial."""
        digits = office[2:]
        self._seq[digits] = self._seq.get(digits, 0) + 1
        return f"{digits}/{when:%d%m%y}/{self._seq[digits]:07d}"

    def invoice(self, seller: Holder) -> str:
        self._seq["ESF"] = self._seq.get("ESF", 0) + 1
        return f"ESF-{seller.id}-25-{self._seq['ESF']:08d}"

    def mrn(self, office: str) -> str:
        self._seq["MRN"] = self._seq.get("MRN", 0) + 1
        return ids.mrn(2025, office[2:], self._seq["MRN"])

    def rate(self, day: date, currency: str) -> float:
        return 1.0 if currency == "KZT" else self.rates[day][currency]

    def going_usd(self, p: Product, day: date) -> float:
        trend, phase = self._drift[p.key]
        s = (day - date(2025, 1, 1)).days / 365
        return p.usd * (1 + trend * s) * (1 + 0.03 * math.sin(2 * math.pi * (s + phase)))

    def price(
        self, rng: random.Random, p: Product, day: date, currency: str, factor: float = 1.0
    ) -> float:
        """A unit price in ``currency``: the going dollar price that day, a few percent of
        noise (never far from it), times ``factor`` (a markup, a discount, a planted lie)."""
        noise = min(1.13, max(0.88, math.exp(rng.gauss(0, 0.045))))
        usd = self.going_usd(p, day) * noise * factor
        return usd * self.rate(day, "USD") / self.rate(day, currency)

    def line(
        self,
        no: int,
        p: Product,
        qty: float,
        unit_price: float,
        currency: str,
        *,
        hs: str | None = None,
        desc: str | None = None,
        origin: str | None = None,
        lot: str | None = None,
    ) -> dict[str, Any]:
        out: dict[str, Any] = {
            "line_no": no,
            "hs_code": hs or p.hs,
            "description": desc
            or (f"{p.description}, {p.brand} {p.model}" if p.brand else p.description),
        }
        if p.brand:
            out["brand"] = p.brand
        if p.gtin:
            out["gtin"] = p.gtin
        out.update(
            quantity=float(qty),
            unit=p.unit,
            net_kg=round(qty * p.kg, 3),
            value=round(qty * unit_price, 2),
            currency=currency,
            origin_country=origin or p.origin,
        )
        if lot:
            out["lot"] = lot
        return out

    def qty(self, rng: random.Random, p: Product, scale: float = 1.0) -> float:
        lo, hi = p.lot
        q = math.exp(rng.uniform(math.log(lo), math.log(hi))) * scale
        if p.unit == "KGM":
            return float(max(100, round(q, -2)))
        return float(max(1, round(q, -1 if q > 200 else 0)))

    # --------------------------------------------------------------- holders
    def new_holder(
        self, kind: str, registered: date, city: str | None = None, honest: bool = True
    ) -> Holder:
        rng = self.rng["holders"]
        if city is None:
            city = rng.choices(list(CITY_WEIGHTS), list(CITY_WEIGHTS.values()))[0]
        while True:
            self._serial += 1
            bin_ = ids.make_bin(registered, rng.randrange(100000))
            if bin_ not in self._bins:
                break
        self._bins.add(bin_)
        lat, cyr = names.holder_name(self.rng["names"], kind, self._names)
        h = Holder(bin_, lat, cyr, kind, registered, city, honest)
        self.holders.append(h)
        if honest:
            self.by_kind.setdefault(kind, []).append(h)
        return h

    def population(self) -> None:
        rng = self.rng["holders"]
        n = max(150, self.target // 45)
        kinds = {
            "importer": 0.22,
            "wholesaler": 0.24,
            "retailer": 0.18,
            "manufacturer": 0.08,
            "logistics": 0.12,
            "agro": 0.16,
        }
        for _ in range(n):
            kind = rng.choices(list(kinds), list(kinds.values()))[0]
            roll = rng.random()
            if roll < 0.5:
                reg = date(rng.randint(2000, 2018), rng.randint(1, 12), rng.randint(1, 28))
            elif roll < 0.75:
                reg = date(rng.randint(2019, 2023), rng.randint(1, 12), rng.randint(1, 28))
            elif roll < 0.85:
                reg = date(2024, rng.randint(1, 12), rng.randint(1, 28))
            else:  # honest young firms, registered during the year
                reg = date(2025, 1, 1) + timedelta(days=rng.randint(0, 300))
            self.new_holder(kind, reg)
        # every kind at least a few established firms
        for kind in kinds:
            for _ in range(3):
                self.new_holder(kind, date(rng.randint(2003, 2015), rng.randint(1, 12), 15))

    def young(
        self, rng: random.Random, kinds: tuple[str, ...], when: datetime, max_age: int = 45
    ) -> Holder:
        """A firm registered days or weeks before ``when``: one of the year's young firms
        where one fits, else a new one."""
        pool = [
            h
            for k in kinds
            for h in self.by_kind.get(k, ())
            if 4 <= (when.date() - h.registered).days <= max_age
        ]
        if pool and rng.random() < 0.7:
            return rng.choice(pool)
        reg = (when - timedelta(days=rng.randint(4, max_age))).date()
        return self.new_holder(rng.choice(kinds), reg)

    def pick(
        self,
        rng: random.Random,
        kind: str | tuple[str, ...],
        when: datetime,
        min_age_days: int = 1,
        exclude: tuple[Holder, ...] = (),
    ) -> Holder:
        kinds = (kind,) if isinstance(kind, str) else kind
        pool = [
            h
            for k in kinds
            for h in self.by_kind.get(k, ())
            if (when.date() - h.registered).days >= min_age_days and h not in exclude
        ]
        if not pool:
            pool = [
                h
                for k in kinds
                for h in self.by_kind[k]
                if h.registered < date(2020, 1, 1) and h not in exclude
            ]
        return rng.choice(pool)

    # ---------------------------------------------------------- foreign parties
    def supplier(self, rng: random.Random, country: str) -> dict[str, str]:
        pool = self.suppliers.setdefault(country, [])
        if len(pool) < 12 and (not pool or rng.random() < 0.25):
            prng = self.rng["parties"]
            pool.append(
                {
                    "id": f"{country}-{prng.randrange(10**8, 10**9)}",
                    "name": names.foreign_name(prng, country),
                    "country": country,
                }
            )
        return rng.choice(pool)

    def buyer(self, rng: random.Random, country: str, tech: bool = False) -> dict[str, str]:
        """A foreign buyer; ``tech`` picks Russian firms that would buy machinery and
        electronics rather than food or clothes."""
        pool = self.buyers.setdefault(
            f"{country}:tech" if tech and country == "RU" else country, []
        )
        if len(pool) < 25 and (not pool or rng.random() < 0.3):
            prng = self.rng["parties"]
            if country == "RU":
                stem = prng.choice(names.ru_tech_stems() if tech else names.ru_legit_stems())
                form = "ООО" if prng.random() < 0.85 else "АО"
                self._inn_serial += prng.randint(1, 9999)
                party = {
                    "id": ids.inn10(
                        prng.choice([50, 56, 63, 64, 30, 74, 45, 55, 77]), self._inn_serial
                    ),
                    "name": f"{form} «{stem}»",
                    "country": "RU",
                }
            elif country == "BY":
                party = {
                    "id": f"{prng.randrange(10**8, 10**9)}",
                    "name": f"ООО «{prng.choice(names.ru_legit_stems())}-Бел»",
                    "country": "BY",
                }
            else:
                party = {
                    "id": f"{country}-{prng.randrange(10**8, 10**9)}",
                    "name": names.foreign_name(prng, country),
                    "country": country,
                }
            pool.append(party)
        return rng.choice(pool)

    # ------------------------------------------------------------------ times
    @staticmethod
    def working(day: date, rng: random.Random, lo: int = 9, hi: int = 19) -> datetime:
        while day.weekday() == 6 and rng.random() < 0.8:
            day += timedelta(days=1)
        return datetime.combine(day, time(rng.randint(lo, hi - 1), rng.randint(0, 59)), KZ)

    def start_time(self, rng: random.Random, latest: datetime = END) -> datetime:
        span = (latest - START).days
        return self.working(START.date() + timedelta(days=rng.randint(0, max(0, span))), rng)

    # ---------------------------------------------------------- trade events
    def do_import(
        self,
        rng: random.Random,
        when: datetime,
        importer: Holder,
        items: list[tuple[Product, float]],
        *,
        dispatch: str | None = None,
        currency: str | None = None,
        factor: float = 1.0,
        origin: str | None = None,
        office: str | None = None,
        descs: dict[int, str] | None = None,
    ) -> Event | None:
        if when > END:
            return None
        first = items[0][0]
        if dispatch is None:
            dispatch = first.origin if first.origin not in {"KZ"} else "CN"
        currency = currency or money.pick_currency(rng, dispatch)
        day = when.date()
        lines = [
            self.line(
                i,
                p,
                q,
                self.price(rng, p, day, currency, factor),
                currency,
                origin=origin,
                desc=(descs or {}).get(i),
            )
            for i, (p, q) in enumerate(items, start=1)
        ]
        if office is None:
            office = (
                importer.office
                if rng.random() < 0.8
                else rng.choice(ENTRY_FROM.get(dispatch, DEFAULT_ENTRY))
            )
        return self.emit(
            when,
            "import",
            office,
            reported_by="KGD",
            declaration_no=self.number(office, when),
            consignor=self.supplier(rng, dispatch),
            consignee=importer.id,
            dispatch_country=dispatch,
            lines=lines,
        )

    def do_transfer(
        self,
        rng: random.Random,
        when: datetime,
        seller: Holder,
        buyer: Holder,
        items: list[tuple[Product, float]],
        markup: float = 1.15,
        lots: dict[int, str] | None = None,
    ) -> Event | None:
        if when > END:
            return None
        day = when.date()
        lines = [
            self.line(
                i, p, q, self.price(rng, p, day, "KZT", markup), "KZT", lot=(lots or {}).get(i)
            )
            for i, (p, q) in enumerate(items, start=1)
        ]
        return self.emit(
            when,
            "transfer",
            f"WH-{seller.id}",
            reported_by="ESF",
            seller=seller.id,
            buyer=buyer.id,
            invoice_no=self.invoice(seller),
            lines=lines,
        )

    def do_export(
        self,
        rng: random.Random,
        when: datetime,
        exporter: Holder,
        items: list[tuple[Product, float]],
        destination: str,
        consignee: dict[str, str],
        *,
        markup: float = 1.12,
        currency: str | None = None,
        hs: dict[int, str] | None = None,
        descs: dict[int, str] | None = None,
        exit_office: str | None = None,
    ) -> Event | None:
        if when > END:
            return None
        currency = currency or money.pick_currency(rng, destination)
        day = when.date()
        lines = [
            self.line(
                i,
                p,
                q,
                self.price(rng, p, day, currency, markup),
                currency,
                hs=(hs or {}).get(i),
                desc=(descs or {}).get(i),
            )
            for i, (p, q) in enumerate(items, start=1)
        ]
        exit_office = exit_office or rng.choice(EXITS[destination])
        office = exporter.office if rng.random() < 0.85 else exit_office
        return self.emit(
            when,
            "export",
            office,
            reported_by="KGD",
            declaration_no=self.number(office, when),
            exporter=exporter.id,
            consignee=dict(consignee),
            destination_country=destination,
            office_of_exit=exit_office,
            lines=lines,
        )

    def do_adjust(
        self,
        rng: random.Random,
        when: datetime,
        holder: Holder,
        items: list[tuple[Product, float]],
        reason: str,
    ) -> Event | None:
        if when > END:
            return None
        day = when.date()
        lines = [
            self.line(i, p, q, self.price(rng, p, day, "KZT", 0.9), "KZT")
            for i, (p, q) in enumerate(items, start=1)
        ]
        for ln in lines:
            ln["value"] = abs(ln["value"])
            ln["net_kg"] = abs(ln["net_kg"])
        return self.emit(
            when,
            "adjustment",
            f"WH-{holder.id}",
            reported_by=holder.id,
            holder=holder.id,
            reason=reason,
            lines=lines,
        )

    def do_transform(
        self,
        rng: random.Random,
        when: datetime,
        holder: Holder,
        inputs: list[dict[str, Any]],
        outputs: list[dict[str, Any]],
    ) -> Event | None:
        if when > END:
            return None
        return self.emit(
            when,
            "transformation",
            f"WH-{holder.id}",
            reported_by=holder.id,
            holder=holder.id,
            inputs=inputs,
            outputs=outputs,
        )


def later(
    rng: random.Random, when: datetime, lo_days: float, hi_days: float, working: bool = True
) -> datetime:
    """A moment some days after ``when``, in working hours unless told otherwise."""
    step = when + timedelta(days=rng.uniform(lo_days, hi_days))
    if not working:
        return step
    out = World.working(step.date(), rng)
    return out if out > when else when + timedelta(hours=rng.uniform(1, 4))


def split(rng: random.Random, total: float, parts: int, unit: str) -> list[float]:
    """``total`` cut into ``parts`` pieces that sum to at most ``total``."""
    weights = [rng.uniform(0.5, 1.5) for _ in range(parts)]
    s = sum(weights)
    if unit == "KGM":
        pieces = [math.floor(total * w / s / 10) * 10.0 for w in weights]
    else:
        pieces = [float(math.floor(total * w / s)) for w in weights]
    return [p for p in pieces if p > 0]
