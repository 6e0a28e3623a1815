"""Legitimate trade: imports, domestic sales, re-exports, transits, production and processing.

The helpers here (import, sell, export) are also what the planted schemes are built from, so a
scheme differs from ordinary trade only in what makes it a scheme.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from worlds import actors, geography, products, trade
from worlds.world import Event, World


@dataclass
class Goods:
    """One goods line as it moves: a model of a product line, a quantity."""

    p: products.Product
    ln: products.Line
    m: products.Model
    qty: float

    @property
    def origin(self) -> str:
        return products.made_in(self.ln, self.m)

    def part(self, share: float) -> Goods:
        q = self.qty * share
        q = float(max(1, round(q))) if self.p.unit in ("C62", "NPR") else round(max(1.0, q), 1)
        return replace(self, qty=min(q, self.qty))


def lines(
    w: World,
    goods: list[Goods],
    t: datetime,
    factor: float | list[float],
    currency: str | None,
    origin: bool = True,
    hs: list[str | None] | None = None,
) -> list[dict[str, Any]]:
    out = []
    for i, g in enumerate(goods):
        f = factor[i] if isinstance(factor, list) else factor
        unit_usd = trade.fair_usd(w, g.m, t) * f
        out.append(
            w.line(
                i + 1,
                g.p,
                g.ln,
                g.m,
                g.qty,
                unit_usd,
                currency,
                t,
                origin=origin,
                hs=hs[i] if hs else None,
            )
        )
    # quantities as written (rounded) are what moves on
    for g, ln in zip(goods, out, strict=True):
        g.qty = ln["quantity"]
    return out


def pick_goods(
    w: World,
    hs: str,
    origins: set[str] | None = None,
    n_lines: int | None = None,
    scale: float = 1.0,
) -> list[Goods]:
    p = w.product(hs)
    ln, _ = w.choose_model(p, origins)
    k = n_lines or w.rng.choice([1, 1, 1, 2, 2, 3, 4])
    fit = [m for m in ln.models if origins is None or products.made_in(ln, m) in origins]
    models = w.rng.sample(fit, k=min(k, len(fit)))
    return [Goods(p, ln, m, trade.quantity(w, hs, scale) / len(models) ** 0.5) for m in models]


def more_goods(w: World, goods: list[Goods], pool: list[str], share: float = 0.3) -> None:
    """Sometimes a declaration carries other goods of the same made-in country beside the first
    (a consolidated shipment from one supplier)."""
    if w.rng.random() >= share:
        return
    origin = goods[0].origin
    others = [
        hs
        for hs in pool
        if hs != goods[0].p.hs
        and any(products.made_in(ln, m) == origin for ln in w.product(hs).lines for m in ln.models)
    ]
    if others:
        hs = w.rng.choice(others)
        goods.extend(pick_goods(w, hs, {origin}, n_lines=w.rng.choice([1, 1, 2])))


def dispatch_for(w: World, origin: str, hubs: float = 0.25) -> str:
    if origin in trade.ENTRY or origin in ("KZ",):
        return origin
    if w.rng.random() < hubs:
        return trade.wpick(w, [("AE", 40), ("TR", 30), ("CN", 20), ("AM", 5), ("KG", 5)])
    if origin in products.WESTERN and w.rng.random() < 0.2:
        # a European distributor ships a brand made elsewhere
        return trade.wpick(w, [("GB", 30), ("CH", 20), ("PL", 25), ("IT", 15), ("DE", 10)])
    return origin


def import_goods(
    w: World,
    t: datetime,
    importer: str,
    goods: list[Goods],
    dispatch: str,
    factor: float | list[float] = 1.0,
    currency: str | None = None,
    city: str = "Almaty",
    air: bool | None = None,
) -> tuple[list[Event], Event, datetime]:
    """Goods arrive and are released for free circulation: by road (a transit from the border
    to an inland office, or clearance at the border) or by air to Almaty."""
    r = w.rng
    consignor = trade.foreign_party(w, dispatch)
    cur = currency or trade.currency_for(w, dispatch)
    evs: list[Event] = []
    kg = sum(g.m.kg * g.qty for g in goods)
    # air freight is for light, dear goods: under a tonne or two and over ~$30 a kilo
    dear = sum(g.m.usd * g.qty for g in goods) > 30 * kg
    if air is None:
        air = (
            kg < 2000
            and dear
            and (
                dispatch in trade.BY_AIR or (dispatch in trade.OVERLAND_VIA_RU and r.random() < 0.3)
            )
        )
    if air:
        office = geography.office("75101300")
        t_imp = t
    else:
        if dispatch in trade.ENTRY:
            entry_town = trade.wpick(w, trade.ENTRY[dispatch])
        elif dispatch in trade.BY_SEA_VIA_CN:  # by sea to a Chinese port, then by road
            entry_town = trade.wpick(w, trade.ENTRY["CN"])
        elif dispatch in trade.BY_CASPIAN or (dispatch == "TR" and r.random() < 0.4):
            entry_town = "Aktau port"  # the Middle Corridor: Georgia, Azerbaijan, the ferry
        else:
            entry_town = trade.wpick(w, trade.ENTRY["RU"])
        entry = geography.office(entry_town)
        if r.random() < 0.7:
            dest_town = r.choice(trade.INLAND_FOR_ENTRY[entry_town])
            if city in trade.INLAND_FOR_ENTRY[entry_town] and r.random() < 0.6:
                dest_town = city
            dest = trade.CITY_OFFICE[dest_town]
            tlines = lines(w, goods, t, factor, cur)
            carrier = (
                w.pick("logistics").id
                if r.random() < 0.6
                else trade.foreign_party(w, dispatch if dispatch in w.foreign else "RU").party()[
                    "id"
                ]
            )
            _, tevs, arrive = w.transit(
                t,
                entry,
                dest,
                "KZ",
                carrier,
                "KZ" if carrier[:1].isdigit() else dispatch,
                tlines,
                gap=r.random() < 0.05,
            )
            evs += tevs
            office = dest
            t_imp = w.later(arrive, 0.05, 2.5)
        else:
            office = entry
            t_imp = t + timedelta(hours=r.uniform(3, 30))
    imp = w.import_(
        t_imp, office, importer, consignor, dispatch, lines(w, goods, t_imp, factor, cur)
    )
    evs.append(imp)
    return evs, imp, t_imp


def sell(
    w: World, t: datetime, seller: str, buyer: str, goods: list[Goods], markup: float
) -> Event:
    return w.transfer(t, seller, buyer, lines(w, goods, t, markup, "KZT", origin=False))


def export_goods(
    w: World,
    t: datetime,
    exporter: actors.Holder,
    goods: list[Goods],
    dest: str,
    consignee: dict[str, str],
    factor: float | list[float],
    currency: str | None = None,
    hs: list[str | None] | None = None,
    transit: float = 0.35,
) -> tuple[list[Event], Event]:
    """An export declared at the exporter's home office (then a transit to the border post) or
    at the border post itself."""
    r = w.rng
    cur = currency or trade.currency_for(w, dest)
    exit_post = trade.exit_post(w, dest, exporter.city)
    evs: list[Event] = []
    if r.random() < transit:
        office = trade.home_office(w, exporter.city)
        ex = w.export(
            t,
            office,
            exporter.id,
            consignee,
            dest,
            exit_post,
            lines(w, goods, t, factor, cur, hs=hs),
        )
        evs.append(ex)
        if office.town != exit_post.town:
            carrier = w.pick("logistics").id
            _, tevs, _ = w.transit(
                t + timedelta(hours=r.uniform(1, 8)),
                office,
                exit_post,
                dest,
                carrier,
                "KZ",
                lines(w, goods, t, factor, cur, hs=hs),
            )
            evs += tevs
    else:
        ex = w.export(
            t,
            exit_post,
            exporter.id,
            consignee,
            dest,
            exit_post,
            lines(w, goods, t, factor, cur, hs=hs),
        )
        evs.append(ex)
    return evs, ex


def ordinary_factor(w: World) -> float:
    """The price of a real deal against the model's going rate: mostly near it, sometimes a
    discount (volume, end of line, clearance) or a premium (urgent, small lot)."""
    r = w.rng.random()
    if r < 0.07:
        return w.rng.uniform(0.55, 0.82)
    if r < 0.11:
        return w.rng.uniform(1.2, 1.6)
    return w.rng.uniform(0.92, 1.08)


# -- legitimate flows ----------------------------------------------------------------------------
CONSUMER = [
    "6109100000",
    "6204620000",
    "6403999800",
    "0902300000",
    "1806903100",
    "3304990000",
    "3402209000",
    "6907210000",
    "9403600009",
    "8418102001",
    "8516500000",
    "4011100003",
    "0805102200",
    "0813400000",
    "8703231981",
    "8708999709",
    "8471300000",
    "8517130000",
]
CONTROLLED = [
    hs
    for hs in (
        "8542310000",
        "8542329000",
        "8542390009",
        "8526912000",
        "8525890000",
        "8482100009",
        "8482200009",
        "8482500009",
        "8517620009",
        "8471500000",
        "8532240000",
        "8541290000",
        "8541100009",
    )
]
CN_CONTROLLED = [
    "8482100009",
    "8482200009",
    "8517620009",
    "8526912000",
    "8525890000",
    "8542310000",
    "8541290000",
    "8532240000",
    "8471500000",
]
REEXPORTABLE = [
    "6109100000",
    "6204620000",
    "6403999800",
    "0902300000",
    "1806903100",
    "3304990000",
    "6907210000",
    "8418102001",
    "4011100003",
    "0805102200",
    "0813400000",
    "8703231981",
    "8708999709",
    "8471300000",
    "8517130000",
]


def importer_for(w: World, t: datetime) -> actors.Holder:
    if w.rng.random() < 0.04:  # a new firm that imports honestly
        return w.new_holder("importer", (t - timedelta(days=w.rng.randint(4, 80))).date())
    return w.pick("importer", t)


def domestic_import(w: World, controlled: bool = False) -> None:
    """An import sold on through wholesalers and retailers inside the country."""
    r = w.rng
    hs = r.choice(CONTROLLED if controlled else CONSUMER)
    p = w.product(hs)
    ln, m0 = w.choose_model(p)
    goods = pick_goods(w, hs, {products.made_in(ln, m0)})
    more_goods(w, goods, CONTROLLED if controlled else CONSUMER)
    t = w.day_time(w.random_day(60))
    imp_h = importer_for(w, t)
    _, _, t_imp = import_goods(
        w, t, imp_h.id, goods, dispatch_for(w, goods[0].origin), ordinary_factor(w), city=imp_h.city
    )
    holder, kept, t_last = chain(w, t_imp, imp_h, goods, hops=r.choice([0, 1, 1, 2, 2, 3]))
    if r.random() < 0.04:  # found damaged or short at the stocktake, written off
        t_off = w.later(t_last, 5, 60)
        off = [g.part(r.uniform(0.005, 0.05)) for g in kept[:1]]
        written = lines(w, off, t_off, 1.0, None, origin=False)
        for x in written:
            x["quantity"] = -x["quantity"]
        w.adjustment(
            t_off,
            holder.id,
            r.choice(["write-off: damaged in storage", "stocktake shortage", "expired"]),
            written,
        )


def chain(
    w: World,
    t: datetime,
    holder: actors.Holder,
    goods: list[Goods],
    hops: int,
) -> tuple[actors.Holder, list[Goods], datetime]:
    r = w.rng
    kinds = ["wholesaler", "wholesaler", "retailer"]
    for i in range(hops):
        t = w.later(t, 1, 35)
        if i == 0 and r.random() < 0.04:
            buyer = w.new_holder("wholesaler", (t - timedelta(days=r.randint(10, 200))).date())
        else:
            buyer = w.pick(kinds[min(i, 2)], t)
        if buyer.id == holder.id:
            continue
        share = r.uniform(0.2, 1.0)
        goods = [g.part(share) for g in goods]
        sell(w, t, holder.id, buyer.id, goods, r.uniform(1.05, 1.35) * ordinary_factor(w))
        holder = buyer
    return holder, goods, t


def consignee_in(w: World, country: str) -> dict[str, str]:
    if country == "RU" and w.rng.random() < 0.06:
        return w.decoys[w.rng.randrange(len(w.decoys))].party()
    return trade.foreign_party(w, country).party()


def legit_reexport(w: World, chinese_controlled: bool = False) -> None:
    """Non-controlled goods (or CN-made electronics and cars) imported and sold on to a
    neighbour: a real and large trade of Kazakhstan's since 2022. With chinese_controlled,
    Chinese-made goods of CHPL headings (bearings, routers, cameras, chips of Chinese brands):
    no Western origin, so not the re-export scheme, though the HS code alone looks like it."""
    r = w.rng
    hs = r.choice(CN_CONTROLLED if chinese_controlled else REEXPORTABLE)
    p = w.product(hs)
    ln, m0 = w.choose_model(p, {"CN"} if chinese_controlled else None)
    goods = pick_goods(w, hs, {products.made_in(ln, m0)})
    more_goods(w, goods, CN_CONTROLLED if chinese_controlled else REEXPORTABLE, 0.25)
    t = w.day_time(w.random_day(90))
    imp_h = importer_for(w, t)
    _, _, t_imp = import_goods(
        w, t, imp_h.id, goods, dispatch_for(w, goods[0].origin), ordinary_factor(w), city=imp_h.city
    )
    holder, goods, t2 = chain(w, t_imp, imp_h, goods, hops=r.choice([0, 0, 1, 1, 2]))
    dest = trade.wpick(w, [("RU", 55), ("KG", 15), ("UZ", 15), ("TJ", 5), ("BY", 5), ("AF", 5)])
    # an established distributor may ship within days of buying (back-to-back orders); a firm
    # of a few months holds its first goods longer (a new firm that ships at once is the
    # fast-turnaround scheme, not ordinary trade)
    established = holder.registered < t2.date() - timedelta(days=180)
    t3 = w.later(t2, 1, 5) if established and r.random() < 0.2 else w.later(t2, 12, 80)
    share = r.uniform(0.3, 1.0)
    out = [g.part(share) for g in goods]
    # brokers sometimes pick another national subheading of the same HS-6 than the importer's
    hs_out: list[str | None] | None = None
    if r.random() < 0.08:
        hs_out = [
            g.p.hs[:6] + r.choice([x for x in ("0001", "0009", "1000", "9000") if x != g.p.hs[6:]])
            for g in out
        ]
    factor = r.uniform(1.08, 1.45) * ordinary_factor(w)
    export_goods(w, t3, holder, out, dest, consignee_in(w, dest), factor, hs=hs_out)


THROUGH = [
    ("Khorgos", "Zhaisan", "RU", "CN", 14),
    ("Khorgos", "Kairak", "RU", "CN", 10),
    ("Dostyk", "Zhelezinka border", "RU", "CN", 10),
    ("Khorgos", "Zhibek Zholy", "UZ", "CN", 14),
    ("Khorgos", "Kordai border", "KG", "CN", 10),
    ("Zhaisan", "Zhibek Zholy", "UZ", "RU", 10),
    ("Kurmangazy", "Zhibek Zholy", "UZ", "RU", 4),
    ("Zhibek Zholy", "Zhaisan", "RU", "UZ", 8),
    ("Zhibek Zholy", "Khorgos", "CN", "UZ", 4),
    ("Kordai border", "Kairak", "RU", "KG", 3),
    ("Kairak", "Khorgos", "CN", "RU", 3),
    ("Zhaisan", "Kordai border", "KG", "RU", 4),
    ("Aktau port", "Khorgos", "CN", "TR", 3),
    ("Khorgos", "Aktau port", "TR", "CN", 3),
]
THROUGH_GOODS = {
    "TR": ["6109100000", "6204620000", "6907210000", "8418102001", "1806903100"],
    "CN": [
        "6109100000",
        "6403999800",
        "8418102001",
        "8516500000",
        "4011100003",
        "8703231981",
        "8708999709",
        "8471300000",
        "8517130000",
        "6907210000",
        "9403600009",
        "5208520000",
    ],
    "RU": ["7208399000", "3901109000", "1806903100", "3402209000", "4011100003"],
    "UZ": ["0813400000", "6109100000", "6204620000", "5208520000"],
    "KG": ["0813400000", "6109100000"],
}


def transit_currency(w: World, from_c: str) -> str:
    """Transit declarations are valued mostly in dollars, else in the seller's currency."""
    return "USD" if w.rng.random() < 0.7 else trade.currency_for(w, from_c)


def through_transit(w: World, end: str = "on_time") -> tuple[str, list[Event]]:
    r = w.rng
    a, b, dest_c, from_c, _ = r.choices(THROUGH, [x[4] for x in THROUGH])[0]
    hs = r.choice(THROUGH_GOODS[from_c])
    p = w.product(hs)
    made = {products.made_in(ln, m) for ln in p.lines for m in ln.models}
    origins = made & {from_c, "CN", "RU", "UZ", "TR", "KG"}
    goods = pick_goods(w, hs, origins or None)
    t = w.day_time(w.random_day(20), 0, 24)
    if r.random() < 0.55:
        carrier, vc = w.pick("logistics").id, "KZ"
    else:
        carrier, vc = trade.foreign_party(w, from_c).party()["id"], from_c
    tl = lines(w, goods, t, 1.0, transit_currency(w, from_c))
    tid, evs, _ = w.transit(
        t,
        geography.office(a),
        geography.office(b),
        dest_c,
        carrier,
        vc,
        tl,
        end=end,
        gap=r.random() < 0.06,
    )
    return tid, evs


def domestic_export(w: World) -> None:
    """Kazakh goods (grain, flour, copper, ferroalloys, pipes) produced and exported."""
    r = w.rng
    hs, dests = r.choice(
        [
            ("1001990000", [("UZ", 40), ("AF", 25), ("TJ", 15), ("CN", 20)]),
            ("1101001100", [("UZ", 40), ("AF", 35), ("TJ", 20), ("KG", 5)]),
            ("7403110000", [("CN", 85), ("UZ", 15)]),
            ("7202210000", [("CN", 50), ("RU", 30), ("UZ", 20)]),
            ("7306309000", [("RU", 40), ("UZ", 40), ("KG", 20)]),
        ]
    )
    p = w.product(hs)
    maker = w.pick("manufacturer")
    ln = r.choice(p.lines)
    m = ln.models[0]
    t = w.day_time(w.random_day(60))
    total = trade.quantity(w, hs) * r.uniform(1.5, 4)
    made = Goods(p, ln, m, total)
    w.adjustment(
        t,
        maker.id,
        r.choice(
            ["domestic production (CT-KZ certificate)", "production output", "opening balance"]
        ),
        lines(w, [made], t, 1.0, None),
    )
    left = made.qty
    for _ in range(r.randint(1, 3)):
        t = w.later(t, 2, 40)
        share = r.uniform(0.2, 0.45)
        g = made.part(share)
        if g.qty > left:
            break
        left -= g.qty
        dest = trade.wpick(w, dests)
        export_goods(w, t, maker, [g], dest, consignee_in(w, dest), r.uniform(0.95, 1.1))


PROCESSES = [
    # input hs, output hs, output description, yield (output per input unit), output unit kg
    ("7208399000", "7306309000", "welded steel pipes", 0.95, 1.0),
    ("5208520000", "6204620000", "women's cotton trousers", 1 / 0.47, 0.45),
    ("5208520000", "6109100000", "cotton T-shirts", 1 / 0.24, 0.22),
    ("3901109000", "3923210000", "polyethylene bags", 0.96, 1.0),
]


def processing(w: World) -> None:
    """A manufacturer imports material, makes something else of it (a real change of HS code,
    of unit and of weight) and sells it at home or abroad."""
    r = w.rng
    hs_in, hs_out, desc, yld, kg = r.choice(PROCESSES)
    maker = w.pick("manufacturer")
    p_in = w.product(hs_in)
    ln, m0 = w.choose_model(p_in)
    goods = pick_goods(w, hs_in, {products.made_in(ln, m0)}, n_lines=1)
    t = w.day_time(w.random_day(90))
    _, _, t_imp = import_goods(
        w, t, maker.id, goods, dispatch_for(w, goods[0].origin), 1.0, city=maker.city
    )
    t = w.later(t_imp, 3, 25)
    used = goods[0].part(r.uniform(0.6, 1.0))
    p_out = w.product(hs_out)
    brand = maker.name.split('"')[1].split()[0]
    out_ln = products.Line(brand, "KZ", "own", trade.fair_usd(w, used.m, t) / yld * 1.6)
    out_m = products.Model(
        products.gtin13(r) if p_out.unit != "KGM" else "", f"{brand} {desc}", out_ln.usd, kg
    )
    out_ln.models.append(out_m)
    out = Goods(p_out, out_ln, out_m, used.qty * yld * r.uniform(0.97, 1.0))
    inputs = lines(w, [used], t, 1.0, "KZT", origin=False)
    outputs = lines(w, [out], t, 1.0, "KZT", origin=False)
    outputs[0]["origin_country"] = "KZ"
    w.transformation(t, maker.id, inputs, outputs)
    if r.random() < 0.5:
        dest = trade.wpick(w, [("RU", 50), ("UZ", 25), ("KG", 25)])
        export_goods(
            w,
            w.later(t, 3, 30),
            maker,
            [out.part(r.uniform(0.4, 1))],
            dest,
            consignee_in(w, dest),
            r.uniform(1.0, 1.2),
        )
    else:
        chain(w, t, maker, [out], hops=r.choice([1, 1, 2]))


def legacy_stock(w: World) -> None:
    """Goods a firm imported before the ledger began, exported in its first months. Most firms
    declare such stock as an opening balance; some never do, and their exports then draw on
    stock the ledger never saw (a legitimate gap, not a phantom export)."""
    r = w.rng
    holder = w.pick(r.choice(["wholesaler", "importer"]))
    hs = r.choice(REEXPORTABLE)
    p = w.product(hs)
    ln, m0 = w.choose_model(p)
    goods = pick_goods(w, hs, {products.made_in(ln, m0)})
    t = w.day_time(r.randrange(0, 75))
    if r.random() < 0.7:
        t0 = w.day_time(0, 8, 10)
        w.adjustment(t0, holder.id, "opening balance 01.03.2024", lines(w, goods, t0, 1.0, None))
        t = max(t, t0 + timedelta(hours=r.uniform(2, 30)))
    dest = trade.wpick(w, [("RU", 50), ("KG", 20), ("UZ", 20), ("TJ", 10)])
    out = [g.part(r.uniform(0.3, 1.0)) for g in goods]
    export_goods(w, t, holder, out, dest, consignee_in(w, dest), r.uniform(1.08, 1.4))


def legit_flow(w: World) -> None:
    kinds = {
        "import": 38,
        "controlled": 7,
        "reexport": 16,
        "transit": 26,
        "domestic": 6,
        "processing": 5,
        "late_transit": 1,
        "cn_controlled": 1.5,
        "legacy": 0.6,
    }
    k = w.rng.choices(list(kinds), list(kinds.values()))[0]
    match k:
        case "import":
            domestic_import(w)
        case "controlled":
            domestic_import(w, controlled=True)
        case "reexport":
            legit_reexport(w)
        case "transit":
            through_transit(w)
        case "domestic":
            domestic_export(w)
        case "processing":
            processing(w)
        case "cn_controlled":
            legit_reexport(w, chinese_controlled=True)
        case "legacy":
            legacy_stock(w)
        case _:
            through_transit(w, end="late")
