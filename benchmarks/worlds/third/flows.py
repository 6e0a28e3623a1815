"""Legitimate trade: imports (many consolidated) sold down wholesale and retail chains, branches,
returns, re-imports, domestic harvests and mills exporting, legitimate re-exports to the EAEU
neighbours, transits along the corridors with delays, and decoys that look like schemes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from benchmarks.worlds.third import dates, roads
from benchmarks.worlds.third.goods import BY_KEY, CATALOGUE, CHPL, TRADE, Product
from benchmarks.worlds.third.parties import Holder
from benchmarks.worlds.third.world import Event, World


@dataclass
class Trip:
    mrn: str
    start: Event
    events: list[Event]
    end: Event | None
    last: roads.Fix | None = None


#: where goods from a country are declared for import
IMPORT_OFFICE = {
    "CN": ["CO-ALMATY-ZHETYSU", "CO-ALMATY-ZHETYSU", "BP-NURZHOLY", "CO-SEMEY", "CO-ASTANA-LC"],
    "RU": ["CO-KOSTANAY", "CO-PETROPAVL", "CO-URALSK", "CO-ASTANA-LC"],
    "UZ": ["CO-SHYMKENT-TLC", "BP-ZHIBEKZHOLY"],
    "KG": ["BP-KORDAI", "CO-ALMATY-ZHETYSU"],
    "TR": ["CO-AKTAU-PORT", "CO-ALMATY-ZHETYSU"],
    "BY": ["CO-ASTANA-LC", "CO-KOSTANAY"],
}
AIR = ["CO-ALMATY-AIRPORT", "CO-ASTANA-LC"]
#: the border post an export leaves by, per destination
EXIT = {
    "RU": ["BP-KAIRAK", "BP-ZHAISAN", "BP-SHARBAKTY", "BP-SYRYM", "BP-KARAKUGA"],
    "BY": ["BP-KAIRAK", "BP-SYRYM"],
    "UZ": ["BP-ZHIBEKZHOLY", "BP-TAZHEN"],
    "KG": ["BP-KORDAI"],
    "CN": ["BP-NURZHOLY", "BP-DOSTYK"],
    "TJ": ["BP-ZHIBEKZHOLY"],
    "AF": ["BP-ZHIBEKZHOLY"],
}
CITY_OF = {
    "CO-ALMATY-ZHETYSU": "Almaty",
    "CO-ALMATY-AIRPORT": "Almaty",
    "CO-ASTANA-LC": "Astana",
    "CO-SHYMKENT-TLC": "Shymkent",
    "CO-AKTAU-PORT": "Aktau",
    "CO-URALSK": "Uralsk",
    "CO-AKTOBE": "Aktobe",
    "BP-ZHAISAN": "Aktobe",
    "BP-SYRYM": "Uralsk",
    "BP-TAZHEN": "Beyneu",
}
TRADE_WEIGHTS = {
    "grain": 1.0,
    "fruit": 1.3,
    "building": 1.6,
    "household": 1.0,
    "machinery": 0.9,
    "flat": 0.7,
}
CONSOLIDATED = [
    k
    for k in (
        "tshirts",
        "soap",
        "brakes",
        "tyres",
        "valves",
        "sanitary",
        "pipes",
        "paint",
        "laptop",
        "phone",
        "tv",
        "washer",
        "sweets",
        "tiles",
    )
]


def import_location(w: World, dispatch: str, product: Product) -> str:
    if dispatch in IMPORT_OFFICE:
        return w.rng.choice(IMPORT_OFFICE[dispatch])
    return w.rng.choice(AIR if product.kg < 3 else ["CO-ALMATY-ZHETYSU", "CO-AKTAU-PORT"])


def pick_trade(w: World) -> Product:
    goods = [p for p in TRADE if any(o != "KZ" for _, o in p.brands)]
    return w.rng.choices(goods, [TRADE_WEIGHTS[p.season] for p in goods])[0]


def foreign_brand(w: World, product: Product) -> tuple[str, str]:
    options = [b for b in product.brands if b[1] != "KZ"]
    return w.rng.choice(options)


def dispatch_of(w: World, origin: str) -> str:
    if origin in w.partners and w.rng.random() < 0.85:
        return origin
    return w.rng.choice(["CN", "TR", "RU", "AE"] if origin not in {"CN", "RU"} else [origin])


def do_import(
    w: World,
    importer: Holder,
    items: list[tuple[Product, str, str, float]],
    day: date,
    dispatch: str,
    location: str | None = None,
    price_factor: float = 1.0,
    when: datetime | None = None,
) -> Event | None:
    """An import declaration: ``items`` are (product, brand, origin, quantity)."""
    location = location or import_location(w, dispatch, items[0][0])
    city = CITY_OF.get(location, "")
    when = when or dates.office_time(w.rng, day, city)
    if when.date() > dates.END:
        return None
    currency = w.currency(dispatch)
    lines = [
        w.line(
            i, p, brand, origin, q, w.price(p, when.date(), q) * price_factor, currency, when.date()
        )
        for i, (p, brand, origin, q) in enumerate(items, start=1)
    ]
    broker = w.registry.pick("logistics").id if w.rng.random() < 0.7 else importer.id
    return w.emit(
        "import",
        when,
        location,
        reported_by=broker,
        lines=lines,
        declaration_no=w.declaration(location, when.date()),
        consignor=w.party(w.partner(dispatch), when.date()),
        consignee=importer.id,
        dispatch_country=dispatch,
    )


def do_transfer(
    w: World,
    seller: Holder,
    buyer: Holder,
    items: list[tuple[Product, str, str, float, float]],
    when: datetime,
    lot: str | None = None,
) -> Event:
    """A domestic sale: ``items`` are (product, brand, origin, quantity, unit USD price)."""
    lines = [
        w.line(i, p, brand, origin, q, usd, "KZT", when.date(), lot=lot)
        for i, (p, brand, origin, q, usd) in enumerate(items, start=1)
    ]
    return w.emit(
        "transfer",
        when,
        f"WH-{seller.city.upper()}-{int(seller.id[-3:]) % 9 + 1:02d}",
        reported_by="ESF",
        lines=lines,
        seller=seller.id,
        buyer=buyer.id,
        invoice_no=w.invoice(seller.id, when.date()),
    )


def do_export(
    w: World,
    exporter: Holder,
    items: list[tuple[Product, str, str, float, float]],
    when: datetime,
    destination: str,
    consignee: dict[str, str] | None = None,
    hs: str | None = None,
    currency: str | None = None,
) -> Event:
    location = w.rng.choice(EXIT[destination])
    currency = currency or w.rng.choice(
        ["USD", "USD", "RUB"] if destination in {"RU", "BY"} else ["USD"]
    )
    lines = [
        w.line(i, p, brand, origin, q, usd, currency, when.date(), hs=hs)
        for i, (p, brand, origin, q, usd) in enumerate(items, start=1)
    ]
    party = consignee or w.party(w.partner(destination), when.date())
    return w.emit(
        "export",
        when,
        location,
        reported_by=w.registry.pick("logistics").id,
        lines=lines,
        declaration_no=w.declaration(location, when.date()),
        exporter=exporter.id,
        consignee=party,
        destination_country=destination,
        office_of_exit=location,
    )


def distribute(
    w: World,
    seller: Holder,
    goods: list[tuple[Product, str, str, float]],
    start: datetime,
    depth: int = 0,
) -> None:
    """Sell ``goods`` down the chain: portions to wholesalers, retailers, branches; some
    returns, write-offs and legitimate re-exports of non-controlled goods."""
    rng = w.rng
    buyers = rng.randint(1, 3 if depth == 0 else 2)
    when = start
    for _ in range(buyers):
        nxt = w.later(when, 2, 25, seller.city)
        if nxt is None:
            return
        when = nxt
        kind = "wholesaler" if depth == 0 and rng.random() < 0.6 else "retailer"
        branch = [h for h in w.registry.holders if h.head == seller.id]
        buyer = rng.choice(branch) if branch and rng.random() < 0.4 else w.registry.pick(kind)
        if buyer.id == seller.id:
            continue
        sold: list[tuple[Product, str, str, float]] = []
        items = []
        left: list[tuple[Product, str, str, float]] = []
        for p, brand, origin, q in goods:
            share = w.part(p, q, 0.2, 0.45) if q >= 2 else 0.0
            left.append((p, brand, origin, q - share))
            if share <= 0:
                continue
            markup = rng.uniform(1.06, 1.35) if depth else rng.uniform(1.04, 1.2)
            items.append((p, brand, origin, share, w.price(p, when.date(), share) * markup))
            sold.append((p, brand, origin, share))
        if not items:
            return
        do_transfer(w, seller, buyer, items, when)
        goods = left
        if rng.random() < 0.04:  # a return of part of a delivery (quality claim)
            back_when = w.later(when, 3, 20, buyer.city)
            if back_when is not None:
                p, b, o, s = sold[0]
                back = w.part(p, s, 0.05, 0.3)
                do_transfer(w, buyer, seller, [(p, b, o, back, items[0][4])], back_when)
                sold[0] = (p, b, o, s - back)
        if depth == 0 and rng.random() < 0.45:
            distribute(w, buyer, sold, when, depth + 1)
        elif rng.random() < 0.12 and all(p.key not in {c.key for c in CHPL} for p, *_ in sold):
            reexport(w, buyer, sold, when)
    if rng.random() < 0.05 and goods:  # breakage, spoilage
        p, b, o, q = goods[0]
        off_when = w.later(when, 1, 30, seller.city)
        if off_when is not None and q >= 1:
            loss = w.part(p, q, 0.01, 0.05)
            line = w.line(
                1, p, b, o, loss, w.price(p, off_when.date(), loss), "KZT", off_when.date()
            )
            line["quantity"] = -loss
            w.emit(
                "adjustment",
                off_when,
                f"WH-{seller.city.upper()}-01",
                holder=seller.id,
                reason=rng.choice(["breakage in storage", "spoilage", "inventory shortfall"]),
                lines=[line],
            )


def reexport(
    w: World, holder: Holder, goods: list[tuple[Product, str, str, float]], after: datetime
) -> None:
    """A legitimate re-export of non-controlled goods to an EAEU neighbour."""
    when = w.later(after, 5, 40, holder.city)
    if when is None:
        return
    dest = w.rng.choice(["RU", "RU", "BY", "KG", "KG", "UZ"])
    items = [
        (p, b, o, w.part(p, q, 0.5, 1.0), w.price(p, when.date(), q) * w.rng.uniform(1.05, 1.25))
        for p, b, o, q in goods
        if q >= 1
    ]
    if items:
        do_export(w, holder, items, when, dest)


def import_chain(w: World) -> None:
    rng = w.rng
    product = pick_trade(w)
    day = dates.seasonal_day(rng, product.season, date(2024, 12, 10))
    importer = w.registry.pick(
        rng.choice(["importer", "importer", "wholesaler", "manufacturer"]), day
    )
    if rng.random() < 0.18:  # consolidated groupage from Urumqi / Yiwu, many lines
        keys = rng.sample(CONSOLIDATED, rng.randint(5, len(CONSOLIDATED)))
        items = []
        for key in keys:
            p = BY_KEY[key]
            cn = [b for b in p.brands if b[1] == "CN"] or [foreign_brand(w, p)]
            brand, origin = rng.choice(cn)
            items.append((p, brand, origin, w.qty(p, rng.uniform(0.05, 0.3))))
        dispatch = "CN"
    else:
        brand, origin = foreign_brand(w, product)
        dispatch = dispatch_of(w, origin)
        items = [(product, brand, origin, w.qty(product))]
        if rng.random() < 0.3:  # a second, related product from the same supplier
            other = pick_trade(w)
            if other.season == product.season and other.key != product.key:
                b2, o2 = foreign_brand(w, other)
                items.append((other, b2, o2, w.qty(other, 0.5)))
    when = None
    if rng.random() < 0.3 and dispatch in {"CN", "UZ", "RU"}:
        corridor = {
            "CN": ["CN-Almaty", "CN-Astana", "CN-Semey"],
            "UZ": ["UZ-Shymkent"],
            "RU": ["RU-Kostanay", "RU-Uralsk"],
        }[dispatch]
        name = rng.choice(corridor)
        trip = transit(
            w,
            name,
            roads.IMPORT_CORRIDORS[name],
            "KZ",
            items,
            day,
            dispatch,
            road=roads.IMPORT_ROADS[name],
        )
        if trip is None or trip.end is None:
            return
        when = w.later(trip.end["time"], 0, 2, "")
        if when is None:
            return
        location = trip.end["location"]
    else:
        location = None
    event = do_import(w, importer, items, day, dispatch, location, when=when)
    if event is not None:
        distribute(w, importer, items, event["time"])


def domestic_export(w: World) -> None:
    """A harvest or a plant's output, maybe milled, sold to a trader and exported."""
    rng = w.rng
    key = rng.choices(
        ["wheat", "barley", "flour", "sunoil", "apples", "potatoes", "onions", "cement", "rebar"],
        [5, 2, 3, 2, 2, 1, 1, 2, 1],
    )[0]
    product = BY_KEY[key]
    day = dates.seasonal_day(rng, product.season, date(2024, 12, 5))
    producer = w.registry.pick("manufacturer", day)
    qty = w.qty(product, rng.uniform(1.5, 4))
    when = dates.office_time(rng, day, producer.city)
    reason = "harvest intake" if product.season in {"grain", "fruit"} else "production output"
    intake = w.line(1, product, "", "KZ", qty, w.price(product, day, qty) * 0.8, "KZT", day)
    w.emit(
        "adjustment",
        when,
        f"WH-{producer.city.upper()}-03",
        holder=producer.id,
        reason=reason,
        lines=[intake],
    )
    holder, stock = producer, qty
    if key == "wheat" and rng.random() < 0.35:  # a mill buys the grain and grinds it
        mill = w.registry.pick("manufacturer")
        t2 = w.later(when, 3, 20, holder.city)
        if t2 is None or mill.id == producer.id:
            return
        bought = w.part(product, stock, 0.6, 1.0)
        do_transfer(
            w, holder, mill, [(product, "", "KZ", bought, w.price(product, t2.date(), bought))], t2
        )
        t3 = w.later(t2, 2, 10, mill.city)
        if t3 is None:
            return
        flour = BY_KEY["flour"]
        out_qty = float(int(bought * rng.uniform(0.70, 0.76)))
        w.emit(
            "transformation",
            t3,
            f"MILL-{mill.city.upper()}",
            holder=mill.id,
            inputs=[
                w.line(
                    1,
                    product,
                    "",
                    "KZ",
                    bought,
                    w.price(product, t3.date(), bought),
                    "KZT",
                    t3.date(),
                )
            ],
            outputs=[
                w.line(
                    1,
                    flour,
                    "",
                    "KZ",
                    out_qty,
                    w.price(flour, t3.date(), out_qty),
                    "KZT",
                    t3.date(),
                )
            ],
        )
        holder, stock, product, when = mill, out_qty, flour, t3
    elif rng.random() < 0.5:  # through a trader
        trader = w.registry.pick("wholesaler")
        t2 = w.later(when, 2, 25, holder.city)
        if t2 is None:
            return
        bought = w.part(product, stock, 0.5, 1.0)
        do_transfer(
            w,
            holder,
            trader,
            [(product, "", "KZ", bought, w.price(product, t2.date(), bought))],
            t2,
        )
        holder, stock, when = trader, bought, t2
    dests = {
        "wheat": ["UZ", "UZ", "TJ", "AF", "CN"],
        "barley": ["CN", "UZ"],
        "flour": ["UZ", "AF", "KG", "TJ"],
        "sunoil": ["CN", "UZ", "RU"],
        "apples": ["RU", "KG"],
        "potatoes": ["UZ", "KG"],
        "onions": ["RU", "KG"],
        "cement": ["KG", "UZ"],
        "rebar": ["KG", "UZ"],
    }[key]
    shipments = rng.randint(1, 4)
    for _ in range(shipments):
        nxt = w.later(when, 1, 15, holder.city)
        if nxt is None or stock < 2:
            return
        when = nxt
        q = w.part(product, stock, 0.2, 0.5)
        do_export(
            w,
            holder,
            [(product, "", "KZ", q, w.price(product, when.date(), q) * 1.1)],
            when,
            rng.choice(dests),
        )
        stock -= q
        if rng.random() < 0.015:  # a consignment refused at destination comes back
            back = w.later(when, 10, 40, holder.city)
            if back is not None:
                do_import(
                    w,
                    holder,
                    [(product, "", "KZ", q)],
                    back.date(),
                    "UZ" if "UZ" in dests else "KG",
                    when=back,
                )


def transit(
    w: World,
    name: str,
    via: tuple[str, ...],
    destination_country: str,
    items: list[tuple[Product, str, str, float]],
    day: date,
    carrier_country: str,
    stop_at: float | None = None,
    road: str = "M-36",
) -> Trip | None:
    """A transit along ``via``: start, GNSS positions and office passages, end at the last
    office (or nothing after ``stop_at`` of the way)."""
    rng = w.rng
    start_office = roads.office(via[0])
    end_office = roads.office(via[-1])
    when = datetime.combine(day, datetime.min.time()).replace(
        tzinfo=_zone(day, via[0])
    ) + timedelta(minutes=rng.randint(5 * 60, 22 * 60))
    if day > date(2024, 12, 20):
        return None
    total = roads.length(via)
    speed = rng.uniform(45, 62)  # km/h while moving
    hours = total / speed * 1.6 + 12  # rest stops and nights
    deadline = when + timedelta(hours=hours + rng.randint(48, 120))
    mrn = w.mrn(day)
    lines = [
        w.line(i, p, b, o, q, w.price(p, day, q), "USD", day)
        for i, (p, b, o, q) in enumerate(items, start=1)
    ]
    carrier = f"{carrier_country}-{rng.choice(['TRK', 'AUTO', 'LOG'])}-{rng.randint(100, 999)}"
    letters = "ABCEHKMOPTX"
    plate = f"{carrier_country} {rng.randint(100, 999)}{rng.choice(letters)}{rng.choice(letters)}"
    start = w.emit(
        "transit_start",
        when,
        start_office,
        reported_by=f"broker:{w.registry.pick('logistics').id}",
        lines=lines,
        transit_id=mrn,
        carrier=carrier,
        vehicle=plate,
        seals=[f"NS{rng.randint(10**7, 10**8 - 1)}"],
        office_of_departure=start_office,
        office_of_destination=end_office,
        destination_country=destination_country,
        deadline=deadline,
    )
    trip = Trip(mrn, start, [start], None)
    t = when + timedelta(hours=rng.uniform(0.5, 30))  # the queue at the border post
    fixes = roads.fixes(rng, via, road, rng.uniform(35, 90))
    done = 0.0
    delayed = rng.random() < 0.04  # a road closure or a breakdown: a long, legitimate wait
    for fix in fixes:
        if stop_at is not None and fix.km_from_start > total * stop_at:
            return trip
        t += timedelta(hours=(fix.km_from_start - done) / speed * rng.uniform(1.0, 1.5))
        if t.hour >= 22 or (delayed and rng.random() < 0.08):
            t += timedelta(hours=rng.uniform(6, 9) if not delayed else rng.uniform(20, 60))
        done = fix.km_from_start
        if t.date() > dates.END:
            return trip
        t = t.astimezone(_zone(t.date(), fix.place, fix.zone_lon))
        ev = w.emit(
            "checkpoint",
            t,
            fix.office or fix.place,
            reported_by="navigation-seal" if fix.office is None else fix.office,
            transit_id=mrn,
            lat=fix.lat,
            lon=fix.lon,
        )
        trip.events.append(ev)
        trip.last = fix
    if stop_at is not None:
        return trip
    t += timedelta(hours=(total - done) / speed + rng.uniform(0.5, 6))
    if t.date() > dates.END:
        return trip
    t = t.astimezone(_zone(t.date(), via[-1]))
    trip.end = w.emit("transit_end", t, end_office, reported_by=end_office, transit_id=mrn)
    trip.events.append(trip.end)
    return trip


def _zone(on: date, place: str, lon: float | None = None) -> timezone:
    """The clock of a place: west of 66°E it was UTC+5 all year (see :mod:`dates`)."""
    if lon is None:
        lon = roads.PLACES[place][1] if place in roads.PLACES else 70.0
    return dates.offset(on, "AKTOBE" if lon < 66 else "")


def transit_through(w: World) -> None:
    rng = w.rng
    corridor = rng.choice(roads.CORRIDORS)
    carrier_country = rng.choice(corridor.carriers)
    day = date(2024, 1, 1) + timedelta(days=rng.randint(0, 350))
    origin_country = corridor.carriers[0]
    goods = [p for p in CATALOGUE if any(o == origin_country for _, o in p.brands)] or list(TRADE)
    items = []
    for p in rng.sample(goods, min(len(goods), rng.randint(1, 5))):
        brands = [b for b in p.brands if b[1] == origin_country] or list(p.brands)
        brand, origin = rng.choice(brands)
        items.append((p, brand, origin, w.qty(p, rng.uniform(0.1, 0.6))))
    transit(
        w,
        corridor.name,
        corridor.via,
        corridor.destination_country,
        items,
        day,
        carrier_country,
        road=corridor.road,
    )


def chpl_domestic(w: World) -> None:
    """Decoys: controlled goods bought for use at home (integrators, assembly), and Chinese
    controlled goods sold on to Kyrgyzstan or Russia."""
    rng = w.rng
    product = rng.choice(CHPL)
    brand, origin = rng.choice(product.brands)
    day = dates.seasonal_day(rng, "flat", date(2024, 12, 1))
    importer = w.registry.pick(rng.choice(["importer", "wholesaler", "manufacturer"]), day)
    q = w.qty(product, rng.uniform(0.1, 0.6))
    dispatch = dispatch_of(w, origin)
    event = do_import(w, importer, [(product, brand, origin, q)], day, dispatch)
    if event is None:
        return
    when = event["time"]
    if importer.kind == "manufacturer" and product.key in {"mcu", "diodes", "mlcc", "bearing"}:
        t2 = w.later(when, 5, 30, importer.city)
        if t2 is None:
            return
        used = w.part(product, q, 0.5, 0.9)
        panel = BY_KEY["valves"] if product.key == "bearing" else None
        out_hs, desc = (
            ("8413708100", "centrifugal pumps") if panel else ("8537109100", "control panels")
        )
        out_qty = max(1.0, float(int(used / rng.randint(20, 200))))
        inp = w.line(
            1, product, brand, origin, used, w.price(product, t2.date(), used), "KZT", t2.date()
        )
        value = inp["value"] * rng.uniform(2.5, 4)
        outp = {
            "line_no": 1,
            "hs_code": out_hs,
            "description": desc,
            "quantity": out_qty,
            "unit": "C62",
            "value": round(value, 2),
            "currency": "KZT",
            "origin_country": "KZ",
            "brand": importer.name.split(chr(34))[1],
        }
        w.emit(
            "transformation",
            t2,
            f"PLANT-{importer.city.upper()}",
            holder=importer.id,
            inputs=[inp],
            outputs=[outp],
        )
        return
    if origin == "CN" and rng.random() < 0.6:
        t2 = w.later(when, 7, 45, importer.city)
        if t2 is not None:
            sold = w.part(product, q, 0.3, 0.8)
            do_export(
                w,
                importer,
                [(product, brand, origin, sold, w.price(product, t2.date(), sold) * 1.15)],
                t2,
                rng.choice(["KG", "KG", "RU"]),
            )
        return
    distribute(w, importer, [(product, brand, origin, q)], when, depth=1)


def new_firm_decoy(w: World) -> None:
    """A newly registered firm that trades legitimately: it buys domestic grain or imported
    building goods and exports or resells them after holding them a while, or at once but
    goods of Kazakh origin."""
    rng = w.rng
    product = BY_KEY[rng.choice(["wheat", "flour", "cement", "apples"])]
    day = dates.seasonal_day(rng, product.season, date(2024, 11, 20))
    firm = w.new_firm("wholesaler", day, 5, 40)
    producer = w.registry.pick("manufacturer", day)
    when = dates.office_time(rng, day, producer.city)
    qty = w.qty(product, 2)
    w.emit(
        "adjustment",
        when,
        f"WH-{producer.city.upper()}-03",
        holder=producer.id,
        reason="production output",
        lines=[w.line(1, product, "", "KZ", qty, w.price(product, day, qty) * 0.8, "KZT", day)],
    )
    t2 = w.later(when, 1, 5, producer.city)
    if t2 is None:
        return
    bought = w.part(product, qty, 0.5, 0.9)
    do_transfer(
        w, producer, firm, [(product, "", "KZ", bought, w.price(product, t2.date(), bought))], t2
    )
    t3 = w.later(t2, 1, 4, firm.city)
    if t3 is not None:
        do_export(
            w,
            firm,
            [(product, "", "KZ", bought, w.price(product, t3.date(), bought) * 1.08)],
            t3,
            rng.choice(["UZ", "KG", "TJ"]),
        )


def setup_holders(w: World, events: int) -> None:
    """The domestic holders: established firms, branches of the larger ones."""
    from benchmarks.worlds.third.parties import old_registration

    scale = max(1.0, events / 1500)
    counts = {"importer": 14, "wholesaler": 24, "retailer": 30, "manufacturer": 14, "logistics": 8}
    for kind, n in counts.items():
        for _ in range(int(n * scale**0.8)):
            w.registry.add(kind, old_registration(w.rng))
    heads = [h for h in w.registry.holders if h.kind in {"importer", "wholesaler"}]
    for head in w.rng.sample(heads, max(1, len(heads) // 6)):
        for city in w.rng.sample(
            ["Astana", "Shymkent", "Karaganda", "Aktobe", "Pavlodar"], w.rng.randint(1, 2)
        ):
            if city != head.city:
                w.registry.branch(head, city)
