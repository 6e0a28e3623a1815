"""The event vocabulary: the contract every producer of events (border posts, warehouses,
traders, the simulator, EPCIS capture) writes to. Names here are part of the public contract."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Annotated, Any, Generic, Literal, Self, TypeVar, overload

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    field_validator,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, core_schema

from tamga.ledger.vocabulary import UNITS, countries, currencies

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
    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, frozen=True, defer_build=True
    )


_T = TypeVar("_T")


class _Cached(Generic[_T]):
    """A value computed from a frozen model on first read, then read from the instance's
    ``__dict__``: ``functools.cached_property`` without the lock it takes on Python 3.11, which
    costs more than the goods key it would cache. No field, so no dump or schema shows it."""

    def __init__(self, func: Callable[[Any], _T]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    @overload
    def __get__(self, instance: None, owner: type[Any] | None = None) -> Self: ...
    @overload
    def __get__(self, instance: object, owner: type[Any] | None = None) -> _T: ...
    def __get__(self, instance: object | None, owner: type[Any] | None = None) -> Self | _T:
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.func(instance)
        return value


def _country(value: str) -> str:
    code = value.upper()
    if code not in countries():
        raise ValueError(f"unknown country code {value!r} (ISO 3166-1 alpha-2 expected)")
    return code


def _currency(value: str) -> str:
    if value.upper() not in currencies():
        raise ValueError(f"unknown currency {value!r} (ISO 4217 expected)")
    return value.upper()


def _unit(value: str) -> str:
    if value not in UNITS:
        raise ValueError(f"unknown unit {value!r} (a UN/ECE Rec. 20 code such as C62, KGM)")
    return value


class _CodeCheck(dict[str, str]):
    """A code check as a validator that costs no Python call for a code already as it should be.

    Every well-formed code maps to itself, so pydantic-core's call of ``__getitem__`` returns it
    from C; any other value (lower case, unknown) reaches ``__missing__``, which is the check
    written in Python: it normalizes the value or raises its ``ValueError``, as it always did.
    The codes are filled in at the first miss (the first code validated), not at import.
    """

    def __init__(self, codes: Callable[[], Iterable[str]], check: Callable[[str], str]) -> None:
        super().__init__()
        self.codes, self.check = codes, check
        self.filled = False

    def __missing__(self, value: str) -> str:
        if not self.filled:
            self.update((code, code) for code in self.codes())
            self.filled = True
            if value in self:
                return self[value]
        return self.check(value)


Country = Annotated[str, AfterValidator(_CodeCheck(countries, _country).__getitem__)]
Unit = Annotated[str, AfterValidator(_CodeCheck(UNITS.keys, _unit).__getitem__)]
Currency = Annotated[str, AfterValidator(_CodeCheck(currencies, _currency).__getitem__)]

Code = Annotated[str, Field(min_length=1, max_length=120)]


#: a time with its offset that is also a time in UTC: ``9999-12-31T23:59:59-12:00`` is a valid
#: ISO 8601 text, but no datetime holds it in UTC (where every time is stored and compared), and
#: its conversion crashed. The bounds are compared by pydantic-core, offsets included, without
#: a Python call; the plausible window (``tamga.ledger.clock``) is narrower and checked after.
class _TimeText:
    """A time given as ISO 8601 text: a number (seconds since 1970?) or a bool is refused
    rather than read as a time. A text step first, then pydantic's own datetime parsing, both
    in pydantic-core; a datetime object (built in Python) is taken as it is."""

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.chain_schema(
            [
                core_schema.union_schema(
                    [
                        core_schema.is_instance_schema(datetime),
                        core_schema.str_schema(strict=True),
                    ],
                    custom_error_type="value_error",
                    custom_error_context={
                        "error": "a time is ISO 8601 text with a UTC offset, not a number"
                    },
                ),
                handler(source),
            ]
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return handler(core_schema.datetime_schema())


Moment = Annotated[
    AwareDatetime,
    Field(
        gt=datetime(1, 1, 2, tzinfo=UTC),
        lt=datetime(9999, 12, 30, tzinfo=UTC),
    ),
    _TimeText(),
]


#: the largest quantity, value or weight a goods line may carry: far beyond any real
#: declaration, and small enough that no sum of the lines a ledger holds overflows to inf
MAX_AMOUNT = 1e15

#: a number on the wire: a JSON number, not ``"12"`` nor ``true`` (a CSV's text is converted
#: before validation); finite, so that the live lot and the log (which cannot hold inf) agree
Amount = Annotated[float, Field(strict=True, ge=0, le=MAX_AMOUNT, allow_inf_nan=False)]


class _PositiveFinite:
    """A quantity that must be finite and greater than 0, checked by pydantic-core itself.

    The number is parsed as a plain float first (so that a value which is no number gets the
    usual message), then checked with the same message a Python validator would give, without
    the call into Python that one costs for every goods line. The JSON schema stays a number's.
    """

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.chain_schema(
            [
                handler(source),
                core_schema.custom_error_schema(
                    core_schema.float_schema(gt=0, le=MAX_AMOUNT, allow_inf_nan=False),
                    custom_error_type="value_error",
                    custom_error_context={
                        "error": f"quantity must be a number greater than 0, at most {MAX_AMOUNT:g}"
                    },
                ),
            ]
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return handler(core_schema.float_schema())


class Party(_Strict):
    """A foreign party on a declaration (consignor of an import, consignee of an export)."""

    id: Code
    name: Annotated[str, Field(min_length=1, max_length=300)]
    country: Country


class GoodsLine(_Strict):
    """One goods line. ``quantity`` is in ``unit`` (UN/ECE Rec. 20); values in ``currency``."""

    model_config = ConfigDict(ignored_types=(_Cached,))

    line_no: Annotated[int, Field(ge=1)]
    hs_code: Annotated[str, Field(pattern=r"^[0-9]{6,10}$")]
    description: str | None = None
    brand: str | None = None
    gtin: Annotated[str, Field(pattern=r"^[0-9]{8,14}$")] | None = None
    quantity: Annotated[float, Field(strict=True), _PositiveFinite()]
    unit: Unit
    net_kg: Amount | None = None
    value: Amount | None = None
    # checked inside the optional: an absent code (as on most lines) is never looked at
    currency: Currency | None = None
    origin_country: Country | None = None
    lot: Annotated[str, Field(min_length=1, max_length=120)] | None = None

    @_Cached
    def goods_key(self) -> str:
        """Stock is kept per goods key: the GTIN, else HS-6 and brand, else HS-6.

        Cached (ingest reads it several times per line): the value lives in the instance's
        ``__dict__`` but is no field, so dumps, equality and hashing never see it.
        """
        if self.gtin:
            return f"gtin:{self.gtin}"
        if self.brand:
            return f"hs:{self.hs_code[:6]}|{normalize_brand(self.brand)}"
        return f"hs:{self.hs_code[:6]}"

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        copied = super().model_copy(update=update, deep=deep)
        if update:
            copied.__dict__.pop("goods_key", None)  # may depend on the updated fields
        return copied


class AdjustmentLine(GoodsLine):
    """An adjustment line: quantity is signed (write-off negative, found stock positive)."""

    quantity: Annotated[float, Field(strict=True)]

    @field_validator("quantity")
    @classmethod
    def _nonzero(cls, value: float) -> float:
        if value == 0 or value != value or abs(value) > MAX_AMOUNT:
            raise ValueError(
                f"quantity must be a finite, non-zero number of at most {MAX_AMOUNT:g} either way"
            )
        return value


def normalize_brand(brand: str) -> str:
    """Brands in goods keys: case and spacing folded, so 'LG ' and 'lg' are one key."""
    return " ".join(brand.upper().split())


def _unique_line_numbers(lines: list[GoodsLine], name: str) -> None:
    numbers = [line.line_no for line in lines]
    if len(numbers) > 1 and len(set(numbers)) != len(numbers):
        twice = next(n for n in numbers if numbers.count(n) > 1)
        raise ValueError(f"{name}: line_no {twice} appears twice")


#: the most goods lines one event may carry (inputs and outputs each): an EAEU declaration
#: holds up to 999 items, a transit manifest a few thousand; a bound keeps one request from
#: holding the store's write lock for minutes
MAX_LINES = 10_000


class EventBase(_Strict):
    event_id: Annotated[str, Field(min_length=1, max_length=200)]
    time: Moment
    location: Code
    reported_by: str | None = None
    lines: Annotated[list[GoodsLine], Field(max_length=MAX_LINES)] = Field(default_factory=list)

    @model_validator(mode="after")
    def _lines_ok(self) -> Self:
        if len(self.lines) > 1:
            _unique_line_numbers(self.lines, "lines")
        return self


class _NeedsLines(EventBase):
    lines: Annotated[list[GoodsLine], Field(min_length=1, max_length=MAX_LINES)]


class ImportEvent(_NeedsLines):
    """Release for free circulation: creates lots in the consignee's stock."""

    type: Literal["import"]
    declaration_no: Code
    consignor: Party
    consignee: Code
    dispatch_country: Country


class TransitStart(_NeedsLines):
    type: Literal["transit_start"]
    transit_id: Code
    carrier: Code
    vehicle: str | None = None
    seals: list[str] = Field(default_factory=list)
    office_of_departure: Code
    office_of_destination: Code
    destination_country: Country
    deadline: Moment

    @model_validator(mode="after")
    def _deadline_after_start(self) -> TransitStart:
        if self.deadline <= self.time:
            raise ValueError("deadline must be after the transit's start time")
        return self


class Checkpoint(EventBase):
    """A passage at an office of transit, or a navigation-seal position report."""

    type: Literal["checkpoint"]
    transit_id: Code
    lat: Annotated[float, Field(strict=True, ge=-90, le=90)] | None = None
    lon: Annotated[float, Field(strict=True, ge=-180, le=180)] | None = None


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
    def _lines_ok(self) -> Self:
        # replaces EventBase's: one call into Python per transfer rather than two
        if len(self.lines) > 1:
            _unique_line_numbers(self.lines, "lines")
        if self.seller == self.buyer:
            raise ValueError("seller and buyer are the same holder")
        return self


class TransformationEvent(EventBase):
    """Assembly or processing: inputs consumed from the holder's stock, outputs produced."""

    type: Literal["transformation"]
    holder: Code
    inputs: Annotated[list[GoodsLine], Field(min_length=1, max_length=MAX_LINES)]
    outputs: Annotated[list[GoodsLine], Field(min_length=1, max_length=MAX_LINES)]

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
    destination_country: Country
    office_of_exit: Code


class AdjustmentEvent(EventBase):
    type: Literal["adjustment"]
    holder: Code
    reason: Annotated[str, Field(min_length=1)]
    lines: Annotated[list[AdjustmentLine], Field(min_length=1, max_length=MAX_LINES)]  # type: ignore[assignment]


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
