"""Response models: the CLI's JSON shapes (``tamga.ledger.views``), declared for OpenAPI.

Models allow extra keys, so a field the ledger adds later still reaches clients; the declared
ones are what clients may rely on.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from tamga.ledger.model import EventType
from tamga.ledger.views import TransitState


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class EventOutcome(BaseModel):
    index: int
    event_id: str | None = None
    status: Literal["accepted", "duplicate", "rejected"]
    seq: int | None = None
    late: bool | None = None
    field: str | None = None
    reason: str | None = None


class CaptureResult(BaseModel):
    accepted: int
    duplicate: int
    rejected: int
    results: list[EventOutcome]


class Lot(_Open):
    lot_id: str
    label: str | None = None
    time: str
    quantity_in: float
    remaining: float
    value: float | None = None
    origin_country: str | None = None
    declaration_no: str | None = None
    localization: float | None = None


class StockItem(_Open):
    goods_key: str
    hs_code: str
    brand: str | None = None
    unit: str
    quantity: float
    lots: list[Lot]


class Stock(_Open):
    holder: str
    items: list[StockItem]


class Origin(_Open):
    country: str | None = None
    quantity: float
    value: float
    unbacked: bool | None = None


class Source(_Open):
    import_declaration: str | None = None
    consignor: str | None = None
    origin_country: str | None = None
    kind: str
    quantity: float


class HolderPath(_Open):
    holders: list[str | None]
    hops: int
    quantity: float


class TraceLine(_Open):
    line_no: int
    event_id: str
    type: str
    holder: str | None = None
    country: str | None = None
    hs_code: str
    brand: str | None = None
    quantity: float
    unit: str
    value: float | None = None
    unbacked_quantity: float
    origins: list[Origin]
    sources: list[Source]
    paths: list[HolderPath]


class Trace(_Open):
    declaration_no: str
    type: str
    lines: list[TraceLine]


class Position(_Open):
    time: str | None = None
    location: str | None = None
    lat: float | None = None
    lon: float | None = None


class TransitSummary(_Open):
    transit_id: str
    state: TransitState
    office_of_departure: str | None = None
    office_of_destination: str | None = None
    destination_country: str | None = None
    carrier: str | None = None
    vehicle: str | None = None
    seals: list[str] = []
    start_time: str | None = None
    deadline: str | None = None
    end_time: str | None = None
    end_office: str | None = None
    reason: str | None = None
    checkpoints: int | None = None
    last_position: Position | None = None
    lines: list[dict[str, Any]] = []


class TimelineStep(_Open):
    seq: int
    event_id: str
    type: str
    time: str
    location: str


class TransitDetail(TransitSummary):
    timeline: list[TimelineStep]


class EventRow(_Open):
    seq: int
    event_id: str
    type: EventType
    time: str
    location: str
    holder: str | None = None
    counterparty: str | None = None
    declaration_no: str | None = None
    transit_id: str | None = None
    late: bool
    event: dict[str, Any]


class TokenInfo(_Open):
    token_id: str
    role: str
    holder: str | None = None
    office: str | None = None
    name: str | None = None
    created: str
    revoked: str | None = None
    active: bool


class NewToken(TokenInfo):
    token: str  # shown once


class AuditEntry(_Open):
    id: int
    time: str
    actor: str
    role: str
    action: str
    target: str | None = None
    detail: Any = None


class Me(_Open):
    token_id: str
    role: str
    holder: str | None = None
    office: str | None = None
    name: str | None = None
