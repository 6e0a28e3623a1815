"""The planted cases, one function per scheme, and the sanctions file they draw on."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from benchmarks.worlds.fourth import geo, goods, ids, names, transits
from benchmarks.worlds.fourth.flows import HUBS_FOR, dispatch_for, family, ordinary_import
from benchmarks.worlds.fourth.goods import Product
from benchmarks.worlds.fourth.world import END, Case, Holder, Listed, World, later, split

NOTE = (
    "FICTIONAL entity of the tamga fourth evaluation world; any likeness to a real party is chance"
)
_REGIONS = [77, 78, 50, 66, 74, 54, 16, 52, 63, 56, 64, 30, 24, 59]
_CITIES = [
    "Москва",
    "Санкт-Петербург",
    "Екатеринбург",
    "Челябинск",
    "Новосибирск",
    "Казань",
    "Нижний Новгород",
    "Самара",
    "Оренбург",
    "Саратов",
    "Астрахань",
    "Красноярск",
]
_FORMS_LAT = {"ООО": ("OOO", "LLC"), "АО": ("AO", "JSC")}


def build_sanctions(w: World) -> None:
    """Listed Russian companies, sole traders and persons (topic ``sanction``), their owners
    with ``Ownership`` links, and unlisted look-alike firms - all fictional."""
    rng = w.rng["sanctions"]
    stems = names.ru_firm_stems()
    rng.shuffle(stems)
    ents = w.sanctions
    serial = rng.randrange(10**5, 10**6)

    def next_serial() -> int:
        nonlocal serial
        serial += rng.randint(1, 40000)
        return serial

    listed_people = []
    for n in range(6):
        sur, first, pat = names.ru_person(rng)
        pid = f"w4-ru-person-{n:03d}"
        ents.append(
            {
                "id": pid,
                "schema": "Person",
                "properties": {
                    "name": [f"{sur} {first} {pat}"],
                    "firstName": [first],
                    "lastName": [sur],
                    "fatherName": [pat],
                    "alias": [f"{names.translit(first)} {names.translit(sur)}"],
                    "innCode": [ids.inn12(rng.choice(_REGIONS), next_serial())],
                    "birthDate": [date(rng.randint(1958, 1985), rng.randint(1, 12), 1).isoformat()],
                    "nationality": ["ru"],
                    "country": ["ru"],
                    "topics": ["sanction"],
                    "notes": [NOTE],
                },
            }
        )
        listed_people.append(pid)
    for n, stem in enumerate(stems[:34]):
        form = "ООО" if rng.random() < 0.8 else "АО"
        region = rng.choice(_REGIONS)
        year = rng.randint(2003, 2022)
        inn = ids.inn10(region, next_serial())
        ogrn = ids.ogrn(year, region, next_serial())
        cid = f"w4-ru-co-{inn}"
        lat_form, en = _FORMS_LAT[form]
        name = f"{form} «{stem}»"
        ents.append(
            {
                "id": cid,
                "schema": "Company",
                "properties": {
                    "name": [name],
                    "alias": [
                        f'{lat_form} "{names.translit(stem).upper()}"',
                        f"{names.translit(stem)} {en}",
                    ],
                    "innCode": [inn],
                    "ogrnCode": [ogrn],
                    "country": ["ru"],
                    "jurisdiction": ["ru"],
                    "incorporationDate": [
                        f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                    ],
                    "address": [f"г. {rng.choice(_CITIES)}"],
                    "topics": ["sanction"],
                    "notes": [NOTE],
                },
            }
        )
        w.listed.append(Listed(cid, "company", name, inn, ogrn, form, stem))
        # its owner: a listed person now and then, else an unlisted one
        if rng.random() < 0.3:
            owner = rng.choice(listed_people)
        else:
            sur, first, pat = names.ru_person(rng)
            owner = f"w4-ru-owner-{n:03d}"
            ents.append(
                {
                    "id": owner,
                    "schema": "Person",
                    "properties": {
                        "name": [f"{sur} {first} {pat}"],
                        "firstName": [first],
                        "lastName": [sur],
                        "fatherName": [pat],
                        "country": ["ru"],
                        "notes": [NOTE],
                    },
                }
            )
        ents.append(
            {
                "id": f"w4-own-{n:03d}",
                "schema": "Ownership",
                "properties": {
                    "owner": [owner],
                    "asset": [cid],
                    "percentage": [str(rng.choice([51, 60, 75, 100]))],
                    "startDate": [f"{year + rng.randint(0, 2)}-01-01"],
                    "notes": [NOTE],
                },
            }
        )
    for _ in range(10):
        sur, first, pat = names.ru_person(rng)
        region = rng.choice(_REGIONS)
        inn = ids.inn12(region, next_serial())
        ogrnip = ids.ogrnip(rng.randint(2008, 2022), region, next_serial())
        pid = f"w4-ru-ip-{inn}"
        full = f"{sur} {first} {pat}"
        ents.append(
            {
                "id": pid,
                "schema": "Person",
                "properties": {
                    "name": [full],
                    "firstName": [first],
                    "lastName": [sur],
                    "fatherName": [pat],
                    "alias": [f"ИП {full}", f"IP {names.translit(full)}"],
                    "innCode": [inn],
                    "ogrnCode": [ogrnip],
                    "country": ["ru"],
                    "topics": ["sanction"],
                    "description": ["индивидуальный предприниматель"],
                    "notes": [NOTE],
                },
            }
        )
        w.listed.append(
            Listed(pid, "sole_trader", f"ИП {full}", inn, ogrnip, person=(sur, first, pat))
        )
    # unlisted look-alikes: another form, a suffix, a different city and INN
    for n, base in enumerate(w.listed[:34:2]):
        variant = rng.choice(["suffix", "form", "shorter"])
        if variant == "suffix":
            name = f"ООО «{base.stem}-{rng.choice(['Агро', 'Сервис', 'Мебель', 'Фуд', 'Строй'])}»"
        elif variant == "form":
            name = f"{'АО' if base.form == 'ООО' else 'ООО'} «{base.stem}»"
        else:
            name = f"ООО «{base.stem[: max(4, len(base.stem) - 3)]}»"
        if name == base.name:
            continue
        region = rng.choice(_REGIONS)
        inn = ids.inn10(region, next_serial())
        cid = f"w4-ru-la-{inn}"
        ents.append(
            {
                "id": cid,
                "schema": "Company",
                "properties": {
                    "name": [name],
                    "innCode": [inn],
                    "ogrnCode": [ids.ogrn(rng.randint(2005, 2023), region, next_serial())],
                    "country": ["ru"],
                    "address": [f"г. {rng.choice(_CITIES)}"],
                    "notes": [NOTE],
                },
            }
        )
        sur, first, pat = names.ru_person(rng)
        owner = f"w4-ru-la-owner-{n:03d}"
        ents.append(
            {
                "id": owner,
                "schema": "Person",
                "properties": {
                    "name": [f"{sur} {first} {pat}"],
                    "firstName": [first],
                    "lastName": [sur],
                    "fatherName": [pat],
                    "country": ["ru"],
                    "notes": [NOTE],
                },
            }
        )
        ents.append(
            {
                "id": f"w4-la-own-{n:03d}",
                "schema": "Ownership",
                "properties": {
                    "owner": [owner],
                    "asset": [cid],
                    "percentage": ["100"],
                    "notes": [NOTE],
                },
            }
        )
        w.lookalikes.append({"fid": cid, "name": name, "inn": inn, "resembles": base.name})


def accomplice(
    w: World,
    rng: random.Random,
    kind: str,
    when: Any,
    young_share: float,
    young_days: tuple[int, int] = (20, 200),
) -> Holder:
    """A holder of a planted case: newly registered now and then, else an older firm."""
    if rng.random() < young_share:
        reg = (when - timedelta(days=rng.randint(*young_days))).date()
    else:
        reg = date(rng.randint(2008, 2023), rng.randint(1, 12), rng.randint(1, 28))
    return w.new_holder(kind, reg, honest=False)


def side_business(w: World, rng: random.Random, holder: Holder, when: Any) -> None:
    """Some honest trade in other goods, so a case's firm is not known by doing nothing else."""
    t = max(when, w.working(holder.registered + timedelta(days=2), rng))
    ev, items = ordinary_import(w, rng, t, holder, [p for p in goods.ORDINARY if p.unit == "C62"])
    if ev is None:
        return
    p, q = items[0]
    if q >= 2:
        t2 = later(rng, t, 5, 30)
        w.do_transfer(
            rng, t2, holder, w.pick(rng, "retailer", t2), [(p, split(rng, q, 1, p.unit)[0])]
        )


def reexport(w: World, rng: random.Random) -> Case:
    t0 = w.start_time(rng, END - timedelta(days=75))
    p = rng.choice(goods.CHPL_WESTERN)
    q = w.qty(rng, p, 0.6)
    importer = accomplice(w, rng, rng.choice(["importer", "wholesaler"]), t0, 0.4)
    hub = rng.random() < 0.65
    dispatch = rng.choice(["AE", "TR", "CN", "HK", "AM", "GE"]) if hub else dispatch_for(rng, p)
    imp = w.do_import(rng, t0, importer, [(p, q)], dispatch=dispatch)
    assert imp is not None
    events = [imp]
    chain = [importer]
    t, held = t0, q
    for _ in range(rng.choices([0, 1, 2, 3], [0.25, 0.35, 0.25, 0.15])[0]):
        t = later(rng, t, 2, 18)
        nxt = accomplice(
            w, rng, rng.choice(["wholesaler", "logistics", "importer"]), t, 0.4, (8, 120)
        )
        take = held if rng.random() < 0.6 else float(max(1, int(held * rng.uniform(0.8, 0.97))))
        tr = w.do_transfer(rng, t, chain[-1], nxt, [(p, take)], markup=rng.uniform(1.02, 1.15))
        assert tr is not None
        events.append(tr)
        chain.append(nxt)
        held = take
    t = later(rng, t, 2, 20)
    dest = "RU" if rng.random() < 0.85 else "BY"
    out = held if rng.random() < 0.7 else float(max(1, int(held * rng.uniform(0.7, 0.95))))
    consignee = w.buyer(rng, dest, tech=True)
    generic = {
        1: rng.choice(
            [
                f"{p.description}",
                f"{p.description}, {p.brand} {p.model}",
                "electronic components"
                if p.family not in {"bearing", "taper"}
                else "machine parts",
            ]
        )
    }
    ex = w.do_export(
        rng, t, chain[-1], [(p, out)], dest, consignee, markup=rng.uniform(1.3, 2.2), descs=generic
    )
    assert ex is not None
    events.append(ex)
    if rng.random() < 0.5:
        side_business(w, rng, importer, t0 + timedelta(days=rng.randint(3, 40)))
    return Case(
        "reexport",
        events,
        {
            "hs_code": p.hs,
            "brand": p.brand,
            "model": p.model,
            "gtin": p.gtin,
            "origin_country": p.origin,
            "dispatch_country": dispatch,
            "importer": importer.id,
            "intermediaries": [h.id for h in chain[1:]],
            "exporter": chain[-1].id,
            "quantity_imported": q,
            "quantity_exported": out,
            "consignee": consignee,
            "destination_country": dest,
            "import_declaration": imp["declaration_no"],
            "export_declaration": ex["declaration_no"],
            "young_firms": [h.id for h in chain if (t.date() - h.registered).days < 180],
        },
        [h.id for h in chain],
    )


def phantom(w: World, rng: random.Random) -> Case:
    t_ex = w.start_time(rng, END - timedelta(days=15))
    t_ex = max(t_ex, w.working(date(2025, 2, 1), rng))
    firm = accomplice(w, rng, rng.choice(["wholesaler", "logistics"]), t_ex, 0.6, (8, 90))
    pool = [x for x in goods.ORDINARY + goods.CHPL_OTHER + goods.DOMESTIC]
    p = rng.choice(pool)
    declared = w.qty(rng, p, 1.5)
    events = []
    backed = 0.0
    detail: dict[str, Any] = {}
    if rng.random() < 0.6:
        age = (t_ex.date() - firm.registered).days
        t_buy = w.working(
            (t_ex - timedelta(days=rng.randint(2, max(2, min(20, age - 2))))).date(), rng
        )
        if t_buy >= t_ex:
            t_buy = t_ex - timedelta(hours=20)
        supplier = w.pick(
            rng, "agro" if p.origin == "KZ" else ("importer", "wholesaler"), t_buy, 365
        )
        t_in = t_buy - timedelta(days=rng.randint(3, 30))
        stock = declared * rng.uniform(0.3, 0.8)
        if p.origin == "KZ":
            w.do_adjust(
                rng,
                t_in,
                supplier,
                [(p, float(int(stock / 10) * 10 + 10))],
                "own production: 2025 harvest",
            )
        else:
            w.do_import(
                rng, t_in, supplier, [(p, float(int(stock) + 1))], dispatch=dispatch_for(rng, p)
            )
        backed = float(max(1, int(declared * rng.uniform(0.04, 0.25))))
        if p.unit == "KGM":
            backed = float(max(10, int(backed / 10) * 10))
        tr = w.do_transfer(rng, t_buy, supplier, firm, [(p, backed)])
        assert tr is not None
        events.append(tr)
        detail["purchase_invoice"] = tr["invoice_no"]
        detail["supplier"] = supplier.id
    dest = rng.choice(["RU", "RU", "KG", "UZ", "TJ", "AF", "BY"])
    ex = w.do_export(rng, t_ex, firm, [(p, declared)], dest, w.buyer(rng, dest))
    assert ex is not None
    events.append(ex)
    key = f"gtin:{p.gtin}" if p.gtin else f"hs:{p.hs[:6]}"
    detail.update(
        exporter=firm.id,
        registered=firm.registered.isoformat(),
        declared_quantity=declared,
        backed_quantity=backed,
        unbacked_quantity=declared - backed,
        unit=p.unit,
        hs_code=p.hs,
        gtin=p.gtin,
        goods_key=key,
        export_declaration=ex["declaration_no"],
        destination=dest,
    )
    return Case("phantom", events, detail, [firm.id])


def hs_switch(w: World, rng: random.Random) -> Case:
    t0 = w.start_time(rng, END - timedelta(days=60))
    fam = rng.choice(list(goods.SWITCHES))
    p = rng.choice([x for x in family(fam) if x.western])
    new_hs, new_desc, same_heading = rng.choice(goods.SWITCHES[fam])
    via = same_heading and rng.random() < 0.7
    importer = accomplice(w, rng, rng.choice(["importer", "manufacturer"]), t0, 0.3)
    q = w.qty(rng, p, 0.5)
    imp = w.do_import(
        rng, t0, importer, [(p, q)], dispatch=rng.choice(HUBS_FOR[p.origin] + ("AE", "TR"))
    )
    assert imp is not None
    events = [imp]
    t = later(rng, t0, 3, 25)
    holder = importer
    transformation = None
    if via:
        day = t.date()
        unit = w.price(rng, p, day, "KZT")
        transformation = w.do_transform(
            rng,
            t,
            holder,
            [w.line(1, p, q, unit, "KZT")],
            [
                w.line(
                    1,
                    p,
                    q,
                    unit * 1.02,
                    "KZT",
                    hs=new_hs,
                    desc=f"{new_desc}: {p.brand} {p.model}, tested and repacked",
                )
            ],
        )
        assert transformation is not None
        events.append(transformation)
        t = later(rng, t, 1, 10)
    dest = rng.choice(["RU", "RU", "RU", "KG", "BY", "AM"])
    ex = w.do_export(
        rng,
        t,
        holder,
        [(p, q)],
        dest,
        w.buyer(rng, dest, tech=True),
        hs={1: new_hs},
        descs={1: f"{new_desc}, {p.brand}"},
        markup=rng.uniform(1.2, 1.8),
    )
    assert ex is not None
    events.append(ex)
    if rng.random() < 0.4:
        side_business(w, rng, importer, t0 + timedelta(days=rng.randint(5, 60)))
    return Case(
        "hs_switch",
        events,
        {
            "gtin": p.gtin,
            "brand": p.brand,
            "model": p.model,
            "import_hs": p.hs,
            "export_hs": new_hs,
            "net_kg_per_unit": p.kg,
            "via_processing": via,
            "transformation_event": transformation,
            "holder": holder.id,
            "import_declaration": imp["declaration_no"],
            "export_declaration": ex["declaration_no"],
            "destination": dest,
        },
        [importer.id],
    )


def fast_turnaround(w: World, rng: random.Random) -> Case:
    t0 = w.start_time(rng, END - timedelta(days=40))
    pool = [x for x in goods.ORDINARY if x.unit == "C62" and x.usd > 20] + goods.CHPL_OTHER
    p = rng.choice(pool)
    importer = accomplice(w, rng, "importer", t0, 0.0)
    q = w.qty(rng, p, 0.6)
    imp = w.do_import(rng, t0, importer, [(p, q)], dispatch=dispatch_for(rng, p))
    assert imp is not None
    t1 = later(rng, t0, 2, 25)
    t2 = t1 + timedelta(days=rng.uniform(0.3, 6))
    t2 = (
        w.working(t2.date(), rng)
        if t2.date() > t1.date()
        else t1 + timedelta(hours=rng.uniform(2, 6))
    )
    held_days = (t2.date() - t1.date()).days
    days = rng.randint(max(3, held_days + 1), 30)
    firm = w.new_holder(
        rng.choice(["wholesaler", "importer", "logistics"]),
        t2.date() - timedelta(days=days),
        honest=False,
    )
    take = q if rng.random() < 0.5 else float(max(1, int(q * rng.uniform(0.5, 0.95))))
    tr = w.do_transfer(rng, t1, importer, firm, [(p, take)], markup=rng.uniform(1.03, 1.12))
    dest = rng.choice(["RU", "RU", "KG", "BY", "UZ"])
    ex = w.do_export(
        rng, t2, firm, [(p, take)], dest, w.buyer(rng, dest), markup=rng.uniform(1.05, 1.3)
    )
    assert tr is not None and ex is not None
    return Case(
        "fast_turnaround",
        [imp, tr, ex],
        {
            "firm": firm.id,
            "registered": firm.registered.isoformat(),
            "days_registered_to_export": (t2.date() - firm.registered).days,
            "days_held": round((t2 - t1).total_seconds() / 86400, 2),
            "gtin": p.gtin,
            "quantity": take,
            "import_declaration": imp["declaration_no"],
            "purchase_invoice": tr["invoice_no"],
            "export_declaration": ex["declaration_no"],
            "importer": importer.id,
            "destination": dest,
        },
        [importer.id, firm.id],
    )


def _transit_route(rng: random.Random) -> tuple[int, str, str]:
    while True:
        route, start, end = transits.pick_route(rng)
        inner = [
            s
            for s in geo.offices_on(route)
            if s not in (start, end) and geo.OFFICES[s].kind == "inland"
        ]
        if inner:
            return route, start, end


def _transit_plan(w: World, rng: random.Random, carrier: str | None = None) -> transits.Plan:
    route, start, end = _transit_route(rng)
    neighbour = geo.OFFICES[start].neighbour or "CN"
    items, origin = transits.route_goods(w, rng, neighbour)
    t0 = w.start_time(rng, END - timedelta(days=50))
    t0 = t0.replace(hour=rng.randint(0, 23))
    return transits.Plan(
        route,
        start,
        end,
        t0,
        items,
        origin,
        carrier or transits.carrier_for(w, rng, neighbour, t0),
        transits.destination_of(end, rng),
        mode="rail" if geo.ROUTES[route].mode == "rail" else "road",
    )


def transit_unclosed(w: World, rng: random.Random) -> Case:
    plan = _transit_plan(w, rng)
    plan.stop_at = rng.uniform(0.25, 0.85)
    info = transits.run(w, rng, plan)
    return Case(
        "transit_unclosed",
        info["events"],
        {
            "transit_id": info["transit_id"],
            "route": info["route"],
            "declared_destination": plan.end,
            "deadline": info["deadline"].isoformat(),
            "last_position": info["last_position"],
            "stopped_at_km": info["stopped_at_km"],
            "length_km": info["length_km"],
        },
        transits=[info["transit_id"]],
    )


def transit_diverted(w: World, rng: random.Random) -> Case:
    while True:
        plan = _transit_plan(w, rng)
        plan.divert_at = rng.uniform(0.2, 0.7)
        path = transits.sub_path(plan.route, plan.start, plan.end)
        here = path.at(plan.divert_at * path.length)
        on_route = set(geo.offices_on(plan.route))
        options = [
            o
            for o in geo.OFFICES.values()
            if o.kind == "inland"
            and o.code not in on_route
            and 60 < geo.haversine_km(here, (o.lat, o.lon)) < 700
        ]
        if options:
            break
    plan.divert_to = rng.choice(options).code
    info = transits.run(w, rng, plan)
    return Case(
        "transit_diverted",
        info["events"],
        {
            "transit_id": info["transit_id"],
            "route": info["route"],
            "declared_destination": plan.end,
            "ended_at": info["ended_at"],
            "left_road_at": info["left_road_at"],
            "max_km_off_road": info["max_km_off_road"],
            "deadline": info["deadline"].isoformat(),
        },
        transits=[info["transit_id"]],
    )


def transit_sold(w: World, rng: random.Random) -> Case:
    route, start, end = _transit_route(rng)
    inner = [
        s
        for s in geo.offices_on(route)
        if s not in (start, end) and geo.OFFICES[s].kind == "inland"
    ]
    sale_office = geo.OFFICES[rng.choice(inner)]
    t0 = w.start_time(rng, END - timedelta(days=50)).replace(hour=rng.randint(0, 23))
    carrier = accomplice(w, rng, "logistics", t0, 0.3)
    buyer = accomplice(w, rng, rng.choice(["wholesaler", "retailer"]), t0, 0.5, (10, 150))
    buyer.city = sale_office.name
    neighbour = geo.OFFICES[start].neighbour or "CN"
    items, origin = transits.route_goods(w, rng, neighbour)
    path = transits.sub_path(route, start, end)
    frac = min(0.95, max(0.05, path.marks[sale_office.code] / path.length))
    outcome = rng.choices(["never_ended", "short", "partial"], [0.5, 0.25, 0.25])[0]
    plan = transits.Plan(
        route,
        start,
        end,
        t0,
        items,
        origin,
        carrier.id,
        transits.destination_of(end, rng),
        mode="rail" if geo.ROUTES[route].mode == "rail" else "road",
        sell=(carrier, buyer, frac, outcome),
    )
    info = transits.run(w, rng, plan)
    return Case(
        "transit_sold",
        info["events"],
        {
            "transit_id": info["transit_id"],
            "route": info["route"],
            "declared_destination": end,
            "seller": carrier.id,
            "buyer": buyer.id,
            "outcome": outcome,
            "ended_at": info["ended_at"],
            "sold": info["sold"],
            "sale_invoice": info["sale_invoice"],
            "sold_near_office": sale_office.code,
            "deadline": info["deadline"].isoformat(),
        },
        [carrier.id, buyer.id],
        [info["transit_id"]],
    )


_COMPANY_WAYS = ["homoglyph", "transliteration", "legal_form_spelt", "reordered"]
_PERSON_WAYS = ["initials", "reordered", "transliteration", "legal_form_spelt", "homoglyph"]


def sanctioned_consignee(w: World, rng: random.Random) -> Case:
    t0 = w.start_time(rng, END - timedelta(days=50))
    exporter = accomplice(w, rng, rng.choice(["wholesaler", "importer"]), t0, 0.3)
    pool = [x for x in goods.ORDINARY if x.unit == "C62"] + goods.CHPL_OTHER
    ev, items = ordinary_import(w, rng, t0, exporter, pool)
    assert ev is not None
    # every third case a sole trader; the ways of writing a name taken in turn, so each shows
    n = sum(1 for c in w.cases if c.scheme == "sanctioned_consignee")
    if n % 3 == 2:
        party = rng.choice([x for x in w.listed if x.kind == "sole_trader"])
        how = _PERSON_WAYS[(n // 3) % len(_PERSON_WAYS)]
        written = names.person_variant(*party.person, how, rng)
    else:
        party = rng.choice([x for x in w.listed if x.kind == "company"])
        how = _COMPANY_WAYS[(n - n // 3) % len(_COMPANY_WAYS)]
        written = names.company_variant(party.form, party.stem, how, rng)
    ident = rng.random()
    if ident < 0.35:
        id_on = ids.inn10(rng.choice(_REGIONS), rng.randrange(10**6, 10**7))
    elif ident < 0.55:
        id_on = party.ogrn
    elif ident < 0.8:
        digits = list(party.inn)
        k = rng.randrange(2, len(digits) - 1)
        digits[k] = str((int(digits[k]) + rng.randint(1, 9)) % 10)
        id_on = "".join(digits)
    else:
        id_on = rng.choice(["б/н", "N/A", "RU"])
    t = later(rng, t0, 10, 40)
    ex = w.do_export(rng, t, exporter, items, "RU", {"id": id_on, "name": written, "country": "RU"})
    assert ex is not None
    return Case(
        "sanctioned_consignee",
        [ev, ex],
        {
            "sanctioned_entity": party.fid,
            "listed_name": party.name,
            "name_on_declaration": written,
            "variant": how,
            "listed_inn": party.inn,
            "listed_ogrn": party.ogrn,
            "id_on_declaration": id_on,
            "export_declaration": ex["declaration_no"],
            "exporter": exporter.id,
        },
        [exporter.id],
    )


def misinvoicing(w: World, rng: random.Random) -> Case:
    t0 = w.start_time(rng, END - timedelta(days=40))
    p: Product = rng.choice([x for x in goods.ORDINARY if x.usd >= 20])
    holder = accomplice(w, rng, rng.choice(["importer", "wholesaler"]), t0, 0.25)
    under = rng.random() < 0.7
    dispatch = dispatch_for(rng, p)
    q = w.qty(rng, p, 0.5)
    events = []
    if under:
        factor = rng.uniform(0.15, 0.4)
        target = w.do_import(rng, t0, holder, [(p, q)], dispatch=dispatch, factor=factor)
        assert target is not None
        events.append(target)
        t = later(rng, t0, 5, 30)
        tr = w.do_transfer(
            rng, t, holder, w.pick(rng, "retailer", t), [(p, split(rng, q, 1, p.unit)[0])]
        )
        if tr is not None:
            events.append(tr)
    else:
        factor = rng.uniform(2.5, 6.0)
        imp = w.do_import(rng, t0, holder, [(p, q)], dispatch=dispatch)
        assert imp is not None
        events.append(imp)
        t = later(rng, t0, 10, 35)
        dest = rng.choice(["RU", "KG", "UZ", "AZ", "TJ"])
        target = w.do_export(rng, t, holder, [(p, q)], dest, w.buyer(rng, dest), markup=factor)
        assert target is not None
        events.append(target)
    line = target["lines"][0]
    day = target["_t"].date()
    going = w.going_usd(p, day) * w.rate(day, "USD") / w.rate(day, line["currency"])
    declared = line["value"] / line["quantity"]
    return Case(
        "misinvoicing",
        events,
        {
            "direction": "under" if under else "over",
            "factor": round(declared / going, 3),
            "declaration": target["declaration_no"],
            "gtin": p.gtin,
            "brand": p.brand,
            "model": p.model,
            "hs_code": p.hs,
            "currency": line["currency"],
            "declared_unit_value": round(declared, 4),
            "going_unit_value": round(going, 4),
            "going_unit_value_usd": round(w.going_usd(p, day), 4),
            "kzt_per_usd": w.rate(day, "USD"),
            "date": day.isoformat(),
            "holder": holder.id,
        },
        [holder.id],
    )


PLANTERS = {
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
#: cases per 30,000 events
RATES = {
    "reexport": 30,
    "phantom": 12,
    "hs_switch": 12,
    "fast_turnaround": 12,
    "transit_unclosed": 10,
    "transit_diverted": 10,
    "transit_sold": 10,
    "sanctioned_consignee": 12,
    "misinvoicing": 18,
}
