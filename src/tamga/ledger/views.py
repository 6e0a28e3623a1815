"""The shapes the ledger's queries answer with: stock, trace and transits.

They are TypedDicts because the answer is the JSON contract itself: the CLI prints it, the API
validates it into its response models (``tamga.api.models``, which document the same fields for
OpenAPI), the policy reads a transit as a mapping and the risk part adds its keys to a trace.
A TypedDict lets mypy check every key at no cost at run time (nor at start-up).
"""

from __future__ import annotations

from typing import Any, Literal, NotRequired, Required, TypedDict

from tamga.ledger.model import EventType

#: a transit's state; "overdue" is derived (open past its deadline at the ledger clock)
TransitState = Literal["open", "overdue", "discharged", "diverted"]


class EventColumns(TypedDict):
    """The columns of an event's stored row that every listing of events shows."""

    seq: int
    event_id: str
    type: EventType
    time: str
    location: str
    holder: str | None
    counterparty: str | None
    declaration_no: str | None
    transit_id: str | None


class LotView(TypedDict):
    lot_id: str
    label: str | None
    time: str
    quantity_in: float
    remaining: float
    value: float | None
    origin_country: str | None
    declaration_no: str | None
    localization: float | None


class StockItem(TypedDict):
    goods_key: str
    hs_code: str
    brand: str | None
    unit: str
    quantity: float
    lots: list[LotView]


class Stock(TypedDict):
    holder: str
    items: list[StockItem]


class Origin(TypedDict):
    country: str | None
    quantity: float
    value: float
    unbacked: NotRequired[bool]


class Source(TypedDict):
    import_declaration: str | None
    consignor: str | None
    origin_country: str | None
    kind: str
    quantity: float


class HolderPath(TypedDict):
    #: the holders the goods passed, the importer first (``policy.redact_trace`` blanks those a
    #: trader may not see)
    holders: list[str]
    hops: int
    quantity: float


class Provenance(TypedDict):
    """Where the goods of a line came from, three ways (``provenance.summarize``)."""

    origins: list[Origin]
    sources: list[Source]
    paths: list[HolderPath]


class TraceLine(Provenance):
    line_no: int
    event_id: str
    type: str
    holder: str | None
    country: str | None
    hs_code: str
    brand: str | None
    quantity: float
    unit: str
    value: float | None
    unbacked_quantity: float


class TraceAnnotation(TypedDict, total=False):
    """What another part adds to a trace (the risk part: the channel and hold)."""

    channel: str | None
    hold: bool
    risk_score: float | None


class Trace(TraceAnnotation):
    declaration_no: Required[str]
    type: Required[str]
    lines: Required[list[TraceLine]]


class Position(TypedDict):
    time: str | None
    location: str | None
    lat: float | None
    lon: float | None


class TransitView(TypedDict):
    transit_id: str
    state: TransitState
    office_of_departure: str
    office_of_destination: str
    destination_country: str
    carrier: str
    vehicle: str | None
    seals: list[str]
    start_time: str
    deadline: str
    end_time: str | None
    end_office: str | None
    reason: str | None
    checkpoints: int
    last_position: Position
    lines: list[dict[str, Any]]


class TimelineStep(TypedDict):
    """An event of a transit; a checkpoint's lat/lon and a sale's parties where it has them."""

    seq: int
    event_id: str
    type: str
    time: str
    location: str
    lat: NotRequired[float]
    lon: NotRequired[float]
    seller: NotRequired[str]
    buyer: NotRequired[str]
    invoice_no: NotRequired[str]


class TransitDetail(TransitView):
    timeline: list[TimelineStep]


class LedgerSummary(TypedDict):
    """``tamga summary``: what the ledger holds, its clock and the head of its hash chain."""

    events: int
    by_type: dict[str, int]
    lots: int
    unbacked_quantity: float
    late_events: int
    transits: dict[str, int]
    clock: str | None
    head: str


class RecordError(TypedDict):
    record: str | None
    field: str | None
    reason: str


class IngestSummary(TypedDict):
    """``tamga ingest --json``: the outcomes counted, and each refused record's reason."""

    accepted: int
    duplicate: int
    rejected: int
    late: int
    errors: list[RecordError]
