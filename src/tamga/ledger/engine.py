"""Apply events to the working state: the virtual warehouse, transits and provenance.

Each ``apply`` first checks everything that could make the event unacceptable against the
current state, and only then mutates it, so a refused event leaves no trace. The result of an
applied event (:class:`Applied`) carries its goods lines with their drawn provenance and the
transit it changed: the store writes it, the risk engine reads it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from tamga.errors import EventRejected
from tamga.ledger.model import (
    EVENT_TYPES,
    AdjustmentEvent,
    Checkpoint,
    Event,
    ExportEvent,
    GoodsLine,
    ImportEvent,
    TransferEvent,
    TransformationEvent,
    TransitEnd,
    TransitStart,
)
from tamga.ledger.provenance import FOUND, IMPORT, TRANSIT, UNBACKED, Component, Parts
from tamga.ledger.state import DISCHARGED, DIVERTED, EPS, OPEN, Lot, Transit, WorkingState

_ZERO = timedelta(0)
_DAYS: dict[date, str] = {}  # ISO text of recent days: events of a batch share a few


def utc_text(moment: datetime) -> str:
    """Times are stored as UTC ISO text, which sorts as time on every store."""
    tz = moment.tzinfo
    if tz is not None and tz.utcoffset(moment) == _ZERO:
        # already UTC (nearly every event): the same text at half the cost of the general way
        day = moment.date()
        day_text = _DAYS.get(day)
        if day_text is None:
            if len(_DAYS) >= 1024:
                _DAYS.clear()
            day_text = _DAYS[day] = day.isoformat()
        return f"{day_text}T{moment.time().isoformat('microseconds')}+00:00"
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


@dataclass(slots=True)
class LineResult:
    """One goods line as applied: what it drew, what it could not, where it came from."""

    role: str  # line | input | output
    line: GoodsLine
    holder: str | None
    lot_id: str | None = None
    unbacked: float = 0.0
    parts: Parts | None = None
    localization: float | None = None


@dataclass(slots=True)
class Applied:
    """An event as the ledger took it: its place in the log and its effects."""

    event: Event
    seq: int
    time: str
    late: bool
    lines: list[LineResult] = field(default_factory=list)
    transit: Transit | None = None
    transit_change: str | None = None  # started | moved | discharged | diverted | ...

    @property
    def unbacked(self) -> float:
        return sum(r.unbacked for r in self.lines)


class Engine:
    """The ledger's rules, over a :class:`WorkingState` the store loaded for this batch."""

    def __init__(self, state: WorkingState, home_country: str) -> None:
        self.state = state
        self.home_country = home_country

    # -- the one entry point -------------------------------------------------------------
    def apply(self, event: Event, seq: int, late: bool = False) -> Applied:
        applied = Applied(event, seq, utc_text(event.time), late)
        _HANDLERS[event.type](self, event, applied)
        return applied

    # -- checks shared by several event types ----------------------------------------------
    def _named_lot(self, holder: str, line: GoodsLine, where: str, event: Event) -> Lot | None:
        if line.lot is None:
            return None
        lot = self.state.find_lot(holder, line.lot)
        if lot is None:
            raise EventRejected(
                f"lot {line.lot!r} is not held by {holder}",
                record=event.event_id,
                field=f"{where}[line_no={line.line_no}].lot",
            )
        return lot

    def _transit(self, transit_id: str, event: Event) -> Transit:
        transit = self.state.transits.get(transit_id)
        if transit is None:
            raise EventRejected(
                f"unknown transit {transit_id!r}", record=event.event_id, field="transit_id"
            )
        return transit

    # -- stock ---------------------------------------------------------------------------
    def _draw(
        self, holder: str, line: GoodsLine, named: Lot | None, need: float | None = None
    ) -> tuple[Parts, float, list[tuple[str, float]]]:
        """Take ``need`` (default: the line's quantity) first in, first out from the holder's lots
        of the line's goods, or from the lot the line names: the parts drawn, the shortfall, and
        the lots drawn from with the quantity taken from each."""
        if need is None:
            need = line.quantity
        parts = Parts()
        items = parts.items
        used: list[tuple[str, float]] = []
        lots: Sequence[Lot]
        start = 0
        stock_key = (holder, line.goods_key, line.unit)
        spent = self.state.spent
        if named is not None:
            lots = (named,)
        else:
            lots = self.state.lots_by_key.get(stock_key, ())
            start = spent.get(stock_key, 0)
        for at in range(start, len(lots)):  # by index: the used-up head is never walked again
            lot = lots[at]
            if need <= EPS:
                break
            remaining = lot.remaining
            if remaining <= EPS:
                continue
            take = remaining if remaining < need else need
            remaining -= take
            lot.remaining = 0.0 if remaining <= EPS else remaining
            lot.dirty = True
            need -= take
            # the lot's share of each of its components (inlined: this runs for every lot drawn)
            for kind, country, declaration, consignor, path, frac, vpu in lot.components:
                key = (kind, country, declaration, consignor, path)
                slot = items.get(key)
                if slot is None:
                    items[key] = [frac * take, vpu * take]
                else:
                    slot[0] += frac * take
                    slot[1] += vpu * take
            used.append((lot.lot_id, take))
        if named is None and used:
            # the lots used up at the head of the key's list are skipped by later draws
            whole = self.state.lots_by_key[stock_key]
            end = len(whole)
            while start < end and whole[start].remaining <= EPS:
                start += 1
            spent[stock_key] = start
        shortfall = need if need > EPS else 0.0
        if shortfall:
            parts.add((UNBACKED, None, None, None, (holder,)), shortfall, 0.0)
        return parts, shortfall, used

    def _new_lot(
        self,
        applied: Applied,
        holder: str,
        line: GoodsLine,
        label: str,
        components: list[Component],
        *,
        declaration_no: str | None = None,
        consignor: str | None = None,
        localization: float | None = None,
        role: str = "line",
    ) -> Lot:
        # positional: keyword arguments make this call three times as expensive
        lot = Lot(
            f"{applied.event.event_id}#{role}{line.line_no}",  # lot_id
            holder,
            line.goods_key,
            line.unit,
            line.hs_code,
            line.brand,
            label,
            applied.seq,
            applied.time,
            line.quantity,  # qty_in
            line.quantity,  # remaining
            line.value,
            line.origin_country,
            declaration_no,
            consignor,
            localization,
            components,
        )
        self.state.add_lot(lot)
        return lot

    # -- event types ---------------------------------------------------------------------
    def _apply_import(self, event: ImportEvent, applied: Applied) -> None:
        consignee = event.consignee
        by_label = self.state.lots_by_label
        labels: list[str] = []
        for line in event.lines:
            label = line.lot or f"{event.declaration_no}/{line.line_no}"
            if by_label.get((consignee, label)) is not None:
                raise EventRejected(
                    f"lot {label!r} already exists for {consignee}",
                    record=event.event_id,
                    field=f"lines[line_no={line.line_no}].lot",
                )
            labels.append(label)
        consignor = event.consignor.id
        declaration_no = event.declaration_no
        path = (consignee,)
        results = applied.lines
        for i, line in enumerate(event.lines):
            vpu = (line.value or 0.0) / line.quantity
            component = tuple.__new__(  # Component(...) without its Python-level __new__
                Component, (IMPORT, line.origin_country, declaration_no, consignor, path, 1.0, vpu)
            )
            lot = self._new_lot(
                applied,
                consignee,
                line,
                labels[i],
                [component],
                declaration_no=declaration_no,
                consignor=consignor,
            )
            results.append(LineResult("line", line, consignee, lot.lot_id))

    def _apply_transfer(self, event: TransferEvent, applied: Applied) -> None:
        seller, buyer = event.seller, event.buyer
        # what each line draws from: the seller's stock (None), a lot it names, or a transit
        sources: list[Lot | Transit | None] = []
        for line in event.lines:
            if line.lot is not None and self.state.find_lot(seller, line.lot) is None:
                transit = self.state.transits.get(line.lot)
                if transit is not None:
                    sources.append(transit)
                    continue
            sources.append(self._named_lot(seller, line, "lines", event))
        results = applied.lines
        for i, line in enumerate(event.lines):  # (zip(strict=True) costs more than indexing)
            source = sources[i]
            if isinstance(source, Transit):
                parts = Parts()
                shortfall = line.quantity
                parts.add(
                    (TRANSIT, line.origin_country, source.transit_id, None, (seller,)),
                    shortfall,
                    0.0,
                )
                self._divert(source, applied, f"goods sold domestically by {seller}")
            else:
                parts, shortfall, _ = self._draw(seller, line, source)
            lot = self._new_lot(
                applied,
                buyer,
                line,
                f"{event.invoice_no}/{line.line_no}",
                parts.extended_components(buyer, line.quantity),
            )
            results.append(LineResult("line", line, seller, lot.lot_id, shortfall, parts))

    def _apply_export(self, event: ExportEvent, applied: Applied) -> None:
        exporter = event.exporter
        named = [self._named_lot(exporter, line, "lines", event) for line in event.lines]
        results = applied.lines
        for i, line in enumerate(event.lines):
            parts, shortfall, used = self._draw(exporter, line, named[i])
            lot_id = used[0][0] if len(used) == 1 else None
            results.append(LineResult("line", line, exporter, lot_id, shortfall, parts))

    def _apply_adjustment(self, event: AdjustmentEvent, applied: Applied) -> None:
        named = {
            line.line_no: self._named_lot(event.holder, line, "lines", event)
            for line in event.lines
            if line.quantity < 0
        }
        for line in event.lines:
            if line.quantity > 0:
                component = Component(
                    FOUND,
                    line.origin_country,
                    None,
                    None,
                    (event.holder,),
                    1.0,
                    (line.value or 0.0) / line.quantity,
                )
                lot = self._new_lot(
                    applied, event.holder, line, f"{event.event_id}/{line.line_no}", [component]
                )
                applied.lines.append(LineResult("line", line, event.holder, lot_id=lot.lot_id))
            else:
                parts, shortfall, _ = self._draw(
                    event.holder, line, named.get(line.line_no), -line.quantity
                )
                applied.lines.append(
                    LineResult("line", line, event.holder, unbacked=shortfall, parts=parts)
                )

    def _apply_transformation(self, event: TransformationEvent, applied: Applied) -> None:
        named = {
            line.line_no: self._named_lot(event.holder, line, "inputs", event)
            for line in event.inputs
        }
        draws: list[tuple[GoodsLine, Parts]] = []
        for line in event.inputs:
            parts, shortfall, _ = self._draw(event.holder, line, named[line.line_no])
            draws.append((line, parts))
            applied.lines.append(
                LineResult("input", line, event.holder, unbacked=shortfall, parts=parts)
            )
        # inputs weigh by their declared value, else by the origin value they carry, else equally
        weights = [line.value if line.value is not None else parts.value for line, parts in draws]
        if sum(weights) <= 0:
            weights = [1.0] * len(draws)
        total_w = sum(weights)
        mix = Parts()
        localization = 0.0
        for (_line, parts), weight in zip(draws, weights, strict=True):
            share = weight / total_w
            qty = parts.quantity
            if qty > 0:
                mix.merge(parts, qty_factor=share / qty, value_factor=1.0)
            localization += share * parts.share_from(self.home_country)
        out_values = [line.value or 0.0 for line in event.outputs]
        total_out = sum(out_values)
        for line, value in zip(event.outputs, out_values, strict=True):
            vshare = value / total_out if total_out > 0 else 1.0 / len(event.outputs)
            out_parts = Parts()
            out_parts.merge(mix, qty_factor=line.quantity, value_factor=vshare)
            lot = self._new_lot(
                applied,
                event.holder,
                line,
                f"{event.event_id}/{line.line_no}",
                out_parts.components(line.quantity),
                localization=localization,
                role="output",
            )
            applied.lines.append(
                LineResult(
                    "output",
                    line,
                    event.holder,
                    lot_id=lot.lot_id,
                    parts=out_parts,
                    localization=localization,
                )
            )

    # -- transits ------------------------------------------------------------------------
    def _apply_transit_start(self, event: TransitStart, applied: Applied) -> None:
        if self.state.transits.get(event.transit_id) is not None:
            # the same words whoever started it: the reply must not tell that it exists
            raise EventRejected(
                f"transit_id {event.transit_id!r} is not available for this event",
                record=event.event_id,
                field="transit_id",
            )
        transit = Transit(
            transit_id=event.transit_id,
            state=OPEN,
            start_seq=applied.seq,
            start_time=applied.time,
            deadline=utc_text(event.deadline),
            office_of_departure=event.office_of_departure,
            office_of_destination=event.office_of_destination,
            destination_country=event.destination_country,
            carrier=event.carrier,
            vehicle=event.vehicle,
            seals=list(event.seals),
            lines=[line.model_dump(exclude_none=True) for line in event.lines],
            last_time=applied.time,
            last_location=event.location,
            is_new=True,
        )
        self.state.transits[event.transit_id] = transit
        applied.transit, applied.transit_change = transit, "started"
        for line in event.lines:
            applied.lines.append(LineResult("line", line, None))

    def _apply_checkpoint(self, event: Checkpoint, applied: Applied) -> None:
        transit = self._transit(event.transit_id, event)
        if transit.end_time is not None and applied.time > transit.end_time:
            # a passage reported after the transit ended (one dated before its end, arriving
            # late, is still its history)
            raise EventRejected(
                f"transit {event.transit_id!r} had ended before this checkpoint",
                record=event.event_id,
                field="time",
            )
        transit.checkpoints += 1
        if transit.last_time is None or applied.time >= transit.last_time:
            transit.last_time = applied.time
            transit.last_location = event.location
            if event.lat is not None and event.lon is not None:
                transit.last_lat, transit.last_lon = event.lat, event.lon
        transit.dirty = True
        applied.transit, applied.transit_change = transit, "moved"

    def _apply_transit_end(self, event: TransitEnd, applied: Applied) -> None:
        transit = self._transit(event.transit_id, event)
        if transit.end_time is not None:
            raise EventRejected(
                f"transit {event.transit_id!r} already ended at {transit.end_office}",
                record=event.event_id,
                field="transit_id",
            )
        transit.end_time = applied.time
        transit.end_office = event.location
        transit.last_time, transit.last_location = applied.time, event.location
        transit.dirty = True
        applied.transit = transit
        if event.location == transit.office_of_destination and transit.state == OPEN:
            transit.state = DISCHARGED
            applied.transit_change = "discharged"
        elif event.location != transit.office_of_destination:
            self._divert(
                transit,
                applied,
                f"ended at {event.location}, declared destination {transit.office_of_destination}",
            )

    def _divert(self, transit: Transit, applied: Applied, reason: str) -> None:
        transit.state = DIVERTED
        transit.reason = f"{transit.reason}; {reason}" if transit.reason else reason
        transit.dirty = True
        applied.transit, applied.transit_change = transit, "diverted"


#: event type → handler, looked up once (unbound: an Engine holding its own bound methods would
#: be a reference cycle, kept alive with its whole working state while ingest pauses the GC)
_HANDLERS: dict[str, Callable[[Engine, Any, Applied], None]] = {
    name: getattr(Engine, f"_apply_{name}") for name in EVENT_TYPES
}
