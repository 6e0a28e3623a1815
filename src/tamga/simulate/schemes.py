"""The planted schemes: flows that break the rules on purpose, each writing its ground truth.

Each ``plan_*`` returns (flow, planned events) like the ordinary flows; when the flow ends it
closes its case: the event ids, declarations, holders and transits that make up the scheme, and a
``detail`` object with the figures a detector would be expected to find. Nothing of this goes
into the ledger itself.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Generator
from typing import Any

from tamga.geography import inland_offices, place
from tamga.simulate.actors import Holder, Party
from tamga.simulate.flows import do_import, pick_corridor, quantity, route, start_transit
from tamga.simulate.goods import BY_CODE, COALITION, HS_SWITCH, PRODUCTS, Product
from tamga.simulate.ownership_scheme import plan_owned_exporter
from tamga.simulate.world import Flow, World

_REEXPORT_GOODS = [p for p in PRODUCTS if p.chpl and p.origin in COALITION]
_SWITCHABLE = [p for p in PRODUCTS if p.gtin and p.hs in HS_SWITCH]
# washing machines stay out of the schemes: their flow to Russia is the configured 2022 surge
_PHANTOM_GOODS = [
    p
    for p in PRODUCTS
    if p.group in ("chpl", "appliances", "phones", "computers") and not p.hs.startswith("8450")
]
_MISINVOICED = [p for p in PRODUCTS if p.group != "food" and not p.hs.startswith("8450")]
_HUBS = ("AE", "TR", "CN", "AM")


def _note(case: dict[str, Any], eid: str, decl: str | None = None) -> None:
    case["event_ids"].append(eid)
    if decl:
        case["declarations"].append(decl)


def _sale(
    world: World, t: int, seller: Any, buyer: Any, product: Product, qty: float, price: float
) -> str:
    return world.transfer(t, seller, buyer, [(product, qty, world.line(product, qty, price * qty))])


def plan_reexport(world: World, t0: int) -> tuple[Flow, int]:
    """High-priority goods of EU/US origin, imported, passed through 1-4 firms, exported to RU."""
    k = world.rng.randint(1, 4)

    def flow() -> Flow:
        rng = world.rng
        t = t0
        yield t
        case = world.case("reexport")
        product = rng.choice(_REEXPORT_GOODS)
        importer = world.holder("importer")
        qty = quantity(world, product)
        # often shipped from a hub rather than from the country of origin
        dispatch = rng.choice(_HUBS) if rng.random() < 0.6 else product.origin
        ln = world.line(product, qty, qty * product.unit_value * rng.uniform(0.9, 1.1))
        eid, decl = world.import_(
            t,
            importer,
            world.party(dispatch),
            dispatch,
            world.office(importer),
            [(product, qty, ln)],
        )
        _note(case, eid, decl)
        case["holders"].append(importer.id)
        chain = [importer]
        for _ in range(k):
            h = (
                world.new_firm("wholesaler", t, (20, 400))
                if rng.random() < 0.4
                else (world.holder("wholesaler"))
            )
            while h.id == chain[-1].id:
                h = world.holder("wholesaler")
            chain.append(h)
        price = ln["value"] / qty
        for seller, buyer in itertools.pairwise(chain):
            t += world.days(0.5, 8)
            yield t
            price *= rng.uniform(1.02, 1.1)
            _note(case, _sale(world, t, seller, buyer, product, qty, price))
            case["holders"].append(buyer.id)
        t += world.days(0.5, 6)
        yield t
        consignee = world.party("RU")
        price *= rng.uniform(1.1, 1.4)
        eid, decl, _ = world.export(
            t, chain[-1], consignee, "RU", [(product, qty, world.line(product, qty, price * qty))]
        )
        _note(case, eid, decl)
        case["detail"] = {
            "hs_code": product.hs,
            "brand": product.brand,
            "origin_country": product.origin,
            "dispatch_country": dispatch,
            "intermediaries": k,
            "quantity": qty,
            "consignee": consignee.id,
        }
        world.close_case(case)

    return flow(), 2 + k


def plan_phantom(world: World, t0: int) -> tuple[Flow, int]:
    """A new firm exports more than it ever had: nothing at all, or a small real purchase."""
    with_purchase = world.rng.random() < 0.6

    def flow() -> Flow:
        rng = world.rng
        t = t0
        yield t
        case = world.case("phantom")
        product = rng.choice(_PHANTOM_GOODS)
        shell = world.new_firm("wholesaler", t, (10, 120))
        backed = 0.0
        if with_purchase:
            importer = world.holder("importer")
            qty = quantity(world, product)
            eid, decl, ln = do_import(world, t, importer, product, qty)
            _note(case, eid, decl)
            t += world.days(1, 10)
            yield t
            backed = max(1, int(qty * rng.uniform(0.05, 0.3)))
            _note(case, _sale(world, t, importer, shell, product, backed, ln["value"] / qty * 1.1))
            case["holders"].append(importer.id)
        t += world.days(1, 10)
        yield t
        declared = max(backed * rng.uniform(3, 8), quantity(world, product, 0.5))
        declared = int(declared) + 1
        dest = rng.choice(("RU", "RU", "RU", "KG", "UZ"))
        line = world.line(product, declared, declared * product.unit_value * rng.uniform(1, 1.2))
        eid, decl, short = world.export(
            t, shell, world.party(dest), dest, [(product, declared, line)]
        )
        _note(case, eid, decl)
        case["holders"].append(shell.id)
        case["detail"] = {
            "exporter": shell.id,
            "declared_quantity": declared,
            "backed_quantity": declared - short,
            "unbacked_quantity": short,
            "unit": product.unit,
            "hs_code": product.hs,
        }
        world.close_case(case)

    return flow(), 3 if with_purchase else 1


def _import_and_sell_on(
    world: World, t: int, case: dict[str, Any], product: Product, hops: int, markup: float
) -> Generator[int, None, tuple[int, list[Holder], float, int]]:
    """An importer brings goods in and they pass through ``hops`` wholesalers, each adding
    ``markup`` to the unit price; yields each sale's time, returns (quantity, chain of holders,
    last unit price, time of the last sale)."""
    importer = world.holder("importer")
    qty = quantity(world, product)
    eid, decl, ln = do_import(world, t, importer, product, qty)
    _note(case, eid, decl)
    chain = world.chain(importer, ["wholesaler"] * hops)
    price = ln["value"] / qty
    for seller, buyer in itertools.pairwise(chain):
        t += world.days(1, 10)
        yield t
        price *= markup
        _note(case, _sale(world, t, seller, buyer, product, qty, price))
    return qty, chain, price, t


def plan_hs_switch(world: World, t0: int) -> tuple[Flow, int]:
    """Same GTIN, another HS code on export than on import (out of a controlled heading)."""
    hops = world.rng.choice((0, 1, 1, 2))

    def flow() -> Flow:
        rng = world.rng
        t = t0
        yield t
        case = world.case("hs_switch")
        product = rng.choice(_SWITCHABLE)
        qty, chain, price, t = yield from _import_and_sell_on(world, t, case, product, hops, 1.08)
        t += world.days(1, 10)
        yield t
        export_hs = HS_SWITCH[product.hs]
        line = world.line(
            product, qty, qty * price * 1.1, hs=export_hs, description="parts and accessories"
        )
        eid, decl, _ = world.export(t, chain[-1], world.party("RU"), "RU", [(product, qty, line)])
        _note(case, eid, decl)
        case["holders"] += [h.id for h in chain]
        case["detail"] = {
            "gtin": product.gtin,
            "import_hs": product.hs,
            "export_hs": export_hs,
            "brand": product.brand,
        }
        world.close_case(case)

    return flow(), 2 + hops


def plan_fast_turnaround(world: World, t0: int) -> tuple[Flow, int]:
    """A firm registered days ago buys goods and exports them within days."""

    def flow() -> Flow:
        rng = world.rng
        t = t0
        yield t
        case = world.case("fast_turnaround")
        product = rng.choice(_PHANTOM_GOODS)
        importer = world.holder("importer")
        qty = quantity(world, product)
        eid, decl, ln = do_import(world, t, importer, product, qty)
        _note(case, eid, decl)
        t += world.days(0.5, 3)
        yield t
        firm = world.new_firm("wholesaler", t, (3, 30))
        _note(case, _sale(world, t, importer, firm, product, qty, ln["value"] / qty * 1.05))
        bought = t
        t += world.days(0.2, 4)
        yield t
        line = world.line(product, qty, ln["value"] * 1.2)
        eid, decl, _ = world.export(t, firm, world.party("RU"), "RU", [(product, qty, line)])
        _note(case, eid, decl)
        case["holders"] += [importer.id, firm.id]
        case["detail"] = {
            "firm": firm.id,
            "registered": firm.registered.isoformat(),
            "days_registered_to_export": (world.clock.date(t) - firm.registered).days,
            "days_held": round((t - bought) / 86_400, 2),
        }
        world.close_case(case)

    return flow(), 3


def _transit_case(world: World, t0: int, scheme: str, ending: str) -> tuple[Flow, int]:
    c = pick_corridor(world)
    _length, points = route(c)
    stop = max(1, len(points) * 2 // 3)

    def flow() -> Flow:
        rng = world.rng
        t = t0
        yield t
        case = world.case(scheme)
        eid, mrn, carrier, lines = start_transit(world, t, c)
        _note(case, eid)
        case["transits"].append(mrn)
        seal = f"NS:{mrn[-6:]}"
        pace = 3600.0 / 45.0 * rng.uniform(0.8, 1.6)
        last = (place(c.entry).lat, place(c.entry).lon)
        for km, code, lat, lon, kind in points[:stop]:
            t = t0 + int(km * pace)
            yield t
            _note(
                case,
                world.checkpoint(
                    t, mrn, code, lat, lon, seal if kind == "seal" else f"officer@{code}"
                ),
            )
            last = (lat, lon)
        detail: dict[str, Any] = {"corridor": c.code, "declared_destination": c.exit}
        if ending == "diverted":
            # leave the corridor for an inland office it does not pass, seal reporting on the way
            off = [o for o in inland_offices() if o.code not in c.posts]
            target = min(off, key=lambda o: (o.lat - last[0]) ** 2 + (o.lon - last[1]) ** 2)
            for frac in (0.35, 0.7):
                t += world.days(0.2, 0.6)
                yield t
                lat = round(last[0] + frac * (target.lat - last[0]), 5)
                lon = round(last[1] + frac * (target.lon - last[1]), 5)
                _note(case, world.checkpoint(t, mrn, world.nearest_code(lat, lon), lat, lon, seal))
            t += world.days(0.2, 1)
            yield t
            _note(case, world.transit_end(t, mrn, target.code))
            detail["ended_at"] = target.code
        elif ending == "sold":
            t += world.days(0.5, 3)
            yield t
            buyer = world.holder("wholesaler")
            sold = []
            for ln in lines:
                product = BY_CODE[_code_of(ln)]
                sale = world.line(product, ln["quantity"], ln["value"] * 1.15, ln["line_no"])
                sale["lot"] = mrn
                sold.append((product, ln["quantity"], sale))
            _note(case, world.transfer(t, carrier, buyer, sold, from_transit=True))
            case["holders"] += [carrier.id, buyer.id]
            detail["seller"], detail["buyer"] = carrier.id, buyer.id
        else:
            detail["last_position"] = [round(last[0], 5), round(last[1], 5)]
        case["detail"] = detail
        world.close_case(case)

    return flow(), 1 + stop + (4 if ending == "diverted" else 1)


_CODE_BY_TEMPLATE: dict[tuple[str, str | None], str] = {(p.hs, p.brand): p.code for p in PRODUCTS}


def _code_of(line: dict[str, Any]) -> str:
    return _CODE_BY_TEMPLATE[(line["hs_code"], line.get("brand"))]


def plan_transit_unclosed(world: World, t0: int) -> tuple[Flow, int]:
    return _transit_case(world, t0, "transit_unclosed", "never")


def plan_transit_diverted(world: World, t0: int) -> tuple[Flow, int]:
    return _transit_case(world, t0, "transit_diverted", "diverted")


def plan_transit_sold(world: World, t0: int) -> tuple[Flow, int]:
    return _transit_case(world, t0, "transit_sold", "sold")


def plan_sanctioned_consignee(world: World, t0: int) -> tuple[Flow, int]:
    """An export to a sanctioned Russian firm, its name transliterated into Latin letters."""
    hops = world.rng.choice((0, 1, 2))

    def flow() -> Flow:
        rng = world.rng
        t = t0
        yield t
        case = world.case("sanctioned_consignee")
        product = rng.choice(_PHANTOM_GOODS)
        qty, chain, price, t = yield from _import_and_sell_on(world, t, case, product, hops, 1.07)
        t += world.days(1, 10)
        yield t
        firm = rng.choice(world.sanctioned)
        # the declared id is not the listed INN: only the name links the consignee to the list
        consignee = Party(f"RU-{rng.randrange(10**9):09d}", firm.name_latin, "RU")
        line = world.line(product, qty, qty * price * 1.15)
        eid, decl, _ = world.export(t, chain[-1], consignee, "RU", [(product, qty, line)])
        _note(case, eid, decl)
        case["holders"] += [h.id for h in chain]
        case["detail"] = {
            "sanctioned_entity": firm.entity["id"],
            "listed_name": firm.name_cyrillic,
            "name_on_declaration": firm.name_latin,
            "listed_inn": firm.inn,
        }
        world.close_case(case)

    return flow(), 2 + hops


def plan_misinvoicing(world: World, t0: int) -> tuple[Flow, int]:
    """An import declared far below its typical value, or an export far above it."""
    under = world.rng.random() < 0.5

    def flow() -> Flow:
        rng = world.rng
        t = t0
        yield t
        case = world.case("misinvoicing")
        product = rng.choice(_MISINVOICED)
        importer = world.holder("importer")
        qty = quantity(world, product)
        factor = rng.uniform(0.15, 0.4) if under else rng.uniform(2.5, 6)
        if under:
            eid, decl, _ = do_import(world, t, importer, product, qty, markup=factor)
            _note(case, eid, decl)
            case["holders"].append(importer.id)
            t += world.days(2, 15)
            yield t
            buyer = world.holder("wholesaler")
            _sale(world, t, importer, buyer, product, qty, product.unit_value * 1.1)
        else:
            _, _, _ln = do_import(world, t, importer, product, qty)
            t += world.days(2, 15)
            yield t
            dest = rng.choice(("RU", "KG", "UZ"))
            line = world.line(product, qty, qty * product.unit_value * factor)
            eid, decl, _ = world.export(
                t, importer, world.party(dest), dest, [(product, qty, line)]
            )
            _note(case, eid, decl)
            case["holders"].append(importer.id)
        case["detail"] = {
            "direction": "under" if under else "over",
            "factor": round(factor, 3),
            "hs_code": product.hs,
            "typical_unit_value": product.unit_value,
            "currency": "USD",
        }
        world.close_case(case)

    return flow(), 2


PLANNERS: dict[str, Callable[[World, int], tuple[Flow, int]]] = {
    "reexport": plan_reexport,
    "phantom": plan_phantom,
    "hs_switch": plan_hs_switch,
    "fast_turnaround": plan_fast_turnaround,
    "transit_unclosed": plan_transit_unclosed,
    "transit_diverted": plan_transit_diverted,
    "transit_sold": plan_transit_sold,
    "sanctioned_consignee": plan_sanctioned_consignee,
    "misinvoicing": plan_misinvoicing,
    "owned_exporter": plan_owned_exporter,
}
