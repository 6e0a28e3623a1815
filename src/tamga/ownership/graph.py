"""The ownership graph in memory: parties as integers, links into each party kept by kind.

Built once from the store (or from links and parties a caller has) and read by many exposure
questions: each question walks up from one party through its owners, so the graph keeps, for
every party, the ownerships and directorships *into* it. Other kinds (family, associates,
representation, unknown links) are kept for display; they confer no ownership or control.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from tamga.ownership.model import Link

_NON_ALNUM = re.compile(r"[^0-9a-z]+")

#: (upper party, share or None, start, end, link id)
Edge = tuple[int, float | None, str | None, str | None, str]
#: a listing's first and last day (ISO; None: open)
Period = tuple[str | None, str | None]


@contextmanager
def paused_gc() -> Iterator[None]:
    """Building a graph makes millions of small acyclic objects: the cyclic collector, left on,
    would rescan the growing heap again and again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def normal_id(value: str) -> str:
    """An identifier compared as letters and digits only (``77-01 234`` = ``7701234``)."""
    return _NON_ALNUM.sub("", value.lower())


@dataclass(frozen=True, slots=True)
class Party:
    """A party the graph knows: an FtM entity, a registry holder, or a link's end only."""

    entity_id: str
    name: str
    listed: bool


class OwnershipGraph:
    """Parties and the links between them; see :mod:`tamga.ownership.exposure` for questions."""

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.index: dict[str, int] = {}
        self.names: list[str] = []
        self.listed = bytearray()
        self.owners_of: dict[int, list[Edge]] = {}
        self.directors_of: dict[int, list[Edge]] = {}
        self.others_of: dict[int, list[tuple[int, str, str]]] = {}  # (other end, kind, link id)
        self.by_identifier: dict[str, int] = {}
        self._by_name: dict[str, list[int]] | None = None
        self.links = 0
        #: the listing periods of a listed party whose Sanction entities give dates (absent:
        #: listed whatever the day)
        self.listing: dict[int, tuple[Period, ...]] = {}
        #: a party resolved as one firm with others: the representative's other nodes
        self.aliases: dict[int, list[int]] = {}
        self.rep: dict[int, int] = {}  # a merged node -> the node that stands for its firm
        self.resolution: Any = None  # the Resolution merged in, for its evidence

    def __len__(self) -> int:
        return len(self.ids)

    def add_party(
        self,
        entity_id: str,
        name: str = "",
        listed: bool = False,
        identifiers: Iterable[str] = (),
        listing: Iterable[Period] = (),
    ) -> int:
        """Add (or complete) a party; a party is listed when any of its sources lists it, on
        the days of ``listing`` where that is given (see :meth:`listed_on`)."""
        n = self.index.get(entity_id)
        periods = tuple(listing)
        if n is None:
            self._by_name = None
            n = len(self.ids)
            self.index[entity_id] = n
            self.ids.append(entity_id)
            self.names.append(name or entity_id)
            self.listed.append(1 if listed else 0)
            if listed and periods:
                self.listing[n] = periods
        else:
            if name and self.names[n] == entity_id:
                self.names[n] = name
            if listed:
                self._list(n, periods, was=bool(self.listed[n]))
        for ident in identifiers:
            key = normal_id(ident)
            if key:
                self.by_identifier.setdefault(key, n)
        return n

    def _list(self, n: int, periods: tuple[Period, ...], was: bool) -> None:
        """List ``n`` (also) on ``periods``; listed without dates by any source is for good."""
        if not periods or (was and n not in self.listing):
            self.listing.pop(n, None)
        else:
            self.listing[n] = self.listing.get(n, ()) + periods
        self.listed[n] = 1

    def listed_on(self, n: int, day: str) -> bool:
        """Listed on ``day`` (ISO): listed, and within one of its listing periods if any."""
        if not self.listed[n]:
            return False
        periods = self.listing.get(n)
        return periods is None or any(
            (s is None or s <= day) and (e is None or day <= e) for s, e in periods
        )

    def merge(self, groups: Iterable[Iterable[str]], resolution: Any = None) -> int:
        """Make each group of ids (one firm under several names or ids) one party: the first
        node of a group keeps its owners, directors and other links, and every id of the group
        finds it. A group's party is listed when one of its members is. Returns the merges."""
        rep: dict[int, int] = {}
        for group in groups:
            nodes = sorted({n for ref in group if (n := self.node(ref)) is not None})
            for n in nodes[1:]:
                rep[n] = nodes[0]
        if not rep:
            return 0
        self.resolution = resolution
        for n, keep in rep.items():
            self.rep[n] = keep
            self.aliases.setdefault(keep, []).append(n)
            self.index[self.ids[n]] = keep
            if self.listed[n]:
                self._list(keep, self.listing.get(n, ()), was=bool(self.listed[keep]))
            for table in (self.owners_of, self.directors_of):
                moved = table.pop(n, None)
                if moved:
                    table.setdefault(keep, []).extend(moved)
            others = self.others_of.pop(n, None)
            if others:
                self.others_of.setdefault(keep, []).extend(others)
        for key, n in self.by_identifier.items():
            if n in rep:
                self.by_identifier[key] = rep[n]
        for table in (self.owners_of, self.directors_of):
            for lower, edges in table.items():
                if any(e[0] in rep for e in edges):
                    table[lower] = [
                        (rep.get(e[0], e[0]), *e[1:]) for e in edges if rep.get(e[0], e[0]) != lower
                    ]
        for lower, others in self.others_of.items():
            if any(o[0] in rep for o in others):
                self.others_of[lower] = [(rep.get(o[0], o[0]), o[1], o[2]) for o in others]
        self._by_name = None
        return len(rep)

    def node(self, ref: str) -> int | None:
        """A party by its id, else by one of its identifiers (a BIN, INN, registration no.)."""
        n = self.index.get(ref)
        if n is None:
            n = self.by_identifier.get(normal_id(ref))
        return n

    def _end(self, ref: str, name: str | None) -> int:
        n = self.node(ref)
        return n if n is not None else self.add_party(ref, name or "")

    def add_link(self, link: Link) -> None:
        self.add_edge(
            link.link_id, link.kind, link.source, link.target, link.share, link.start, link.end,
            link.source_name,
        )  # fmt: skip

    def add_edge(
        self,
        link_id: str,
        kind: str,
        source: str,
        target: str,
        share: float | None,
        start: str | None,
        end: str | None,
        source_name: str | None = None,
    ) -> None:
        """A link from its fields (what the store reads, without a :class:`Link` a row)."""
        upper, lower = self._end(source, source_name), self._end(target, None)
        self.links += 1
        if kind == "ownership":
            self.owners_of.setdefault(lower, []).append((upper, share, start, end, link_id))
        elif kind == "directorship":
            self.directors_of.setdefault(lower, []).append((upper, None, start, end, link_id))
        else:
            self.others_of.setdefault(lower, []).append((upper, kind, link_id))
            self.others_of.setdefault(upper, []).append((lower, kind, link_id))

    def party(self, n: int) -> Party:
        return Party(self.ids[n], self.names[n], bool(self.listed[n]))

    def alias_parties(self, n: int) -> list[Party]:
        """The other ids and names the firm of ``n`` is known under (resolved as one)."""
        return [self.party(a) for a in self.aliases.get(n, ())]

    @property
    def by_name(self) -> dict[str, list[int]]:
        """Exact (case-folded) names, for a query that names a party the screener cannot see
        (a registry holder or owner); built on the first such query."""
        if self._by_name is None:
            found: dict[str, list[int]] = {}
            rep = self.rep
            for n, name in enumerate(self.names):
                found.setdefault(name.casefold().strip(), []).append(rep.get(n, n))
            self._by_name = found
        return self._by_name


def active_owners(edges: list[Edge], on: str) -> list[Edge]:
    """The ownerships of a party in force on ``on``, one per owner.

    Registries record a holding again when it changes, often with the first start date kept:
    where one owner has several records in force at once, the one ending soonest is the one
    of the day (an open-ended record is the latest), then the latest started.
    """
    best: dict[int, Edge] = {}
    for e in edges:
        owner, _share, start, end, _lid = e
        if (start is not None and start > on) or (end is not None and end < on):
            continue
        seen = best.get(owner)
        if seen is None or _sooner(e, seen):
            best[owner] = e
    return list(best.values())


def _sooner(a: Edge, b: Edge) -> bool:
    ea, eb = a[3] or "9999-99-99", b[3] or "9999-99-99"
    if ea != eb:
        return ea < eb
    return (a[2] or "") > (b[2] or "")


def active_directors(edges: list[Edge], on: str) -> list[int]:
    return [
        d
        for d, _s, start, end, _l in edges
        if (start is None or start <= on) and (end is None or end >= on)
    ]
