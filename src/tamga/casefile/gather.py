"""What a case file holds, gathered from the parts: one declaration's whole story.

A case is opened on an alert (its subject declaration, or its first declaration) or on a
declaration number (with every alert that names it). It holds the alerts with their workflow
history, the declaration's lines and controlled-goods findings, the provenance (import
declarations, origins, chains of holders and the flows between them), the holders and
counterparties with what the registry knows of them, the screening matches the rules found,
and the hash-chain proof of the events it rests on. Nothing is redacted: a case file is for
those who may read everything.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

import orjson
from sqlalchemy import Engine

from tamga.errors import NotFound
from tamga.ledger.provenance import UNBACKED, Parts
from tamga.ledger.service import LedgerService
from tamga.ledger.views import Trace
from tamga.store import ledger_read
from tamga.store.ledger_batch import GENESIS, chain


class AlertSource(Protocol):
    def list(self, **filters: Any) -> list[dict[str, Any]]: ...

    def get(self, alert_id: str) -> dict[str, Any]: ...

    def declaration_status(self, declaration_no: str) -> dict[str, Any]: ...


class GoodsCheck(Protocol):
    def check(
        self,
        hs_code: str,
        brand: str | None,
        origin: str | None,
        destination: str | None,
        on: date,
    ) -> Any: ...


@dataclass
class Flow:
    """One band of the provenance Sankey: ``quantity`` from ``source`` to ``target``."""

    source: tuple[str, str]  # (kind, key): ("origin", "DE"), ("holder", "KZ-ALFA"), ...
    target: tuple[str, str]
    quantity: float


@dataclass
class Case:
    key: str
    declaration_no: str
    declaration: dict[str, Any]  # the event: type, time, location, holder, counterparty
    payload: dict[str, Any]
    lines: list[dict[str, Any]]
    findings: dict[int, list[dict[str, Any]]]
    status: dict[str, Any]
    alerts: list[dict[str, Any]]
    trace: Trace
    imports: list[dict[str, Any]]
    chains: list[dict[str, Any]]
    flows: list[Flow]
    parties: list[dict[str, Any]]
    screening: list[dict[str, Any]]
    history: list[dict[str, Any]]
    proof: list[dict[str, Any]]
    head: dict[str, Any]
    verify: dict[str, Any] | None
    clock: str | None
    names: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def holders(self) -> list[str]:
        """Every domestic holder the case names: the declarant, the chains, the alerts."""
        seen: dict[str, None] = {}
        if self.declaration.get("holder"):
            seen[str(self.declaration["holder"])] = None
        for c in self.chains:
            seen.update(dict.fromkeys(c["holders"]))
        for a in self.alerts:
            seen.update(dict.fromkeys(a.get("holders") or []))
        return list(seen)


def gather(
    key: str,
    ledger: LedgerService,
    alerts: AlertSource | None = None,
    goods: GoodsCheck | None = None,
    *,
    verify_all: bool = False,
) -> Case:
    """The case for an alert id or a declaration number (``NotFound`` when it is neither)."""
    engine = ledger.engine
    opened_on: dict[str, Any] | None = None
    if alerts is not None and key.upper().startswith("AL-"):
        opened_on = alerts.get(key)
        declaration_no = _subject_declaration(opened_on)
    else:
        declaration_no = key
    event = _declaration_event(engine, declaration_no)
    if event is None:
        raise NotFound(f"no alert or declaration {key!r}")
    payload = orjson.loads(event.pop("payload"))
    lines = ledger.store.lines_of_declaration(declaration_no)
    trace = ledger.trace(declaration_no)
    found: list[dict[str, Any]] = []
    if alerts is not None:
        ids = [a["id"] for a in alerts.list(declaration=declaration_no, limit=None)]
        if opened_on is not None and opened_on["id"] not in ids:
            ids.insert(0, opened_on["id"])
        elif opened_on is not None:  # the alert the case was opened on comes first
            ids.remove(opened_on["id"])
            ids.insert(0, opened_on["id"])
        found = [alerts.get(i) for i in ids]
    status = alerts.declaration_status(declaration_no) if alerts is not None else {}
    findings = _findings(goods, event, lines) if goods is not None else {}
    imports, chains = _provenance(trace)
    flows = _flows(lines, declaration_no, event)
    import_events = {i["import_declaration"] for i in imports if i.get("import_declaration")}
    import_rows = {d: _declaration_event(engine, d) for d in sorted(import_events)}
    for item in imports:
        row = import_rows.get(item.get("import_declaration") or "")
        if row is not None:
            item.update(time=row["time"], location=row["location"], consignee=row["holder"])
    case = Case(
        key=key,
        declaration_no=declaration_no,
        declaration=event,
        payload=payload,
        lines=lines,
        findings=findings,
        status=status,
        alerts=found,
        trace=trace,
        imports=imports,
        chains=chains,
        flows=flows,
        parties=[],
        screening=_screening(found),
        history=[
            {"alert": a["id"], **h}
            for a in found
            for h in sorted(a.get("history") or [], key=lambda h: str(h.get("at")))
        ],
        proof=[],
        head={},
        verify=None,
        clock=_clock(engine),
    )
    case.names = _registry(engine, case.holders)
    case.parties = _parties(case, payload)
    seqs = {int(event["seq"])} | {int(r["seq"]) for r in import_rows.values() if r}
    for a in found:
        seqs |= _seqs_of(engine, a.get("event_ids") or [])
    case.proof = proof(engine, sorted(seqs))
    head, last = ledger.store.head()
    case.head = {"chain_hash": head, "last_seq": last}
    if verify_all:
        report = ledger.verify()
        case.verify = {"events": report.events, "head": report.head, "ok": report.ok}
        case.verify["problems"] = [p.as_dict() for p in report.problems[:20]]
    return case


def _subject_declaration(alert: dict[str, Any]) -> str:
    if alert.get("subject_kind") == "declaration" and alert.get("subject"):
        return str(alert["subject"])
    declarations = alert.get("declarations") or []
    if not declarations:
        raise NotFound(f"alert {alert.get('id')!r} names no declaration (a transit alert)")
    return str(declarations[0])


def _declaration_event(engine: Engine, declaration_no: str) -> dict[str, Any] | None:
    with engine.connect() as conn:
        row = ledger_read.declaration_event(conn, declaration_no)
    return dict(row._mapping) if row is not None else None


def _clock(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return ledger_read.ledger_clock(conn)


def _findings(
    goods: GoodsCheck, event: dict[str, Any], lines: list[dict[str, Any]]
) -> dict[int, list[dict[str, Any]]]:
    on = date.fromisoformat(str(event["time"])[:10])
    destination = lines[0]["country"] if lines and event["type"] == "export" else None
    out: dict[int, list[dict[str, Any]]] = {}
    for ln in lines:
        found = goods.check(ln["hs_code"], ln["brand"], ln["origin_country"], destination, on)
        out[int(ln["line_no"])] = [f.to_dict() for f in found]
    return out


def _provenance(trace: Trace) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The import declarations the goods came in under, and the chains of holders."""
    imports: dict[tuple[Any, ...], dict[str, Any]] = {}
    chains: list[dict[str, Any]] = []
    for ln in trace.get("lines", []):
        for s in ln.get("sources", []):
            key = (s.get("import_declaration"), s.get("consignor"), s.get("origin_country"))
            item = imports.setdefault(
                key,
                {
                    "import_declaration": s.get("import_declaration"),
                    "consignor": s.get("consignor"),
                    "origin_country": s.get("origin_country"),
                    "kind": s.get("kind"),
                    "quantity": 0.0,
                    "unit": ln.get("unit"),
                    "lines": [],
                },
            )
            item["quantity"] += float(s.get("quantity") or 0.0)
            item["lines"].append(ln["line_no"])
        for p in ln.get("paths", []):
            chains.append({"line_no": ln["line_no"], "unit": ln.get("unit"), **p})
    return sorted(imports.values(), key=lambda i: str(i["import_declaration"])), chains


def _flows(lines: list[dict[str, Any]], declaration_no: str, event: dict[str, Any]) -> list[Flow]:
    """The Sankey's bands from each line's drawn provenance: origin country (or "unbacked")
    → each holder on the chain → this declaration, weighted by quantity. A hop back to a
    holder already on the chain is dropped (a Sankey cannot draw a loop)."""
    flows: dict[tuple[tuple[str, str], tuple[str, str]], float] = {}
    target = (str(event["type"]), declaration_no)
    for row in lines:
        if row.get("provenance"):
            parts = Parts.from_json(orjson.loads(row["provenance"]))
        else:  # an import line is its own origin
            parts = Parts()
            key = ("import", row["origin_country"], declaration_no, row["counterparty"], ())
            parts.add(key, float(row["quantity"]), float(row["value"] or 0.0))
        for (kind, country, _decl, _consignor, path), (qty, _value) in parts.items.items():
            prev = ("unbacked", "") if kind == UNBACKED else ("origin", country or "??")
            seen: set[str] = set()
            for holder in path:
                if holder in seen:
                    continue
                seen.add(holder)
                cur = ("holder", holder)
                flows[(prev, cur)] = flows.get((prev, cur), 0.0) + qty
                prev = cur
            flows[(prev, target)] = flows.get((prev, target), 0.0) + qty
    return [Flow(a, b, round(q, 6)) for (a, b), q in flows.items() if q > 0]


def _screening(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for a in found:
        for m in (a.get("evidence") or {}).get("matches") or []:
            out.append({"alert": a["id"], **m})
    return out


def _registry(engine: Engine, ids: list[str]) -> dict[str, dict[str, Any]]:
    if not ids:
        return {}
    with engine.connect() as conn:
        return ledger_read.registry_records(conn, ids)


def _parties(case: Case, payload: dict[str, Any]) -> list[dict[str, Any]]:
    """The domestic holders (registry data) and the foreign counterparties as declared."""
    out: list[dict[str, Any]] = []
    declarant = case.declaration.get("holder")
    for h in case.holders:
        record = case.names.get(h, {})
        role = "declarant" if h == declarant else "holder"
        out.append(
            {
                "id": h,
                "role": role,
                "domestic": True,
                **{k: v for k, v in record.items() if k != "id"},
            }
        )
    for role in ("consignor", "consignee"):
        party = payload.get(role)
        if isinstance(party, dict) and party.get("id"):
            out.append(
                {
                    "id": party.get("id"),
                    "role": role,
                    "domestic": False,
                    "name": party.get("name"),
                    "country": party.get("country"),
                }
            )
    for item in case.imports:
        consignor = item.get("consignor")
        if consignor and not any(p["id"] == consignor for p in out):
            out.append({"id": consignor, "role": "consignor", "domestic": False})
    return out


def _seqs_of(engine: Engine, event_ids: list[str]) -> set[int]:
    if not event_ids:
        return set()
    with engine.connect() as conn:
        return ledger_read.seqs_of(conn, event_ids)


def proof(engine: Engine, seqs: list[int]) -> list[dict[str, Any]]:
    """Each event's hashes, recomputed: its payload's SHA-256 against its content hash, and the
    chain link from the event before it (``sha256(previous chain hash + content hash)``)."""
    if not seqs:
        return []
    wanted = set(seqs) | {s - 1 for s in seqs if s > 1}
    with engine.connect() as conn:
        rows = ledger_read.chain_rows(conn, sorted(wanted))
    out = []
    for seq in seqs:
        row = rows.get(seq)
        if row is None:
            continue
        before = rows.get(seq - 1)
        previous = before.chain_hash if before is not None else GENESIS
        content_ok = hashlib.sha256(row.payload.encode()).hexdigest() == row.content_hash
        link_ok = chain(previous, row.content_hash) == row.chain_hash
        out.append(
            {
                "seq": seq,
                "event_id": row.event_id,
                "type": row.type,
                "time": row.time,
                "content_hash": row.content_hash,
                "previous_chain_hash": previous,
                "chain_hash": row.chain_hash,
                "content_ok": content_ok,
                "link_ok": link_ok and (before is not None or seq == 1),
            }
        )
    return out
