"""The CBV 2.0 Event Hash ID: one identity for an EPCIS event however it was serialised.

An event (JSON-LD dict or XML element) is first turned into a neutral tree of
``Node(name, text, children)`` in which JSON and XML look alike (JSON's ``epcList: [..]`` becomes
``epcList/epc``, XML attributes become children, ``<extension>`` wrappers vanish, user extension
names become ``{namespace}local``). The tree is then written out as the canonical pre-hash string:
the standard fields in the CBV's fixed order, every list sorted, values canonicalised (EPC URNs
to Digital Links, CBV URNs and bare words to web URIs, timestamps to UTC milliseconds, numbers
without redundant zeros), and everything not named in the order (ILMD, business transactions,
sources, destinations, user extensions) appended sorted. ``recordTime``, ``eventID`` and
``errorDeclaration`` do not take part: a correction or a re-capture must not change the identity.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from lxml import etree

from tamga.epcis import digital_link

CBV = "https://ref.gs1.org/cbv/"
GS1_VOC = "https://gs1.org/voc/"
_NEW_GS1_VOC = "https://ref.gs1.org/voc/"  # the same vocabulary at its newer address

# Default prefixes of the EPCIS 2.0 JSON-LD context.
JSON_PREFIXES = {
    "gs1": GS1_VOC,
    "cbv": CBV,
    "cbvmda": "urn:epcglobal:cbv:mda:",
    "epcis": "https://ref.gs1.org/epcis/",
}
VALUE_PREFIXES = {"gs1:": GS1_VOC, "cbv:": CBV}

# Fields whose value may be a bare CBV word ("shipping") standing for a web URI.
_BARE_WORDS = {
    "bizStep": CBV + "BizStep-",
    "disposition": CBV + "Disp-",
    "set": CBV + "Disp-",
    "unset": CBV + "Disp-",
    "component": CBV + "Comp-",
    "reason": CBV + "ER-",
    "type@bizTransaction": CBV + "BTT-",
    "type@source": CBV + "SDT-",
    "type@destination": CBV + "SDT-",
    "type@sensorReport": GS1_VOC,
    "exception": GS1_VOC,
}
_CBV_URNS = {
    "urn:epcglobal:cbv:bizstep:": CBV + "BizStep-",
    "urn:epcglobal:cbv:disp:": CBV + "Disp-",
    "urn:epcglobal:cbv:btt:": CBV + "BTT-",
    "urn:epcglobal:cbv:sdt:": CBV + "SDT-",
    "urn:epcglobal:cbv:er:": CBV + "ER-",
}
Order = list[tuple[str, "Order | None"]]
IGNORED = frozenset({"recordTime", "eventID", "errorDeclaration"})
_QUANTITY: Order = [("epcClass", None), ("quantity", None), ("uom", None)]
_SENSOR_METADATA = ["time", "startTime", "endTime", "deviceID", "deviceMetadata", "rawData"]
_SENSOR_METADATA += ["dataProcessingMethod", "bizRules"]
_SENSOR_REPORT = ["type", "exception", "deviceID", "deviceMetadata", "rawData"]
_SENSOR_REPORT += ["dataProcessingMethod", "time", "microorganism", "chemicalSubstance", "value"]
_SENSOR_REPORT += ["component", "stringValue", "booleanValue", "hexBinaryValue", "uriValue"]
_SENSOR_REPORT += ["minValue", "maxValue", "meanValue", "sDev", "percRank", "percValue", "uom"]
_SENSOR_REPORT += ["coordinateReferenceSystem"]


# The canonical property order (CBV 2.0 §8.9). Names not listed are appended, sorted.
PROPERTY_ORDER: Order = [
    ("eventTime", None),
    ("eventTimeZoneOffset", None),
    ("certificationInfo", None),
    ("epcList", [("epc", None)]),
    ("parentID", None),
    ("inputEPCList", [("epc", None)]),
    ("childEPCs", [("epc", None)]),
    ("quantityList", [("quantityElement", _QUANTITY)]),
    ("childQuantityList", [("quantityElement", _QUANTITY)]),
    ("inputQuantityList", [("quantityElement", _QUANTITY)]),
    ("outputEPCList", [("epc", None)]),
    ("outputQuantityList", [("quantityElement", _QUANTITY)]),
    ("action", None),
    ("transformationID", None),
    ("bizStep", None),
    ("disposition", None),
    ("persistentDisposition", [("set", None), ("unset", None)]),
    ("readPoint", [("id", None)]),
    ("bizLocation", [("id", None)]),
    (
        "sensorElementList",
        [
            (
                "sensorElement",
                [
                    ("sensorMetadata", [(n, None) for n in _SENSOR_METADATA]),
                    ("sensorReport", [(n, None) for n in _SENSOR_REPORT]),
                ],
            )
        ],
    ),
]
# Typed pairs: written "type=<type><name>=<value>", the type first.
_TYPED = {"bizTransaction", "source", "destination"}


@dataclass
class Node:
    name: str
    text: str = ""
    children: list[Node] = field(default_factory=list)


# ---------------------------------------------------------------- value canonicalisation


_TIME = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$"
)


def canonical_time(value: str) -> str:
    """UTC at millisecond precision (half-up), e.g. ``2020-03-04T10:00:30.000Z``."""
    from datetime import datetime, timedelta, timezone

    m = _TIME.match(value.strip())
    if not m:
        return value
    year, month, day, hour, minute = (int(g) for g in m.groups()[:5])
    seconds = int(m.group(6) or 0)
    fraction = Decimal(m.group(7) or "0")
    millis = int((fraction * 1000).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    zone = m.group(8) or "Z"
    offset = timedelta(0)
    if zone != "Z":
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        offset = sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    try:
        moment = datetime(year, month, day, hour, minute, seconds, tzinfo=timezone(offset))
        moment = moment.astimezone(UTC) + timedelta(milliseconds=millis)
    except (ValueError, OverflowError):  # no such day, or no such time in UTC (9999, -12:00)
        return value
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def in_utc(value: str) -> bool:
    """Whether an ISO 8601 date-time names a real moment that UTC can hold: the day exists,
    the offset is within ±14:00, and the offset does not carry it past year 1 or 9999."""
    m = _TIME.match(value.strip())
    if not m:
        return False
    zone = m.group(8) or "Z"
    if zone != "Z":
        digits = zone[1:].replace(":", "")
        if int(digits[:2]) > 14 or int(digits[2:]) > 59:
            return False
    return canonical_time(value).endswith("Z")


def canonical_number(value: str) -> str:
    try:
        number = float(value)
    except ValueError:
        return value
    if number != number or number in (float("inf"), float("-inf")):
        return value
    return str(int(number)) if number == int(number) else str(number)


def canonical_value(value: str) -> str:
    if value.startswith(_NEW_GS1_VOC):
        value = GS1_VOC + value[len(_NEW_GS1_VOC) :]
    for urn, uri in _CBV_URNS.items():
        if value.startswith(urn):
            value = uri + value[len(urn) :]
            break
    value = canonical_number(value)
    return digital_link.normalise(value) or value


def _is_time_field(name: str) -> bool:
    lowered = name.lower()
    return "time" in lowered and "offset" not in lowered and not name.startswith("{")


# ---------------------------------------------------------------- pre-hash string


def _wrap(path: list[str], node: Node) -> Node:
    for name in reversed(path):
        node = Node(name, "", [node])
    return node


def _node_string(node: Node, order: Order | None, path: list[str], spill: list[Node]) -> str:
    text = node.text.strip()
    if text:
        text = canonical_time(text) if _is_time_field(node.name) else canonical_value(text)
    if node.name in _TYPED:
        kind = next((c.text for c in node.children if c.name == "type"), "")
        rest = [c for c in node.children if c.name != "type"]
        head = (f"type={canonical_value(kind)}" if kind else "") + f"{node.name}={text}"
        return head + _remainder(rest)
    if order:
        inner = _ordered(node.children, order, [*path, node.name], spill)
    else:
        inner = _remainder(node.children)
    if not text and not inner:
        return ""
    return node.name + (f"={text}" if text else "") + inner


def _ordered(children: list[Node], order: Order, path: list[str], spill: list[Node]) -> str:
    """Ordered fields first. Inside a structure, a namespaced extension stays in place while
    an unknown standard-looking field is moved to the event's remainder with its path."""
    out: list[str] = []
    left = list(children)
    for name, sub in order:
        matching = [c for c in left if c.name == name]
        left = [c for c in left if c.name != name]
        out.extend(sorted(s for c in matching if (s := _node_string(c, sub, path, spill))))
    if path:
        spill.extend(_wrap(path, c) for c in left if not c.name.startswith("{"))
        return "".join(out) + _remainder([c for c in left if c.name.startswith("{")])
    return "".join(out) + _remainder(left + spill)


def _remainder(children: list[Node]) -> str:
    return "".join(sorted(s for c in children if (s := _node_string(c, None, [], []))))


def prehash(event: Node, ignore: frozenset[str] = frozenset()) -> str:
    """The canonical pre-hash string of an event tree (``ignore``: extra field names to skip)."""
    children = [c for c in event.children if c.name not in IGNORED and c.name not in ignore]
    return f"eventType={event.name}" + _ordered(children, PROPERTY_ORDER, [], [])


def hash_of_prehash(pre: str) -> str:
    return f"ni:///sha-256;{hashlib.sha256(pre.encode('utf-8')).hexdigest()}?ver=CBV2.0"


# ---------------------------------------------------------------- JSON-LD → tree


def json_prefixes(context: Any) -> dict[str, str]:
    """Prefix → namespace from a JSON-LD ``@context`` (a string, dict or list of them)."""
    prefixes = dict(JSON_PREFIXES)
    items = context if isinstance(context, list) else [context]
    for item in items:
        if isinstance(item, dict):
            for key, value in item.items():
                if isinstance(value, str) and not key.startswith("@"):
                    prefixes[key] = value
    return prefixes


def expand_key(key: str, prefixes: dict[str, str]) -> str:
    prefix, sep, local = key.partition(":")
    if sep and prefix in prefixes and not local.startswith("//"):
        return "{" + prefixes[prefix] + "}" + local
    return key


def _expand_value(value: str, name: str) -> str:
    for prefix, uri in VALUE_PREFIXES.items():
        if value.startswith(prefix):
            return uri + value[len(prefix) :]
    base = _BARE_WORDS.get(name)
    if base and value and ":" not in value:
        return base + value
    return value


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _json_nodes(name: str, value: Any, prefixes: dict[str, str], parent: str = "") -> list[Node]:
    """Nodes for one JSON member; a list gives one node per item, as XML repeats elements."""
    if isinstance(value, list):
        return [n for item in value for n in _json_nodes(name, item, prefixes, parent)]
    if isinstance(value, dict):
        children: list[Node] = []
        for key, item in value.items():
            if key.startswith("@") or key in ("rdfs:comment", "comment", "#text"):
                continue
            children.extend(_json_nodes(expand_key(key, prefixes), item, prefixes, name))
        return [Node(name, _scalar(value.get("#text", "")), children)]
    key = f"{name}@{parent}" if name == "type" else name
    return [Node(name, _expand_value(_scalar(value), key))]


_EPC_LISTS = {"epcList", "childEPCs", "inputEPCList", "outputEPCList"}
_QTY_LISTS = {"quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList"}
_TYPED_LISTS = {"bizTransactionList": "bizTransaction", "sourceList": "source"}
_TYPED_LISTS["destinationList"] = "destination"


def event_tree_from_json(event: dict[str, Any], prefixes: dict[str, str] | None = None) -> Node:
    """The neutral tree of a JSON-LD event (EPCIS 2.0 JSON binding)."""
    if prefixes is None:
        prefixes = json_prefixes(event.get("@context"))
    root = Node(str(event.get("type", "")))
    for key, value in event.items():
        if key in ("type", "@context", "rdfs:comment", "comment") or key.startswith("@"):
            continue
        if key in _EPC_LISTS:
            items = value if isinstance(value, list) else [value]
            root.children.append(Node(key, "", [Node("epc", _scalar(v)) for v in items]))
        elif key in _QTY_LISTS:
            elements = [
                Node("quantityElement", "", _json_nodes("q", q, prefixes)[0].children)
                for q in (value if isinstance(value, list) else [value])
            ]
            root.children.append(Node(key, "", elements))
        elif key in _TYPED_LISTS:
            member = _TYPED_LISTS[key]
            entries = []
            for item in value if isinstance(value, list) else [value]:
                kids = [
                    n
                    for k, v in item.items()
                    if k != member
                    for n in _json_nodes(expand_key(k, prefixes), v, prefixes, member)
                ]
                entries.append(Node(member, _scalar(item.get(member, "")), kids))
            root.children.append(Node(key, "", entries))
        elif key in ("readPoint", "bizLocation") and isinstance(value, str):
            root.children.append(Node(key, "", [Node("id", value)]))
        elif key == "sensorElementList":
            elements = [_json_nodes("sensorElement", e, prefixes)[0] for e in value]
            root.children.append(Node(key, "", elements))
        else:
            root.children.extend(_json_nodes(expand_key(key, prefixes), value, prefixes))
    return root


# ---------------------------------------------------------------- XML → tree

_WRAPPERS = {"extension", "baseExtension"}
_XSI = "{http://www.w3.org/2001/XMLSchema-instance}"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _xml_children(element: etree._Element) -> list[Node]:
    nodes: list[Node] = []
    for name, value in element.attrib.items():
        if str(name).startswith(_XSI):
            continue  # xsi:type is XML typing, not event content
        key = f"type@{_local(element.tag)}" if name == "type" else str(name)
        nodes.append(Node(str(name), _expand_value(str(value).strip(), key)))
    for child in element:
        if not isinstance(child.tag, str):
            continue  # comments, processing instructions
        if child.tag in _WRAPPERS:
            nodes.extend(_xml_children(child))
        else:
            nodes.append(_xml_node(child))
    return nodes


def _xml_node(element: etree._Element) -> Node:
    tag = str(element.tag)
    text = (element.text or "").strip()
    return Node(tag, _expand_value(text, tag), _xml_children(element))


def event_tree_from_xml(element: etree._Element) -> Node:
    """The neutral tree of an XML event element (EPCIS 2.0 XML binding, 1.2 extension style)."""
    node = _xml_node(element)
    node.name = _local(node.name)
    # a bare event's own attributes (creationDate, schemaVersion) describe the document
    own = sum(1 for name in element.attrib if not str(name).startswith(_XSI))
    node.children = node.children[own:]
    return node


# ---------------------------------------------------------------- convenience


def event_hash_json(event: dict[str, Any], prefixes: dict[str, str] | None = None) -> str:
    return hash_of_prehash(prehash(event_tree_from_json(event, prefixes)))


def event_hash_xml(element: etree._Element) -> str:
    return hash_of_prehash(prehash(event_tree_from_xml(element)))
