"""Planted cases with their ground truth, one function per scheme.

Each is what a customs officer would recognise as the scheme; parameters are drawn per case
(quantities, intermediaries, days, price ratios, how far a truck got), never fixed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta

from worlds import actors, flows, geography, products, trade
from worlds.flows import Goods
from worlds.world import START, Case, Event, World

WESTERN_ORIGIN = {"US", "DE", "JP"}


def _made(p: products.Product) -> set[str]:
    return {products.made_in(ln, m) for ln in p.lines for m in ln.models}


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
    if not any(products.made_in(ln, m) in WESTERN_ORIGIN for ln in p.lines for m in ln.models):
        hs = "8542310000"
        p = w.product(hs)
    goods = flows.pick_goods(w, hs, WESTERN_ORIGIN, scale=r.uniform(0.3, 1.5))
    origin = goods[0].origin
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
        buyer = w.pick("wholesaler", tt)
        if r.random() < 0.45 or buyer.id in c.holders:
            buyer = w.new_holder(
                "wholesaler", (tt - timedelta(days=r.randint(3, 120))).date(), False
            )
        share = r.uniform(0.85, 1.0)
        goods = [g.part(share) for g in goods]
        c.events.append(flows.sell(w, tt, holder.id, buyer.id, goods, r.uniform(1.05, 1.3)))
        holder = buyer
        c.holders.append(buyer.id)
    dest = "RU" if r.random() < 0.85 else "BY"
    out = [g.part(r.uniform(0.7, 1.0)) for g in goods]
    # shipped at once, or (30%) split between two buyers some days apart
    parts = [out] if r.random() < 0.7 else [[g.part(0.5) for g in out], [g.part(0.5) for g in out]]
    ex_at = w.later(tt, 1, 30)
    exports, consignees = [], []
    for lot in parts:
        consignee = trade.foreign_party(w, dest).party()
        _, ex = flows.export_goods(w, ex_at, holder, lot, dest, consignee, r.uniform(1.3, 2.6))
        exports.append(ex)
        consignees.append(consignee["id"])
        ex_at = w.later(ex_at, 2, 15)
    c.events.extend(exports)
    c.detail = {
        "hs_code": hs,
        "brand": goods[0].ln.brand,
        "origin_country": origin,
        "dispatch_country": dispatch,
        "intermediaries": hops,
        "quantity": sum(ln["quantity"] for ex in exports for ln in ex["lines"]),
        "consignee": consignees[0],
        "consignees": consignees,
        "destination_country": dest,
        "import_declaration": imp,
        "export_declarations": exports,
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
    tl = flows.lines(w, goods, t, 1.0, flows.transit_currency(w, from_c))
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
    tl = flows.lines(w, goods, t, 1.0, flows.transit_currency(w, from_c))
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


def _price_usd(w: World, line: dict[str, object], on: date) -> float:
    """The unit value of a written goods line, in dollars at the day's rate."""
    value, qty, cur = line["value"], line["quantity"], line["currency"]
    assert isinstance(value, float) and isinstance(qty, float) and isinstance(cur, str)
    return value * w.rates.rate(cur, on) / w.rates.rate("USD", on) / qty


def _going_rate(m: products.Model, on: date) -> float:
    return m.usd * (1.0 + 0.03 * (on - START).days / 365.0)


def _bought(
    w: World, t: datetime, goods: list[Goods], hops: int, c: Case | None = None
) -> tuple[actors.Holder, list[Goods], datetime, Event]:
    """Goods an established firm imports at a fair price and sells on to `hops` others."""
    r = w.rng
    importer = w.pick("importer", t)
    _, imp, t_imp = flows.import_goods(
        w,
        t,
        importer.id,
        goods,
        flows.dispatch_for(w, goods[0].origin),
        flows.ordinary_factor(w),
        city=importer.city,
    )
    holder, tt = importer, t_imp
    for _ in range(hops):
        tt = w.later(tt, 1, 25)
        buyer = w.pick("wholesaler", tt)
        if buyer.id == holder.id:
            continue
        goods = [g.part(r.uniform(0.5, 1.0)) for g in goods]
        ev = flows.sell(w, tt, holder.id, buyer.id, goods, r.uniform(1.05, 1.3))
        if c is not None:
            c.events.append(ev)
            c.holders.append(buyer.id)
        holder = buyer
    return holder, goods, tt, imp


NOT_WESTERN_CONTROLLED = [
    "8482100009",
    "8482200009",
    "8542310000",
    "8517620009",
    "8526912000",
    "8525890000",
    "8541290000",
]


def phantom(w: World) -> None:
    """A firm exports goods it never held, or far more than the little it bought."""
    r = w.rng
    c = _case(w, "phantom")
    t = w.day_time(w.random_day(45))
    if r.random() < 0.6:
        firm = w.new_holder("wholesaler", (t - timedelta(days=r.randint(5, 120))).date(), False)
    else:  # a dormant shell, registered years ago
        firm = w.new_holder("wholesaler", w._old_registration(r), False)
    c.holders.append(firm.id)
    hs = r.choice(flows.CONSUMER + NOT_WESTERN_CONTROLLED)
    variant = r.choices(["nothing", "small", "repeated"], [35, 45, 20])[0]
    p = w.product(hs)
    ln, m0 = w.choose_model(p, _made(p) - WESTERN_ORIGIN or None)
    goods = flows.pick_goods(w, hs, {products.made_in(ln, m0)}, n_lines=r.choice([1, 1, 2]))
    backed = 0.0
    exports: list[Event] = []
    dest = trade.wpick(w, [("RU", 45), ("KG", 20), ("UZ", 20), ("TJ", 10), ("AF", 5)])
    consignee = trade.foreign_party(w, dest).party()
    if variant == "nothing":
        t_ex = w.later(t, 0, 5)
        _, ex = flows.export_goods(w, t_ex, firm, goods, dest, consignee, r.uniform(1.0, 1.6))
        exports.append(ex)
    else:
        seller, stock, t2, _ = _bought(w, t, goods, 0)
        share = r.uniform(0.02, 0.25) if variant == "small" else r.uniform(0.4, 0.8)
        small = [g.part(share) for g in stock]
        t3 = w.later(t2, 1, 20)
        c.events.append(flows.sell(w, t3, seller.id, firm.id, small, r.uniform(1.05, 1.3)))
        backed = sum(g.qty for g in small)
        times = 1 if variant == "small" else r.randint(2, 3)
        mult = r.uniform(3, 30) if variant == "small" else r.uniform(1.3, 2.5) / times
        t_ex = t3
        for _ in range(times):
            t_ex = w.later(t_ex, 0.5, 12)
            out = [replace(g, qty=g.qty * mult) for g in small]
            _, ex = flows.export_goods(w, t_ex, firm, out, dest, consignee, r.uniform(1.0, 1.5))
            exports.append(ex)
    c.events.extend(exports)
    declared = sum(ln["quantity"] for ex in exports for ln in ex["lines"])
    c.detail = {
        "exporter": firm.id,
        "variant": variant,
        "hs_code": hs,
        "unit": p.unit,
        "declared_quantity": round(declared, 1),
        "backed_quantity": round(backed, 1),
        "unbacked_quantity": round(max(0.0, declared - backed), 1),
        "registered": firm.registered.isoformat(),
        "export_declarations": exports,
    }


SWITCH = {
    "8542310000": ["8543709000", "8473302000"],
    "8542329000": ["8473302000", "8543709000"],
    "8542390009": ["8543709000"],
    "8526912000": ["8529109000", "8543709000"],
    "8525890000": ["8528590000", "9006590000"],
    "8517620009": ["8543709000", "8473302000"],
    "8471500000": ["8471410000", "8471490000"],
    "8482100009": ["8483200000", "8483908900"],
    "8482200009": ["8483300000"],
    "8482500009": ["8483300000"],
    "8532240000": ["8533210000"],
    "8541290000": ["8504409000"],
    "8541100009": ["8504409000"],
}
BEARINGS = ["8482100009", "8482200009", "8482500009"]


def hs_switch(w: World) -> None:
    """The same goods declared under a non-controlled HS code on export, directly or after a
    declared 'processing' that changes the code inside the heading and nothing else."""
    r = w.rng
    c = _case(w, "hs_switch")
    processed = r.random() < 0.4
    hs = r.choice(BEARINGS) if processed else r.choice(list(SWITCH))
    p = w.product(hs)
    goods = flows.pick_goods(w, hs, n_lines=1, scale=r.uniform(0.4, 1.2))
    t = w.day_time(w.random_day(90))
    c_hops = r.choice([0, 1, 1, 2])
    holder, goods, tt, imp = _bought(w, t, goods, c_hops, c)
    c.events.append(imp)
    c.holders.insert(0, imp["consignee"])
    g = goods[0]
    dest = trade.wpick(w, [("RU", 80), ("BY", 10), ("KG", 10)])
    consignee = trade.foreign_party(w, dest).party()
    t_ex = w.later(tt, 1, 25)
    if processed:
        parts = w.product("8482990000")
        kg = round(g.qty * g.m.kg, 1)
        per_kg = products.Model(g.m.gtin, g.m.name, g.m.usd / g.m.kg, 1.0)
        t_tr = w.later(tt, 0.5, 10)
        inputs = flows.lines(w, [g], t_tr, 1.0, None, origin=False)
        outputs = [
            w.line(
                1,
                parts,
                g.ln,
                per_kg,
                kg,
                0,
                None,
                t_tr,
                origin=False,
                description=f"Части подшипников (кольца, тела качения), {g.ln.brand}",
            )
        ]
        c.events.append(w.transformation(t_tr, holder.id, inputs, outputs))
        out = [Goods(parts, g.ln, per_kg, kg)]
        export_hs = "8482990000"
        t_ex = w.later(t_tr, 1, 15)
        _, ex = flows.export_goods(w, t_ex, holder, out, dest, consignee, r.uniform(1.1, 1.5))
    else:
        export_hs = r.choice(SWITCH[hs])
        out = [g.part(r.uniform(0.8, 1.0))]
        _, ex = flows.export_goods(
            w, t_ex, holder, out, dest, consignee, r.uniform(1.1, 1.6), hs=[export_hs]
        )
    c.events.append(ex)
    c.holders.append(holder.id)
    c.detail = {
        "gtin": g.m.gtin,
        "brand": g.ln.brand,
        "import_hs": hs,
        "export_hs": export_hs,
        "via_transformation": processed,
        "net_kg": round(g.qty * g.m.kg, 1),
        "origin_country": g.origin,
        "destination_country": dest,
        "import_declaration": imp,
        "export_declaration": ex,
    }
    _ = p


FAST_GOODS = [
    "8517130000",
    "8471300000",
    "8703231981",
    "4011100003",
    "6109100000",
    "6403999800",
    "3304990000",
    "8418102001",
    "8708999709",
]


def fast_turnaround(w: World) -> None:
    """A firm registered days ago buys imported goods and has them exported within days."""
    r = w.rng
    c = _case(w, "fast_turnaround")
    hs = r.choice(FAST_GOODS)
    p = w.product(hs)
    ln, m0 = w.choose_model(p)
    goods = flows.pick_goods(w, hs, {products.made_in(ln, m0)})
    t = w.day_time(w.random_day(60))
    seller, stock, t2, imp = _bought(w, t, goods, r.choice([0, 0, 1]), c)
    t_buy = w.later(t2, 0.5, 15)
    firm = w.new_holder("wholesaler", (t_buy - timedelta(days=r.randint(1, 40))).date(), False)
    bought = [g.part(r.uniform(0.5, 1.0)) for g in stock]
    c.events.append(imp)
    c.events.append(flows.sell(w, t_buy, seller.id, firm.id, bought, r.uniform(1.03, 1.2)))
    dest = trade.wpick(w, [("RU", 60), ("KG", 15), ("UZ", 10), ("BY", 5), ("TJ", 5), ("AM", 5)])
    t_ex = t_buy + timedelta(days=r.uniform(0.2, 9))
    t_ex = w.day_time((t_ex.date() - START).days) if t_ex.hour > 18 else t_ex
    if t_ex <= t_buy:
        t_ex = t_buy + timedelta(hours=r.uniform(2, 6))
    out = [g.part(r.uniform(0.9, 1.0)) for g in bought]
    dest_c = dest if dest != "AM" else "RU"
    _, ex = flows.export_goods(
        w,
        t_ex,
        firm,
        out,
        dest_c,
        trade.foreign_party(w, dest_c).party(),
        r.uniform(1.1, 1.5),
        transit=0.15,
    )
    c.events.append(ex)
    c.holders = [imp["consignee"], *c.holders, firm.id]
    c.detail = {
        "firm": firm.id,
        "registered": firm.registered.isoformat(),
        "first_purchase": t_buy.date().isoformat(),
        "days_registered_to_export": (t_ex.date() - firm.registered).days,
        "days_held": round((t_ex - t_buy).total_seconds() / 86400, 1),
        "hs_code": hs,
        "export_declaration": ex,
    }


def transit_sold(w: World) -> None:
    """A carrier sells a transit's goods inside the country: a sale of the transit's lot."""
    r = w.rng
    c = _case(w, "transit_sold")
    a, b, dest_c, from_c, _ = r.choices(flows.THROUGH, [x[4] for x in flows.THROUGH])[0]
    goods, _ = _transit_goods(w, from_c)
    t = w.day_time(w.random_day(50), 0, 24)
    carrier = w.pick("logistics")
    tl = flows.lines(w, goods, t, 1.0, flows.transit_currency(w, from_c))
    goes_on = r.random() < 0.3
    frac = r.uniform(0.2, 0.85)
    tid, evs, arrive = w.transit(
        t,
        geography.office(a),
        geography.office(b),
        dest_c,
        carrier.id,
        "KZ",
        tl,
        end="none",
        stop_fraction=frac,
    )
    c.events.extend(evs)
    c.transits.append(tid)
    last = max(e["_t"] for e in evs)
    t_sale = last + timedelta(hours=r.uniform(2, 40))
    buyer = (
        w.new_holder("wholesaler", (t_sale - timedelta(days=r.randint(2, 300))).date(), False)
        if r.random() < 0.4
        else w.pick("wholesaler", t_sale)
    )
    share = r.uniform(0.2, 0.6) if goes_on else r.uniform(0.8, 1.0)
    sold = [g.part(share) for g in goods]
    sale = flows.sell(w, t_sale, carrier.id, buyer.id, sold, r.uniform(0.4, 0.8))
    for ln in sale["lines"]:
        ln["lot"] = tid
    c.events.append(sale)
    c.holders += [carrier.id, buyer.id]
    if goes_on:
        end_t = t_sale + timedelta(days=r.uniform(0.5, 3))
        dest = geography.office(b)
        c.events.append(
            w._event(
                "transit_end", end_t, dest.code, reported_by=f"KGD-{dest.code}", transit_id=tid
            )
        )
    else:
        flows.chain(w, t_sale, buyer, sold, hops=r.choice([0, 1]))
    c.detail = {
        "corridor": f"{a} - {b}",
        "carrier": carrier.id,
        "buyer": buyer.id,
        "share_sold": round(share, 2),
        "transit_ended": goes_on,
    }
    _ = arrive


def sanctioned_consignee(w: World) -> None:
    """An export to a listed party written another way, under an id that is not the listed one."""
    r = w.rng
    c = _case(w, "sanctioned_consignee")
    listed = r.choice(w.listed)
    name, style = actors.disguise(r, listed)
    dest = "RU" if r.random() < 0.85 else r.choice(["BY", "KG"])
    consignee = {"id": f"{dest}{actors.ru_inn(r)}", "name": name, "country": dest}
    hs = r.choice([*NOT_WESTERN_CONTROLLED, "8708999709", "4011100003", "8471300000"])
    p = w.product(hs)
    ln, m0 = w.choose_model(p, _made(p) - WESTERN_ORIGIN or None)
    goods = flows.pick_goods(w, hs, {products.made_in(ln, m0)})
    t = w.day_time(w.random_day(90))
    holder, stock, tt, _ = _bought(w, t, goods, r.choice([0, 1]))
    out = [g.part(r.uniform(0.5, 1.0)) for g in stock]
    _, ex = flows.export_goods(
        w, w.later(tt, 2, 40), holder, out, dest, consignee, r.uniform(1.1, 1.5)
    )
    c.events.append(ex)
    c.holders.append(holder.id)
    c.detail = {
        "listed_entity": listed.entity_id,
        "listed_name": listed.name,
        "consignee_name": name,
        "consignee_id": consignee["id"],
        "spelling": style,
        "export_declaration": ex,
    }


def misinvoicing(w: World) -> None:
    """An import priced far below what the same model costs at the time, or an export far
    above it (in whatever currency the deal was invoiced)."""
    r = w.rng
    c = _case(w, "misinvoicing")
    direction = "import_under" if r.random() < 0.6 else "export_over"
    hs = r.choice(flows.CONSUMER + NOT_WESTERN_CONTROLLED)
    p = w.product(hs)
    ln, m0 = w.choose_model(p, _made(p) - WESTERN_ORIGIN or None)
    goods = flows.pick_goods(w, hs, {products.made_in(ln, m0)}, n_lines=1)
    m = goods[0].m
    t = w.day_time(w.random_day(60))
    if direction == "import_under":
        # the line may travel with honestly priced lines of the same supplier's other goods
        flows.more_goods(w, goods, flows.CONSUMER, 0.4)
        factor: float | list[float] = [r.uniform(0.08, 0.35)] + [
            flows.ordinary_factor(w) for _ in goods[1:]
        ]
        importer = w.pick("importer", t)
        _, ev, t_imp = flows.import_goods(
            w,
            t,
            importer.id,
            goods,
            flows.dispatch_for(w, goods[0].origin),
            factor,
            city=importer.city,
        )
        flows.chain(w, t_imp, importer, goods, hops=r.choice([0, 1, 2]))
        c.holders.append(importer.id)
    else:
        factor = r.uniform(3.0, 8.0)
        holder, stock, tt, _ = _bought(w, t, goods, r.choice([0, 1]))
        dest = trade.wpick(w, [("KG", 30), ("UZ", 30), ("RU", 25), ("TJ", 15)])
        out = [g.part(r.uniform(0.5, 1.0)) for g in stock]
        _, ev = flows.export_goods(
            w, w.later(tt, 3, 40), holder, out, dest, trade.foreign_party(w, dest).party(), factor
        )
        c.holders.append(holder.id)
    c.events.append(ev)
    on = ev["_t"].date()
    declared = _price_usd(w, ev["lines"][0], on)
    fair = _going_rate(m, on)
    assert ev["lines"][0].get("gtin", "") == m.gtin
    c.detail = {
        "direction": direction,
        "hs_code": hs,
        "brand": goods[0].ln.brand,
        "line": goods[0].ln.line,
        "gtin": m.gtin or None,
        "currency": ev["lines"][0]["currency"],
        "declared_unit_usd": round(declared, 4),
        "going_unit_usd": round(fair, 4),
        "ratio": round(declared / fair, 3),
        "declaration": ev,
        "line_no": 1,
        "lines_on_declaration": len(ev["lines"]),
    }


SCHEMES: dict[str, tuple[Callable[[World], None], float]] = {
    "reexport": (reexport, 12),
    "phantom": (phantom, 7),
    "hs_switch": (hs_switch, 7),
    "fast_turnaround": (fast_turnaround, 7),
    "transit_unclosed": (transit_unclosed, 6),
    "transit_diverted": (transit_diverted, 6),
    "transit_sold": (transit_sold, 5),
    "sanctioned_consignee": (sanctioned_consignee, 7),
    "misinvoicing": (misinvoicing, 9),
}


def plant(w: World, events: int) -> None:
    """Plant about 1-3% of the flows: per scheme a count scaled to the world's size (at least
    one), varied by up to a third either way."""
    scale = events / 30000
    for _name, (fn, per30k) in SCHEMES.items():
        n = max(1, round(per30k * scale * w.rng.uniform(0.7, 1.3)))
        for _ in range(n):
            fn(w)
