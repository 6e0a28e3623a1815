"""The event vocabulary: the contract every producer of events (border posts, warehouses,
traders, the simulator, EPCIS capture) writes to. Names here are part of the public contract."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator, model_validator

from tamga.ledger.vocabulary import COUNTRIES, CURRENCIES, UNITS

EventType = Literal[
    "import",
    "transit_start",
    "checkpoint",
    "transit_end",
    "transfer",
    "transformation",
    "export",
    "adjustment",
]

EVENT_TYPES: tuple[str, ...] = EventType.__args__  # type: ignore[attr-defined]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


def _country(value: str | None) -> str | None:
    if value is None:
        return None
    code = value.upper()
    if code not in COUNTRIES:
        raise ValueError(f"unknown country code {value!r} (ISO 3166-1 alpha-2 expected)")
    return code


Code = Annotated[str, Field(min_length=1, max_length=120)]


class Party(_Strict):
    """A foreign party on a declaration (consignor of an import, consignee of an export)."""

    id: Code
    name: Annotated[str, Field(min_length=1, max_length=300)]
    country: str

    _check_country = field_validator("country")(_country)


class GoodsLine(_Strict):
    """One goods line. ``quantity`` is in ``unit`` (UN/ECE Rec. 20); values in ``currency``."""

    line_no: Annotated[int, Field(ge=1)]
    hs_code: Annotated[str, Field(pattern=r"^[0-9]{6,10}$")]
    description: str | None = None
    brand: str | None = None
    gtin: Annotated[str, Field(pattern=r"^[0-9]{8,14}$")] | None = None
    quantity: float
    unit: str
    net_kg: Annotated[float, Field(ge=0)] | None = None
    value: Annotated[float, Field(ge=0)] | None = None
    currency: str | None = None
    origin_country: str | None = None
    lot: Annotated[str, Field(min_length=1, max_length=120)] | None = None

    _check_origin = field_validator("origin_country")(_country)

    @field_validator("quantity")
    @classmethod
    def _positive(cls, value: float) -> float:
        if not value > 0 or value != value or value == float("inf"):
            raise ValueError("quantity must be a finite number greater than 0")
        return value

    @field_validator("unit")
    @classmethod
    def _unit(cls, value: str) -> str:
        if value not in UNITS:
            raise ValueError(f"unknown unit {value!r} (a UN/ECE Rec. 20 code such as C62, KGM)")
        return value

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str | None) -> str | None:
        if value is not None and value.upper() not in CURRENCIES:
            raise ValueError(f"unknown currency {value!r} (ISO 4217 expected)")
        return value.upper() if value else value

    @property
    def goods_key(self) -> str:
        """Stock is kept per goods key: the GTIN, else HS-6 and brand, else HS-6."""
        if self.gtin:
            return f"gtin:{self.gtin}"
        if self.brand:
            return f"hs:{self.hs_code[:6]}|{normalize_brand(self.brand)}"
        return f"hs:{self.hs_code[:6]}"


class AdjustmentLine(GoodsLine):
    """An adjustment line: quantity is signed (write-off negative, found stock positive)."""

    @field_validator("quantity")
    @classmethod
    def _positive(cls, value: float) -> float:
        if value == 0 or value != value or abs(value) == float("inf"):
            raise ValueError("quantity must be a finite, non-zero number")
        return value


def normalize_brand(brand: str) -> str:
    """Brands in goods keys: case and spacing folded, so 'LG ' and 'lg' are one key."""
    return " ".join(brand.upper().split())


def _unique_line_numbers(lines: list[GoodsLine], name: str) -> None:
    numbers = [line.line_no for line in lines]
    if len(numbers) > 1 and len(set(numbers)) != len(numbers):
        twice = next(n for n in numbers if numbers.count(n) > 1)
        raise ValueError(f"{name}: line_no {twice} appears twice")


class EventBase(_Strict):
    event_id: Annotated[str, Field(min_length=1, max_length=200)]
    time: AwareDatetime
    location: Code
    reported_by: str | None = None
    lines: list[GoodsLine] = Field(default_factory=list)

    @model_validator(mode="after")
    def _lines_ok(self) -> EventBase:
        _unique_line_numbers(self.lines, "lines")
        return self


class _NeedsLines(EventBase):
    lines: Annotated[list[GoodsLine], Field(min_length=1)]


class ImportEvent(_NeedsLines):
    """Release for free circulation: creates lots in the consignee's stock."""

    type: Literal["import"]
    declaration_no: Code
    consignor: Party
    consignee: Code
    dispatch_country: str

    _check_dispatch = field_validator("dispatch_country")(_country)


class TransitStart(_NeedsLines):
    type: Literal["transit_start"]
    transit_id: Code
    carrier: Code
    vehicle: str | None = None
    seals: list[str] = Field(default_factory=list)
    office_of_departure: Code
    office_of_destination: Code
    destination_country: str
    deadline: AwareDatetime

    _check_dest = field_validator("destination_country")(_country)

    @model_validator(mode="after")
    def _deadline_after_start(self) -> TransitStart:
        if self.deadline <= self.time:
            raise ValueError("deadline must be after the transit's start time")
        return self


class Checkpoint(EventBase):
    """A passage at an office of transit, or a navigation-seal position report."""

    type: Literal["checkpoint"]
    transit_id: Code
    lat: Annotated[float, Field(ge=-90, le=90)] | None = None
    lon: Annotated[float, Field(ge=-180, le=180)] | None = None


class TransitEnd(EventBase):
    type: Literal["transit_end"]
    transit_id: Code


class TransferEvent(_NeedsLines):
    """A domestic sale (e-invoice / waybill): stock moves from seller to buyer."""

    type: Literal["transfer"]
    seller: Code
    buyer: Code
    invoice_no: Code

    @model_validator(mode="after")
    def _distinct(self) -> TransferEvent:
        if self.seller == self.buyer:
            raise ValueError("seller and buyer are the same holder")
        return self


class TransformationEvent(EventBase):
    """Assembly or processing: inputs consumed from the holder's stock, outputs produced."""

    type: Literal["transformation"]
    holder: Code
    inputs: Annotated[list[GoodsLine], Field(min_length=1)]
    outputs: Annotated[list[GoodsLine], Field(min_length=1)]

    @model_validator(mode="after")
    def _io_ok(self) -> TransformationEvent:
        _unique_line_numbers(self.inputs, "inputs")
        _unique_line_numbers(self.outputs, "outputs")
        return self


class ExportEvent(_NeedsLines):
    type: Literal["export"]
    declaration_no: Code
    exporter: Code
    consignee: Party
    destination_country: str
    office_of_exit: Code

    _check_dest = field_validator("destination_country")(_country)


class AdjustmentEvent(EventBase):
    type: Literal["adjustment"]
    holder: Code
    reason: Annotated[str, Field(min_length=1)]
    lines: Annotated[list[AdjustmentLine], Field(min_length=1)]  # type: ignore[assignment]


Event = Annotated[
    ImportEvent
    | TransitStart
    | Checkpoint
    | TransitEnd
    | TransferEvent
    | TransformationEvent
    | ExportEvent
    | AdjustmentEvent,
    Field(discriminator="type"),
]


def event_holders(event: Event) -> list[str]:
    """Domestic holders whose stock or data an event touches (for scoping and loading)."""
    match event:
        case ImportEvent():
            return [event.consignee]
        case TransferEvent():
            return [event.seller, event.buyer]
        case ExportEvent():
            return [event.exporter]
        case TransformationEvent() | AdjustmentEvent():
            return [event.holder]
        case _:
            return []


def event_time_key(event: Event) -> datetime:
    return event.time
