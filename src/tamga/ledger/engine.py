"""Apply events to the working state: the virtual warehouse, transits and provenance.

Each ``apply`` first checks everything that could make the event unacceptable against the
current state, and only then mutates it, so a refused event leaves no trace. The result of an
applied event (:class:`Applied`) carries its goods lines with their drawn provenance and the
transit it changed: the store writes it, the risk engine reads it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
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


def utc_text(moment: datetime) -> str:
    """Times are stored as UTC ISO text, which sorts as time on every store."""
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


@dataclass(slots=True)
class _Draw:
    parts: Parts
    shortfall: float
    lots: list[tuple[str, float]]


class Engine:
    """The ledger's rules, over a :class:`WorkingState` the store loaded for this batch."""

    def __init__(self, state: WorkingState, home_country: str = "KZ") -> None:
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
    def _draw(self, holder: str, line: GoodsLine, named: Lot | None) -> _Draw:
        need = line.quantity
        parts = Parts()
        used: list[tuple[str, float]] = []
        lots = (
            [named]
            if named is not None
            else self.state.open_lots(holder, line.goods_key, line.unit)
        )
        for lot in lots:
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
            parts.add_lot_share(lot.components, take)
            used.append((lot.lot_id, take))
        shortfall = need if need > EPS else 0.0
        if shortfall:
            parts.add((UNBACKED, None, None, None, (holder,)), shortfall, 0.0)
        return _Draw(parts, shortfall, used)

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
        lot = Lot(
            lot_id=f"{applied.event.event_id}#{role}{line.line_no}",
            holder=holder,
            goods_key=line.goods_key,
            unit=line.unit,
            hs_code=line.hs_code,
            brand=line.brand,
            label=label,
            seq=applied.seq,
            time=applied.time,
            qty_in=line.quantity,
            remaining=line.quantity,
            value=line.value,
            origin_country=line.origin_country,
            declaration_no=declaration_no,
            consignor=consignor,
            localization=localization,
            components=components,
        )
        self.state.add_lot(lot)
        return lot

    # -- event types ---------------------------------------------------------------------
    def _apply_import(self, event: ImportEvent, applied: Applied) -> None:
        for line in event.lines:
            if self.state.find_lot(event.consignee, self._import_label(event, line)) is not None:
                raise EventRejected(
                    f"lot {self._import_label(event, line)!r} already exists for {event.consignee}",
                    record=event.event_id,
                    field=f"lines[line_no={line.line_no}].lot",
                )
        consignor = event.consignor.id
        for line in event.lines:
            vpu = (line.value or 0.0) / line.quantity
            component = Component(
                IMPORT,
                line.origin_country,
                event.declaration_no,
                consignor,
                (event.consignee,),
                1.0,
                vpu,
            )
            lot = self._new_lot(
                applied,
                event.consignee,
                line,
                self._import_label(event, line),
                [component],
                declaration_no=event.declaration_no,
                consignor=consignor,
            )
            applied.lines.append(LineResult("line", line, event.consignee, lot_id=lot.lot_id))

    @staticmethod
    def _import_label(event: ImportEvent, line: GoodsLine) -> str:
        return line.lot or f"{event.declaration_no}/{line.line_no}"

    def _apply_transfer(self, event: TransferEvent, applied: Applied) -> None:
        named: dict[int, Lot | None] = {}
        from_transit: dict[int, Transit] = {}
        for line in event.lines:
            if line.lot is not None and self.state.find_lot(event.seller, line.lot) is None:
                transit = self.state.transits.get(line.lot)
                if transit is not None:
                    from_transit[line.line_no] = transit
                    continue
            named[line.line_no] = self._named_lot(event.seller, line, "lines", event)
        for line in event.lines:
            transit = from_transit.get(line.line_no)
            if transit is not None:
                draw = _Draw(Parts(), line.quantity, [])
                draw.parts.add(
                    (TRANSIT, line.origin_country, transit.transit_id, None, (event.seller,)),
                    line.quantity,
                    0.0,
                )
                self._divert(transit, applied, f"goods sold domestically by {event.seller}")
            else:
                draw = self._draw(event.seller, line, named.get(line.line_no))
            buyer_parts = draw.parts.extended(event.buyer)
            lot = self._new_lot(
                applied,
                event.buyer,
                line,
                f"{event.invoice_no}/{line.line_no}",
                buyer_parts.components(line.quantity),
            )
            applied.lines.append(
                LineResult(
                    "line",
                    line,
                    event.seller,
                    lot_id=lot.lot_id,
                    unbacked=draw.shortfall,
                    parts=draw.parts,
                )
            )

    def _apply_export(self, event: ExportEvent, applied: Applied) -> None:
        named = {
            line.line_no: self._named_lot(event.exporter, line, "lines", event)
            for line in event.lines
        }
        for line in event.lines:
            draw = self._draw(event.exporter, line, named[line.line_no])
            applied.lines.append(
                LineResult(
                    "line",
                    line,
                    event.exporter,
                    lot_id=draw.lots[0][0] if len(draw.lots) == 1 else None,
                    unbacked=draw.shortfall,
                    parts=draw.parts,
                )
            )

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
                positive = line.model_copy(update={"quantity": -line.quantity})
                draw = self._draw(event.holder, positive, named.get(line.line_no))
                applied.lines.append(
                    LineResult(
                        "line", line, event.holder, unbacked=draw.shortfall, parts=draw.parts
                    )
                )

    def _apply_transformation(self, event: TransformationEvent, applied: Applied) -> None:
        named = {
            line.line_no: self._named_lot(event.holder, line, "inputs", event)
            for line in event.inputs
        }
        draws: list[tuple[GoodsLine, _Draw]] = []
        for line in event.inputs:
            draw = self._draw(event.holder, line, named[line.line_no])
            draws.append((line, draw))
            applied.lines.append(
                LineResult("input", line, event.holder, unbacked=draw.shortfall, parts=draw.parts)
            )
        # inputs weigh by their declared value, else by the origin value they carry, else equally
        weights = [
            line.value if line.value is not None else draw.parts.value for line, draw in draws
        ]
        if sum(weights) <= 0:
            weights = [1.0] * len(draws)
        total_w = sum(weights)
        mix = Parts()
        localization = 0.0
        for (_line, draw), weight in zip(draws, weights, strict=True):
            share = weight / total_w
            qty = draw.parts.quantity
            if qty > 0:
                mix.merge(draw.parts, qty_factor=share / qty, value_factor=1.0)
            localization += share * draw.parts.share_from(self.home_country)
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
            raise EventRejected(
                f"transit {event.transit_id!r} was already started",
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
