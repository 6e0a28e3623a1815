"""Reading EPCIS 2.0 documents: the events out of an EPCISDocument, EPCISQueryDocument or a bare
event, in JSON-LD or XML (``urn:epcglobal:epcis:xsd:2``).

Each event comes back as a ``RawEvent`` holding both its hash tree (for the Event Hash ID) and its
JSON-LD form (what tamga stores and returns), so XML input is captured and queried like JSON.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson
from lxml import etree

from tamga.epcis.event_hash import (
    Node,
    event_tree_from_json,
    event_tree_from_xml,
    expand_key,
    hash_of_prehash,
    json_prefixes,
    prehash,
)
from tamga.epcis.xml_json import xml_event_to_json
from tamga.errors import InvalidInput

EVENT_TYPES = (
    "ObjectEvent",
    "AggregationEvent",
    "TransactionEvent",
    "TransformationEvent",
    "AssociationEvent",
)
XML_NS = "urn:epcglobal:epcis:xsd:2"
XML_QUERY_NS = "urn:epcglobal:epcis-query:xsd:2"


@dataclass
class RawEvent:
    """One event of a document, in document order."""

    index: int
    event: dict[str, Any]  # JSON-LD form
    tree: Node
    prehash: str
    event_hash: str
    context: Any = None


@dataclass
class Document:
    kind: str  # EPCISDocument, EPCISQueryDocument or event
    syntax: str  # json or xml
    events: list[RawEvent]
    context: Any = None
    raw: Any = None


def _raw(
    index: int, event: dict[str, Any], tree: Node, context: Any, ignore: frozenset[str]
) -> RawEvent:
    pre = prehash(tree, ignore)
    return RawEvent(index, event, tree, pre, hash_of_prehash(pre), context)


def json_event_list(body: dict[str, Any]) -> tuple[str, list[Any]]:
    """The document kind and its events (JSON-LD)."""
    kind = str(body.get("type", ""))
    if kind in ("EPCISDocument", "EPCISQueryDocument"):
        epcis_body = body.get("epcisBody")
        if not isinstance(epcis_body, dict):
            raise InvalidInput("epcisBody is missing or not an object", field="epcisBody")
        if "queryResults" in epcis_body:
            results = epcis_body["queryResults"]
            events = (results.get("resultsBody") or {}).get("eventList", [])
        elif "eventList" in epcis_body:
            events = epcis_body["eventList"]
        elif "event" in epcis_body:
            events = [epcis_body["event"]]
        else:
            raise InvalidInput("epcisBody has no eventList", field="epcisBody.eventList")
        if not isinstance(events, list):
            raise InvalidInput("eventList is not an array", field="epcisBody.eventList")
        return kind, events
    return "event", [body]


def read_json(data: bytes | str | dict[str, Any]) -> Document:
    if isinstance(data, dict):
        body = data
    else:
        try:
            body = orjson.loads(data)
        except orjson.JSONDecodeError as exc:
            raise InvalidInput(f"not JSON: {exc}", field="body") from exc
    if not isinstance(body, dict):
        raise InvalidInput("an EPCIS document or event must be a JSON object", field="body")
    context = body.get("@context")
    kind, events = json_event_list(body)
    prefixes = json_prefixes(context)
    epcis_body = body.get("epcisBody")
    holders = [body]
    if isinstance(epcis_body, dict):
        holders += [epcis_body, epcis_body.get("queryResults") or {}]
    ignore = frozenset(
        expand_key(str(name), prefixes)
        for holder in holders
        if isinstance(holder, dict)
        for key, names in holder.items()
        if key.rsplit(":", 1)[-1] == "ignoreFields" and isinstance(names, list)
        for name in names
    )
    out = []
    for i, event in enumerate(events):
        if not isinstance(event, dict):
            raise InvalidInput("event is not an object", record=f"event {i}")
        ctx_prefixes = prefixes
        if "@context" in event:
            ctx_prefixes = {**prefixes, **json_prefixes(event["@context"])}
        out.append(_raw(i, event, event_tree_from_json(event, ctx_prefixes), context, ignore))
    return Document(kind, "json", out, context, body)


def _parse_xml(data: bytes | str) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True)
    raw = data.encode() if isinstance(data, str) else data
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as exc:
        raise InvalidInput(f"not well-formed XML: {exc}", field="body") from exc
    # Core EPCIS elements are unqualified; some writers qualify them with the EPCIS namespace.
    qualified = "{" + XML_NS + "}"
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.startswith(qualified):
            element.tag = element.tag[len(qualified) :]
    return root


def _local(tag: Any) -> str:
    return str(tag).rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def xml_event_elements(root: etree._Element) -> tuple[str, list[etree._Element]]:
    """The document kind and its event elements, unwrapping 1.2-style ``<extension>``."""
    kind = _local(root.tag)
    if kind.endswith("Event"):
        return "event", [root]
    event_list = next((e for e in root.iter() if _local(e.tag) == "EventList"), None)
    if event_list is None:
        raise InvalidInput("no EventList in the XML document", field="EPCISBody.EventList")
    events: list[etree._Element] = []
    for child in event_list:
        if not isinstance(child.tag, str):
            continue
        if _local(child.tag) == "extension":
            events.extend(c for c in child if isinstance(c.tag, str))
        else:
            events.append(child)
    return kind, events


def read_xml(data: bytes | str) -> Document:
    root = _parse_xml(data)
    kind, elements = xml_event_elements(root)
    ignore = frozenset(
        str(field.tag)
        for child in root.iter()
        if _local(child.tag) == "ignoreFields"
        for field in child
        if isinstance(field.tag, str)
    )
    out = []
    for i, element in enumerate(elements):
        tree = event_tree_from_xml(element)
        out.append(_raw(i, xml_event_to_json(element), tree, None, ignore))
    return Document(kind, "xml", out, None, root)


def is_xml(data: bytes | str, content_type: str | None = None) -> bool:
    if content_type:
        return "xml" in content_type.lower()
    head = data.lstrip()[:1]
    return head in (b"<", "<")


def read_document(data: bytes | str, content_type: str | None = None) -> Document:
    """Read JSON-LD or XML, chosen by content type (or by the first character)."""
    return read_xml(data) if is_xml(data, content_type) else read_json(data)
