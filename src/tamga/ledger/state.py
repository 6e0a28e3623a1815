"""The mutable things the ledger keeps: lots (the virtual warehouse) and transits."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any, cast

from tamga.ledger.provenance import Component
from tamga.ledger.views import TransitState

EPS = 1e-9

#: transit states that are stored; "overdue" is derived from the deadline and the ledger's clock
OPEN, DISCHARGED, DIVERTED = "open", "discharged", "diverted"
TRANSIT_STATES = (OPEN, "overdue", DISCHARGED, DIVERTED)


@dataclass(slots=True)
class Lot:
    """A quantity of goods a holder took in by one event line, and what is left of it."""

    lot_id: str
    holder: str
    goods_key: str
    unit: str
    hs_code: str
    brand: str | None
    label: str
    seq: int
    time: str
    qty_in: float
    remaining: float
    value: float | None
    origin_country: str | None
    declaration_no: str | None
    consignor: str | None
    localization: float | None
    components: list[Component]
    is_new: bool = False
    dirty: bool = False

    @property
    def fifo_key(self) -> tuple[str, int, str]:
        return (self.time, self.seq, self.lot_id)


def _fifo_key(lot: Lot) -> tuple[str, int, str]:
    return lot.fifo_key


@dataclass(slots=True)
class Transit:
    """A transit under customs control, from its office of departure to its destination."""

    transit_id: str
    state: str
    start_seq: int
    start_time: str
    deadline: str
    office_of_departure: str
    office_of_destination: str
    destination_country: str
    carrier: str
    vehicle: str | None
    seals: list[str]
    lines: list[dict[str, Any]]
    end_time: str | None = None
    end_office: str | None = None
    last_time: str | None = None
    last_location: str | None = None
    last_lat: float | None = None
    last_lon: float | None = None
    checkpoints: int = 0
    reason: str | None = None
    is_new: bool = False
    dirty: bool = False

    def state_as_of(self, as_of: str | None) -> TransitState:
        """The stored state, or "overdue" for an open transit past its deadline at ``as_of``."""
        if self.state == OPEN and as_of is not None and self.deadline < as_of:
            return "overdue"
        return cast(TransitState, self.state)  # the store holds only the three stored states


@dataclass
class WorkingState:
    """The part of the ledger one batch of events can touch, loaded from the store.

    The store fills it before a batch (``lots_by_key`` for the holders and goods keys the batch
    draws from, ``lots_by_label`` for named lots, ``transits`` for named transits); the engine
    mutates it; the store writes back what is new or dirty. ``loaded_keys`` are the keys whose
    open lots were all loaded: a key that only receives new lots holds just those.
    """

    lots_by_key: dict[tuple[str, str, str], list[Lot]] = field(default_factory=dict)
    loaded_keys: set[tuple[str, str, str]] = field(default_factory=set)
    lots_by_label: dict[tuple[str, str], Lot | None] = field(default_factory=dict)
    transits: dict[str, Transit | None] = field(default_factory=dict)
    new_lots: list[Lot] = field(default_factory=list)
    #: per key, how many of its first lots are known to be used up: a draw starts after them,
    #: so the lines of one event drawing one key cost linear time, not quadratic
    spent: dict[tuple[str, str, str], int] = field(default_factory=dict)

    def add_loaded_lot(self, lot: Lot) -> None:
        self.lots_by_key.setdefault((lot.holder, lot.goods_key, lot.unit), []).append(lot)
        self.lots_by_label[(lot.holder, lot.label)] = lot

    def sort_loaded(self) -> None:
        for lots in self.lots_by_key.values():
            lots.sort(key=lambda lot: lot.fifo_key)

    def find_lot(self, holder: str, label: str) -> Lot | None:
        return self.lots_by_label.get((holder, label))

    def add_lot(self, lot: Lot) -> None:
        lot.is_new = True
        key = (lot.holder, lot.goods_key, lot.unit)
        lots = self.lots_by_key.setdefault(key, [])
        if not lots or lots[-1].fifo_key <= lot.fifo_key:
            lots.append(lot)  # events mostly arrive in time order
        else:
            # out of order (a late event; or line 10 of an event after its line 9, whose lot
            # ids sort as text): a binary search, not a list of every key per lot
            at = bisect.bisect_right(lots, lot.fifo_key, key=_fifo_key)
            lots.insert(at, lot)
            if at < self.spent.get(key, 0):
                self.spent[key] = at
        self.lots_by_label[(lot.holder, lot.label)] = lot
        self.new_lots.append(lot)

    def dirty_lots(self) -> list[Lot]:
        seen: dict[str, Lot] = {}
        for lots in self.lots_by_key.values():
            for lot in lots:
                if lot.dirty and not lot.is_new:
                    seen[lot.lot_id] = lot
        for maybe in self.lots_by_label.values():
            if maybe is not None and maybe.dirty and not maybe.is_new:
                seen[maybe.lot_id] = maybe
        return list(seen.values())

    def changed_transits(self) -> tuple[list[Transit], list[Transit]]:
        new = [t for t in self.transits.values() if t is not None and t.is_new]
        dirty = [t for t in self.transits.values() if t is not None and t.dirty and not t.is_new]
        return new, dirty
