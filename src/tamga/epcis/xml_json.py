"""EPCIS 2.0 XML events in their JSON-LD shape, so that captured XML is stored, queried and
mapped exactly like JSON. Namespaced (user extension) elements keep their prefix and the event
gets an ``@context`` entry declaring it."""

from __future__ import annotations

from typing import Any

from lxml import etree

_TEXT = {
    "eventTime",
    "recordTime",
    "eventTimeZoneOffset",
    "eventID",
    "parentID",
    "action",
    "bizStep",
    "disposition",
    "transformationID",
    "certificationInfo",
}
_EPCS = {"epcList", "childEPCs", "inputEPCList", "outputEPCList"}
_QUANTITIES = {"quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList"}
_TYPED = {"bizTransactionList", "sourceList", "destinationList"}
_WRAPPERS = {"extension", "baseExtension"}


def _local(tag: Any) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _elements(element: etree._Element) -> list[etree._Element]:
    out: list[etree._Element] = []
    for child in element:
        if not isinstance(child.tag, str):
            continue
        if child.tag in _WRAPPERS:
            out.extend(_elements(child))
        else:
            out.append(child)
    return out


def _number(text: str) -> float | int | str:
    try:
        value = float(text)
    except ValueError:
        return text
    return int(value) if value.is_integer() and "." not in text and "e" not in text else value


class _Converter:
    def __init__(self) -> None:
        self.namespaces: dict[str, str] = {}

    def key(self, element_or_name: Any, nsmap: dict[Any, str] | None = None) -> str:
        tag = str(element_or_name)
        if not tag.startswith("{"):
            return tag
        ns, local = tag[1:].split("}", 1)
        prefix = next((p for p, u in (nsmap or {}).items() if u == ns and p), None)
        if prefix is None:
            prefix = next((p for p, u in self.namespaces.items() if u == ns), None)
        if prefix is None:
            prefix = f"ns{len(self.namespaces) + 1}"
        self.namespaces[prefix] = ns
        return f"{prefix}:{local}"

    def generic(self, element: etree._Element) -> Any:
        """A user-extension element: text, or an object of its children and attributes."""
        children = _elements(element)
        if not children and not element.attrib:
            return (element.text or "").strip()
        out: dict[str, Any] = {}
        for name, value in element.attrib.items():
            out[self.key(name, element.nsmap)] = value
        for child in children:
            self._put(out, self.key(child.tag, child.nsmap), self.generic(child))
        return out

    @staticmethod
    def _put(out: dict[str, Any], key: str, value: Any) -> None:
        if key in out:
            if not isinstance(out[key], list):
                out[key] = [out[key]]
            out[key].append(value)
        else:
            out[key] = value

    def attrs(self, element: etree._Element, numeric: set[str]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, value in element.attrib.items():
            key = self.key(name, element.nsmap)
            out[key] = _number(str(value)) if key in numeric else str(value)
        return out

    def event(self, element: etree._Element) -> dict[str, Any]:
        out: dict[str, Any] = {"type": _local(element.tag)}
        for child in _elements(element):
            name = str(child.tag)
            text = (child.text or "").strip()
            if name in _TEXT:
                out[name] = text
            elif name in _EPCS:
                out[name] = [(e.text or "").strip() for e in _elements(child)]
            elif name in _QUANTITIES:
                out[name] = [self.quantity(q) for q in _elements(child)]
            elif name in ("readPoint", "bizLocation"):
                out[name] = self.generic(child) if _elements(child) else {"id": text}
            elif name in _TYPED:
                member = name[: -len("List")]
                out[name] = [
                    {**({"type": e.get("type")} if e.get("type") else {}), member: e.text or ""}
                    for e in _elements(child)
                ]
            elif name == "persistentDisposition":
                pd: dict[str, list[str]] = {}
                for e in _elements(child):
                    pd.setdefault(_local(e.tag), []).append((e.text or "").strip())
                out[name] = pd
            elif name == "sensorElementList":
                out[name] = [self.sensor_element(e) for e in _elements(child)]
            elif name == "errorDeclaration":
                out[name] = self.error_declaration(child)
            elif name == "ilmd":
                ilmd = self.generic(child)
                out[name] = ilmd if isinstance(ilmd, dict) else {}
            else:
                self._put(out, self.key(name, child.nsmap), self.generic(child))
        if self.namespaces:
            out["@context"] = [dict(self.namespaces)]
        return out

    def quantity(self, element: etree._Element) -> dict[str, Any]:
        q: dict[str, Any] = {}
        for e in _elements(element):
            text = (e.text or "").strip()
            if text:  # an empty or xsi:nil element states nothing
                q[_local(e.tag)] = _number(text) if _local(e.tag) == "quantity" else text
        return q

    def sensor_element(self, element: etree._Element) -> dict[str, Any]:
        out: dict[str, Any] = {}
        numeric = {"value", "minValue", "maxValue", "meanValue", "sDev", "percRank", "percValue"}
        for e in _elements(element):
            name = str(e.tag)
            if name == "sensorMetadata":
                out[name] = self.attrs(e, set())
            elif name == "sensorReport":
                out.setdefault(name, []).append(self.attrs(e, numeric))
            else:
                self._put(out, self.key(name, e.nsmap), self.generic(e))
        return out

    def error_declaration(self, element: etree._Element) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for e in _elements(element):
            name = str(e.tag)
            if name == "correctiveEventIDs":
                out[name] = [(c.text or "").strip() for c in _elements(e)]
            elif name in ("declarationTime", "reason"):
                out[name] = (e.text or "").strip()
            else:
                self._put(out, self.key(name, e.nsmap), self.generic(e))
        return out


def xml_event_to_json(element: etree._Element) -> dict[str, Any]:
    """One XML event element as an EPCIS 2.0 JSON-LD event object."""
    return _Converter().event(element)
