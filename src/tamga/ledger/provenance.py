"""Provenance: where a quantity of goods came from.

A lot carries *components*: fractions of its quantity that trace to one origin (an import
declaration with its origin country and consignor, found stock, an unbacked shortfall, or goods
taken out of a transit) through one chain of holders. Drawing from lots turns components into
*parts* with absolute quantities and values; parts become the next holder's components. So a
trace is a lookup, never a walk, however many hops or transformations lie behind it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

import orjson

from tamga.ledger.views import Origin, Provenance

#: kinds of origin a component can have
IMPORT, FOUND, UNBACKED, TRANSIT = "import", "adjustment", "unbacked", "transit"

PartKey = tuple[str, str | None, str | None, str | None, tuple[str, ...]]


class Component(NamedTuple):
    """A share ``frac`` of a lot's quantity, and the origin value ``vpu`` per unit of the lot.

    A named tuple rather than a dataclass: lots carry one or more of these and ingest makes one
    for nearly every goods line, so construction cost matters.
    """

    kind: str
    country: str | None
    declaration: str | None
    consignor: str | None
    path: tuple[str, ...]
    frac: float
    vpu: float

    def to_json(self) -> list[Any]:
        return [
            self.kind,
            self.country,
            self.declaration,
            self.consignor,
            list(self.path),
            self.frac,
            self.vpu,
        ]

    @classmethod
    def from_json(cls, item: list[Any]) -> Component:
        k, c, d, n, p, f, v = item
        return cls(k, c, d, n, tuple(p), f, v)


def components_json(components: Iterable[Component]) -> bytes:
    """The stored form of a lot's components: ``[c.to_json() for c in components]`` as JSON."""
    return orjson.dumps([tuple(c) for c in components])


class Parts:
    """Absolute quantities and origin values by (kind, country, declaration, consignor, path)."""

    __slots__ = ("items",)

    def __init__(self) -> None:
        self.items: dict[PartKey, list[float]] = {}

    def add(self, key: PartKey, qty: float, value: float) -> None:
        slot = self.items.get(key)
        if slot is None:
            self.items[key] = [qty, value]
        else:
            slot[0] += qty
            slot[1] += value

    @property
    def quantity(self) -> float:
        total = 0.0
        for q, _ in self.items.values():
            total += q
        return total

    @property
    def value(self) -> float:
        total = 0.0
        for _, v in self.items.values():
            total += v
        return total

    def scaled(self, factor: float) -> Parts:
        out = Parts()
        for key, (q, v) in self.items.items():
            out.add(key, q * factor, v * factor)
        return out

    def merge(self, other: Parts, qty_factor: float = 1.0, value_factor: float = 1.0) -> None:
        for key, (q, v) in other.items.items():
            self.add(key, q * qty_factor, v * value_factor)

    def components(self, lot_quantity: float) -> list[Component]:
        """Components of a new lot of ``lot_quantity`` made of these parts."""
        total = self.quantity
        if total <= 0 or lot_quantity <= 0:
            return []
        return [
            Component(k, c, d, n, p, q / total, v / lot_quantity)
            for (k, c, d, n, p), (q, v) in self.items.items()
        ]

    def extended_components(self, holder: str, lot_quantity: float) -> list[Component]:
        """Components of a new lot of ``lot_quantity`` made of these parts one hop further:
        ``holder`` appended to every path (what a buyer's lot inherits from a sale).

        Appending the same holder maps keys one to one, so no parts merge: the components are
        :meth:`components` with the holder appended, built without intermediate parts.
        """
        items = self.items
        total = 0.0
        for q, _ in items.values():
            total += q
        if total <= 0 or lot_quantity <= 0:
            return []
        new = tuple.__new__  # Component(...) without its Python-level __new__
        tail = (holder,)
        out: list[Component] = []
        for (k, c, d, n, p), (q, v) in items.items():
            out.append(new(Component, (k, c, d, n, p + tail, q / total, v / lot_quantity)))
        return out

    def to_json(self) -> list[list[Any]]:
        return [[k, c, d, n, list(p), q, v] for (k, c, d, n, p), (q, v) in self.items.items()]

    def to_json_bytes(self) -> bytes:
        """``orjson.dumps(self.to_json())``, without building the intermediate lists."""
        return orjson.dumps([(*key, q, v) for key, (q, v) in self.items.items()])

    @classmethod
    def from_json(cls, data: Iterable[list[Any]]) -> Parts:
        out = cls()
        for k, c, d, n, p, q, v in data:
            out.add((k, c, d, n, tuple(p)), q, v)
        return out

    def share_from(self, home_country: str) -> float:
        """Share of the quantity whose origin is ``home_country``."""
        total = self.quantity
        if total <= 0:
            return 0.0
        home = sum(q for (_, c, *_), (q, _) in self.items.items() if c == home_country)
        return home / total


def summarize(parts: Parts, digits: int = 6) -> Provenance:
    """The trace contract's views of parts: by origin country, by import source, by path."""
    origins: dict[tuple[str | None, bool], list[float]] = {}
    sources: dict[tuple[str | None, str | None, str | None, str], float] = {}
    paths: dict[tuple[str, ...], float] = {}
    for (kind, country, decl, consignor, path), (qty, value) in parts.items.items():
        o = origins.setdefault((country, kind == UNBACKED), [0.0, 0.0])
        o[0] += qty
        o[1] += value
        skey = (decl, consignor, country, kind)
        sources[skey] = sources.get(skey, 0.0) + qty
        paths[path] = paths.get(path, 0.0) + qty
    out_origins = []
    for (c, unb), (q, v) in sorted(origins.items(), key=lambda kv: -kv[1][0]):
        origin = Origin(country=c, quantity=round(q, digits), value=round(v, 2))
        if unb:
            origin["unbacked"] = True
        out_origins.append(origin)
    return {
        "origins": out_origins,
        "sources": [
            {
                "import_declaration": d,
                "consignor": n,
                "origin_country": c,
                "kind": k,
                "quantity": round(q, digits),
            }
            for (d, n, c, k), q in sorted(sources.items(), key=lambda kv: -kv[1])
        ],
        "paths": [
            {"holders": list(p), "hops": max(len(p) - 1, 0), "quantity": round(q, digits)}
            for p, q in sorted(paths.items(), key=lambda kv: -kv[1])
        ],
    }
