"""Planted cases with their ground truth, one function per scheme.

Each is what a customs officer would recognise as the scheme; parameters are drawn per case
(quantities, intermediaries, days, price ratios, how far a truck got), never fixed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from worlds import flows, geography, products, trade
from worlds.flows import Goods
from worlds.world import Case, World

WESTERN_ORIGIN = {"US", "DE", "JP"}


def _case(w: World, scheme: str) -> Case:
    c = Case(scheme)
    w.cases.append(c)
    return c


def _track(w: World, c: Case, fn: Callable[[], None]) -> None:
    """Run fn and put every event it made into the case."""
    n = len(w.events)
    fn()
    c.events.extend(w.events[n:])


def reexport(w: World) -> None:
    """Western-made CHPL goods imported, often through a hub, sold through domestic firms and
    exported to Russia or Belarus."""
    r = w.rng
    c = _case(w, "reexport")
    hs = r.choice(flows.CONTROLLED)
    p = w.product(hs)
    if not any(ln.origin in WESTERN_ORIGIN for ln in p.lines):
        hs = "8542310000"
        p = w.product(hs)
    goods = flows.pick_goods(w, hs, WESTERN_ORIGIN, scale=r.uniform(0.3, 1.5))
    origin = goods[0].ln.origin
    dispatch = trade.wpick(
        w, [("AE", 30), ("TR", 22), ("CN", 18), ("AM", 8), ("KG", 4), (origin, 18)]
    )
    t = w.day_time(w.random_day(120))
    importer = (
        w.new_holder("importer", (t - timedelta(days=r.randint(15, 400))).date(), False)
        if r.random() < 0.35
        else w.pick("importer", t)
    )
    n = len(w.events)
    _, imp, t_imp = flows.import_goods(
        w, t, importer.id, goods, dispatch, r.uniform(0.95, 1.35), city=importer.city
    )
    c.events.extend(e for e in w.events[n:] if e["type"] == "import")
    holder = importer
    hops = r.choices([0, 1, 2, 3], [15, 40, 30, 15])[0]
    c.holders.append(importer.id)
    tt = t_imp
    for _ in range(hops):
        tt = w.later(tt, 0.5, 20)
        buyer = (
            w.new_holder("wholesaler", (tt - timedelta(days=r.randint(3, 120))).date(), False)
            if r.random() < 0.45
            else w.pick("wholesaler", tt)
        )
        share = r.uniform(0.85, 1.0)
        goods = [g.part(share) for g in goods]
        c.events.append(flows.sell(w, tt, holder.id, buyer.id, goods, r.uniform(1.05, 1.3)))
        holder = buyer
        c.holders.append(buyer.id)
    dest = "RU" if r.random() < 0.85 else "BY"
    consignee = trade.foreign_party(w, dest).party()
    out = [g.part(r.uniform(0.7, 1.0)) for g in goods]
    ex_at = w.later(tt, 1, 30)
    n = len(w.events)
    _, ex = flows.export_goods(w, ex_at, holder, out, dest, consignee, r.uniform(1.3, 2.6))
    c.events.extend(e for e in w.events[n:] if e["type"] == "export")
    c.detail = {
        "hs_code": hs,
        "brand": goods[0].ln.brand,
        "origin_country": origin,
        "dispatch_country": dispatch,
        "intermediaries": hops,
        "quantity": sum(g.qty for g in out),
        "consignee": consignee["id"],
        "destination_country": dest,
        "import_declaration": imp,
        "export_declaration": ex,
    }


def _transit_goods(w: World, from_c: str) -> tuple[list[Goods], str]:
    hs = w.rng.choice(flows.THROUGH_GOODS[from_c])
    return flows.pick_goods(w, hs), hs


def transit_unclosed(w: World) -> None:
    """A transit whose reports stop partway along its corridor and which never ends."""
    r = w.rng
    c = _case(w, "transit_unclosed")
    a, b, dest_c, from_c, _ = r.choices(flows.THROUGH, [x[4] for x in flows.THROUGH])[0]
    goods, _ = _transit_goods(w, from_c)
    t = w.day_time(w.random_day(40), 0, 24)
    carrier = (
        w.pick("logistics").id if r.random() < 0.6 else trade.foreign_party(w, from_c).party()["id"]
    )
    frac = r.uniform(0.15, 0.9)
    tl = flows.lines(w, goods, t, 1.0, "USD")
    tid, evs, _ = w.transit(
        t,
        geography.office(a),
        geography.office(b),
        dest_c,
        carrier,
        "KZ" if carrier[:1].isdigit() else from_c,
        tl,
        end="none",
        stop_fraction=frac,
    )
    c.events.extend(evs)
    c.transits.append(tid)
    if carrier[:1].isdigit():
        c.holders.append(carrier)
    last = [e for e in evs if e["type"] == "checkpoint"]
    c.detail = {
        "corridor": f"{a} - {b}",
        "declared_destination": geography.office(b).code,
        "share_of_route": round(frac, 2),
        "last_position": [last[-1]["lat"], last[-1]["lon"]] if last else None,
    }


DIVERSIONS = [
    ("Khorgos", "Zhibek Zholy", "UZ", "CN", ["Astana", "Karaganda", "Taldykorgan"]),
    ("Khorgos", "Kordai border", "KG", "CN", ["Taldykorgan", "Karaganda"]),
    ("Dostyk", "Zhelezinka border", "RU", "CN", ["Ust-Kamenogorsk", "Astana"]),
    ("Zhaisan", "Zhibek Zholy", "UZ", "RU", ["Atyrau", "Uralsk", "Kostanay"]),
    ("Khorgos", "Zhaisan", "RU", "CN", ["Atyrau", "Uralsk", "Karaganda"]),
    ("Khorgos", "Kairak", "RU", "CN", ["Pavlodar", "Kostanay"]),
]


def transit_diverted(w: World) -> None:
    """A transit that leaves its corridor and is ended at an office it does not pass."""
    r = w.rng
    c = _case(w, "transit_diverted")
    a, b, dest_c, from_c, targets = r.choice(DIVERSIONS)
    rt = geography.route(a, b)
    elsewhere = trade.CITY_OFFICE[r.choice([x for x in targets if x not in rt.towns])]
    goods, _ = _transit_goods(w, from_c)
    t = w.day_time(w.random_day(30), 0, 24)
    carrier = w.pick("logistics").id
    tl = flows.lines(w, goods, t, 1.0, "USD")
    tid, evs, _ = w.transit(
        t,
        geography.office(a),
        geography.office(b),
        dest_c,
        carrier,
        "KZ",
        tl,
        end="elsewhere",
        elsewhere=elsewhere,
    )
    c.events.extend(evs)
    c.transits.append(tid)
    c.holders.append(carrier)
    c.detail = {
        "corridor": f"{a} - {b}",
        "declared_destination": geography.office(b).code,
        "ended_at": elsewhere.code,
        "ended_at_town": elsewhere.town,
    }


SCHEMES: dict[str, tuple[Callable[[World], None], float]] = {
    "reexport": (reexport, 12),
    "transit_unclosed": (transit_unclosed, 6),
    "transit_diverted": (transit_diverted, 6),
}


def plant(w: World, events: int) -> None:
    """Plant about 1-3% of the flows: per scheme a count scaled to the world's size (at least
    one), varied by up to a third either way."""
    scale = events / 30000
    for _name, (fn, per30k) in SCHEMES.items():
        n = max(1, round(per30k * scale * w.rng.uniform(0.7, 1.3)))
        for _ in range(n):
            fn(w)
    _ = products  # the catalogue is read through the world
