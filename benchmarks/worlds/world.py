"""The second world's state and its event builders: one place that knows the event vocabulary.

Events are built as dicts with a private sort time; declaration numbers, transit ids and event
ids are placeholders until the writer has put every event in time order, so that numbers rise
with time as an office's registers do.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from worlds import actors, geography, products
from worlds.geography import Office, Route
from worlds.rates import Rates, is_business_day

#: Kazakhstan has kept one time zone, UTC+5, since 1 March 2024
KZ_TZ = timezone(timedelta(hours=5))
START = date(2024, 3, 1)
DAYS = 365

Event = dict[str, Any]


@dataclass
class Case:
    """A planted case: its scheme, its events (in any order), holders, transits, detail."""

    scheme: str
    events: list[Event] = field(default_factory=list)
    holders: list[str] = field(default_factory=list)
    transits: list[str] = field(default_factory=list)  # placeholders, resolved by the writer
    detail: dict[str, Any] = field(default_factory=dict)


class World:
    def __init__(self, seed: int, events: int = 30000) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        rng = self.rng
        self.rates = Rates(
            random.Random(seed * 7919 + 1), START, START + timedelta(days=DAYS + 240)
        )
        self.goods = products.catalogue(random.Random(seed * 7919 + 2))
        self.foreign = actors.make_foreigners(random.Random(seed * 7919 + 3))
        self.listed = actors.make_listed(random.Random(seed * 7919 + 4))
        drng = random.Random(seed * 7919 + 5)
        self.decoys = [
            actors.Foreign(actors.ru_inn(drng), name, "RU") for name, _ in actors.DECOY_NAMES
        ]
        self.events: list[Event] = []
        self.cases: list[Case] = []
        self.flows = 0  # ordinary flows (counted by the caller that makes them)
        self.holders: list[actors.Holder] = []
        self._ids: set[str] = set()
        self._names: set[str] = set()
        self.mrn: dict[str, str] = {}  # transit placeholders to MRNs, set by the writer
        self._n_decl = 0
        self._n_transit = 0
        self._n_invoice = 0
        self.by_kind: dict[str, list[actors.Holder]] = {}
        for kind, n in (
            ("importer", 90),
            ("wholesaler", 110),
            ("retailer", 120),
            ("manufacturer", 35),
            ("logistics", 30),
        ):
            # a bigger world has more firms, though not in proportion (big firms trade more)
            for _ in range(round(n * max(1.0, (events / 30000) ** 0.5))):
                self.new_holder(kind, self._old_registration(rng))

    # -- holders --------------------------------------------------------------------------------
    def _old_registration(self, rng: random.Random) -> date:
        """Most firms are years old; some registered within the last year or two."""
        years = rng.choice([rng.uniform(1, 4), rng.uniform(3, 25), rng.uniform(5, 30)])
        return START - timedelta(days=int(years * 365))

    def new_holder(self, kind: str, registered: date, pooled: bool = True) -> actors.Holder:
        """A registered holder; pooled ones are picked by ordinary trade, others only by the
        flow that made them (a planted firm whose stock nobody else touches)."""
        h = actors.make_holder(self.rng, kind, registered, self._ids, self._names)
        self.holders.append(h)
        if pooled:
            self.by_kind.setdefault(kind, []).append(h)
        return h

    def pick(self, kind: str, at: datetime | None = None) -> actors.Holder:
        """A holder of a kind, registered before a time; big ones are picked more often."""
        pool = self.by_kind[kind]
        for _ in range(50):
            h = pool[min(len(pool) - 1, int(self.rng.paretovariate(1.1)) - 1)]
            h = pool[self.rng.randrange(len(pool))] if self.rng.random() < 0.5 else h
            if at is None or h.registered < at.date() - timedelta(days=90):
                return h
        return pool[0]

    # -- time -----------------------------------------------------------------------------------
    def day_time(self, day: int, lo: float = 9.0, hi: float = 18.5) -> datetime:
        """A time on a day of the period: in office hours on a working day (weekends and
        holidays move to the next), or at any hour of any day (border posts, roads)."""
        d = START + timedelta(days=day)
        while lo > 0 and not is_business_day(d):
            d += timedelta(days=1)
        h = self.rng.uniform(lo, hi)
        return datetime(d.year, d.month, d.day, tzinfo=KZ_TZ) + timedelta(hours=h)

    def later(self, t: datetime, days_lo: float, days_hi: float, office: bool = True) -> datetime:
        nt = t + timedelta(days=self.rng.uniform(days_lo, days_hi))
        if office:
            day = (nt.date() - START).days
            nt = self.day_time(day)
            if nt <= t:
                nt = t + timedelta(hours=self.rng.uniform(1, 5))
        return nt

    def random_day(self, margin_end: int = 30) -> int:
        """A day of the period, busier in autumn and before the new year, quiet in early Jan."""
        while True:
            # flows start over the whole year; their tails run into the next spring
            d = self.rng.randrange(0, DAYS - min(margin_end, 10))
            month = (START + timedelta(days=d)).month
            w = {1: 0.55, 2: 0.8, 3: 0.9, 9: 1.1, 10: 1.2, 11: 1.25, 12: 1.15}.get(month, 1.0)
            if self.rng.random() < w / 1.25:
                return d

    # -- goods ----------------------------------------------------------------------------------
    def product(self, hs: str) -> products.Product:
        return self.goods[hs]

    def choose_model(
        self, p: products.Product, origin_filter: set[str] | None = None
    ) -> tuple[products.Line, products.Model]:
        """A line of a product and a model of it, made in one of the countries of the filter."""

        def ok(ln: products.Line, m: products.Model) -> bool:
            return origin_filter is None or products.made_in(ln, m) in origin_filter

        lines = [ln for ln in p.lines if any(ok(ln, m) for m in ln.models)]
        ln = self.rng.choice(lines)
        return ln, self.rng.choice([m for m in ln.models if ok(ln, m)])

    def line(
        self,
        no: int,
        p: products.Product,
        ln: products.Line,
        m: products.Model,
        qty: float,
        unit_usd: float,
        currency: str | None,
        at: datetime,
        origin: bool = True,
        hs: str | None = None,
        description: str | None = None,
    ) -> dict[str, Any]:
        qty = _qty(qty, p.unit)
        out: dict[str, Any] = {
            "line_no": no,
            "hs_code": hs or p.hs,
            "description": description or f"{_described(hs or p.hs, p)}, {m.name}",
            "brand": ln.brand,
        }
        if m.gtin:
            out["gtin"] = m.gtin
        out["quantity"] = qty
        out["unit"] = p.unit
        out["net_kg"] = round(qty * m.kg, 3 if qty * m.kg < 10 else 1)
        if currency is not None:
            value = self.rates.convert(unit_usd * qty, currency, at.date())
            out["value"] = round(value, 2)
            out["currency"] = currency
        if origin:
            out["origin_country"] = products.made_in(ln, m)
        return out

    # -- events ---------------------------------------------------------------------------------
    def _event(self, kind: str, t: datetime, location: str, **fields: Any) -> Event:
        t = t.replace(microsecond=0)
        ev: Event = {"_t": t, "type": kind, "time": t.isoformat(), "location": location}
        ev.update(fields)
        self.events.append(ev)
        return ev

    def declaration(self, office: Office, kind: str) -> str:
        self._n_decl += 1
        return f"@D{self._n_decl}|{office.code}|{kind}"

    def import_(
        self,
        t: datetime,
        office: Office,
        consignee: str,
        consignor: actors.Foreign,
        dispatch: str,
        lines: list[dict[str, Any]],
    ) -> Event:
        return self._event(
            "import",
            t,
            office.code,
            reported_by=f"KGD-{office.code}",
            declaration_no=self.declaration(office, "IM"),
            consignor=consignor.party(),
            consignee=consignee,
            dispatch_country=dispatch,
            lines=lines,
        )

    def transfer(
        self,
        t: datetime,
        seller: str,
        buyer: str,
        lines: list[dict[str, Any]],
        location: str | None = None,
    ) -> Event:
        if seller == buyer:
            raise ValueError(f"a sale from {seller} to itself")
        self._n_invoice += 1
        inv = f"ESF-{seller}-{t:%Y%m%d}-{self.rng.randrange(10**6):06d}{self._n_invoice % 10}"
        return self._event(
            "transfer",
            t,
            location or f"WH-{seller[-6:]}",
            reported_by="IS-ESF",
            seller=seller,
            buyer=buyer,
            invoice_no=inv,
            lines=lines,
        )

    def export(
        self,
        t: datetime,
        office: Office,
        exporter: str,
        consignee: dict[str, str],
        destination: str,
        exit_office: Office,
        lines: list[dict[str, Any]],
    ) -> Event:
        return self._event(
            "export",
            t,
            office.code,
            reported_by=f"KGD-{office.code}",
            declaration_no=self.declaration(office, "EX"),
            exporter=exporter,
            consignee=consignee,
            destination_country=destination,
            office_of_exit=exit_office.code,
            lines=lines,
        )

    def adjustment(
        self, t: datetime, holder: str, reason: str, lines: list[dict[str, Any]]
    ) -> Event:
        return self._event(
            "adjustment",
            t,
            f"WH-{holder[-6:]}",
            reported_by=holder,
            holder=holder,
            reason=reason,
            lines=lines,
        )

    def transformation(
        self, t: datetime, holder: str, inputs: list[dict[str, Any]], outputs: list[dict[str, Any]]
    ) -> Event:
        return self._event(
            "transformation",
            t,
            f"PLANT-{holder[-6:]}",
            reported_by=holder,
            holder=holder,
            inputs=inputs,
            outputs=outputs,
        )

    # -- transits -------------------------------------------------------------------------------
    def transit_id(self) -> str:
        self._n_transit += 1
        return f"@T{self._n_transit}"

    def plate(self, country: str) -> str:
        r = self.rng
        letters = "ABEKMHOPCTYX"
        if country == "KZ":
            return (
                f"{r.randrange(100, 999)}{''.join(r.choice(letters) for _ in range(3))}"
                f"{r.choice(['02', '01', '17', '05', '15', '16', '18'])}"
            )
        if country == "RU":
            return (
                f"{r.choice(letters)}{r.randrange(100, 999)}{r.choice(letters)}"
                f"{r.choice(letters)}{r.choice(['77', '174', '55', '56', '66', '196'])}"
            )
        if country == "CN":
            return f"新{r.choice('ABCDF')}{r.randrange(10000, 99999)}"
        return f"{country}{r.randrange(10000, 99999)}"

    def drive(
        self,
        rt: Route,
        t0: datetime,
        to_km: float | None = None,
        report_every_h: tuple[float, float] = (2.0, 5.0),
        gap: bool = False,
        slow: float = 1.0,
    ) -> tuple[list[tuple[datetime, tuple[float, float], str]], datetime]:
        """Drive a route: positions reported by the navigation seal and at offices of transit.

        Trucks move at 55-75 km/h for 8-11 hours a day (so 450-750 km a day), rest at night,
        queue at the border at the start. Returns the reports and the arrival time.
        """
        r = self.rng
        end_km = rt.length_km if to_km is None else to_km
        km, t = 0.0, t0
        reports: list[tuple[datetime, tuple[float, float], str]] = []
        driven_today = 0.0
        day_budget = r.uniform(8, 11)
        next_report = t + timedelta(hours=r.uniform(0.2, 0.8))
        offices = {
            geography.office(tn).code: d
            for tn, d in rt.town_km.items()
            if _has_office(tn) and 5 < d < end_km - 5
        }
        gap_from = r.uniform(0.2, 0.6) * end_km if gap else -1
        gap_to = gap_from + r.uniform(80, 300) if gap else -1.0
        stops = sorted((d, code) for code, d in offices.items())
        while km < end_km:
            speed = r.uniform(55, 75) / slow
            target = min(km + speed * 0.5, end_km)
            at_office = None
            if stops and stops[0][0] <= target:
                target, at_office = stops.pop(0)
            step_h = (target - km) / speed
            km = target
            t += timedelta(hours=step_h)
            driven_today += step_h
            if at_office is not None:
                # an office of transit: the truck stops, the passage is recorded
                reports.append((t, geography.noisy(r, rt.at(km), r.uniform(20, 90)), at_office))
                t += timedelta(minutes=r.uniform(10, 50))
                next_report = max(next_report, t + timedelta(hours=r.uniform(0.3, 1.0)))
            if t >= next_report:
                if not (gap_from <= km <= gap_to):
                    pos = geography.noisy(r, rt.at(km), r.uniform(10, 150))
                    reports.append((t, pos, "GNSS"))
                next_report = t + timedelta(hours=r.uniform(*report_every_h))
            if driven_today >= day_budget:
                rest = timedelta(hours=r.uniform(8, 13))
                if r.random() < 0.5 and t + rest > next_report:  # a report from the night stop
                    pos = geography.noisy(r, rt.at(km), r.uniform(10, 120))
                    reports.append((t + timedelta(hours=r.uniform(1, 6)), pos, "GNSS"))
                t += rest
                next_report = t + timedelta(hours=r.uniform(0.5, 2))
                driven_today, day_budget = 0.0, r.uniform(8, 11)
            elif r.random() < 0.01:  # a stop for fuel, food, a police check
                t += timedelta(hours=r.uniform(0.3, 1.5))
        reports.sort(key=lambda x: x[0])
        return reports, t

    def transit(
        self,
        t0: datetime,
        start: Office,
        dest: Office,
        dest_country: str,
        carrier: str,
        vehicle_country: str,
        lines: list[dict[str, Any]],
        *,
        end: str = "on_time",  # on_time | late | none | elsewhere
        elsewhere: Office | None = None,
        stop_fraction: float = 1.0,
        gap: bool = False,
    ) -> tuple[str, list[Event], datetime]:
        """A transit from start to dest; returns its placeholder id, its events, arrival time."""
        r = self.rng
        tid = self.transit_id()
        rt = geography.route(start.town, dest.town)
        # deadline: the office's norm, about 400-500 km a day, at least two days, plus a margin
        days = max(2, math.ceil(rt.length_km / r.choice([400, 450, 500]))) + r.choice([1, 1, 2, 3])
        queue = timedelta(hours=r.uniform(1, 20) if start.kind == "border" else r.uniform(0.2, 2))
        deadline = (t0 + timedelta(days=days)).replace(hour=23, minute=59, second=0, microsecond=0)
        seals = [f"KZ{r.randrange(10**7):07d}" for _ in range(r.choice([1, 2, 2, 3]))]
        ev_start = self._event(
            "transit_start",
            t0,
            start.code,
            reported_by=f"KGD-{start.code}",
            transit_id=tid,
            carrier=carrier,
            vehicle=self.plate(vehicle_country),
            seals=seals,
            office_of_departure=start.code,
            office_of_destination=dest.code,
            destination_country=dest_country,
            deadline=deadline.isoformat(),
            lines=lines,
        )
        evs = [ev_start]
        if end == "elsewhere" and elsewhere is not None:
            # follow the declared route to where the roads part, then leave it for the other office
            split = _split_town(rt, elsewhere)
            first = geography.route(start.town, split)
            second = geography.route(split, elsewhere.town)
            reps, t = self.drive(first, t0 + queue, gap=gap)
            reps2, t = self.drive(second, t)
            reps += reps2
            arrive = t
        else:
            to_km = rt.length_km * stop_fraction if end == "none" else None
            reps, arrive = self.drive(
                rt,
                t0 + queue,
                to_km=to_km,
                gap=gap,
                slow=r.uniform(1.6, 2.4) if end == "late" else 1.0,
            )
            if end == "late" and arrive <= deadline:
                arrive = deadline + timedelta(hours=r.uniform(3, 60))
        for tt, (lat, lon), loc in reps:
            evs.append(
                self._event(
                    "checkpoint", tt, loc, reported_by="NAVSEAL", transit_id=tid, lat=lat, lon=lon
                )
            )
        if end in ("on_time", "late"):
            t_end = arrive + timedelta(hours=r.uniform(0.5, 6))
            evs.append(
                self._event(
                    "transit_end", t_end, dest.code, reported_by=f"KGD-{dest.code}", transit_id=tid
                )
            )
            arrive = t_end
        elif end == "elsewhere" and elsewhere is not None:
            t_end = arrive + timedelta(hours=r.uniform(0.5, 4))
            evs.append(
                self._event(
                    "transit_end",
                    t_end,
                    elsewhere.code,
                    reported_by=f"KGD-{elsewhere.code}",
                    transit_id=tid,
                )
            )
            arrive = t_end
        return tid, evs, arrive


def _described(hs: str, p: products.Product) -> str:
    return products.RU.get(hs) or products.RU.get(p.hs) or p.description


def _has_office(town: str) -> bool:
    return any(o.town == town and o.kind == "inland" for o in geography.OFFICES)


def _split_town(rt: Route, target: Office) -> str:
    """The town of a route from which the road to target leaves it (the nearest by road)."""
    best, best_km = rt.towns[0], math.inf
    for tn in rt.towns[:-1]:
        if tn == target.town:
            continue
        km = geography.route(tn, target.town).length_km
        if km < best_km:
            best, best_km = tn, km
    return best


def _qty(q: float, unit: str) -> float:
    if unit in ("C62", "NPR"):
        return float(max(1, round(q)))
    if unit == "MTK":
        return round(max(1.0, q), 1)
    return round(max(1.0, q), 1)


def utc(t: datetime) -> datetime:
    return t.astimezone(UTC)
