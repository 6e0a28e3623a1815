"""The ordinary trade: each flow is a generator that yields the time of its next step.

A flow does its step when resumed (the world resumes flows in time order), so every stock
decision is taken against the stock as it stands at that moment. Each ``plan_*`` function returns
the flow and the number of events it plans, which paces the start of new flows.
"""

from __future__ import annotations

import itertools
from typing import Any

from tamga.geography import CORRIDORS, Corridor, distance_km, place, point_along_polyline
from tamga.geography import polyline_length_km as _length
from tamga.simulate.actors import Holder
from tamga.simulate.goods import ASSEMBLED, BY_CODE, COALITION, PRODUCTS, Product
from tamga.simulate.world import Flow, World

Lines = list[tuple[Product, float, dict[str, Any]]]

_IMPORTABLE = [p for p in PRODUCTS if p.group not in ("parts",) or p.code.startswith("PARTS")]
_IMPORT_WEIGHTS = [
    {
        "food": 3.0,
        "building": 2.5,
        "textiles": 2.5,
        "appliances": 1.5,
        "phones": 1.5,
        "computers": 1.2,
        "cars": 1.0,
        "parts": 1.2,
        "chpl": 0.6,
    }[p.group]
    for p in _IMPORTABLE
]
_IMPORT_CUM = list(itertools.accumulate(_IMPORT_WEIGHTS))
_WASHERS = [p for p in PRODUCTS if p.hs.startswith("8450")]
_TRANSIT_GOODS = [p for p in PRODUCTS if p.origin == "CN" and p.group != "food"]

#: export destinations of ordinary flows, per year (Russia's share grows in 2022)
DESTINATIONS = {
    2021: (
        ("RU", 0.40),
        ("KG", 0.16),
        ("UZ", 0.16),
        ("TJ", 0.06),
        ("BY", 0.04),
        ("AZ", 0.05),
        ("CN", 0.06),
        ("MN", 0.03),
        ("GE", 0.04),
    ),
    2022: (
        ("RU", 0.44),
        ("KG", 0.145),
        ("UZ", 0.145),
        ("TJ", 0.05),
        ("BY", 0.04),
        ("AZ", 0.045),
        ("CN", 0.05),
        ("MN", 0.025),
        ("GE", 0.03),
    ),
}


_DEST_CUM = {
    y: ([c for c, _ in opts], list(itertools.accumulate(w for _, w in opts)))
    for y, opts in DESTINATIONS.items()
}


def dispatch_for(world: World, product: Product) -> str:
    """Where an import is dispatched from: the origin, or a hub for far-away origins."""
    if product.origin in ("CN", "RU", "KG", "UZ", "BY", "TR", "KR", "DE", "US", "JP"):
        return product.origin
    return world.rng.choice(("CN", "RU", "AE", "TR"))


def pick_import(world: World) -> Product:
    return world.weighted(_IMPORTABLE, _IMPORT_CUM)


def quantity(world: World, product: Product, scale: float = 1.0) -> int:
    lo, hi = product.lot
    return max(1, int(world.rng.uniform(lo, hi) * scale))


def priced(world: World, product: Product, qty: float, markup: float = 1.0, no: int = 1) -> Any:
    value = qty * product.unit_value * markup * world.rng.uniform(0.9, 1.1)
    return (product, qty, world.line(product, qty, value, no))


def import_location(world: World, holder: Holder, dispatch: str) -> str:
    if world.rng.random() < 0.55:
        return world.office(holder)
    return world.entry_post(dispatch)


def destination(world: World, t: int, product: Product) -> str:
    year = min(max(world.clock.year(t), 2021), 2022)
    countries, cum = _DEST_CUM[year]
    dest: str = world.weighted(countries, cum)
    # ordinary flows never send coalition-origin high-priority goods or washing machines to
    # Russia/Belarus: those are the planted re-export scheme and the scheduled 2022 surge
    if dest in ("RU", "BY") and (
        (product.chpl and product.origin in COALITION) or product.hs.startswith("8450")
    ):
        dest = world.rng.choice(("KG", "UZ", "MN"))
    return dest


def do_import(
    world: World,
    t: int,
    holder: Holder,
    product: Product,
    qty: float,
    *,
    markup: float = 1.0,
    origin: str | None = None,
) -> tuple[str, str, Any]:
    dispatch = dispatch_for(world, product)
    consignor = world.party(dispatch)
    p, q, ln = priced(world, product, qty, markup)
    if origin is not None:
        ln["origin_country"] = origin
    eid, decl = world.import_(
        t, holder, consignor, dispatch, import_location(world, holder, dispatch), [(p, q, ln)]
    )
    return eid, decl, ln


def plan_domestic(world: World, t0: int) -> tuple[Flow, int]:
    """Import, then one to three sales down to retail; the goods stay in the country."""
    hops = world.rng.choice((1, 1, 2, 2, 3))

    def flow() -> Flow:
        t = t0
        yield t
        importer = world.holder("importer")
        product = pick_import(world)
        qty: float = quantity(world, product)
        _, _, ln = do_import(world, t, importer, product, qty)
        unit_price = ln["value"] / qty
        kinds = ["wholesaler", "retailer", "retailer"][:hops]
        if hops == 1:
            kinds = [world.rng.choice(("wholesaler", "retailer", "manufacturer"))]
        holders = world.chain(importer, kinds)
        for seller, buyer in itertools.pairwise(holders):
            t += world.days(1, 20)
            yield t
            move = min(world.held(seller, product), max(1, int(qty * world.rng.uniform(0.3, 1))))
            if move <= 0:
                return
            unit_price *= world.rng.uniform(1.05, 1.25)
            world.transfer(
                t, seller, buyer, [(product, move, world.line(product, move, unit_price * move))]
            )
            qty = move

    world.flow_counts["domestic"] = world.flow_counts.get("domestic", 0) + 1
    return flow(), 1 + hops


_HOPS = [0, 1, 2, 3, 4]
_HOPS_CUM = list(itertools.accumulate((0.22, 0.3, 0.25, 0.15, 0.08)))


def plan_export_chain(
    world: World,
    t0: int,
    product: Product | None = None,
    dest: str | None = None,
    kind: str = "export_chain",
    units: tuple[int, int] | None = None,
) -> tuple[Flow, int]:
    """Import, zero to four domestic sales, export of the goods by the last holder."""
    hops = world.weighted(_HOPS, _HOPS_CUM)

    def flow() -> Flow:
        t = t0
        yield t
        nonlocal product, dest
        if product is None:
            product = pick_import(world)
        importer = world.holder("importer")
        qty: float = world.rng.randint(*units) if units else quantity(world, product)
        _, _, ln = do_import(world, t, importer, product, qty)
        unit_price = ln["value"] / qty
        holders = world.chain(importer, ["wholesaler"] * hops)
        for seller, buyer in itertools.pairwise(holders):
            t += world.days(1, 8)
            yield t
            move = min(world.held(seller, product), qty)
            if move <= 0:
                return
            unit_price *= world.rng.uniform(1.03, 1.15)
            world.transfer(
                t, seller, buyer, [(product, move, world.line(product, move, unit_price * move))]
            )
            qty = move
        t += world.days(1, 8)
        yield t
        exporter = holders[-1]
        if dest is None:
            dest = destination(world, t, product)
        move = min(world.held(exporter, product), qty)
        if move <= 0:
            return
        unit_price *= world.rng.uniform(1.03, 1.15)
        line = world.line(product, move, unit_price * move)
        world.export(t, exporter, world.party(dest), dest, [(product, move, line)])

    world.flow_counts[kind] = world.flow_counts.get(kind, 0) + 1
    return flow(), 2 + hops


#: units per washing-machine flow to Russia (a few trucks' worth)
WASHER_FLOW_UNITS = (150, 600)


def plan_washers_to_russia(world: World, t0: int) -> tuple[Flow, int]:
    """The 2022 surge: washing machines imported from Asia and re-sold to Russia."""
    product = world.rng.choice(_WASHERS)
    return plan_export_chain(world, t0, product, "RU", kind="washers_ru", units=WASHER_FLOW_UNITS)


def plan_assembly(world: World, t0: int) -> tuple[Flow, int]:
    """Car assembly: domestic seats, steel and paint + imported CKD kits -> cars, sold or exported.

    The localization share the ledger computes is the domestic inputs' value share.
    """

    def flow() -> Flow:
        rng = world.rng
        t = t0
        yield t
        plant = rng.choice(world.registry.by_kind["manufacturer"][:3])
        supplier = world.holder("manufacturer")
        while supplier.id == plant.id:
            supplier = world.holder("manufacturer")
        car = rng.choice(ASSEMBLED)
        kit = BY_CODE["CKD-HYUNDAI" if "HYUNDAI" in car.code else "CKD-CHEVROLET"]
        seats, steel, paint = BY_CODE["KZ-SEATS"], BY_CODE["KZ-STEEL"], BY_CODE["KZ-PAINT"]
        n = rng.randint(20, 120)
        domestic = [
            priced(world, seats, n, 3.0, 1),
            priced(world, steel, n * 300, 1.0, 2),
            priced(world, paint, n * 15, 1.0, 3),
        ]
        world.adjustment(t, supplier, "domestic production", domestic)
        t += world.days(1, 5)
        yield t
        moved = [
            (p, q, world.line(p, q, ln["value"] * 1.1, ln["line_no"])) for p, q, ln in domestic
        ]
        if any(world.held(supplier, p) < q for p, q, _ in moved):
            return
        world.transfer(t, supplier, plant, moved)
        t += world.days(1, 10)
        yield t
        do_import(world, t, plant, kit, n, markup=0.7)
        t += world.days(5, 20)
        yield t
        inputs = [(kit, n, world.line(kit, n, n * kit.unit_value * 0.7))]
        inputs += [
            (p, q, world.line(p, q, ln["value"], i + 2)) for i, (p, q, ln) in enumerate(moved)
        ]
        if any(world.held(plant, p) < q for p, q, _ in inputs):
            return
        total = sum(ln["value"] for _, _, ln in inputs)
        out = [(car, n, world.line(car, n, total * 1.18))]
        world.transformation(t, plant, inputs, out)
        t += world.days(2, 15)
        yield t
        held = world.held(plant, car)
        year = world.clock.year(t)
        share_ru = 0.30 if year <= 2021 else 0.36
        move = min(held, n)
        if move <= 0:
            return
        price = out[0][2]["value"] / n * rng.uniform(1.05, 1.2)
        if rng.random() < share_ru:
            world.export(
                t,
                plant,
                world.party("RU"),
                "RU",
                [(car, move, world.line(car, move, price * move))],
            )
        else:
            dealer = world.holder("retailer")
            world.transfer(t, plant, dealer, [(car, move, world.line(car, move, price * move))])

    world.flow_counts["assembly"] = world.flow_counts.get("assembly", 0) + 1
    return flow(), 6


# -- transits -------------------------------------------------------------------------------------

_CORRIDOR_WEIGHTS = {
    "WE-WC": 3.0,
    "CENTRAL": 3.0,
    "EAST": 1.5,
    "URAL": 1.5,
    "ALTAI": 0.5,
    "CASPIAN": 1.5,
    "BAKHTY-WEST": 1.0,
}
_CORRIDOR_CUM = list(itertools.accumulate(_CORRIDOR_WEIGHTS.get(c.code, 1.0) for c in CORRIDORS))
_EUROPE = ("DE", "PL", "NL", "BY", "IT", "CZ")
_SPEED_KM_H = 45.0
_NAV_EVERY_KM = 60.0


def route_points(c: Corridor) -> list[tuple[float, str, float, float, str]]:
    """Waypoints along a corridor: (km from entry, location, lat, lon, kind) in order.

    Offices of transit on the way (kind 'post') and navigation-seal position reports every
    ~60 km (kind 'seal', located at the nearest office), excluding the entry and exit posts.
    """
    length = _length(c.path)
    points: list[tuple[float, str, float, float, str]] = []
    for code in c.posts[1:-1]:
        p = place(code)
        # km along the route: the polyline vertex nearest the post, accumulated
        best, acc, at = float("inf"), 0.0, 0.0
        for a, b in zip(c.path, c.path[1:], strict=False):
            d = distance_km(p.point, a)
            if d < best:
                best, at = d, acc
            acc += distance_km(a, b)
        points.append((at, code, p.lat, p.lon, "post"))
    k = 1
    while k * _NAV_EVERY_KM < length - 50:
        lat, lon = point_along_polyline(c.path, k * _NAV_EVERY_KM / length)
        from tamga.geography import nearest_place

        lat, lon = round(lat, 5), round(lon, 5)
        points.append((k * _NAV_EVERY_KM, nearest_place(lat, lon).code, lat, lon, "seal"))
        k += 1
    points.sort()
    return points


_ROUTES: dict[str, tuple[float, list[tuple[float, str, float, float, str]]]] = {}


def route(c: Corridor) -> tuple[float, list[tuple[float, str, float, float, str]]]:
    r = _ROUTES.get(c.code)
    if r is None:
        r = _ROUTES[c.code] = (_length(c.path), route_points(c))
    return r


def pick_corridor(world: World) -> Corridor:
    return world.weighted(list(CORRIDORS), _CORRIDOR_CUM)


def transit_cargo(world: World) -> list[dict[str, Any]]:
    lines = []
    for no in range(1, world.rng.choice((1, 1, 2, 3)) + 1):
        p = world.rng.choice(_TRANSIT_GOODS)
        q = quantity(world, p, 0.5)
        lines.append(world.line(p, q, q * p.unit_value * world.rng.uniform(0.9, 1.1), no))
    return lines


def start_transit(world: World, t: int, c: Corridor) -> tuple[str, str, Holder, list[Any]]:
    """Emit a transit_start on corridor ``c``; returns (event id, MRN, carrier, lines)."""
    rng = world.rng
    mrn = world.transit_id(t)
    carrier = world.holder("logistics")
    length, _ = route(c)
    dest_country = c.destination_country
    if dest_country == "RU" and rng.random() < 0.3:
        dest_country = rng.choice(_EUROPE)
    deadline = t + int((length / _SPEED_KM_H / 8 + 4) * 86_400)
    rail = place(c.entry).kind == "rail_border"
    vehicle = (
        f"wagon {rng.randrange(5 * 10**7, 6 * 10**7)}"
        if rail
        else f"{rng.randrange(100, 999)} {rng.choice('ABEHKMOPCTYX')}{rng.choice('ABEHKMOPCTYX')} "
        f"{rng.choice(('02', '05', '01', '13'))}"
    )
    seals = [f"NS-{rng.randrange(10**8):08d}"]
    lines = transit_cargo(world)
    eid = world.transit_start(
        t, mrn, carrier.id, vehicle, seals, c.entry, c.exit, dest_country, deadline, lines
    )
    return eid, mrn, carrier, lines


def plan_transit(world: World, t0: int) -> tuple[Flow, int]:
    """China -> Russia/Europe: start at the entry post, passages and seal positions, discharge."""
    c = pick_corridor(world)
    length, points = route(c)

    def flow() -> Flow:
        t = t0
        yield t
        _, mrn, _, _lines = start_transit(world, t, c)
        seal = f"NS:{mrn[-6:]}"
        pace = 3600.0 / _SPEED_KM_H * world.rng.uniform(0.8, 1.6)
        for km, code, lat, lon, kind in points:
            yield t0 + int(km * pace)
            world.checkpoint(
                t0 + int(km * pace),
                mrn,
                code,
                lat,
                lon,
                seal if kind == "seal" else f"officer@{code}",
            )
        t_end = t0 + int(length * pace) + world.days(0.05, 0.5)
        yield t_end
        world.transit_end(t_end, mrn, c.exit)

    world.flow_counts["transit"] = world.flow_counts.get("transit", 0) + 1
    return flow(), 2 + len(points)
