"""Honest trade and transit, and the decoys: legitimate flows that look like a scheme."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

from benchmarks.worlds.fourth import geo, goods, transits
from benchmarks.worlds.fourth.goods import Product
from benchmarks.worlds.fourth.world import END, START, Case, Holder, World, later, split

RU_LIKE = ("RU", "BY")
ORDINARY_DESTS = (
    ("RU", 0.45),
    ("KG", 0.12),
    ("UZ", 0.14),
    ("BY", 0.05),
    ("TJ", 0.05),
    ("AZ", 0.06),
    ("MN", 0.03),
    ("GE", 0.03),
    ("AF", 0.03),
    ("TM", 0.04),
)
PRODUCE_DESTS = {
    "wheat": (("UZ", 0.3), ("AF", 0.15), ("TJ", 0.15), ("CN", 0.15), ("IR", 0.1), ("AZ", 0.15)),
    "barley": (("IR", 0.4), ("CN", 0.3), ("UZ", 0.3)),
    "flour": (("UZ", 0.4), ("AF", 0.3), ("TJ", 0.2), ("KG", 0.1)),
    "linseed": (("CN", 0.5), ("RU", 0.2), ("TR", 0.3)),
    "sunoil": (("CN", 0.4), ("UZ", 0.3), ("RU", 0.3)),
    "beef": (("UZ", 0.5), ("RU", 0.3), ("CN", 0.2)),
    "lamb": (("RU", 0.4), ("AZ", 0.3), ("IR", 0.3)),
    "melons": (("RU", 0.8), ("BY", 0.2)),
    "onions": (("RU", 0.7), ("KG", 0.3)),
    "potatoes": (("UZ", 0.6), ("KG", 0.2), ("RU", 0.2)),
    "fish": (("RU", 0.4), ("GE", 0.2), ("AZ", 0.4)),
    "ferrochrome": (("CN", 0.6), ("RU", 0.2), ("TR", 0.2)),
    "copper": (("CN", 0.7), ("TR", 0.3)),
    "cement": (("UZ", 0.5), ("KG", 0.3), ("RU", 0.2)),
    "fertilizer": (("RU", 0.3), ("UZ", 0.4), ("CN", 0.3)),
}
HUBS_FOR = {  # dispatch countries goods of a brand country come through
    "US": ("US", "DE", "NL", "AE", "PL"),
    "DE": ("DE", "PL", "LT", "NL"),
    "FR": ("FR", "DE", "PL"),
    "NL": ("NL", "DE"),
    "SE": ("SE", "DE", "PL"),
    "JP": ("JP", "CN", "AE"),
    "KR": ("KR", "CN", "AE"),
    "CN": ("CN", "CN", "HK"),
    "VN": ("VN", "CN", "AE"),
    "TR": ("TR",),
    "IT": ("IT", "DE"),
    "ID": ("ID", "CN"),
    "CH": ("CH", "DE"),
    "BE": ("BE", "DE"),
    "GB": ("GB", "DE"),
    "NO": ("NO", "DE"),
    "RU": ("RU",),
    "KZ": ("CN",),
}


def family(name: str) -> list[Product]:
    return [p for p in goods.CATALOGUE if p.family == name]


def dispatch_for(rng: random.Random, p: Product) -> str:
    return rng.choice(HUBS_FOR.get(p.origin, (p.origin,)))


def choose(rng: random.Random, table: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([c for c, _ in table], [w for _, w in table])[0]


def assortment(rng: random.Random, n: int, pool: list[Product]) -> list[Product]:
    first = rng.choice(pool)
    same_family = [p for p in pool if p.family == first.family and p is not first]
    out = [first]
    for _ in range(n - 1):
        cand = same_family if same_family and rng.random() < 0.6 else pool
        p = rng.choice(cand)
        if p not in out:
            out.append(p)
    return out


def ordinary_import(
    w: World,
    rng: random.Random,
    when: datetime,
    importer: Holder,
    pool: list[Product] | None = None,
) -> tuple[Any, list[tuple[Product, float]]]:
    items = [(p, w.qty(rng, p)) for p in assortment(rng, rng.randint(1, 3), pool or goods.ORDINARY)]
    # one consignment comes from one dispatch country: the first line's
    dispatch = dispatch_for(rng, items[0][0])
    items = [
        (p, q)
        for p, q in items
        if dispatch in HUBS_FOR.get(p.origin, (p.origin,)) or dispatch in {"CN", "AE"}
    ] or items[:1]
    ev = w.do_import(rng, when, importer, items, dispatch=dispatch)
    return ev, items


# ------------------------------------------------------------------ honest flows
def distribution(w: World, rng: random.Random) -> None:
    """Imported goods sold on inside the country, wholesaler to retailer; now and then a
    write-off (damage in a warehouse)."""
    t0 = w.start_time(rng)
    importer = w.pick(rng, ("importer", "wholesaler"), t0)
    ev, items = ordinary_import(w, rng, t0, importer)
    if ev is None:
        return
    t = t0
    for p, q in items:
        parts = split(rng, q * rng.uniform(0.6, 1.0), rng.randint(1, 3), p.unit)
        for part in parts:
            t = later(rng, t, 2, 40)
            buyer = w.pick(rng, ("wholesaler", "retailer"), t, exclude=(importer,))
            w.do_transfer(rng, t, importer, buyer, [(p, part)], markup=rng.uniform(1.08, 1.3))
            if rng.random() < 0.3 and part >= 4:
                onward = split(rng, part * rng.uniform(0.5, 0.9), rng.randint(1, 2), p.unit)
                t2 = t
                for piece in onward:
                    t2 = later(rng, t2, 3, 30)
                    shop = w.pick(rng, "retailer", t2, exclude=(buyer,))
                    w.do_transfer(rng, t2, buyer, shop, [(p, piece)], markup=rng.uniform(1.1, 1.4))
        left = q - sum(parts)
        if left >= 2 and rng.random() < 0.1:
            w.do_adjust(
                rng,
                later(rng, t, 5, 60),
                importer,
                [(p, -max(1.0, float(int(left * 0.1))))],
                rng.choice(
                    [
                        "damaged in storage",
                        "write-off: shortage at stocktake",
                        "defective, returned to supplier outside customs",
                    ]
                ),
            )


def ordinary_reexport(w: World, rng: random.Random) -> None:
    """Legitimate re-export of goods no list controls: an importer or a trading house buys,
    holds for weeks, and sells abroad (often to Russia)."""
    t0 = w.start_time(rng, END - timedelta(days=30))
    importer = w.pick(rng, ("importer", "wholesaler"), t0)
    ev, items = ordinary_import(w, rng, t0, importer)
    if ev is None:
        return
    holder, t = importer, t0
    if rng.random() < 0.5:
        t = later(rng, t, 5, 40)
        trader = w.pick(rng, "wholesaler", t, 200, exclude=(importer,))
        items = [(p, split(rng, q, 1, p.unit)[0] if q >= 2 else q) for p, q in items]
        w.do_transfer(rng, t, importer, trader, items, markup=rng.uniform(1.05, 1.2))
        holder = trader
    t = later(rng, t, 21, 90)
    dest = choose(rng, ORDINARY_DESTS)
    share = [
        (p, float(max(1, int(q * rng.uniform(0.5, 1.0)))))
        if p.unit != "KGM"
        else (p, float(int(q * rng.uniform(0.5, 1.0) / 10) * 10 or 10))
        for p, q in items
    ]
    w.do_export(rng, t, holder, share, dest, w.buyer(rng, dest), markup=rng.uniform(1.04, 1.25))


def produce(w: World, rng: random.Random, *, young: bool = False) -> Case | None:
    """Domestic produce or metal: a farm or plant books its output, sells to a trader (often a
    young firm) who exports it within days; or a mill turns wheat into flour first."""
    fam = rng.choice(list(PRODUCE_DESTS))
    p = family(fam)[0]
    t0 = w.start_time(rng, END - timedelta(days=20))
    producer = w.pick(rng, ("agro", "manufacturer"), t0, 60)
    q = w.qty(rng, p)
    harvest = (
        "own production: 2024 harvest in store" if t0.month < 8 else "own production: 2025 harvest"
    )
    if fam in {"ferrochrome", "copper", "cement", "fertilizer", "sunoil", "flour"}:
        harvest = "own production: plant output for the month"
    intake = w.do_adjust(rng, t0, producer, [(p, q)], harvest)
    intake_events = [intake]

    def trader_at(t: datetime, kinds: tuple[str, ...], age: int) -> Holder:
        if young:  # a firm registered days or weeks before this deal
            return w.young(rng, kinds, t)
        return w.pick(rng, kinds, t, age, exclude=(producer,))

    if rng.random() < 0.3:  # an aggregator buying from several farms
        trader_t = later(rng, t0, 1, 6)
        trader = trader_at(trader_t, ("wholesaler", "agro"), 400)
        bought = 0.0
        for _ in range(rng.randint(2, 4)):
            farm = w.pick(rng, "agro", trader_t, 60, exclude=(trader, producer))
            qq = w.qty(rng, p, 0.5)
            intake_events.append(
                w.do_adjust(
                    rng, trader_t - timedelta(days=rng.randint(1, 5)), farm, [(p, qq)], harvest
                )
            )
            trader_t = later(rng, trader_t, 0.5, 3)
            w.do_transfer(rng, trader_t, farm, trader, [(p, qq)], markup=rng.uniform(1.0, 1.1))
            bought += qq
        holder, t, amount = trader, trader_t, bought
    elif young or rng.random() < 0.6:
        t = later(rng, t0, 1, 20)
        trader = trader_at(t, ("wholesaler", "agro", "logistics"), 30)
        amount = split(rng, q, 1, p.unit)[0]
        w.do_transfer(rng, t, producer, trader, [(p, amount)], markup=rng.uniform(1.02, 1.12))
        holder = trader
    else:
        holder, t, amount = producer, t0, q
    if fam == "wheat" and holder.kind in {"agro", "manufacturer"} and rng.random() < 0.3:
        flour = family("flour")[0]
        t = later(rng, t, 1, 10)
        made = float(int(amount * 0.74 / 10) * 10)
        day = t.date()
        w.do_transform(
            rng,
            t,
            holder,
            [w.line(1, p, amount, w.price(rng, p, day, "KZT"), "KZT")],
            [
                w.line(1, flour, made, w.price(rng, flour, day, "KZT"), "KZT", origin="KZ"),
                w.line(
                    2,
                    goods.Product(
                        "bran",
                        "bran",
                        "2302300000",
                        "wheat bran",
                        "",
                        "",
                        "KZ",
                        0.08,
                        1.0,
                        "KGM",
                        (1, 2),
                        None,
                        False,
                    ),
                    float(int(amount * 0.22 / 10) * 10),
                    30.0,
                    "KZT",
                    origin="KZ",
                ),
            ],
        )
        p, amount = flour, made
    t = later(rng, t, 0.5, 6)
    dest = choose(rng, PRODUCE_DESTS.get(p.family, PRODUCE_DESTS["flour"]))
    ex = w.do_export(
        rng,
        t,
        holder,
        [(p, float(int(amount / 10) * 10) or amount)],
        dest,
        w.buyer(rng, dest),
        markup=rng.uniform(1.03, 1.15),
    )
    if ex is None or not young:
        return None
    return Case(
        "fast_turnaround",
        [*(e for e in intake_events if e is not None), ex],
        {
            "why_legitimate": "domestic produce exported quickly by a young firm",
            "firm": holder.id,
            "registered": holder.registered.isoformat(),
        },
        [holder.id],
    )


def assembly(w: World, rng: random.Random) -> None:
    """A meter plant imports chips (controlled goods, used at home) and capacitors, assembles
    smart meters and sells them at home and abroad."""
    t0 = w.start_time(rng, END - timedelta(days=40))
    plant = w.pick(rng, "manufacturer", t0, 365)
    meter = rng.choice(family("meters"))
    units = float(rng.randint(500, 6000))
    chip = rng.choice([p for p in family("mcu") if p.usd < 20] + family("cn_mcu"))
    cap = rng.choice(family("mlcc"))
    w.do_import(
        rng,
        t0,
        plant,
        [(chip, units * 1.02), (cap, units * 24 * 1.05)],
        dispatch=dispatch_for(rng, chip),
    )
    t = later(rng, t0, 10, 30)
    day = t.date()
    w.do_transform(
        rng,
        t,
        plant,
        [
            w.line(1, chip, units, w.price(rng, chip, day, "KZT"), "KZT"),
            w.line(2, cap, units * 24, w.price(rng, cap, day, "KZT"), "KZT"),
        ],
        [w.line(1, meter, units, w.price(rng, meter, day, "KZT"), "KZT", origin="KZ")],
    )
    left = units
    for _ in range(rng.randint(1, 3)):
        t = later(rng, t, 3, 25)
        part = float(int(left * rng.uniform(0.2, 0.5)))
        if part < 1:
            break
        left -= part
        if rng.random() < 0.6:
            w.do_transfer(
                rng,
                t,
                plant,
                w.pick(rng, ("wholesaler", "retailer"), t),
                [(meter, part)],
                markup=rng.uniform(1.0, 1.1),
            )
        else:
            dest = rng.choice(["UZ", "KG", "RU", "TJ"])
            w.do_export(rng, t, plant, [(meter, part)], dest, w.buyer(rng, dest))


def chpl_enduse(w: World, rng: random.Random) -> Case:
    """Controlled goods bought for use at home: servers for a bank, bearings for a railway
    repair works, receivers for surveyors; installed (written off) or sold to the end user."""
    t0 = w.start_time(rng, END - timedelta(days=20))
    importer = w.pick(rng, ("importer", "wholesaler"), t0, 365)
    p = rng.choice(goods.CHPL_WESTERN)
    q = w.qty(rng, p, 0.5)
    ev = w.do_import(rng, t0, importer, [(p, q)], dispatch=dispatch_for(rng, p))
    t = later(rng, t0, 3, 30)
    user = w.pick(rng, ("manufacturer", "retailer", "logistics"), t, 365, exclude=(importer,))
    tr = w.do_transfer(rng, t, importer, user, [(p, q)], markup=rng.uniform(1.1, 1.3))
    adj = None
    if rng.random() < 0.5:
        adj = w.do_adjust(
            rng, later(rng, t, 5, 40), user, [(p, -q)], "put into service in own operations"
        )
    return Case(
        "reexport",
        [e for e in (ev, tr, adj) if e is not None],
        {
            "why_legitimate": "controlled goods imported for domestic end use, never exported",
            "gtin": p.gtin,
            "brand": p.brand,
        },
        [importer.id, user.id],
    )


def chpl_elsewhere(w: World, rng: random.Random) -> Case:
    """Controlled Western goods sent on to a neighbour that is not Russia or Belarus, or
    Chinese-brand goods under a controlled code sent to Russia."""
    t0 = w.start_time(rng, END - timedelta(days=60))
    importer = w.pick(rng, ("importer", "wholesaler"), t0, 365)
    chinese = rng.random() < 0.5
    p = rng.choice(goods.CHPL_OTHER if chinese else goods.CHPL_WESTERN)
    q = w.qty(rng, p, 0.5)
    ev = w.do_import(rng, t0, importer, [(p, q)], dispatch=dispatch_for(rng, p))
    t = later(rng, t0, 21, 60)
    dest = "RU" if chinese else rng.choice(["UZ", "AZ", "MN", "TM", "GE"])
    ex = w.do_export(rng, t, importer, [(p, q)], dest, w.buyer(rng, dest, tech=True))
    return Case(
        "reexport",
        [e for e in (ev, ex) if e is not None],
        {
            "why_legitimate": (
                "a Chinese brand under a controlled code"
                if chinese
                else "controlled goods to a destination outside Russia/Belarus"
            ),
            "gtin": p.gtin,
            "brand": p.brand,
            "destination": dest,
        },
        [importer.id],
    )


def back_to_back(w: World, rng: random.Random) -> Case:
    """An old trading house imports and exports within days (a back-to-back order)."""
    t0 = w.start_time(rng, END - timedelta(days=10))
    house = w.pick(rng, ("importer", "wholesaler"), t0, 5 * 365)
    ev, items = ordinary_import(w, rng, t0, house)
    t = later(rng, t0, 1, 4)
    dest = choose(rng, ORDINARY_DESTS)
    ex = w.do_export(rng, t, house, items, dest, w.buyer(rng, dest))
    return Case(
        "fast_turnaround",
        [e for e in (ev, ex) if e is not None],
        {
            "why_legitimate": "an established firm's back-to-back order",
            "firm": house.id,
            "registered": house.registered.isoformat(),
        },
        [house.id],
    )


def young_importer(w: World, rng: random.Random) -> Case:
    """A firm registered weeks ago imports and sells at home at once: a new shop's first stock."""
    t0 = w.start_time(rng, END - timedelta(days=10))
    firm = w.young(rng, ("retailer", "importer"), t0)
    ev, items = ordinary_import(w, rng, t0, firm)
    t = later(rng, t0, 1, 5)
    buyer = w.pick(rng, "retailer", t, 100, exclude=(firm,))
    p, q = items[0]
    tr = w.do_transfer(rng, t, firm, buyer, [(p, split(rng, q, 1, p.unit)[0] if q >= 2 else q)])
    return Case(
        "fast_turnaround",
        [e for e in (ev, tr) if e is not None],
        {
            "why_legitimate": "a young firm importing for the home market",
            "firm": firm.id,
            "registered": firm.registered.isoformat(),
        },
        [firm.id],
    )


def clearance(w: World, rng: random.Random) -> Case:
    """An end-of-line lot bought at 55-72% of the going price: cheap, but not absurdly so."""
    t0 = w.start_time(rng)
    importer = w.pick(rng, ("importer", "wholesaler"), t0)
    p = rng.choice([x for x in goods.ORDINARY if x.usd > 50])
    factor = rng.uniform(0.55, 0.72)
    ev = w.do_import(
        rng,
        t0,
        importer,
        [(p, w.qty(rng, p, 0.4))],
        dispatch=dispatch_for(rng, p),
        factor=factor,
        descs={1: f"{p.description}, {p.brand} {p.model}, end-of-line clearance lot"},
    )
    return Case(
        "misinvoicing",
        [ev] if ev else [],
        {"why_legitimate": "a clearance lot", "factor": round(factor, 3), "gtin": p.gtin},
        [importer.id],
    )


def reclass(w: World, rng: random.Random) -> Case:
    """The same appliance declared under a neighbouring code on export; neither is controlled."""
    fam = rng.choice(list(goods.HONEST_RECLASS))
    p = rng.choice(family(fam))
    t0 = w.start_time(rng, END - timedelta(days=40))
    importer = w.pick(rng, ("importer", "wholesaler"), t0, 365)
    q = w.qty(rng, p, 0.5)
    ev = w.do_import(rng, t0, importer, [(p, q)], dispatch=dispatch_for(rng, p))
    t = later(rng, t0, 14, 40)
    dest = rng.choice(["RU", "KG", "UZ"])
    ex = w.do_export(
        rng, t, importer, [(p, q)], dest, w.buyer(rng, dest), hs={1: goods.HONEST_RECLASS[fam]}
    )
    return Case(
        "hs_switch",
        [e for e in (ev, ex) if e is not None],
        {
            "why_legitimate": "neither code is controlled",
            "gtin": p.gtin,
            "import_hs": p.hs,
            "export_hs": goods.HONEST_RECLASS[fam],
        },
        [importer.id],
    )


def lookalike_export(w: World, rng: random.Random) -> Case | None:
    """An export to an unlisted Russian firm whose name resembles a listed one."""
    if not w.lookalikes:
        return None
    party = rng.choice(w.lookalikes)
    t0 = w.start_time(rng, END - timedelta(days=40))
    trader = w.pick(rng, ("importer", "wholesaler"), t0, 365)
    ev, items = ordinary_import(w, rng, t0, trader)
    t = later(rng, t0, 21, 40)
    ex = w.do_export(
        rng, t, trader, items, "RU", {"id": party["inn"], "name": party["name"], "country": "RU"}
    )
    return Case(
        "sanctioned_consignee",
        [e for e in (ev, ex) if e is not None],
        {
            "why_legitimate": "an unlisted firm with a similar name",
            "consignee": party["name"],
            "resembles": party["resembles"],
        },
        [trader.id],
    )


# ------------------------------------------------------------------ transits
def honest_transit(w: World, rng: random.Random, *, inland: bool = False) -> Case | None:
    """A through transit or one to an inland office (then imported there). Now and then a
    gap in the seal's reports, a detour round road works, a breakdown, a long border queue."""
    route, start, end = transits.pick_route(rng, through=not inland)
    neighbour = geo.OFFICES[start].neighbour or "CN"
    items, origin = transits.route_goods(w, rng, neighbour)
    t0 = w.start_time(rng)
    t0 = t0.replace(hour=rng.randint(0, 23))
    flags = {
        "gap": rng.random() < 0.3,
        "detour": rng.random() < 0.05,
        "breakdown": rng.random() < 0.04,
        "long_queue": rng.random() < 0.05,
    }
    mode = geo.ROUTES[route].mode
    plan = transits.Plan(
        route,
        start,
        end,
        t0,
        items,
        origin,
        transits.carrier_for(w, rng, neighbour, t0),
        transits.destination_of(end, rng) if not inland else "KZ",
        mode="rail" if mode == "rail" else "road",
        gap=flags["gap"],
        detour=flags["detour"],
        breakdown=flags["breakdown"],
        long_queue=flags["long_queue"],
    )
    info = transits.run(w, rng, plan)
    if inland and info["end"] is not None:
        office = geo.OFFICES[end]
        t = info["end"]["_t"] + timedelta(hours=rng.uniform(2, 40))
        city = office.name
        pool = [
            h
            for h in w.by_kind.get("importer", []) + w.by_kind.get("wholesaler", [])
            if h.city == city and h.registered < t.date()
        ]
        importer = rng.choice(pool) if pool else w.pick(rng, "importer", t)
        w.do_import(
            rng,
            t,
            importer,
            items,
            dispatch=neighbour if neighbour != "AZ" else "AZ",
            origin=origin,
            office=end,
        )
    if flags["detour"] or flags["breakdown"] or flags["gap"] or info.get("late"):
        kind = "transit_diverted" if flags["detour"] else "transit_unclosed"
        return Case(
            kind,
            info["events"],
            {
                "why_legitimate": ", ".join(k for k, v in flags.items() if v) or "late",
                "ended_at": info.get("ended_at"),
                "late": info.get("late", False),
            },
            transits=[info["transit_id"]],
        )
    return None


def year_open_transit(w: World, rng: random.Random) -> Case:
    """A transit that starts in the year's last days: still on its way when the world ends."""
    route, start, end = transits.pick_route(rng)
    neighbour = geo.OFFICES[start].neighbour or "CN"
    items, origin = transits.route_goods(w, rng, neighbour)
    t0 = END - timedelta(days=rng.uniform(0.5, 2.5))
    plan = transits.Plan(
        route,
        start,
        end,
        t0,
        items,
        origin,
        transits.carrier_for(w, rng, neighbour, t0),
        transits.destination_of(end, rng),
    )
    info = transits.run(w, rng, plan)
    return Case(
        "transit_unclosed",
        info["events"],
        {
            "why_legitimate": "still within its deadline when the world ends",
            "deadline": info["deadline"].isoformat(),
        },
        transits=[info["transit_id"]],
    )


def day_of(when: datetime) -> date:
    return when.date()


_ = START
