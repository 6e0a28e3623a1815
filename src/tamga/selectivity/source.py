"""The ledger's declarations as selectivity sees them, read from the store.

Declarations are the import and export events (their payload: lines, countries, parties); the
rules' hits are the alerts whose subject is the declaration, read through the alert service,
with the combined score the alert store keeps per subject. Alerts that only *name* a
declaration (an export's alert naming the import that backed it) are not its hits: they were
raised later, and the model must see only what was known when the declaration was lodged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import orjson
from sqlalchemy import Engine

from tamga.risk.alerts import AlertService
from tamga.risk.sources import load_registry
from tamga.selectivity.features import Declaration, Hit, Line
from tamga.store import ledger_read


@dataclass
class LedgerView:
    """Declarations in log order with their hits, and the holder registry."""

    declarations: list[Declaration]
    registry: dict[str, date]
    kinds: dict[str, str]


def _line(raw: dict[str, Any]) -> Line:
    return Line(
        hs_code=str(raw.get("hs_code") or ""),
        value=raw.get("value"),
        net_kg=raw.get("net_kg"),
        quantity=float(raw.get("quantity") or 0.0),
        origin=raw.get("origin_country"),
        currency=raw.get("currency"),
    )


def declaration_of(
    payload: dict[str, Any], hits: tuple[Hit, ...] = (), score: float = 0.0
) -> Declaration:
    """A ledger event (its JSON) as a declaration: the importer (consignee) or the exporter is
    its holder."""
    kind = payload["type"]
    if kind == "import":
        partner = payload.get("dispatch_country")
        party = (payload.get("consignor") or {}).get("country")
        holder = payload.get("consignee")
    else:
        partner = payload.get("destination_country")
        party = (payload.get("consignee") or {}).get("country")
        holder = payload.get("exporter")
    return Declaration(
        number=str(payload["declaration_no"]),
        kind=kind,
        time=datetime.fromisoformat(str(payload["time"])),
        office=str(payload.get("location") or ""),
        holder=holder,
        partner=partner,
        party_country=party,
        lines=tuple(_line(x) for x in payload.get("lines") or ()),
        hits=hits,
        rules_score=score,
    )


def read_hits(
    alerts: AlertService, declarations: list[str] | None = None
) -> tuple[dict[str, list[Hit]], dict[str, float]]:
    """Each declaration's hits (alerts it is the subject of, false positives left out) and its
    combined rules score; of ``declarations`` only, when given."""
    by: dict[str, list[Hit]] = {}
    found = (
        alerts.list(limit=0)
        if declarations is None
        else [a for n in declarations for a in alerts.list(declaration=n, limit=0)]
    )
    seen: set[str] = set()
    for alert in found:
        if alert["id"] in seen:
            continue
        seen.add(alert["id"])
        if alert.get("subject_kind") != "declaration":
            continue
        if alert.get("state") == "closed_false_positive":
            continue
        by.setdefault(alert["subject"], []).append(
            Hit(alert["rule"], float(alert["score"]), alert.get("evidence") or {})
        )
    if declarations is None:
        scores = {s["subject"]: float(s["score"]) for s in alerts.store.subjects("declaration")}
    else:
        scores = {
            n: float(found_score)
            for n in declarations
            if (found_score := alerts.declaration_status(n)["score"]) is not None
        }
    return by, scores


def read_ledger(
    engine: Engine, alerts: AlertService | None = None, holder: str | None = None
) -> LedgerView:
    """Every import and export declaration of the store (of ``holder`` only: all a
    declaration's features need besides its own data is its holder's history), in log order."""
    service = alerts or AlertService(engine)
    numbers: list[str] | None = None
    if holder is not None:
        with engine.connect() as conn:
            numbers = ledger_read.holder_declaration_numbers(conn, holder)
    hits, scores = read_hits(service, numbers)
    registry, _names = load_registry(engine)
    out: list[Declaration] = []
    with engine.connect() as conn:
        kinds = {r.id: r.kind for r in ledger_read.holder_rows(conn) if r.kind is not None}
        rows = ledger_read.declaration_payloads(conn, holder)
        for r in rows:
            number = r.declaration_no
            data = orjson.loads(r.payload)
            out.append(declaration_of(data, tuple(hits.get(number, ())), scores.get(number, 0.0)))
    return LedgerView(out, registry, kinds)
