"""Validation of EPCIS 2.0 events and documents, self-contained (no schema files at run time).

Structural rules (required fields, types, allowed members) are Pydantic models of the EPCIS 2.0
JSON binding; semantic rules are the ones a JSON schema cannot say: CBV vocabulary for business
steps, dispositions and transaction/source/destination types, and that ILMD and user extension
fields carry a namespace. XML documents are checked for unknown standard elements and for the
header elements' order before being validated in their JSON form. Every refusal names the event
(its position and type) and the field.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from lxml import etree
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictFloat,
    StrictInt,
    ValidationError,
    field_validator,
    model_validator,
)

from tamga.epcis import vocabulary as voc
from tamga.epcis.documents import EVENT_TYPES, Document, RawEvent
from tamga.epcis.event_hash import in_utc
from tamga.errors import InvalidInput

_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$")
_OFFSET = re.compile(r"^[+-]\d{2}:\d{2}$")
_UOM = re.compile(r"^[A-Z0-9]{2,3}$")


class EventInvalid(InvalidInput):
    """An EPCIS event that breaks the standard; ``errors`` lists every problem found."""

    def __init__(self, message: str, *, record: str, field: str, errors: list[dict[str, str]]):
        super().__init__(message, record=record, field=field)
        self.errors = errors


def _datetime(value: str) -> str:
    if not _DATETIME.match(value):
        raise ValueError(f"{value!r} is not an ISO 8601 date-time with a time zone")
    if not in_utc(value):
        raise ValueError(f"{value!r} is not a date-time that exists in UTC")
    return value


def _namespaced(key: str) -> bool:
    return key.startswith("@") or (":" in key and not key.startswith(":"))


def _check_extensions(extra: dict[str, Any] | None, where: str) -> None:
    for key in extra or {}:
        if not _namespaced(key):
            raise ValueError(
                f"unknown field {key!r} in {where}: extension fields need a namespace prefix"
            )


def _vocab(kind: str):  # type: ignore[no-untyped-def]
    def check(value: str | None) -> str | None:
        if value is not None:
            voc.standard_word(kind, value)
        return value

    return check


class _Open(BaseModel):
    """Standard members are typed; any other member must be a namespaced extension."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    @model_validator(mode="after")
    def _extensions(self) -> _Open:
        _check_extensions(self.model_extra, type(self).__name__)
        return self


Number = StrictInt | StrictFloat


class QuantityElement(BaseModel):
    model_config = ConfigDict(extra="forbid")

    epcClass: Annotated[str, Field(min_length=1)]
    quantity: Number | None = None
    uom: str | None = None

    @field_validator("uom")
    @classmethod
    def _uom(cls, value: str | None) -> str | None:
        if value is not None and not _UOM.match(value):
            raise ValueError(f"{value!r} is not a UN/ECE Recommendation 20 unit code")
        return value

    @model_validator(mode="after")
    def _uom_needs_quantity(self) -> QuantityElement:
        if self.uom is not None and self.quantity is None:
            raise ValueError("uom given without quantity")
        return self


class Place(_Open):
    id: Annotated[str, Field(min_length=1)]


class BizTransaction(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: str | None = None
    bizTransaction: Annotated[str, Field(min_length=1)]

    _t = field_validator("type")(_vocab("bizTransactionType"))


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: str
    source: Annotated[str, Field(min_length=1)]

    _t = field_validator("type")(_vocab("sourceDestType"))


class Destination(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: str
    destination: Annotated[str, Field(min_length=1)]

    _t = field_validator("type")(_vocab("sourceDestType"))


class PersistentDisposition(BaseModel):
    model_config = ConfigDict(extra="forbid")

    set: list[str] = Field(default_factory=list)
    unset: list[str] = Field(default_factory=list)

    @field_validator("set", "unset")
    @classmethod
    def _dispositions(cls, values: list[str]) -> list[str]:
        for value in values:
            voc.standard_word("disposition", value)
        return values


class ErrorDeclaration(_Open):
    declarationTime: str
    reason: str | None = None
    correctiveEventIDs: list[str] = Field(default_factory=list)

    _t = field_validator("declarationTime")(_datetime)
    _r = field_validator("reason")(_vocab("errorReason"))


class SensorMetadata(_Open):
    time: str | None = None
    startTime: str | None = None
    endTime: str | None = None
    deviceID: str | None = None
    deviceMetadata: str | None = None
    rawData: str | None = None
    dataProcessingMethod: str | None = None
    bizRules: str | None = None

    @field_validator("time", "startTime", "endTime")
    @classmethod
    def _times(cls, value: str | None) -> str | None:
        return _datetime(value) if value is not None else value


class SensorReport(_Open):
    """``type`` is optional here: OpenEPCIS's valid examples omit it and the EPCIS 2.0 standard
    (§7.3.8.2) marks it optional; the GS1 JSON schema's ``required`` is the stricter reading."""

    type: str | None = None
    exception: str | None = None
    deviceID: str | None = None
    deviceMetadata: str | None = None
    rawData: str | None = None
    dataProcessingMethod: str | None = None
    time: str | None = None
    microorganism: str | None = None
    chemicalSubstance: str | None = None
    value: Number | None = None
    component: str | None = None
    stringValue: str | None = None
    booleanValue: bool | None = None
    hexBinaryValue: str | None = None
    uriValue: str | None = None
    minValue: Number | None = None
    maxValue: Number | None = None
    meanValue: Number | None = None
    sDev: Number | None = None
    percRank: Number | None = None
    percValue: Number | None = None
    uom: str | None = None
    coordinateReferenceSystem: str | None = None
    bizRules: str | None = None  # not in the standard, but in GS1's and OpenEPCIS's examples


class SensorElement(_Open):
    sensorMetadata: SensorMetadata | None = None
    sensorReport: Annotated[list[SensorReport], Field(min_length=1)]


class EventBase(_Open):
    eventTime: str
    eventTimeZoneOffset: str
    recordTime: str | None = None
    eventID: str | None = None
    certificationInfo: str | list[str] | None = None
    errorDeclaration: ErrorDeclaration | None = None
    bizStep: str | None = None
    disposition: str | None = None
    persistentDisposition: PersistentDisposition | None = None
    readPoint: Place | None = None
    bizLocation: Place | None = None
    bizTransactionList: list[BizTransaction] = Field(default_factory=list)
    sourceList: list[Source] = Field(default_factory=list)
    destinationList: list[Destination] = Field(default_factory=list)
    sensorElementList: list[SensorElement] = Field(default_factory=list)

    _times = field_validator("eventTime", "recordTime")(
        lambda v: _datetime(v) if v is not None else v
    )
    _step = field_validator("bizStep")(_vocab("bizStep"))
    _disp = field_validator("disposition")(_vocab("disposition"))

    @field_validator("eventTimeZoneOffset")
    @classmethod
    def _offset(cls, value: str) -> str:
        if not _OFFSET.match(value):
            raise ValueError(f"{value!r} is not a time zone offset like +05:00")
        return value


class _WithIlmd(EventBase):
    ilmd: dict[str, Any] | None = None

    @field_validator("ilmd")
    @classmethod
    def _ilmd(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        _check_extensions(value, "ilmd")
        return value


Action = Literal["ADD", "OBSERVE", "DELETE"]


class ObjectEvent(_WithIlmd):
    type: Literal["ObjectEvent"]
    action: Action
    epcList: list[str] = Field(default_factory=list)
    quantityList: list[QuantityElement] = Field(default_factory=list)

    @model_validator(mode="after")
    def _identifies(self) -> ObjectEvent:
        sensed = bool(self.sensorElementList) and self.readPoint is not None
        if "epcList" not in self.model_fields_set and not self.quantityList and not sensed:
            raise ValueError(
                "an ObjectEvent needs epcList, quantityList, or sensor data with a readPoint"
            )
        if self.ilmd is not None and self.action != "ADD":
            raise ValueError("ilmd is only allowed on an ObjectEvent with action ADD")
        return self


class AggregationEvent(EventBase):
    type: Literal["AggregationEvent"]
    action: Action
    parentID: str | None = None
    childEPCs: list[str] = Field(default_factory=list)
    childQuantityList: list[QuantityElement] = Field(default_factory=list)


class TransactionEvent(EventBase):
    type: Literal["TransactionEvent"]
    action: Action
    parentID: str | None = None
    epcList: list[str] = Field(default_factory=list)
    quantityList: list[QuantityElement] = Field(default_factory=list)
    bizTransactionList: Annotated[list[BizTransaction], Field(min_length=1)]


class TransformationEvent(_WithIlmd):
    type: Literal["TransformationEvent"]
    transformationID: str | None = None
    inputEPCList: list[str] = Field(default_factory=list)
    inputQuantityList: list[QuantityElement] = Field(default_factory=list)
    outputEPCList: list[str] = Field(default_factory=list)
    outputQuantityList: list[QuantityElement] = Field(default_factory=list)

    @model_validator(mode="after")
    def _io(self) -> TransformationEvent:
        has_in = self.inputEPCList or self.inputQuantityList
        has_out = self.outputEPCList or self.outputQuantityList
        if not (has_in or has_out or self.transformationID):
            raise ValueError("a TransformationEvent needs inputs, outputs or a transformationID")
        return self


class AssociationEvent(EventBase):
    type: Literal["AssociationEvent"]
    action: Action
    parentID: str
    childEPCs: list[str] = Field(default_factory=list)
    childQuantityList: list[QuantityElement] = Field(default_factory=list)


MODELS: dict[str, type[EventBase]] = {
    "ObjectEvent": ObjectEvent,
    "AggregationEvent": AggregationEvent,
    "TransactionEvent": TransactionEvent,
    "TransformationEvent": TransformationEvent,
    "AssociationEvent": AssociationEvent,
}


def _loc(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def validate_event(event: dict[str, Any], index: int = 0) -> EventBase:
    """The validated model of one event, or EventInvalid naming the event and the field."""
    kind = event.get("type")
    record = f"event {index} ({kind})" if isinstance(kind, str) else f"event {index}"
    if kind not in MODELS:
        raise EventInvalid(
            f"unknown eventType {kind!r} (one of {', '.join(EVENT_TYPES)})",
            record=record,
            field="type",
            errors=[{"field": "type", "reason": f"unknown eventType {kind!r}"}],
        )
    try:
        return MODELS[str(kind)].model_validate(event)
    except ValidationError as exc:
        errors = []
        for err in exc.errors():
            path = _loc(tuple(p for p in err["loc"] if not str(p).startswith("function-")))
            message = str(err["msg"]).removeprefix("Value error, ")
            errors.append({"field": path or "event", "reason": message})
        first = errors[0]
        raise EventInvalid(
            first["reason"], record=record, field=first["field"], errors=errors
        ) from None
    except ValueError as exc:  # raised outside pydantic's wrapping
        raise EventInvalid(
            str(exc), record=record, field="event", errors=[{"field": "event", "reason": str(exc)}]
        ) from exc


# ---------------------------------------------------------------- documents

_HEADER = ["eventTime", "recordTime", "eventTimeZoneOffset", "eventID", "errorDeclaration"]
_HEADER += ["certificationInfo"]
_XML_FIELDS = {
    "ObjectEvent": {"epcList", "action", "quantityList", "ilmd"},
    "AggregationEvent": {"parentID", "childEPCs", "action", "childQuantityList"},
    "TransactionEvent": {"bizTransactionList", "parentID", "epcList", "action", "quantityList"},
    "TransformationEvent": {"inputEPCList", "inputQuantityList", "outputEPCList"}
    | {"outputQuantityList", "transformationID", "ilmd"},
    "AssociationEvent": {"parentID", "childEPCs", "childQuantityList", "action"},
}
_XML_COMMON = {"bizStep", "disposition", "persistentDisposition", "readPoint", "bizLocation"}
_XML_COMMON |= {"bizTransactionList", "sourceList", "destinationList", "sensorElementList"}
_XML_COMMON |= set(_HEADER) | {"extension", "baseExtension"}


def _xml_children(element: etree._Element) -> list[etree._Element]:
    out: list[etree._Element] = []
    for child in element:
        if not isinstance(child.tag, str):
            continue
        if child.tag in ("extension", "baseExtension"):
            out.extend(_xml_children(child))
        else:
            out.append(child)
    return out


def check_xml_event(element: etree._Element, index: int) -> None:
    """XML-only rules: no unknown un-namespaced element, header elements first and in order."""
    kind = str(element.tag).rsplit("}", 1)[-1]
    record = f"event {index} ({kind})"
    allowed = _XML_FIELDS.get(kind, set()) | _XML_COMMON
    seen_body = False
    last_header = -1
    for child in _xml_children(element):
        tag = str(child.tag)
        if tag.startswith("{"):
            seen_body = True
            continue
        if tag not in allowed:
            raise EventInvalid(
                f"unknown element <{tag}> (extension elements need a namespace)",
                record=record,
                field=tag,
                errors=[{"field": tag, "reason": "unknown element"}],
            )
        if tag in _HEADER:
            rank = _HEADER.index(tag)
            if seen_body or rank < last_header:
                raise EventInvalid(
                    f"<{tag}> is out of order (the EPCIS XML schema's sequence puts "
                    + ", ".join(_HEADER)
                    + " first, in that order)",
                    record=record,
                    field=tag,
                    errors=[{"field": tag, "reason": "element out of order"}],
                )
            last_header = rank
        else:
            seen_body = True


#: the EPCIS 2.0 JSON-LD contexts (GS1's reference and its GitHub copies)
EPCIS_CONTEXTS = frozenset(
    {
        "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
        "https://ref.gs1.org/standards/epcis/epcis-context.jsonld",
        "https://gs1.github.io/EPCIS/epcis-context.jsonld",
        "https://gs1.github.io/EPCIS/epcis-context-simple.jsonld",
    }
)
SCHEMA_VERSIONS = ("2.0", "2.0.0")


def _check_context(context: Any) -> None:
    """``@context``: the EPCIS 2.0 context, alone or in a list with namespace maps (objects
    whose values are IRIs). A number, another context URL or anything else is refused."""
    items = context if isinstance(context, list) else [context]
    known = False
    for item in items:
        if isinstance(item, str):
            if item not in EPCIS_CONTEXTS:
                raise InvalidInput(f"unknown @context {item!r}", field="@context")
            known = True
        elif isinstance(item, dict):
            if not all(isinstance(k, str) and isinstance(v, str | dict) for k, v in item.items()):
                raise InvalidInput("a namespace map maps prefixes to IRIs", field="@context")
        else:
            raise InvalidInput("@context holds context URLs and namespace maps", field="@context")
    if not known:
        raise InvalidInput("@context must name the EPCIS 2.0 context", field="@context")


def validate_document(doc: Document) -> list[EventBase]:
    """Every event validated (all-or-nothing, as EPCIS capture is); the first problem raises."""
    if doc.syntax == "json" and doc.kind in ("EPCISDocument", "EPCISQueryDocument"):
        body = doc.raw if isinstance(doc.raw, dict) else {}
        if not body.get("@context"):
            raise InvalidInput("a JSON-LD EPCIS document needs @context", field="@context")
        _check_context(body["@context"])
        for key in ("schemaVersion", "creationDate"):
            if key not in body:
                raise InvalidInput(f"{doc.kind} needs {key}", field=key)
        if body["schemaVersion"] not in SCHEMA_VERSIONS:
            raise InvalidInput(
                f"schemaVersion {body['schemaVersion']!r} is not EPCIS 2.0 ('2.0')",
                field="schemaVersion",
            )
        creation = body["creationDate"]
        if not isinstance(creation, str) or not _DATETIME.match(creation) or not in_utc(creation):
            raise InvalidInput("not an ISO 8601 date-time", field="creationDate")
    if doc.syntax == "xml" and doc.raw is not None:
        from tamga.epcis.documents import xml_event_elements

        _, elements = xml_event_elements(doc.raw)
        for i, element in enumerate(elements):
            check_xml_event(element, i)
    return [validate_event(e.event, e.index) for e in doc.events]


def validated(event: RawEvent) -> EventBase:
    return validate_event(event.event, event.index)
