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

from tamga.ownership.model import Link

_NON_ALNUM = re.compile(r"[^0-9a-z]+")

#: (upper party, share or None, start, end, link id)
Edge = tuple[int, float | None, str | None, str | None, str]


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

    def __len__(self) -> int:
        return len(self.ids)

    def add_party(
        self, entity_id: str, name: str = "", listed: bool = False, identifiers: Iterable[str] = ()
    ) -> int:
        """Add (or complete) a party; a party is listed when any of its sources lists it."""
        n = self.index.get(entity_id)
        if n is None:
            self._by_name = None
            n = len(self.ids)
            self.index[entity_id] = n
            self.ids.append(entity_id)
            self.names.append(name or entity_id)
            self.listed.append(1 if listed else 0)
        else:
            if name and self.names[n] == entity_id:
                self.names[n] = name
            if listed:
                self.listed[n] = 1
        for ident in identifiers:
            key = normal_id(ident)
            if key:
                self.by_identifier.setdefault(key, n)
        return n

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

    @property
    def by_name(self) -> dict[str, list[int]]:
        """Exact (case-folded) names, for a query that names a party the screener cannot see
        (a registry holder or owner); built on the first such query."""
        if self._by_name is None:
            found: dict[str, list[int]] = {}
            for n, name in enumerate(self.names):
                found.setdefault(name.casefold().strip(), []).append(n)
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
