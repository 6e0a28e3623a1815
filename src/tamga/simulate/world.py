"""The simulation's state and the one place events are made: stock, serials, emitters.

The simulator keeps every holder's stock the way the ledger does (per holder, goods key and
unit) and only ever draws what is there, so the ledger accepts every event and no draw is short
-- except where a planted scheme (phantom goods) means it to be. Events are plain dicts, built
from per-product templates, so the hot path never touches pydantic.
"""

from __future__ import annotations

import bisect
import heapq
import random
from collections.abc import Callable, Generator, Sequence
from datetime import timedelta
from typing import Any, TypeVar

from tamga.geography import Place, border_posts, nearest_place, place, warehouses
from tamga.ledger.model import normalize_brand
from tamga.simulate.actors import Holder, Party, Registry, SanctionedFirm, foreign_party
from tamga.simulate.clock import DAY, Clock
from tamga.simulate.config import SimConfig
from tamga.simulate.goods import Product

T = TypeVar("T")

Flow = Generator[int, None, None]
Event = dict[str, Any]

#: exit posts by destination country (the crossing goods leave by)
_EXIT_NEIGHBOUR = {
    "RU": "RU",
    "BY": "RU",
    "KG": "KG",
    "UZ": "UZ",
    "TJ": "UZ",
    "CN": "CN",
    "AZ": "AZ",
    "GE": "AZ",
    "TR": "AZ",
    "MN": "RU",
    "AM": "RU",
}


def goods_key(product: Product) -> str:
    """The ledger's goods key for a product (see ``GoodsLine.goods_key``)."""
    if product.gtin:
        return f"gtin:{product.gtin}"
    if product.brand:
        return f"hs:{product.hs6}|{normalize_brand(product.brand)}"
    return f"hs:{product.hs6}"


class World:
    """Everything a flow reads or changes; ``emit`` writes one event to the sink."""

    def __init__(self, config: SimConfig, sink: Callable[[Event], None]) -> None:
        self.config = config
        self.rng = random.Random(config.seed)
        self._random = self.rng.random
        self.clock = Clock(config.start, config.end)
        self.sink = sink
        self.registry = Registry(self.rng, config.holder_count, config.start)
        self.stock: dict[tuple[str, str, str], float] = {}
        self.n_events = 0
        self.serial: dict[str, int] = {}
        self.heap: list[tuple[int, int, Flow]] = []
        self.seq = 0
        self.now = 0
        # a tag keeps the numbers of a second run (live mode) apart from a first one's
        self.tag = config.tag
        self.prefix = f"S{config.seed}-{self.tag}"
        self._keys: dict[str, str] = {}
        self._templates: dict[str, dict[str, Any]] = {}
        self._parties: dict[str, list[Party]] = {}
        self.sanctioned: list[SanctionedFirm] = []
        #: FtM entities schemes add to the sanctions file (owners, holdings, ownerships)
        self.extra_entities: list[dict[str, Any]] = []
        self._sanctioned_cores: set[str] = set()
        self.cases: list[dict[str, Any]] = []
        self.case_sink: Callable[[dict[str, Any]], None] = self.cases.append
        self.flow_counts: dict[str, int] = {}
        self.case_counts: dict[str, int] = {}
        self._warehouse = {w.city: w.code for w in warehouses()}
        self._exit_cache: dict[tuple[str, str], str] = {}
        self._entry_cache: dict[str, list[Place]] = {}

    # -- scheduling ----------------------------------------------------------------------------
    def start(self, flow: Flow) -> None:
        """Schedule a new flow; it runs up to its first yield (its first time) now."""
        try:
            first = next(flow)
        except StopIteration:
            return
        self.seq += 1
        heapq.heappush(self.heap, (max(first, self.now), self.seq, flow))

    def run(self, progress: Callable[[int], None] | None = None, every: int = 20_000) -> None:
        heap, pop, push = self.heap, heapq.heappop, heapq.heappush
        mark = every
        while heap:
            t, seq, flow = pop(heap)
            self.now = t
            try:
                nxt = flow.send(None)
            except StopIteration:
                continue
            push(heap, (nxt if nxt > t else t, seq, flow))
            if progress is not None and self.n_events >= mark:
                progress(self.n_events)
                mark = self.n_events + every
        if progress is not None:
            progress(self.n_events)

    def weighted(self, items: Sequence[T], cum: list[float]) -> T:
        """``rng.choices`` with precomputed cumulative weights (much cheaper per call)."""
        return items[bisect.bisect_right(cum, self._random() * cum[-1])]

    # -- identifiers ---------------------------------------------------------------------------
    def next_serial(self, kind: str) -> int:
        n = self.serial.get(kind, 0) + 1
        self.serial[kind] = n
        return n

    def declaration_no(self, kind: str, t: int) -> str:
        year = self.clock.year(t)
        return f"{kind}-{self.tag}{year}-{self.next_serial(f'{kind}{year}'):07d}"

    def invoice_no(self, t: int) -> str:
        return f"ESF-{self.tag}{self.clock.year(t)}-{self.next_serial('ESF'):08d}"

    def transit_id(self, t: int) -> str:
        return f"{self.clock.year(t) % 100:02d}KZ{self.tag}{self.next_serial('MRN'):012d}"

    # -- places --------------------------------------------------------------------------------
    def warehouse(self, holder: Holder) -> str:
        return self._warehouse.get(holder.city, "KZ-W-ALMATY-1")

    def office(self, holder: Holder) -> str:
        return "KZ-O-" + holder.city.upper().replace("-", "")

    def exit_post(self, holder: Holder, destination: str) -> str:
        key = (holder.city, destination)
        code = self._exit_cache.get(key)
        if code is None:
            here = place(self.warehouse(holder))
            neighbour = _EXIT_NEIGHBOUR.get(destination, "RU")
            posts = [p for p in border_posts(neighbour) if p.kind != "rail_border"] or (
                border_posts(neighbour)
            )
            best = min(posts, key=lambda p: (p.lat - here.lat) ** 2 + (p.lon - here.lon) ** 2)
            code = best.code
            self._exit_cache[key] = code
        return code

    def entry_post(self, dispatch: str) -> str:
        posts = self._entry_cache.get(dispatch)
        if posts is None:
            posts = self._entry_cache[dispatch] = border_posts(dispatch)
        if not posts:
            return "KZ-P-KHORGOS" if dispatch == "CN" else self.rng.choice(border_posts("RU")).code
        return self.rng.choice(posts).code

    def nearest_code(self, lat: float, lon: float) -> str:
        return nearest_place(lat, lon).code

    # -- parties -------------------------------------------------------------------------------
    def party(self, country: str) -> Party:
        """A foreign party in ``country``: a pool of a few dozen per country, reused."""
        pool = self._parties.setdefault(country, [])
        if len(pool) < 40 and (not pool or self.rng.random() < 0.25):
            for _ in range(20):
                p = foreign_party(self.rng, country, self.next_serial(f"party-{country}"))
                if (
                    p.name.split('"')[1:2]
                    and p.name.split('"')[1].upper() in self._sanctioned_cores
                ):
                    continue  # never name a sanctioned firm by accident
                pool.append(p)
                return p
        return self.rng.choice(pool)

    def set_sanctioned(self, firms: list[SanctionedFirm]) -> None:
        self.sanctioned = firms
        self._sanctioned_cores = {f.name_latin.split('"')[1].upper() for f in firms}

    # -- holders -------------------------------------------------------------------------------
    def holder(self, kind: str) -> Holder:
        pool = self.registry.by_kind[kind]
        return pool[int(self._random() * len(pool))]  # rng.choice, without its overhead

    def chain(self, first: Holder, kinds: list[str]) -> list[Holder]:
        """Holders after ``first``, one per kind, each different from the one before it."""
        out = [first]
        for kind in kinds:
            h = self.holder(kind)
            while h.id == out[-1].id:
                h = self.holder(kind)
            out.append(h)
        return out

    def new_firm(self, kind: str, t: int, days_before: tuple[int, int]) -> Holder:
        """A firm registered shortly before ``t`` (shells, fast-turnaround firms)."""
        registered = self.clock.date(t) - timedelta(days=self.rng.randint(*days_before))
        return self.registry.new(kind, registered)

    # -- stock ---------------------------------------------------------------------------------
    def key(self, product: Product) -> str:
        k = self._keys.get(product.code)
        if k is None:
            k = self._keys[product.code] = goods_key(product)
        return k

    def held(self, holder: Holder, product: Product) -> float:
        return self.stock.get((holder.id, self.key(product), product.unit), 0.0)

    def _add(self, holder_id: str, product: Product, qty: float) -> None:
        k = (holder_id, self.key(product), product.unit)
        self.stock[k] = self.stock.get(k, 0.0) + qty

    def _take(self, holder_id: str, product: Product, qty: float) -> float:
        """Remove up to ``qty``; return what was really there (the ledger's backed part)."""
        k = (holder_id, self.key(product), product.unit)
        have = self.stock.get(k, 0.0)
        took = min(have, qty)
        left = have - took
        if left > 0:
            self.stock[k] = left
        else:
            self.stock.pop(k, None)
        return took

    # -- lines ---------------------------------------------------------------------------------
    def line(
        self,
        product: Product,
        qty: float,
        value: float,
        no: int = 1,
        *,
        hs: str | None = None,
        description: str | None = None,
        origin: str | None = None,
    ) -> dict[str, Any]:
        tpl = self._templates.get(product.code)
        if tpl is None:
            tpl = {"line_no": 1, "hs_code": product.hs, "description": product.description}
            if product.brand:
                tpl["brand"] = product.brand
            if product.gtin:
                tpl["gtin"] = product.gtin
            tpl["unit"] = product.unit
            tpl["currency"] = "USD"
            tpl["origin_country"] = product.origin
            self._templates[product.code] = tpl
        line = dict(tpl)
        line["line_no"] = no
        line["quantity"] = qty
        line["net_kg"] = round(qty * product.kg_per_unit, 1)
        line["value"] = round(value, 2)
        if hs is not None:
            line["hs_code"] = hs
        if description is not None:
            line["description"] = description
        if origin is not None:
            line["origin_country"] = origin
        return line

    # -- emitting ------------------------------------------------------------------------------
    def emit(self, event: Event) -> str:
        self.n_events += 1
        eid = f"{self.prefix}{self.n_events:09d}"
        event["event_id"] = eid
        self.sink(event)
        return eid

    def _head(self, etype: str, t: int, location: str) -> Event:
        return {"event_id": "", "type": etype, "time": self.clock.text(t), "location": location}

    def import_(
        self,
        t: int,
        holder: Holder,
        consignor: Party,
        dispatch: str,
        location: str,
        lines: Sequence[tuple[Product, float, dict[str, Any]]],
    ) -> tuple[str, str]:
        ev = self._head("import", t, location)
        decl = self.declaration_no("IM", t)
        ev["declaration_no"] = decl
        ev["consignor"] = consignor.as_event()
        ev["consignee"] = holder.id
        ev["dispatch_country"] = dispatch
        ev["lines"] = [ln for _, _, ln in lines]
        for product, qty, _ in lines:
            self._add(holder.id, product, qty)
        return self.emit(ev), decl

    def transfer(
        self,
        t: int,
        seller: Holder,
        buyer: Holder,
        lines: Sequence[tuple[Product, float, dict[str, Any]]],
        *,
        from_transit: bool = False,
    ) -> str:
        """A domestic sale. Callers pass quantities the seller holds (see ``can_move``)."""
        ev = self._head("transfer", t, self.warehouse(seller))
        ev["seller"] = seller.id
        ev["buyer"] = buyer.id
        ev["invoice_no"] = self.invoice_no(t)
        ev["lines"] = [ln for _, _, ln in lines]
        for product, qty, _ in lines:
            if not from_transit:
                self._take(seller.id, product, qty)
            self._add(buyer.id, product, qty)
        return self.emit(ev)

    def export(
        self,
        t: int,
        exporter: Holder,
        consignee: Party,
        destination: str,
        lines: Sequence[tuple[Product, float, dict[str, Any]]],
    ) -> tuple[str, str, float]:
        """An export; returns (event id, declaration, quantity not backed by stock)."""
        post = self.exit_post(exporter, destination)
        ev = self._head("export", t, post)
        decl = self.declaration_no("EX", t)
        ev["declaration_no"] = decl
        ev["exporter"] = exporter.id
        ev["consignee"] = consignee.as_event()
        ev["destination_country"] = destination
        ev["office_of_exit"] = post
        ev["lines"] = [ln for _, _, ln in lines]
        short = 0.0
        for product, qty, _ in lines:
            short += qty - self._take(exporter.id, product, qty)
        return self.emit(ev), decl, short

    def adjustment(
        self,
        t: int,
        holder: Holder,
        reason: str,
        lines: Sequence[tuple[Product, float, dict[str, Any]]],
    ) -> str:
        ev = self._head("adjustment", t, self.warehouse(holder))
        ev["holder"] = holder.id
        ev["reason"] = reason
        ev["lines"] = [ln for _, _, ln in lines]
        for product, qty, _ in lines:
            if qty > 0:
                self._add(holder.id, product, qty)
            else:
                self._take(holder.id, product, -qty)
        return self.emit(ev)

    def transformation(
        self,
        t: int,
        holder: Holder,
        inputs: Sequence[tuple[Product, float, dict[str, Any]]],
        outputs: Sequence[tuple[Product, float, dict[str, Any]]],
    ) -> str:
        ev = self._head("transformation", t, self.warehouse(holder))
        ev["holder"] = holder.id
        ev["inputs"] = [ln for _, _, ln in inputs]
        ev["outputs"] = [ln for _, _, ln in outputs]
        ev.pop("lines", None)
        for product, qty, _ in inputs:
            self._take(holder.id, product, qty)
        for product, qty, _ in outputs:
            self._add(holder.id, product, qty)
        return self.emit(ev)

    def transit_start(
        self,
        t: int,
        mrn: str,
        carrier: str,
        vehicle: str,
        seals: list[str],
        departure: str,
        destination_office: str,
        destination_country: str,
        deadline: int,
        lines: list[dict[str, Any]],
    ) -> str:
        ev = self._head("transit_start", t, departure)
        ev["transit_id"] = mrn
        ev["carrier"] = carrier
        ev["vehicle"] = vehicle
        ev["seals"] = seals
        ev["office_of_departure"] = departure
        ev["office_of_destination"] = destination_office
        ev["destination_country"] = destination_country
        ev["deadline"] = self.clock.text(deadline)
        ev["lines"] = lines
        return self.emit(ev)

    def checkpoint(
        self, t: int, mrn: str, location: str, lat: float, lon: float, reported_by: str
    ) -> str:
        # the most frequent event: built in one literal, id assigned inline
        self.n_events = n = self.n_events + 1
        eid = f"{self.prefix}{n:09d}"
        self.sink(
            {
                "event_id": eid,
                "type": "checkpoint",
                "time": self.clock.text(t),
                "location": location,
                "reported_by": reported_by,
                "transit_id": mrn,
                "lat": lat,
                "lon": lon,
            }
        )
        return eid

    def transit_end(self, t: int, mrn: str, location: str) -> str:
        ev = self._head("transit_end", t, location)
        ev["transit_id"] = mrn
        return self.emit(ev)

    # -- ground truth --------------------------------------------------------------------------
    def case(self, scheme: str) -> dict[str, Any]:
        n = self.next_serial("case")
        self.case_counts[scheme] = self.case_counts.get(scheme, 0) + 1
        return {
            "case_id": f"CASE-{self.config.seed}-{self.tag}{n:06d}",
            "scheme": scheme,
            "event_ids": [],
            "declarations": [],
            "holders": [],
            "transits": [],
            "detail": {},
        }

    def close_case(self, case: dict[str, Any]) -> None:
        case["holders"] = list(dict.fromkeys(case["holders"]))
        self.case_sink(case)

    def days(self, lo: float, hi: float) -> int:
        return int((lo + (hi - lo) * self._random()) * DAY)
