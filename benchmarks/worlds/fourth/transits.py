"""Transits across the country: a truck or a train moving along a bending road, offices of
transit, navigation-seal reports with noise and gaps, queues, breakdowns and detours; and the
three ways a planted transit goes wrong (it stops reporting, it leaves the road for another
office, its goods are sold on the way)."""

from __future__ import annotations

import bisect
import math
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from benchmarks.worlds.fourth import geo, goods
from benchmarks.worlds.fourth.world import END, KZ, Event, Holder, World

#: goods that come in by each neighbour, as catalogue families (and the origin written)
ENTRY_GOODS: dict[str, tuple[tuple[str, ...], str | None]] = {
    "CN": (
        ("phone", "laptop", "tv", "cn_router", "cn_bearing", "washer", "cars", "tyres", "cn_mcu"),
        None,
    ),
    "UZ": (("melons", "onions", "potatoes", "tshirt"), "UZ"),
    "RU": (("sunoil", "flour", "fridge", "cement", "fertilizer"), "RU"),
    "AZ": (("coffee", "cosmetics", "autoparts", "fridge", "tshirt", "shoes", "tyres"), None),
    "KG": (("potatoes", "onions", "beef"), "KG"),
    "TM": (("fertilizer", "cement"), "TM"),
}


def sub_path(route: int, start: str, end: str) -> geo.Path:
    """The part of a route's curve between two of its stops, in the direction of travel."""
    fwd = geo.route_path(route)
    reverse = fwd.marks[start] > fwd.marks[end]
    path = geo.route_path(route, reverse)
    d0, d1 = path.marks[start], path.marks[end]
    i0 = bisect.bisect_left(path.cum, d0)
    i1 = bisect.bisect_right(path.cum, d1)
    pts = path.points[i0:i1]
    sub = geo.Path(pts)
    sub.marks = {k: v - d0 for k, v in path.marks.items() if d0 <= v <= d1}
    return sub


@dataclass(slots=True)
class Motion:
    """Where the vehicle is at each moment: linear between anchors (time, km along)."""

    times: list[datetime] = field(default_factory=list)
    dists: list[float] = field(default_factory=list)

    def add(self, t: datetime, d: float) -> None:
        self.times.append(t)
        self.dists.append(d)

    def dist_at(self, t: datetime) -> float:
        i = bisect.bisect_right(self.times, t)
        if i == 0:
            return self.dists[0]
        if i >= len(self.times):
            return self.dists[-1]
        t0, t1 = self.times[i - 1], self.times[i]
        span = (t1 - t0).total_seconds()
        s = 0 if span == 0 else (t - t0).total_seconds() / span
        return self.dists[i - 1] + (self.dists[i] - self.dists[i - 1]) * s

    def time_at(self, d: float) -> datetime:
        i = bisect.bisect_left(self.dists, d)
        if i == 0:
            return self.times[0]
        if i >= len(self.dists):
            return self.times[-1]
        d0, d1 = self.dists[i - 1], self.dists[i]
        s = 0 if d1 == d0 else (d - d0) / (d1 - d0)
        return self.times[i - 1] + (self.times[i] - self.times[i - 1]) * s


def drive(
    rng: random.Random,
    start: datetime,
    length: float,
    mode: str,
    stops: list[tuple[float, float]] | None = None,
) -> Motion:
    """A vehicle's motion over ``length`` km: trucks drive by day and rest at night, trains
    run on with halts at yards; ``stops`` adds (km, hours) halts (a breakdown, a queue)."""
    m = Motion()
    t, d = start, 0.0
    m.add(t, d)
    halts = sorted(stops or [])
    speed = rng.uniform(58, 74) if mode == "road" else rng.uniform(24, 40)
    while d < length - 1e-6:
        if mode == "road":
            if t.hour >= 21 or t.hour < 7:
                nxt = (t + timedelta(days=1 if t.hour >= 21 else 0)).replace(
                    hour=7, minute=rng.randint(0, 59)
                )
                m.add(nxt, d)
                t = nxt
            day_end = t.replace(hour=21, minute=0)
            reach = min(length, d + speed * max(0.25, (day_end - t).total_seconds() / 3600))
        else:
            reach = min(length, d + rng.uniform(150, 450))
        if halts and halts[0][0] < reach:
            km, hours = halts.pop(0)
            km = max(km, d)
            t += timedelta(hours=(km - d) / speed)
            m.add(t, km)
            t += timedelta(hours=hours)
            m.add(t, km)
            d = km
            continue
        t += timedelta(hours=(reach - d) / speed)
        d = reach
        m.add(t, d)
        if mode != "road" and d < length:
            t += timedelta(hours=rng.uniform(0.5, 6))
            m.add(t, d)
    return m


def jitter(
    rng: random.Random, pos: tuple[float, float], outlier: float = 0.01
) -> tuple[float, float]:
    """A navigation-seal fix: tens of metres of noise, now and then a jump of kilometres."""
    sigma = 0.0006
    if rng.random() < outlier:
        sigma = rng.uniform(0.02, 0.06)
    return round(pos[0] + rng.gauss(0, sigma), 5), round(pos[1] + rng.gauss(0, sigma), 5)


def vehicle(rng: random.Random, mode: str, country: str) -> str:
    if mode == "rail":
        return f"wagon {rng.choice('56')}{rng.randrange(10**6, 10**7)}"
    if country == "CN":
        return f"XJ-A{rng.randint(10000, 99999)}"
    if country in {"RU", "BY"}:
        return (
            f"{rng.choice('ABEKMHOPCTX')}{rng.randint(100, 999)}{rng.choice('ABEKMHOPCTX')}"
            f"{rng.choice('ABEKMHOPCTX')}{rng.choice(['56', '30', '64', '74', '45', '55'])}"
        )
    return (
        f"{rng.randint(100, 999)} {''.join(rng.choice('ABCEHKMOPTXZ') for _ in range(3))} "
        f"{rng.choice(['02', '04', '06', '07', '08', '09', '10', '12', '13', '15', '16'])}"
    )


@dataclass(slots=True)
class Plan:
    """What one transit does; the defaults make an honest one."""

    route: int
    start: str
    end: str
    when: datetime
    goods: list[tuple[goods.Product, float]]
    origin: str | None
    carrier: str
    destination_country: str
    mode: str = "road"
    stop_at: float | None = None  # fraction along where reporting stops for good
    divert_to: str | None = None  # office it ends at instead
    divert_at: float = 0.5
    sell: tuple[Holder, Holder, float, str] | None = None  # seller, buyer, fraction, outcome
    gap: bool = False
    detour: bool = False
    breakdown: bool = False
    long_queue: bool = False


def run(w: World, rng: random.Random, plan: Plan) -> dict[str, Any]:
    """Emit one transit's events; return them with what happened (for labels and decoys)."""
    path = sub_path(plan.route, plan.start, plan.end)
    length = path.length
    dep = geo.OFFICES[plan.start]
    mrn = w.mrn(plan.start)
    currency = "USD" if rng.random() < 0.6 else ("CNY" if plan.origin in {None, "CN"} else "EUR")
    day = plan.when.date()
    lines = [
        w.line(i, p, q, w.price(rng, p, day, currency, 0.97), currency, origin=plan.origin)
        for i, (p, q) in enumerate(plan.goods, start=1)
    ]
    days = max(2, math.ceil(length / 200)) + 1
    deadline = plan.when + timedelta(days=days)
    seals = [f"ENS{rng.randrange(10**7, 10**8)}"] + (
        [f"KZ{rng.randrange(10**5, 10**6)}"] if rng.random() < 0.7 else []
    )
    events: list[Event] = []
    start = w.emit(
        plan.when,
        "transit_start",
        plan.start,
        reported_by="ASTANA-1",
        transit_id=mrn,
        carrier=plan.carrier,
        vehicle=vehicle(rng, plan.mode, dep.neighbour or "KZ"),
        seals=seals,
        office_of_departure=plan.start,
        office_of_destination=plan.end,
        destination_country=plan.destination_country,
        deadline=deadline,
        lines=lines,
    )
    events.append(start)
    halts: list[tuple[float, float]] = []
    if plan.breakdown:
        halts.append((rng.uniform(0.2, 0.8) * length, rng.uniform(30, 130)))
    depart = plan.when + timedelta(hours=rng.uniform(0.5, 3))
    motion = drive(rng, depart, length, "road" if plan.mode != "rail" else "rail", halts)
    arrive = motion.times[-1]
    info: dict[str, Any] = {
        "transit_id": mrn,
        "route": geo.ROUTES[plan.route].name,
        "declared_destination": plan.end,
        "deadline": deadline,
        "length_km": round(length, 1),
    }

    # where the vehicle stops following the declared road, and what it does then
    stop_d = length
    off_path: geo.Path | None = None
    if plan.stop_at is not None:
        stop_d = plan.stop_at * length
    if plan.divert_to is not None:
        stop_d = plan.divert_at * length
    sale_d = None
    if plan.sell is not None:
        sale_d = plan.sell[2] * length
        if plan.sell[3] != "partial":
            stop_d = sale_d
    t_stop = (motion.time_at(stop_d) if stop_d < length else arrive).replace(microsecond=0)

    # navigation-seal reports along the road
    horizon = t_stop
    duration = (horizon - depart).total_seconds() / 3600
    # a report every few hours: about one per 120 km by road, fewer by rail
    per_km = 120 if plan.mode != "rail" else 260
    n_reports = max(3, round(length / per_km * rng.uniform(0.7, 1.3)))
    step = max(1.5, duration / n_reports) if duration > 0 else 2.0
    gap = None
    if plan.gap and duration > 20:
        g0 = depart + timedelta(hours=rng.uniform(0.2, 0.7) * duration)
        gap = (g0, g0 + timedelta(hours=rng.uniform(8, 30)))
    detour = None
    if plan.detour and length > 300:
        a = rng.uniform(0.2, 0.6) * length
        detour = (a, a + rng.uniform(60, 160), rng.uniform(12, 35) * rng.choice([-1, 1]))
    t = depart + timedelta(hours=step * rng.uniform(0.4, 1.0))
    positions: list[tuple[datetime, float, float]] = []
    while t < horizon:
        if gap is None or not gap[0] <= t <= gap[1]:
            d = motion.dist_at(t)
            lat, lon = path.at(d)
            if detour is not None and detour[0] < d < detour[1]:
                # a signposted diversion round road works: off the road, and back on it
                s = (d - detour[0]) / (detour[1] - detour[0])
                shift = detour[2] * math.sin(math.pi * s) / 111.0
                lat, lon = lat + shift, lon + shift / max(0.3, math.cos(math.radians(lat)))
            if rng.random() < 0.03:
                ev = w.emit(t, "checkpoint", "KZ-ENS", reported_by=seals[0], transit_id=mrn)
            else:
                lat, lon = jitter(rng, (lat, lon))
                ev = w.emit(
                    t,
                    "checkpoint",
                    "KZ-ENS",
                    reported_by=seals[0],
                    transit_id=mrn,
                    lat=lat,
                    lon=lon,
                )
                positions.append((t, lat, lon))
            events.append(ev)
        t += timedelta(hours=step * rng.uniform(0.7, 1.3))

    # passages at offices of transit on the way (before the vehicle leaves the road)
    for stop, km in path.marks.items():
        if stop in (plan.start, plan.end) or stop not in geo.OFFICES or km >= stop_d:
            continue
        if rng.random() < 0.35:
            office = geo.OFFICES[stop]
            pt = motion.time_at(km) + timedelta(minutes=rng.randint(5, 50))
            if pt < horizon:
                fields: dict[str, Any] = {}
                if rng.random() < 0.7:
                    fields = {"lat": office.lat, "lon": office.lon}
                events.append(
                    w.emit(pt, "checkpoint", stop, reported_by="KGD", transit_id=mrn, **fields)
                )

    end_event: Event | None = None
    if plan.divert_to is not None:
        target = geo.OFFICES[plan.divert_to]
        here = path.at(stop_d)
        leg = geo.bend(here, (target.lat, target.lon), f"divert:{mrn}", wander=0.1)
        off_path = geo.Path([here, *leg])
        off_motion = drive(rng, t_stop, off_path.length, "road")
        t_off = t_stop + timedelta(hours=rng.uniform(0.5, 2))
        off_arrive = off_motion.times[-1]
        far = 0.0
        while t_off < off_arrive:
            lat, lon = jitter(rng, off_path.at(off_motion.dist_at(t_off)), 0.0)
            events.append(
                w.emit(
                    t_off,
                    "checkpoint",
                    "KZ-ENS",
                    reported_by=seals[0],
                    transit_id=mrn,
                    lat=lat,
                    lon=lon,
                )
            )
            far = max(far, geo.nearest_distance_km(path, (lat, lon)))
            t_off += timedelta(hours=rng.uniform(1.5, 4))
        end_t = off_arrive + timedelta(hours=rng.uniform(0.5, 5))
        end_event = w.emit(end_t, "transit_end", plan.divert_to, reported_by="KGD", transit_id=mrn)
        info.update(
            ended_at=plan.divert_to,
            left_road_at={
                "lat": round(here[0], 4),
                "lon": round(here[1], 4),
                "time": t_stop.isoformat(),
            },
            max_km_off_road=round(far, 1),
        )
    elif plan.sell is not None:
        seller, buyer, _, outcome = plan.sell
        t_sale = motion.time_at(sale_d or 0) + timedelta(hours=rng.uniform(2, 14))
        take = [
            (i, p, q if outcome != "partial" else max(1.0, math.floor(q * rng.uniform(0.3, 0.6))))
            for i, (p, q) in enumerate(plan.goods, start=1)
        ]
        if outcome == "partial":
            take = take[:1]
        sale = w.do_transfer(
            rng,
            t_sale,
            seller,
            buyer,
            [(p, q) for _, p, q in take],
            markup=rng.uniform(0.55, 0.8),
            lots={k: mrn for k in range(1, 9)},
        )
        assert sale is not None
        events.append(sale)
        info.update(
            seller=seller.id,
            buyer=buyer.id,
            outcome=outcome,
            sold=[
                {"line_no": n, "hs_code": ln["hs_code"], "quantity": ln["quantity"]}
                for n, ln in enumerate(sale["lines"], start=1)
            ],
            sale_invoice=sale["invoice_no"],
            sold_near=path.at(sale_d or 0),
        )
        if outcome == "short":
            short = [
                s
                for s, km in path.marks.items()
                if s in geo.OFFICES and 0 < km <= stop_d and s != plan.start
            ]
            end_office = short[-1] if short else plan.start
            end_event = w.emit(
                t_sale + timedelta(hours=rng.uniform(3, 30)),
                "transit_end",
                end_office,
                reported_by="KGD",
                transit_id=mrn,
            )
            info["ended_at"] = end_office
        elif outcome == "partial":
            end_t = arrive + timedelta(hours=rng.uniform(1, 8))
            end_event = w.emit(
                max(end_t, t_sale + timedelta(hours=2)),
                "transit_end",
                plan.end,
                reported_by="KGD",
                transit_id=mrn,
            )
            info["ended_at"] = plan.end
        else:
            info["ended_at"] = None
    elif plan.stop_at is not None:
        info.update(
            ended_at=None,
            last_position=(
                {
                    "lat": positions[-1][1],
                    "lon": positions[-1][2],
                    "time": positions[-1][0].isoformat(),
                }
                if positions
                else None
            ),
            stopped_at_km=round(stop_d, 1),
        )
    else:
        queue = rng.uniform(0.3, 4)
        if plan.long_queue or (geo.OFFICES[plan.end].kind != "inland" and rng.random() < 0.2):
            queue = rng.uniform(10, 40)
        end_t = arrive + timedelta(hours=queue)
        if end_t <= END:
            end_event = w.emit(end_t, "transit_end", plan.end, reported_by="KGD", transit_id=mrn)
        info["ended_at"] = plan.end if end_t <= END else None
        info["late"] = end_t > deadline
    if end_event is not None:
        # nothing reported after the end: drop any seal report timed later (no ledger allows it)
        cutoff = end_event["_t"]
        for ev in events:
            if ev["type"] == "checkpoint" and ev["_t"] >= cutoff:
                ev["_t"] = cutoff - timedelta(minutes=rng.randint(5, 50))
                if ev["_t"] <= plan.when:
                    ev["_t"] = plan.when + timedelta(minutes=1)
        events.append(end_event)
    # nothing after the year's end either
    for ev in events:
        if ev["_t"] > END:
            ev["_drop"] = True
    info["events"] = [ev for ev in events if not ev.get("_drop")]
    info["start"] = start
    info["end"] = end_event
    info["lines"] = lines
    return info


def route_goods(
    w: World, rng: random.Random, neighbour: str
) -> tuple[list[tuple[goods.Product, float]], str | None]:
    families, origin = ENTRY_GOODS.get(neighbour, ENTRY_GOODS["AZ"])
    fams = rng.sample(families, k=min(len(families), rng.randint(1, 3)))
    items = []
    for fam in fams:
        pool = [p for p in goods.CATALOGUE if p.family == fam]
        p = rng.choice(pool)
        items.append((p, w.qty(rng, p, 0.8)))
    return items, origin


def pick_route(rng: random.Random, *, through: bool = True) -> tuple[int, str, str]:
    """A route, a direction, and the stops a transit starts and ends at."""
    weights = [r.weight for r in geo.ROUTES]
    idx = rng.choices(range(len(geo.ROUTES)), weights)[0]
    stops = geo.offices_on(idx)
    if rng.random() < 0.5:
        stops = list(reversed(stops))
    first = stops[0]
    if geo.OFFICES[first].kind == "inland":  # routes that begin inland start at the border end
        stops = list(reversed(stops))
        first = stops[0]
    if through:
        return idx, first, stops[-1]
    inland = [s for s in stops[1:] if geo.OFFICES[s].kind == "inland"]
    return idx, first, rng.choice(inland) if inland else stops[-1]


def destination_of(office: str, rng: random.Random) -> str:
    o = geo.OFFICES[office]
    if o.kind == "port":
        return rng.choice(["AZ", "AZ", "GE", "TR", "IR"])
    return o.neighbour or "KZ"


def carrier_for(w: World, rng: random.Random, neighbour: str, when: datetime) -> str:
    if rng.random() < 0.45:
        return w.pick(rng, "logistics", when, 30).id
    return f"{neighbour}-CARRIER-{rng.randint(100, 999)}"


_ = KZ  # the zone transit times are written in (the world's)
