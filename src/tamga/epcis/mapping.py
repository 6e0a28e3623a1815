"""EPCIS events ⇄ tamga ledger events.

EPCIS says what happened to which goods, where and when; tamga's ledger needs customs facts EPCIS
has no field for. Those travel in tamga's namespace (JSON-LD prefix ``tamga``):

* business transactions typed ``tamga:btt/customs-declaration``, ``.../mrn`` and ``.../invoice``
  carry the declaration number, the transit MRN and the invoice number;
* ``tamga:goods`` (in ``ilmd`` where EPCIS allows ILMD, i.e. ObjectEvent ADD and
  TransformationEvent, otherwise as an event extension) lists per goods line the HS code, origin,
  value, … keyed by the line's ``epcClass`` in the quantity list;
* parties are owning/possessing parties in the source/destination lists; foreign parties and
  other details (country of dispatch/destination, offices, deadline) are ``tamga:`` extensions.

Which event is which is decided by the business step and the transaction types (see
docs/epcis.md). What cannot be mapped is refused with ``MappingRefused`` naming what is missing.
"""

from __future__ import annotations

from typing import Any

from tamga.epcis import vocabulary as voc
from tamga.epcis.event_hash import canonical_value
from tamga.errors import InvalidInput

NS = voc.TAMGA_NS
PREFIX = "tamga"
CONTEXT: list[Any] = [
    "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
    {PREFIX: NS},
]
LOCATION = NS + "loc/"
PARTY = NS + "party/"
GOODS = NS + "goods/"
OWNING = "owning_party"
POSSESSING = "possessing_party"


class MappingRefused(InvalidInput):
    """An EPCIS event with no tamga equivalent, or missing what the ledger needs."""


def _t(name: str) -> str:
    return f"{PREFIX}:{name}"


# ---------------------------------------------------------------- tamga → EPCIS


def _loc_uri(code: str) -> str:
    return code if ":" in code else LOCATION + code


def _party_uri(code: str) -> str:
    return code if ":" in code else PARTY + code


def _class_uri(line: dict[str, Any]) -> str:
    gtin = line.get("gtin")
    if gtin:
        uri = f"https://id.gs1.org/01/{str(gtin).zfill(14)}"
        return uri + (f"/10/{line['lot']}" if line.get("lot") else "")
    return f"{GOODS}hs/{line['hs_code']}/line/{line['line_no']}"


_GOODS_FIELDS = {
    "line_no": "lineNo",
    "hs_code": "hsCode",
    "description": "description",
    "brand": "brand",
    "gtin": "gtin",
    "net_kg": "netKg",
    "value": "value",
    "currency": "currency",
    "origin_country": "originCountry",
    "lot": "lot",
}


def _quantities(lines: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    quantities, goods = [], []
    for line in lines:
        uri = _class_uri(line)
        quantities.append({"epcClass": uri, "quantity": line["quantity"], "uom": line["unit"]})
        entry: dict[str, Any] = {_t("epcClass"): uri}
        for key, name in _GOODS_FIELDS.items():
            if line.get(key) is not None:
                entry[_t(name)] = line[key]
        goods.append(entry)
    return quantities, goods


def _offset(time: str) -> str:
    if time.endswith("Z"):
        return "+00:00"
    return time[-6:] if time[-6] in "+-" else "+00:00"


def to_epcis(event: dict[str, Any]) -> dict[str, Any]:
    """The EPCIS 2.0 JSON-LD event for a tamga ledger event (dict in the ledger vocabulary)."""
    kind = event.get("type")
    time = str(event["time"]).replace("+00:00", "Z")
    out: dict[str, Any] = {
        "@context": CONTEXT,
        "eventTime": time,
        "eventTimeZoneOffset": _offset(time),
        "eventID": f"{NS}event/{event['event_id']}",
        "readPoint": {"id": _loc_uri(event["location"])},
    }
    if event.get("reported_by"):
        out[_t("reportedBy")] = event["reported_by"]
    tx: list[dict[str, str]] = []
    sources: list[dict[str, str]] = []
    dests: list[dict[str, str]] = []
    goods_key = "ilmd"
    if kind == "transformation":
        inputs, in_goods = _quantities(event["inputs"])
        outputs, out_goods = _quantities(event["outputs"])
        out.update(type="TransformationEvent", inputQuantityList=inputs)
        out.update(outputQuantityList=outputs, bizStep="commissioning")
        out["ilmd"] = {_t("goods"): out_goods, _t("inputGoods"): in_goods}
        out[_t("holder")] = event["holder"]
        return out
    quantities, goods = _quantities(event.get("lines") or [])
    out.update(type="ObjectEvent", action="OBSERVE")
    if kind == "import":
        out.update(action="ADD", bizStep="receiving")
        tx.append({"type": voc.BTT_DECLARATION, "bizTransaction": event["declaration_no"]})
        dests.append({"type": OWNING, "destination": _party_uri(event["consignee"])})
        consignor = event["consignor"]
        sources.append({"type": OWNING, "source": _party_uri(consignor["id"])})
        out[_t("consignor")] = {_t(k): v for k, v in consignor.items()}
        out[_t("dispatchCountry")] = event["dispatch_country"]
    elif kind == "export":
        out.update(bizStep="shipping")
        tx.append({"type": voc.BTT_DECLARATION, "bizTransaction": event["declaration_no"]})
        sources.append({"type": OWNING, "source": _party_uri(event["exporter"])})
        consignee = event["consignee"]
        dests.append({"type": OWNING, "destination": _party_uri(consignee["id"])})
        out[_t("consignee")] = {_t(k): v for k, v in consignee.items()}
        out[_t("destinationCountry")] = event["destination_country"]
        out[_t("officeOfExit")] = event["office_of_exit"]
        goods_key = _t("goods")
    elif kind == "transit_start":
        out.update(bizStep="departing")
        tx.append({"type": voc.BTT_MRN, "bizTransaction": event["transit_id"]})
        dests.append({"type": POSSESSING, "destination": _party_uri(event["carrier"])})
        for key, name in (
            ("office_of_departure", "officeOfDeparture"),
            ("office_of_destination", "officeOfDestination"),
            ("destination_country", "destinationCountry"),
            ("deadline", "deadline"),
            ("vehicle", "vehicle"),
        ):
            if event.get(key) is not None:
                out[_t(name)] = str(event[key])
        if event.get("seals"):
            out[_t("seals")] = list(event["seals"])
        goods_key = _t("goods")
    elif kind in ("checkpoint", "transit_end"):
        out.update(bizStep="arriving" if kind == "transit_end" else "transporting")
        tx.append({"type": voc.BTT_MRN, "bizTransaction": event["transit_id"]})
        for key in ("lat", "lon"):
            if event.get(key) is not None:
                out[_t(key)] = event[key]
        goods_key = _t("goods")
    elif kind == "transfer":
        out.update(bizStep="shipping")
        tx.append({"type": voc.BTT_INVOICE, "bizTransaction": event["invoice_no"]})
        sources.append({"type": OWNING, "source": _party_uri(event["seller"])})
        dests.append({"type": OWNING, "destination": _party_uri(event["buyer"])})
        goods_key = _t("goods")
    else:
        raise MappingRefused(
            f"a tamga {kind!r} event has no EPCIS equivalent",
            record=str(event.get("event_id")),
            field="type",
        )
    if quantities:
        out["quantityList"] = quantities
    else:
        out["epcList"] = []
    if goods:
        if goods_key == "ilmd":
            out["ilmd"] = {_t("goods"): goods}
        else:
            out[goods_key] = goods
    for key, values in (("bizTransactionList", tx), ("sourceList", sources)):
        if values:
            out[key] = values
    if dests:
        out["destinationList"] = dests
    return out


# ---------------------------------------------------------------- EPCIS → tamga


def _strip(value: str, prefix: str) -> str:
    return value[len(prefix) :] if value.startswith(prefix) else value


def _local_keys(value: Any, prefixes: dict[str, str]) -> Any:
    """Extension members with the tamga namespace under plain names (``tamga:hsCode`` → hsCode)."""
    if isinstance(value, list):
        return [_local_keys(v, prefixes) for v in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for key, item in value.items():
        name = _tamga_name(key, prefixes)
        out[name if name is not None else key] = _local_keys(item, prefixes)
    return out


def _tamga_name(key: str, prefixes: dict[str, str]) -> str | None:
    if key.startswith(NS):
        return key[len(NS) :]
    prefix, sep, local = key.partition(":")
    if sep and prefixes.get(prefix) == NS:
        return local
    return None


def _prefixes(event: dict[str, Any]) -> dict[str, str]:
    from tamga.epcis.event_hash import json_prefixes

    found = json_prefixes(event.get("@context"))
    found.setdefault(PREFIX, NS)
    return found


class _Reader:
    def __init__(self, event: dict[str, Any], event_hash: str | None = None):
        self.event = event
        self.record = str(event.get("eventID") or event_hash or event.get("type") or "event")
        self.prefixes = _prefixes(event)
        self.ext = {
            name: _local_keys(value, self.prefixes)
            for key, value in event.items()
            if (name := _tamga_name(key, self.prefixes)) is not None
        }
        ilmd = event.get("ilmd") or {}
        self.ilmd = {
            name: _local_keys(value, self.prefixes)
            for key, value in ilmd.items()
            if (name := _tamga_name(key, self.prefixes)) is not None
        }

    def refuse(self, field: str, reason: str) -> MappingRefused:
        return MappingRefused(reason, record=self.record, field=field)

    def need(self, name: str, what: str) -> Any:
        value = self.ext.get(name, self.ilmd.get(name))
        if value in (None, "", []):
            raise self.refuse(f"tamga:{name}", f"{what} is missing (extension tamga:{name})")
        return value

    def transactions(self, kind: str) -> list[str]:
        """Values of the business transactions whose type is ``kind`` (URI or tamga CURIE)."""
        out = []
        for bt in self.event.get("bizTransactionList") or []:
            t = str(bt.get("type") or "")
            name = _tamga_name(t, self.prefixes)
            if (NS + name if name is not None else t) == kind:
                out.append(str(bt["bizTransaction"]))
        return out

    def one_transaction(self, kind: str, label: str) -> str:
        values = self.transactions(kind)
        if len(values) != 1:
            found = "none" if not values else f"{len(values)}"
            raise self.refuse(
                "bizTransactionList",
                f"exactly one {label} business transaction (type {kind}) is needed, found {found}",
            )
        return values[0]

    def party(self, list_name: str, member: str, kind: str, label: str) -> str:
        for entry in self.event.get(list_name) or []:
            t = entry.get("type", "")
            word = voc.standard_word("sourceDestType", t) if t else None
            if word == kind:
                return _strip(str(entry[member]), PARTY)
        raise self.refuse(list_name, f"the {label} ({kind} in {list_name}) is missing")

    def location(self) -> str:
        for key in ("bizLocation", "readPoint"):
            place = self.event.get(key)
            if isinstance(place, dict) and place.get("id"):
                return _strip(str(place["id"]), LOCATION)
        raise self.refuse("readPoint", "a readPoint or bizLocation is needed for the location")

    def lines(self, list_name: str, goods_name: str) -> list[dict[str, Any]]:
        quantities = self.event.get(list_name) or []
        if not quantities:
            if self.event.get("epcList") or self.event.get("inputEPCList"):
                raise self.refuse(
                    list_name,
                    "tamga counts goods by quantity: instance-level EPC lists without a "
                    "quantity list cannot be mapped",
                )
            return []
        goods = self.ext.get(goods_name, self.ilmd.get(goods_name)) or []
        if isinstance(goods, dict):
            goods = [goods]
        by_class = {g.get("epcClass"): g for g in goods if isinstance(g, dict)}
        out = []
        for i, q in enumerate(quantities):
            info = by_class.get(q.get("epcClass")) or (goods[i] if i < len(goods) else {})
            if not info.get("hsCode"):
                raise self.refuse(
                    f"{list_name}[{i}]",
                    f"no HS code for {q.get('epcClass')} (tamga:{goods_name} entry with hsCode)",
                )
            if q.get("quantity") is None:
                raise self.refuse(f"{list_name}[{i}].quantity", "a quantity is needed")
            line: dict[str, Any] = {
                "line_no": info.get("lineNo", i + 1),
                "hs_code": str(info["hsCode"]),
                "quantity": q["quantity"],
                "unit": q.get("uom") or "C62",  # no uom: a count of instances
            }
            for key, name in _GOODS_FIELDS.items():
                if key not in line and info.get(name) is not None:
                    line[key] = info[name]
            if "gtin" not in line:
                uri = canonical_value(str(q.get("epcClass", "")))
                if uri.startswith("https://id.gs1.org/01/"):
                    parts = uri.split("/")
                    line["gtin"] = parts[4]
                    if len(parts) >= 7 and parts[5] == "10" and "lot" not in line:
                        line["lot"] = parts[6]
            out.append(line)
        return out


def _party(value: Any, reader: _Reader, name: str) -> dict[str, Any]:
    if not isinstance(value, dict) or not all(value.get(k) for k in ("id", "name", "country")):
        raise reader.refuse(f"tamga:{name}", f"tamga:{name} needs id, name and country")
    return {k: value[k] for k in ("id", "name", "country")}


def _kind(event: dict[str, Any], reader: _Reader) -> str:
    etype = event.get("type")
    if etype == "TransformationEvent":
        return "transformation"
    if etype != "ObjectEvent":
        raise reader.refuse(
            "type",
            f"a {etype} has no tamga equivalent (only ObjectEvent and "
            "TransformationEvent are mapped)",
        )
    step = event.get("bizStep")
    word = voc.standard_word("bizStep", step) if isinstance(step, str) else None
    has_decl = bool(reader.transactions(voc.BTT_DECLARATION))
    has_mrn = bool(reader.transactions(voc.BTT_MRN))
    has_invoice = bool(reader.transactions(voc.BTT_INVOICE))
    if word == "receiving" and has_decl:
        return "import"
    if word in ("shipping", "departing") and has_decl:
        return "export"
    if word == "departing" and has_mrn:
        return "transit_start"
    if word in ("transporting", "entering_exiting") and has_mrn:
        return "checkpoint"
    if word == "arriving" and has_mrn:
        return "transit_end"
    if word in ("shipping", "receiving") and has_invoice:
        return "transfer"
    raise reader.refuse(
        "bizStep",
        f"bizStep {step!r} with these business transactions does not name a tamga event: "
        "receiving/shipping + customs-declaration (import/export), departing/transporting/"
        "arriving + mrn (transit), shipping/receiving + invoice (transfer)",
    )


def from_epcis(event: dict[str, Any], event_hash: str | None = None) -> dict[str, Any]:
    """The tamga ledger event (dict) for an EPCIS event, or MappingRefused saying what is missing.

    The result still goes through the ledger's own validation when ingested."""
    reader = _Reader(event, event_hash)
    kind = _kind(event, reader)
    event_id = str(event.get("eventID") or event_hash or "")
    if not event_id:
        raise reader.refuse("eventID", "an eventID (or the event hash) is needed")
    out: dict[str, Any] = {
        "type": kind,
        "event_id": _strip(event_id, NS + "event/"),
        "time": event["eventTime"],
        "location": reader.location(),
    }
    if reader.ext.get("reportedBy"):
        out["reported_by"] = reader.ext["reportedBy"]
    if kind == "transformation":
        out["holder"] = _strip(str(reader.need("holder", "the holder")), PARTY)
        out["inputs"] = reader.lines("inputQuantityList", "inputGoods")
        out["outputs"] = reader.lines("outputQuantityList", "goods")
        for name in ("inputs", "outputs"):
            if not out[name]:
                raise reader.refuse(f"{name[:-1]}QuantityList", f"a transformation needs {name}")
        return out
    lines = reader.lines("quantityList", "goods")
    if lines:
        out["lines"] = lines
    if kind == "import":
        out["declaration_no"] = reader.one_transaction(voc.BTT_DECLARATION, "customs declaration")
        out["consignee"] = reader.party("destinationList", "destination", OWNING, "consignee")
        out["consignor"] = _party(reader.need("consignor", "the consignor"), reader, "consignor")
        out["dispatch_country"] = reader.need("dispatchCountry", "the country of dispatch")
    elif kind == "export":
        out["declaration_no"] = reader.one_transaction(voc.BTT_DECLARATION, "customs declaration")
        out["exporter"] = reader.party("sourceList", "source", OWNING, "exporter")
        out["consignee"] = _party(reader.need("consignee", "the consignee"), reader, "consignee")
        out["destination_country"] = reader.need("destinationCountry", "the destination country")
        out["office_of_exit"] = reader.ext.get("officeOfExit") or out["location"]
    elif kind == "transit_start":
        out["transit_id"] = reader.one_transaction(voc.BTT_MRN, "MRN")
        out["carrier"] = reader.party("destinationList", "destination", POSSESSING, "carrier")
        out["office_of_departure"] = reader.ext.get("officeOfDeparture") or out["location"]
        out["office_of_destination"] = reader.need("officeOfDestination", "office of destination")
        out["destination_country"] = reader.need("destinationCountry", "the destination country")
        out["deadline"] = reader.need("deadline", "the transit deadline")
        if reader.ext.get("vehicle"):
            out["vehicle"] = reader.ext["vehicle"]
        if reader.ext.get("seals"):
            out["seals"] = list(reader.ext["seals"])
    elif kind in ("checkpoint", "transit_end"):
        out["transit_id"] = reader.one_transaction(voc.BTT_MRN, "MRN")
        if kind == "checkpoint":
            for key in ("lat", "lon"):
                if reader.ext.get(key) is not None:
                    out[key] = reader.ext[key]
    elif kind == "transfer":
        out["invoice_no"] = reader.one_transaction(voc.BTT_INVOICE, "invoice")
        out["seller"] = reader.party("sourceList", "source", OWNING, "seller")
        out["buyer"] = reader.party("destinationList", "destination", OWNING, "buyer")
    return out
