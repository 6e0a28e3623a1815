"""The world being built: its parties, rates, the events emitted so far and the planted
cases; numbering of declarations, invoices and transits; writing the five files."""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
from benchmarks.worlds.third import dates
from benchmarks.worlds.third.goods import Product, deal_price, gtin_for, hash_str, market_usd
from benchmarks.worlds.third.money import Rates
from benchmarks.worlds.third.parties import Holder, Partner, Registry, make_partners
from benchmarks.worlds.third.sanctions import Listed, make_list, write_ftm

Event = dict[str, Any]
#: the currencies a foreign party invoices in, by its country
CURRENCY_OF = {
    "CN": ("CNY", "USD", "USD"),
    "RU": ("RUB", "RUB", "USD"),
    "TR": ("USD", "EUR", "TRY"),
    "UZ": ("USD", "UZS"),
    "KG": ("USD", "KGS"),
    "BY": ("BYN", "RUB", "USD"),
    "DE": ("EUR",),
    "FR": ("EUR",),
    "NL": ("EUR",),
    "IT": ("EUR",),
    "SE": ("EUR", "USD"),
    "JP": ("JPY", "USD"),
    "US": ("USD",),
    "AE": ("USD", "AED"),
    "KR": ("USD",),
    "CH": ("EUR", "USD"),
    "AF": ("USD",),
    "TJ": ("USD",),
    "PL": ("EUR",),
    "UA": ("USD",),
    "IR": ("USD",),
    "VN": ("USD",),
}


@dataclass
class Case:
    scheme: str
    events: list[Event]
    holders: list[str]
    detail: dict[str, Any]
    transits: list[str] = field(default_factory=list)


class World:
    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        self.rates = Rates(seed)
        self.registry = Registry(random.Random(seed * 7 + 1))
        self.partners: dict[str, list[Partner]] = make_partners(random.Random(seed * 7 + 2))
        self.listed: list[Listed] = make_list(random.Random(seed * 7 + 3))
        self.events: list[Event] = []
        self.cases: list[Case] = []
        self._numbers: dict[str, int] = {}

    # -- numbering ---------------------------------------------------------------------------
    def _next(self, key: str) -> int:
        self._numbers[key] = self._numbers.get(key, 0) + 1
        return self._numbers[key]

    def declaration(self, office: str, on: date) -> str:
        """A Kazakh goods declaration number: office / ddmmyy / serial."""
        code = f"{50000 + hash_str(office) % 400 * 10 + 10}"
        return f"{code}/{on:%d%m%y}/{self._next('D' + code):07d}"

    def invoice(self, seller: str, on: date) -> str:
        return f"ESF-{seller}-{on:%Y}-{self._next('I' + seller):06d}"

    def mrn(self, on: date) -> str:
        n = self._next("MRN")
        body = f"{on:%y}KZ{(hash_str(str(n)) % 9000 + 1000):04d}{n:08d}"
        return body + "ABCDEFGHJKLMNPRSTUVWXYZ"[hash_str(body) % 23]

    # -- events ------------------------------------------------------------------------------
    def emit(self, etype: str, when: datetime, location: str, **fields: Any) -> Event:
        event: Event = {"type": etype, "time": when, "location": location}
        event.update({k: v for k, v in fields.items() if v is not None})
        event["_seq"] = len(self.events)
        self.events.append(event)
        return event

    def line(
        self,
        no: int,
        product: Product,
        brand: str,
        origin: str,
        qty: float,
        unit_usd: float,
        currency: str,
        on: date,
        hs: str | None = None,
        lot: str | None = None,
    ) -> dict[str, Any]:
        out: dict[str, Any] = {
            "line_no": no,
            "hs_code": hs or product.hs,
            "description": product.description,
            "quantity": qty,
            "unit": product.unit,
            "net_kg": round(qty * product.kg, 3),
            "value": round(self.rates.convert(qty * unit_usd, currency, on), 2),
            "currency": currency,
            "origin_country": origin,
        }
        if brand:
            out["brand"] = brand
        if product.gtin:
            out["gtin"] = gtin_for(product, brand)
        if lot:
            out["lot"] = lot
        return out

    def qty(self, product: Product, scale: float = 1.0) -> float:
        lo, hi = product.qty
        q = self.rng.uniform(lo, hi) * scale
        if product.unit in {"C62", "PR", "NPR"}:
            return float(max(1, round(q)))
        if product.unit in {"MTK", "MTQ"}:
            return max(0.5, round(q, 1))
        return float(max(1, round(q)))

    def part(self, product: Product, whole: float, lo: float, hi: float) -> float:
        """A share of ``whole`` in the product's unit, never more than ``whole``."""
        q = whole * self.rng.uniform(lo, hi)
        if product.unit in {"C62", "PR", "NPR"} or product.unit == "KGM":
            q = float(max(1, int(q)))
        else:
            q = max(0.1, int(q * 10) / 10)
        return min(q, whole)

    def price(self, product: Product, on: date, qty: float) -> float:
        return deal_price(
            self.rng, market_usd(product, on.timetuple().tm_yday), qty, product.qty[1]
        )

    def currency(self, country: str) -> str:
        return self.rng.choice(CURRENCY_OF.get(country, ("USD",)))

    def partner(self, country: str) -> Partner:
        return self.rng.choice(self.partners[country])

    def party(self, partner: Partner, on: date) -> dict[str, str]:
        return {"id": partner.id, "name": partner.name_on(on), "country": partner.country}

    def later(self, when: datetime, lo: int, hi: int, city: str = "") -> datetime | None:
        """An office-hours time ``lo``-``hi`` days after ``when`` (never the same instant or
        earlier), or ``None`` past the world's last day."""
        day = when.date() + timedelta(days=self.rng.randint(lo, hi))
        for _ in range(6):  # offices work on working days; redraw rather than pile up Mondays
            if dates.working_day(day):
                break
            day = when.date() + timedelta(days=self.rng.randint(lo, hi + 2))
        if day > dates.END:
            return None
        moment = dates.office_time(self.rng, day, city)
        if moment <= when:
            moment = when + timedelta(minutes=self.rng.randint(20, 240))
        if moment.date() > dates.END:
            return None
        return moment

    def new_firm(
        self, kind: str, before: date, lo: int, hi: int, city: str | None = None
    ) -> Holder:
        registered = before - timedelta(days=self.rng.randint(lo, hi))
        return self.registry.add(kind, registered, city)

    # -- output ------------------------------------------------------------------------------
    def finish(self, out: Path) -> Path:
        out.mkdir(parents=True, exist_ok=True)
        ordered = sorted(self.events, key=lambda e: (e["time"].astimezone(UTC), e["_seq"]))
        ids: dict[int, str] = {}
        ledger = out / "world.jsonl"
        with ledger.open("wb") as fh:
            for i, event in enumerate(ordered, start=1):
                event_id = f"W3-{self.seed}-{i:07d}"
                ids[event["_seq"]] = event_id
                body: dict[str, Any] = {"event_id": event_id}
                body.update({k: v for k, v in event.items() if k != "_seq"})
                body["time"] = _iso(event["time"])
                if "deadline" in event:
                    body["deadline"] = _iso(event["deadline"])
                fh.write(orjson.dumps(body) + b"\n")
        with (out / "world.labels.jsonl").open("wb") as fh:
            for n, case in enumerate(self.cases, start=1):
                events = sorted(case.events, key=lambda e: ids[e["_seq"]])
                declarations = [e["declaration_no"] for e in events if "declaration_no" in e]
                row = {
                    "case_id": f"CASE-W3-{self.seed}-{n:05d}",
                    "scheme": case.scheme,
                    "event_ids": [ids[e["_seq"]] for e in events],
                    "declarations": list(dict.fromkeys(declarations)),
                    "holders": list(dict.fromkeys(case.holders)),
                    "transits": case.transits,
                    "detail": case.detail,
                }
                fh.write(orjson.dumps(row, default=_jsonable) + b"\n")
        with (out / "world.holders.jsonl").open("wb") as fh:
            for holder in self.registry.holders:
                fh.write(orjson.dumps(holder.row()) + b"\n")
        write_ftm(out / "world.sanctions.ftm.json", self.listed, random.Random(self.seed * 7 + 4))
        self.rates.write(out / "world.rates.csv")
        return ledger


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _jsonable(value: object) -> object:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Iterable):
        return list(value)
    raise TypeError(type(value))
