"""The EPCIS 2.0 standard query parameters (SimpleEventQuery subset), parsed and canonicalised.

Values are brought to the same canonical form the store keeps (CBV web URIs, Digital Links, UTC
millisecond times), so ``EQ_bizStep=shipping`` and ``...BizStep-shipping`` are one query and an
EPC URN finds events captured with Digital Links. Unknown parameters and malformed values are
refused with the parameter named, never ignored: a silently dropped filter returns too much.
"""

from __future__ import annotations

import base64
import hashlib
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import orjson
from lxml import etree

from tamga.epcis import vocabulary as voc
from tamga.epcis.documents import EVENT_TYPES
from tamga.epcis.event_hash import canonical_time, canonical_value, in_utc
from tamga.epcis.validation import _DATETIME
from tamga.errors import InvalidInput

MAX_PER_PAGE = 1000
DEFAULT_PER_PAGE = 30

_TIME_PARAMS = {"GE_eventTime", "LT_eventTime", "GE_recordTime", "LT_recordTime"}
_QUANTITY_PARAMS = {"EQ_quantity", "GT_quantity", "GE_quantity", "LT_quantity", "LE_quantity"}
BIZ_TRANSACTION_PREFIX = "EQ_bizTransaction_"


def _refuse(name: str, reason: str) -> InvalidInput:
    return InvalidInput(reason, record="query", field=name)


@dataclass
class EventQuery:
    """A parsed SimpleEventQuery. Empty lists mean 'no constraint'."""

    event_types: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    biz_steps: list[str] = field(default_factory=list)
    dispositions: list[str] = field(default_factory=list)
    read_points: list[str] = field(default_factory=list)
    biz_locations: list[str] = field(default_factory=list)
    match_epc: list[str] = field(default_factory=list)
    match_any_epc: list[str] = field(default_factory=list)
    match_epc_class: list[str] = field(default_factory=list)
    match_parent_id: list[str] = field(default_factory=list)
    biz_transactions: dict[str, list[str]] = field(default_factory=dict)
    times: dict[str, str] = field(default_factory=dict)  # GE_eventTime → canonical time
    quantity: dict[str, float] = field(default_factory=dict)  # "GE" → bound, one element
    order_by: str = "seq"  # seq (capture order), eventTime or recordTime
    descending: bool = False
    per_page: int = DEFAULT_PER_PAGE
    event_count_limit: int | None = None
    next_page_token: str | None = None

    def fingerprint(self) -> str:
        """Identifies the filter (not the page), so a token is not reused with other filters."""
        data = {k: v for k, v in self.__dict__.items() if k not in ("next_page_token", "per_page")}
        return hashlib.sha256(orjson.dumps(data, option=orjson.OPT_SORT_KEYS)).hexdigest()[:16]


def _values(name: str, value: Any) -> list[str]:
    items = value if isinstance(value, list | tuple) else [value]
    out: list[str] = []
    for item in items:
        if not isinstance(item, str | int | float) or isinstance(item, bool):
            raise _refuse(name, "expected a string or a list of strings")
        out.extend(v.strip() for v in str(item).split(",") if v.strip())
    if not out:
        raise _refuse(name, "no value given")
    return out


def _single(name: str, value: Any) -> str:
    values = _values(name, value)
    if len(values) != 1:
        raise _refuse(name, "expected one value")
    return values[0]


def _int(name: str, value: Any, low: int, high: int) -> int:
    try:
        number = int(_single(name, value))
    except ValueError:
        raise _refuse(name, "expected an integer") from None
    if not low <= number <= high:
        raise _refuse(name, f"must be between {low} and {high}")
    return number


def _vocab(name: str, kind: str, values: list[str]) -> list[str]:
    try:
        return [voc.web_uri(kind, v) for v in values]
    except ValueError as exc:
        raise _refuse(name, str(exc)) from None


def parse_query(params: Mapping[str, Any]) -> EventQuery:
    """An EventQuery from URL parameters or a JSON query body (values: str or list of str)."""
    q = EventQuery()
    for name, value in params.items():
        if name == "eventType":
            q.event_types = _values(name, value)
            for kind in q.event_types:
                if kind not in EVENT_TYPES:
                    raise _refuse(name, f"unknown event type {kind!r}")
        elif name == "EQ_action":
            q.actions = _values(name, value)
            for action in q.actions:
                if action not in voc.ACTIONS:
                    raise _refuse(name, f"{action!r} is not ADD, OBSERVE or DELETE")
        elif name == "EQ_bizStep":
            q.biz_steps = _vocab(name, "bizStep", _values(name, value))
        elif name == "EQ_disposition":
            q.dispositions = _vocab(name, "disposition", _values(name, value))
        elif name in ("EQ_readPoint", "EQ_bizLocation", "MATCH_epc", "MATCH_anyEPC"):
            canonical = [canonical_value(v) for v in _values(name, value)]
            attr = {
                "EQ_readPoint": "read_points",
                "EQ_bizLocation": "biz_locations",
                "MATCH_epc": "match_epc",
                "MATCH_anyEPC": "match_any_epc",
            }[name]
            setattr(q, attr, canonical)
        elif name == "MATCH_epcClass":
            q.match_epc_class = [canonical_value(v) for v in _values(name, value)]
        elif name == "MATCH_parentID":
            q.match_parent_id = [canonical_value(v) for v in _values(name, value)]
        elif name.startswith(BIZ_TRANSACTION_PREFIX):
            kind = name[len(BIZ_TRANSACTION_PREFIX) :]
            if not kind:
                raise _refuse(name, "the business transaction type is missing")
            uri = _vocab(name, "bizTransactionType", [kind])[0]
            q.biz_transactions[uri] = [canonical_value(v) for v in _values(name, value)]
        elif name in _TIME_PARAMS:
            moment = _single(name, value)
            if not _DATETIME.match(moment) or not in_utc(moment):
                raise _refuse(name, f"{moment!r} is not an ISO 8601 date-time with a time zone")
            q.times[name] = canonical_time(moment)
        elif name in _QUANTITY_PARAMS:
            try:
                number = float(_single(name, value))
            except ValueError:
                raise _refuse(name, "expected a number") from None
            if not math.isfinite(number):
                raise _refuse(name, "expected a finite number")
            q.quantity[name[:2]] = number
        elif name == "perPage":
            q.per_page = _int(name, value, 1, MAX_PER_PAGE)
        elif name == "eventCountLimit":
            q.event_count_limit = _int(name, value, 1, 10**9)
        elif name == "nextPageToken":
            q.next_page_token = _single(name, value)
        elif name == "orderBy":
            order = _single(name, value)
            if order not in ("eventTime", "recordTime"):
                raise _refuse(name, "orderBy must be eventTime or recordTime")
            q.order_by = order
        elif name == "orderDirection":
            direction = _single(name, value)
            if direction not in ("ASC", "DESC"):
                raise _refuse(name, "orderDirection must be ASC or DESC")
            q.descending = direction == "DESC"
        elif name in ("@context", "queryName"):
            continue
        else:
            raise _refuse(name, f"unknown or unsupported query parameter {name!r}")
    return q


# ---------------------------------------------------------------- page tokens


def encode_token(query: EventQuery, key: list[Any]) -> str:
    raw = orjson.dumps({"f": query.fingerprint(), "k": key})
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_token(query: EventQuery) -> list[Any] | None:
    token = query.next_page_token
    if token is None:
        return None
    try:
        data = orjson.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        key = data["k"]
        fingerprint = data["f"]
    except (ValueError, KeyError, TypeError, orjson.JSONDecodeError):
        raise _refuse("nextPageToken", "not a page token issued by this service") from None
    if fingerprint != query.fingerprint() or not isinstance(key, list) or len(key) != 3:
        raise _refuse("nextPageToken", "the token belongs to a different query")
    value, seq, served = key
    if not (
        isinstance(value, str | int)
        and not isinstance(value, bool)
        and all(type(n) is int and 0 <= n < 2**63 for n in (seq, served))
        and (not isinstance(value, int) or 0 <= value < 2**63)
    ):
        raise _refuse("nextPageToken", "not a page token issued by this service")
    return key


# ---------------------------------------------------------------- XML Poll bodies


def parse_xml_poll(data: bytes | str) -> EventQuery:
    """A SimpleEventQuery from an EPCIS XML ``Poll`` (queryName and params)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True)
    try:
        root = etree.fromstring(data.encode() if isinstance(data, str) else data, parser)
    except etree.XMLSyntaxError as exc:
        raise _refuse("body", f"not well-formed XML: {exc}") from None
    poll = next((e for e in root.iter() if str(e.tag).rsplit("}", 1)[-1] == "Poll"), None)
    if poll is None:
        raise _refuse("Poll", "no Poll element")
    name = poll.findtext("queryName")
    if not name:
        raise _refuse("queryName", "a Poll needs a queryName")
    if name != "SimpleEventQuery":
        raise _refuse("queryName", f"unsupported query {name!r} (SimpleEventQuery only)")
    params: dict[str, Any] = {}
    for param in poll.iter("param"):
        pname = param.findtext("name")
        value = param.find("value")
        if not pname or value is None:
            raise _refuse(pname or "param", "a param needs a name and a value")
        strings = [s.text or "" for s in value.iter("string")]
        params[pname] = strings if strings else (value.text or "").strip()
    return parse_query(params)
