"""The planted cases, one function per scheme; each returns its :class:`Case` (the events
that make it up, the holders, the transits, what a detector should find) or ``None`` when the
year ran out before it was complete."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from benchmarks.worlds.third import dates, roads
from benchmarks.worlds.third.flows import (
    do_export,
    do_import,
    do_transfer,
    foreign_brand,
    pick_trade,
    transit,
)
from benchmarks.worlds.third.goods import (
    BY_KEY,
    CHPL,
    PROCESSING,
    SWITCH,
    WESTERN,
    Product,
    market_usd,
)
from benchmarks.worlds.third.sanctions import variant
from benchmarks.worlds.third.world import Case, Event, World

HUBS = ["AE", "TR", "CN", "AE", "AM", "GE"]


def _western(w: World) -> tuple[Product, str, str]:
    product = w.rng.choice(CHPL)
    brands = [b for b in product.brands if b[1] in WESTERN]
    brand, origin = w.rng.choice(brands)
    return product, brand, origin


def _ru_consignee(w: World, dest: str, on: date) -> dict[str, str]:
    return w.party(w.partner(dest), on)


def reexport(w: World) -> Case | None:
    rng = w.rng
    p, brand, origin = _western(w)
    day = dates.seasonal_day(rng, "flat", date(2024, 11, 1))
    dispatch = rng.choice(HUBS) if rng.random() < 0.6 else origin
    if dispatch not in w.partners:
        dispatch = "AE"
    importer = (
        w.new_firm("importer", day, 20, 200)
        if rng.random() < 0.3
        else w.registry.pick("importer", day)
    )
    q = w.qty(p, rng.uniform(0.3, 1.2))
    events: list[Event] = []
    imp = do_import(w, importer, [(p, brand, origin, q)], day, dispatch)
    if imp is None:
        return None
    events.append(imp)
    holders = [importer.id]
    holder, when, stock = importer, imp["time"], q
    hops = rng.randint(1, 3)
    while len(holders) < hops + 1:
        nxt = w.later(when, 1, 18, holder.city)
        if nxt is None:
            return None
        buyer = (
            w.new_firm("wholesaler", nxt.date(), 15, 300)
            if rng.random() < 0.4
            else w.registry.pick("wholesaler")
        )
        if buyer.id == holder.id:
            continue
        moved = w.part(p, stock, 0.85, 1.0)
        events.append(
            do_transfer(
                w,
                holder,
                buyer,
                [(p, brand, origin, moved, w.price(p, nxt.date(), moved) * 1.1)],
                nxt,
            )
        )
        holder, when, stock = buyer, nxt, moved
        holders.append(buyer.id)
    t = w.later(when, 1, 15, holder.city)
    if t is None:
        return None
    dest = "RU" if rng.random() < 0.85 else "BY"
    out = w.part(p, stock, 0.8, 1.0)
    consignee = _ru_consignee(w, dest, t.date())
    # one consignment, or split into two or three a few days apart
    parts = rng.choice([1, 1, 1, 2, 3]) if out >= 3 else 1
    left, shipped = out, 0.0
    for i in range(parts):
        q = left if i == parts - 1 else w.part(p, left, 0.3, 0.6)
        if i:
            nxt = w.later(t, 1, 6, holder.city)
            if nxt is None:
                break
            t = nxt
        usd = w.price(p, t.date(), q) * 1.3
        events.append(do_export(w, holder, [(p, brand, origin, q, usd)], t, dest, consignee))
        left -= q
        shipped += q
    out = shipped
    detail = {
        "hs_code": p.hs,
        "brand": brand,
        "origin_country": origin,
        "dispatch_country": dispatch,
        "intermediaries": len(holders) - 1,
        "quantity": out,
        "consignee": consignee["id"],
        "destination_country": dest,
    }
    return Case("reexport", events, holders, detail)


def phantom(w: World) -> Case | None:
    rng = w.rng
    p = rng.choice(
        [BY_KEY[k] for k in ("mcu", "bearing", "tyres", "washer", "brakes", "switch", "phone")]
    )
    brand, origin = foreign_brand(w, p)
    day = dates.seasonal_day(rng, "flat", date(2024, 12, 1))
    firm = (
        w.new_firm("wholesaler", day, 10, 120)
        if rng.random() < 0.75
        else w.registry.pick("retailer")
    )
    events: list[Event] = []
    backed = 0.0
    when = dates.office_time(rng, day, firm.city)
    declared = w.qty(p, rng.uniform(0.4, 1.5))
    if rng.random() < 0.6:  # a small real purchase first
        importer = w.registry.pick("importer", day)
        imp = do_import(
            w, importer, [(p, brand, origin, w.qty(p, 0.6))], day, dispatch_or(w, origin)
        )
        if imp is None:
            return None
        held = imp["lines"][0]["quantity"]
        t1 = w.later(imp["time"], 2, 20, importer.city)
        if t1 is None:
            return None
        backed = max(1.0, float(int(min(held, declared) * rng.uniform(0.05, 0.3))))
        events += [
            imp,
            do_transfer(
                w, importer, firm, [(p, brand, origin, backed, w.price(p, t1.date(), backed))], t1
            ),
        ]
        when = t1
    t = w.later(when, 1, 20, firm.city)
    if t is None:
        return None
    declared = max(declared, backed * rng.uniform(3, 12))
    declared = float(round(declared)) if p.unit == "C62" else round(declared, 1)
    dest = rng.choice(["RU", "RU", "KG", "BY", "UZ"])
    events.append(
        do_export(w, firm, [(p, brand, origin, declared, w.price(p, t.date(), declared))], t, dest)
    )
    detail = {
        "exporter": firm.id,
        "declared_quantity": declared,
        "backed_quantity": backed,
        "unbacked_quantity": round(declared - backed, 3),
        "unit": p.unit,
        "hs_code": p.hs,
    }
    return Case("phantom", events, [firm.id], detail)


def dispatch_or(w: World, origin: str) -> str:
    return origin if origin in w.partners else w.rng.choice(["AE", "TR", "CN"])


def hs_switch(w: World) -> Case | None:
    rng = w.rng
    if rng.random() < 0.7:
        p, brand, origin = _western(w)
    else:  # any brand, the Chinese ones too: the switch is the scheme
        p = rng.choice(CHPL)
        brand, origin = rng.choice(p.brands)
    day = dates.seasonal_day(rng, "flat", date(2024, 11, 10))
    importer = w.registry.pick("importer", day)
    q = w.qty(p, rng.uniform(0.3, 1.0))
    imp = do_import(w, importer, [(p, brand, origin, q)], day, dispatch_or(w, origin))
    if imp is None:
        return None
    events: list[Event] = [imp]
    holders = [importer.id]
    holder, when, stock = importer, imp["time"], q
    if rng.random() < 0.6:
        t1 = w.later(when, 2, 20, holder.city)
        if t1 is None:
            return None
        buyer = w.registry.pick("wholesaler")
        moved = w.part(p, stock, 0.7, 1.0)
        events.append(
            do_transfer(
                w,
                holder,
                buyer,
                [(p, brand, origin, moved, w.price(p, t1.date(), moved) * 1.1)],
                t1,
            )
        )
        holder, when, stock = buyer, t1, moved
        holders.append(buyer.id)
    via_processing = rng.random() < 0.35
    export_hs = rng.choice(SWITCH[p.key])
    if via_processing:
        export_hs = PROCESSING[p.key]
        t2 = w.later(when, 1, 10, holder.city)
        if t2 is None:
            return None
        inp = w.line(1, p, brand, origin, stock, w.price(p, t2.date(), stock), "KZT", t2.date())
        outp = w.line(
            1,
            p,
            brand,
            origin,
            stock,
            w.price(p, t2.date(), stock) * 1.05,
            "KZT",
            t2.date(),
            hs=export_hs,
        )
        outp["description"] = f"{p.description}, tested and repacked"
        events.append(
            w.emit(
                "transformation",
                t2,
                f"PLANT-{holder.city.upper()}",
                holder=holder.id,
                inputs=[inp],
                outputs=[outp],
            )
        )
        when = t2
    t = w.later(when, 1, 20, holder.city)
    if t is None:
        return None
    dest = (
        rng.choice(["RU", "RU", "KG", "BY", "AM"])
        if False
        else rng.choice(["RU", "RU", "KG", "BY"])
    )
    out = w.part(p, stock, 0.7, 1.0)
    ex = do_export(
        w, holder, [(p, brand, origin, out, w.price(p, t.date(), out) * 1.2)], t, dest, hs=export_hs
    )
    ex["lines"][0]["description"] = rng.choice(
        ["parts of electrical equipment", "electronic modules", "spare parts"]
    )
    events.append(ex)
    detail = {
        "gtin": ex["lines"][0].get("gtin"),
        "import_hs": p.hs,
        "export_hs": export_hs,
        "brand": brand,
        "via_processing": via_processing,
        "destination_country": dest,
    }
    return Case("hs_switch", events, holders, detail)


def fast_turnaround(w: World) -> Case | None:
    rng = w.rng
    p = rng.choice(
        [
            BY_KEY[k]
            for k in ("mcu", "bearing", "tyres", "washer", "camera", "phone", "laptop", "server")
        ]
    )
    brand, origin = foreign_brand(w, p) if not p.chpl else rng.choice(p.brands)
    day = dates.seasonal_day(rng, "flat", date(2024, 11, 25))
    importer = w.registry.pick("importer", day)
    q = w.qty(p, rng.uniform(0.3, 1.0))
    imp = do_import(w, importer, [(p, brand, origin, q)], day, dispatch_or(w, origin))
    if imp is None:
        return None
    t1 = w.later(imp["time"], 1, 12, importer.city)
    if t1 is None:
        return None
    firm = w.new_firm("wholesaler", t1.date(), 3, 30)
    bought = w.part(p, q, 0.5, 1.0)
    sale = do_transfer(
        w, importer, firm, [(p, brand, origin, bought, w.price(p, t1.date(), bought) * 1.05)], t1
    )
    t2 = w.later(t1, 0, 5, firm.city)
    if t2 is None:
        return None
    dest = rng.choice(["RU", "RU", "KG", "BY", "UZ"])
    ex = do_export(
        w, firm, [(p, brand, origin, bought, w.price(p, t2.date(), bought) * 1.2)], t2, dest
    )
    detail = {
        "firm": firm.id,
        "registered": firm.registered.isoformat(),
        "days_registered_to_export": (t2.date() - firm.registered).days,
        "days_held": (t2.date() - t1.date()).days,
        "hs_code": p.hs,
    }
    return Case("fast_turnaround", [imp, sale, ex], [importer.id, firm.id], detail)


def _items_for(w: World, country: str) -> list[tuple[Product, str, str, float]]:
    goods = [p for p in BY_KEY.values() if any(o == country for _, o in p.brands)] or [
        pick_trade(w)
    ]
    out = []
    for p in w.rng.sample(goods, min(len(goods), w.rng.randint(1, 4))):
        brands = [b for b in p.brands if b[1] == country] or list(p.brands)
        brand, origin = w.rng.choice(brands)
        out.append((p, brand, origin, w.qty(p, w.rng.uniform(0.2, 0.6))))
    return out


def transit_unclosed(w: World) -> Case | None:
    rng = w.rng
    corridor = rng.choice(roads.CORRIDORS[:7])
    day = date(2024, 1, 1) + timedelta(days=rng.randint(0, 320))
    trip = transit(
        w,
        corridor.name,
        corridor.via,
        corridor.destination_country,
        _items_for(w, corridor.carriers[0]),
        day,
        rng.choice(corridor.carriers),
        stop_at=rng.uniform(0.35, 0.8),
        road=corridor.road,
    )
    if trip is None or trip.last is None or len(trip.events) < 3:
        return None
    last = trip.events[-1]
    detail = {
        "corridor": corridor.name,
        "declared_destination": roads.office(corridor.via[-1]),
        "last_position": {
            "lat": trip.last.lat,
            "lon": trip.last.lon,
            "location": last["location"],
            "time": last["time"].isoformat(timespec="seconds"),
        },
    }
    return Case("transit_unclosed", trip.events, [], detail, [trip.mrn])


#: corridor, the place it leaves the road at, and the office it ends at instead
DIVERSIONS = [
    ("CN-RU north", "Karaganda", "Pavlodar"),
    ("CN-RU north", "Astana", "Kostanay"),
    ("UZ-RU", "Aktobe", "Uralsk"),
    ("CN-UZ", "Taraz", "Kyzylorda"),
    ("KG-RU", "Karaganda", "Semey"),
    ("CN-RU east", "Semey", "Karaganda"),
    ("RU-UZ", "Kyzylorda", "Taraz"),
    ("CN-UZ", "Almaty", "Karaganda"),
]


def transit_diverted(w: World) -> Case | None:
    rng = w.rng
    name, branch, target = rng.choice(DIVERSIONS)
    corridor = next(c for c in roads.CORRIDORS if c.name == name)
    via = (*corridor.via[: corridor.via.index(branch) + 1], target)
    day = date(2024, 1, 1) + timedelta(days=rng.randint(0, 330))
    trip = transit(
        w,
        name,
        via,
        corridor.destination_country,
        _items_for(w, corridor.carriers[0]),
        day,
        rng.choice(corridor.carriers),
        road=corridor.road,
    )
    if trip is None or trip.end is None:
        return None
    # the start declared the corridor's own destination
    trip.start["office_of_destination"] = roads.office(corridor.via[-1])
    detail = {
        "corridor": name,
        "declared_destination": roads.office(corridor.via[-1]),
        "ended_at": trip.end["location"],
        "left_route_at": branch,
    }
    return Case("transit_diverted", trip.events, [], detail, [trip.mrn])


def transit_sold(w: World) -> Case | None:
    rng = w.rng
    corridor = rng.choice(roads.CORRIDORS[:7])
    day = date(2024, 1, 1) + timedelta(days=rng.randint(0, 320))
    items = _items_for(w, corridor.carriers[0])
    trip = transit(
        w,
        corridor.name,
        corridor.via,
        corridor.destination_country,
        items,
        day,
        rng.choice(corridor.carriers),
        stop_at=rng.uniform(0.3, 0.7),
        road=corridor.road,
    )
    if trip is None or len(trip.events) < 2:
        return None
    last = trip.events[-1]["time"]
    seller = w.registry.pick("logistics")
    buyer = w.registry.pick(rng.choice(["wholesaler", "retailer"]))
    t = w.later(last, 0, 3, seller.city)
    if t is None:
        return None
    sold = [(p, b, o, q, w.price(p, t.date(), q) * rng.uniform(0.6, 0.9)) for p, b, o, q in items]
    sale = do_transfer(w, seller, buyer, sold, t, lot=trip.mrn)
    detail = {
        "corridor": corridor.name,
        "declared_destination": roads.office(corridor.via[-1]),
        "seller": seller.id,
        "buyer": buyer.id,
        "invoice_no": sale["invoice_no"],
    }
    return Case("transit_sold", [*trip.events, sale], [seller.id, buyer.id], detail, [trip.mrn])


def sanctioned_consignee(w: World) -> Case | None:
    rng = w.rng
    kind = rng.choice(["translit", "homoglyph", "initials", "word_order", "legal_form"])
    people = [e for e in w.listed if e.schema == "Person"]
    firms = [e for e in w.listed if e.schema == "Company"]
    entry = rng.choice(
        people if kind == "initials" else firms if kind == "legal_form" else w.listed
    )
    p = rng.choice(
        [BY_KEY[k] for k in ("bearing", "mcu", "switch", "brakes", "tyres", "camera", "valves")]
    )
    brand, origin = rng.choice(p.brands)
    day = dates.seasonal_day(rng, "flat", date(2024, 11, 20))
    exporter = w.registry.pick(rng.choice(["wholesaler", "importer"]), day)
    q = w.qty(p, rng.uniform(0.2, 0.8))
    imp = do_import(w, exporter, [(p, brand, origin, q)], day, dispatch_or(w, origin))
    if imp is None:
        return None
    t = w.later(imp["time"], 3, 40, exporter.city)
    if t is None:
        return None
    name = variant(rng, entry, kind)
    same_id = rng.random() < 0.5
    cid = (
        f"{entry.country}{entry.inn}"
        if same_id
        else f"{entry.country}{rng.randint(10**9, 10**10 - 1)}"
    )
    out = w.part(p, q, 0.5, 1.0)
    ex = do_export(
        w,
        exporter,
        [(p, brand, origin, out, w.price(p, t.date(), out) * 1.2)],
        t,
        entry.country,
        {"id": cid, "name": name, "country": entry.country},
    )
    detail = {
        "listed_id": entry.id,
        "listed_name": entry.name,
        "declared_name": name,
        "variant": kind,
        "consignee_id": cid,
        "same_registration_number": same_id,
    }
    return Case("sanctioned_consignee", [imp, ex], [exporter.id], detail)


def misinvoicing(w: World) -> Case | None:
    rng = w.rng
    keys = (
        "tyres",
        "phone",
        "fridge",
        "tiles",
        "excavator",
        "laptop",
        "paint",
        "washer",
        "tractor",
        "sunoil",
    )
    p = BY_KEY[rng.choice(keys)]
    brand, origin = foreign_brand(w, p)
    day = dates.seasonal_day(rng, p.season, date(2024, 11, 30))
    direction = "import_under" if rng.random() < 0.6 else "export_over"
    holder = w.registry.pick(rng.choice(["importer", "wholesaler"]), day)
    q = w.qty(p, rng.uniform(0.3, 1.0))
    if direction == "import_under":
        ratio = rng.uniform(0.08, 0.35)
        imp = do_import(
            w, holder, [(p, brand, origin, q)], day, dispatch_or(w, origin), price_factor=ratio
        )
        if imp is None:
            return None
        events, target = [imp], imp
    else:
        ratio = rng.uniform(3.0, 9.0)
        imp = do_import(w, holder, [(p, brand, origin, q)], day, dispatch_or(w, origin))
        if imp is None:
            return None
        t = w.later(imp["time"], 5, 30, holder.city)
        if t is None:
            return None
        out = w.part(p, q, 0.5, 1.0)
        dest = rng.choice(["RU", "KG", "UZ", "BY"])
        ex = do_export(
            w,
            holder,
            [(p, brand, origin, out, w.price(p, t.date(), out) * ratio)],
            t,
            dest,
            currency=rng.choice(["USD", "EUR", "RUB", "CNY"]),
        )
        events, target = [imp, ex], ex
    line = target["lines"][0]
    on = target["time"].date()
    declared = line["value"] * w.rates.kzt(line["currency"], on) / line["quantity"]
    market = market_usd(p, on.timetuple().tm_yday) * w.rates.kzt("USD", on)
    detail = {
        "direction": direction,
        "declaration": target["declaration_no"],
        "hs_code": p.hs,
        "currency": line["currency"],
        "declared_unit_price_kzt": round(declared, 2),
        "market_unit_price_kzt": round(market, 2),
        "ratio": round(declared / market, 3),
    }
    return Case("misinvoicing", events, [holder.id], detail)


SCHEMES: dict[str, Callable[[World], Case | None]] = {
    "reexport": reexport,
    "phantom": phantom,
    "hs_switch": hs_switch,
    "fast_turnaround": fast_turnaround,
    "transit_unclosed": transit_unclosed,
    "transit_diverted": transit_diverted,
    "transit_sold": transit_sold,
    "sanctioned_consignee": sanctioned_consignee,
    "misinvoicing": misinvoicing,
}
