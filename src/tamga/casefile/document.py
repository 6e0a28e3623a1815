"""A case as a document: its parts in order, each a list of facts or a table, in one language.

The three writers (PDF, XLSX, HTML) render the same parts, so the files say the same things: the
XLSX gives each part a sheet. Cells stay numbers where they are numbers (a spreadsheet sums
them); the PDF and the HTML write them in the language's format. Everything here is said
through the dashboard's message catalogues, in the language the case is written in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tamga.casefile.gather import Case
from tamga.casefile.sankey import Key
from tamga.wording.fmt import money, num, pct, unit, when
from tamga.wording.i18n import current
from tamga.wording.i18n import gettext as _
from tamga.wording.labels import label
from tamga.wording.titles import alert_title

Cell = str | int | float | bool | None


@dataclass
class Part:
    key: str  # a stable name: the XLSX sheet and the HTML anchor
    title: str
    facts: list[tuple[str, Cell]] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)
    note: str | None = None
    sankey: bool = False


@dataclass
class Document:
    title: str
    subtitle: str
    lang: str
    parts: list[Part]
    case: Case

    def part(self, key: str) -> Part:
        return next(p for p in self.parts if p.key == key)


def holder_name(case: Case, holder: str | None) -> str:
    """A holder by name in the document's language, with its BIN."""
    if not holder:
        return "—"
    record = case.names.get(holder) or {}
    cyr, lat = record.get("name_cyrillic"), record.get("name")
    name = (cyr or lat) if current() in ("ru", "kk") else (lat or cyr)
    return f"{name} ({_('BIN')} {holder})" if name else holder


def short_name(case: Case, holder: str) -> str:
    """A holder's name alone (the drawing's label; the tables give the BIN)."""
    record = case.names.get(holder) or {}
    cyr, lat = record.get("name_cyrillic"), record.get("name")
    return str(((cyr or lat) if current() in ("ru", "kk") else (lat or cyr)) or holder)


def node_label(case: Case, key: Key, short: bool = False) -> str:
    kind, value = key
    if kind == "holder" and short:
        return short_name(case, value)
    if kind == "origin":
        return _("%(country)s origin") % {"country": value}
    if kind == "unbacked":
        return _("unbacked (never held)")
    if kind == "holder":
        return holder_name(case, value)
    return value


def _yes(value: Any) -> str:
    return _("yes") if value else _("no")


def _words(value: Any, key: str = "") -> str:
    """An evidence value in words: records as "key value · key value", lists joined."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return _yes(value)
    if isinstance(value, Mapping):
        # a list finding's reason is the lists part's English sentence; its effect says it
        skip = "reason" if current() != "en" and "effect" in value else None
        return " · ".join(
            f"{label(k, 'evidence')} {_words(v, k)}"
            for k, v in value.items()
            if v is not None and k != skip
        )
    if isinstance(value, list | tuple):
        if not value:
            return _("none")
        joiner = (
            " → " if key in ("holders", "path") else "; " if isinstance(value[0], Mapping) else ", "
        )
        return joiner.join(_words(v, key) for v in value)
    if isinstance(value, int | float) and key.endswith("share"):
        return pct(value)
    if isinstance(value, int | float) and "value" in key:
        return money(value)
    if isinstance(value, int | float):
        return num(value, 3)
    if key == "unit":
        return unit(str(value))
    if key in ("direction", "role", "subject", "kind", "origin_from", "schema"):
        return label(value, "word")
    if key == "effect":
        return label(value, "effect")
    return str(value)


def evidence_rows(alert: Mapping[str, Any], case: Case) -> list[list[Cell]]:
    """The evidence in words: one row per fact, records one row each."""
    rows: list[list[Cell]] = []
    for key, value in (alert.get("evidence") or {}).items():
        name = label(key, "evidence")
        if key in ("holder", "exporter", "seller", "buyer", "carrier") and isinstance(value, str):
            rows.append([alert["id"], name, holder_name(case, value)])
        elif isinstance(value, list) and value and isinstance(value[0], Mapping):
            for i, item in enumerate(value, start=1):
                rows.append([alert["id"], f"{name} {i}", _words(item, key)])
        else:
            rows.append([alert["id"], name, _words(value, key)])
    return rows


def build(case: Case) -> Document:
    """The case's parts in the current language."""
    ev, payload = case.declaration, case.payload
    is_import = ev["type"] == "import"
    counterparty = payload.get("consignor" if is_import else "consignee")
    cp_name = counterparty.get("name") if isinstance(counterparty, dict) else None
    parts: list[Part] = []
    facts: list[tuple[str, Cell]] = [
        (_("Case file"), case.key),
        (_("Declaration"), case.declaration_no),
        (_("Type"), label(ev["type"], "event_type")),
        (_("Time"), when(ev["time"])),
        (_("Location"), ev["location"]),
        (_("Consignee") if is_import else _("Exporter"), holder_name(case, ev["holder"])),
        (
            _("Consignor") if is_import else _("Foreign consignee"),
            f"{cp_name} ({ev['counterparty']})" if cp_name else ev["counterparty"],
        ),
    ]
    if payload.get("destination_country"):
        facts.append((_("Destination"), payload["destination_country"]))
    if case.status:
        facts.append((_("Channel"), label(case.status.get("channel"), "channel")))
        facts.append((_("Score"), case.status.get("score")))
        facts.append((_("ON HOLD"), _yes(case.status.get("hold"))))
        model = case.status.get("model")
        if model:  # the selectivity model's score as the declaration was lodged
            top = ", ".join(
                f"{p['feature']} {p['contribution']:+.3f}" for p in model["contributions"][:3]
            )
            version = _("model version %(version)s") % {"version": model["model_version"]}
            facts.append((_("Model score"), f"{model['score']:.3f} ({version}; {top})"))
    facts.append((_("Ledger clock"), when(case.clock)))
    parts.append(Part("case", _("The case"), facts=facts))

    parts.append(
        Part(
            "alerts",
            _("Alerts"),
            columns=[
                _("Alert"),
                _("Rule"),
                _("What"),
                _("Channel"),
                _("Severity"),
                _("Score"),
                _("State"),
                _("Raised on"),
            ],
            rows=[
                [
                    a["id"],
                    label(a.get("rule"), "rule"),
                    alert_title(a, lambda h: holder_name(case, h)),
                    label(a.get("channel"), "channel"),
                    label(a.get("severity"), "severity"),
                    a.get("score"),
                    label(a.get("state"), "alert_state"),
                    when(a.get("time")),
                ]
                for a in case.alerts
            ],
            note=None if case.alerts else _("No alerts."),
        )
    )
    parts.append(
        Part(
            "evidence",
            _("Evidence"),
            columns=[_("Alert"), _("What"), _("Value")],
            rows=[row for a in case.alerts for row in evidence_rows(a, case)],
            note=None if case.alerts else _("No alerts."),
        )
    )
    parts.append(
        Part(
            "lines",
            _("Declaration lines"),
            columns=[
                _("Line"),
                _("HS code"),
                _("Brand"),
                _("Quantity"),
                _("Unit"),
                _("Net mass, kg"),
                _("Value"),
                _("Currency"),
                _("Origin"),
                _("Unbacked"),
                _("Controlled-goods findings"),
            ],
            rows=[
                [
                    ln["line_no"],
                    ln["hs_code"],
                    ln["brand"] or "—",
                    ln["quantity"],
                    unit(ln["unit"]),
                    ln["net_kg"],
                    ln["value"],
                    ln["currency"] or "",
                    ln["origin_country"] or "—",
                    ln["unbacked_qty"],
                    "; ".join(
                        f"{f['list']} {f['entry']}: {label(f.get('effect'), 'effect')}"
                        for f in case.findings.get(int(ln["line_no"]), [])
                    )
                    or _("none"),
                ]
                for ln in case.lines
            ],
        )
    )
    parts.append(
        Part(
            "imports",
            _("Import declarations"),
            columns=[
                _("Import declaration"),
                _("Time"),
                _("Location"),
                _("Consignee"),
                _("Consignor"),
                _("Origin country"),
                _("Quantity"),
                _("Unit"),
                _("Lines"),
            ],
            rows=[
                [
                    i.get("import_declaration") or label(i.get("kind"), "word"),
                    when(i.get("time")),
                    i.get("location") or "—",
                    holder_name(case, i.get("consignee")),
                    i.get("consignor") or "—",
                    i.get("origin_country") or "—",
                    i["quantity"],
                    unit(i.get("unit")),
                    ", ".join(str(n) for n in sorted(set(i["lines"]))),
                ]
                for i in case.imports
            ],
            note=None
            if case.imports
            else _("The goods came in under no import declaration on the ledger."),
        )
    )
    parts.append(
        Part(
            "origins",
            _("Origins"),
            columns=[
                _("Line"),
                _("Origin country"),
                _("Quantity"),
                _("Origin value"),
                _("Unbacked"),
            ],
            rows=[
                [
                    ln["line_no"],
                    o.get("country") or "—",
                    o["quantity"],
                    o.get("value"),
                    _yes(o.get("unbacked")),
                ]
                for ln in case.trace.get("lines", [])
                for o in ln.get("origins", [])
            ],
        )
    )
    parts.append(
        Part(
            "chains",
            _("Chains of holders"),
            columns=[_("Line"), _("Holders"), _("Hops"), _("Quantity"), _("Unit")],
            rows=[
                [
                    c["line_no"],
                    " → ".join(holder_name(case, h) for h in c["holders"]),
                    c["hops"],
                    c["quantity"],
                    unit(c.get("unit")),
                ]
                for c in case.chains
            ],
        )
    )
    parts.append(
        Part(
            "provenance",
            _("Provenance"),
            columns=[_("From"), _("To"), _("Quantity")],
            rows=[
                [node_label(case, f.source), node_label(case, f.target), f.quantity]
                for f in case.flows
            ],
            sankey=bool(case.flows),
            note=_("Origin countries → chain of holders → this declaration, by quantity."),
        )
    )
    parts.append(
        Part(
            "parties",
            _("Holders and counterparties"),
            columns=[
                _("Identifier"),
                _("Role"),
                _("Name in Latin letters"),
                _("Name in Cyrillic"),
                _("Kind"),
                _("Registered"),
                _("City"),
                _("Country"),
            ],
            rows=[
                [
                    p["id"],
                    label(p["role"], "word"),
                    p.get("name") or "—",
                    p.get("name_cyrillic") or "—",
                    p.get("kind") or "—",
                    p.get("registered") or "—",
                    p.get("city") or "—",
                    p.get("country") or ("KZ" if p.get("domestic") else "—"),
                ]
                for p in case.parties
            ],
        )
    )
    parts.append(
        Part(
            "screening",
            _("Screening matches"),
            columns=[
                _("Alert"),
                _("Role"),
                _("Party"),
                _("Listed name"),
                _("Listed entity"),
                _("Score"),
                _("Data sets"),
                _("Ownership path"),
            ],
            rows=[
                [
                    m["alert"],
                    label(m.get("role"), "word"),
                    m.get("party") or "—",
                    m.get("name") or "—",
                    m.get("entity_id") or "—",
                    m.get("score"),
                    ", ".join(m.get("datasets") or []) or "—",
                    # who owns or controls the party, from the listed person down (exposure)
                    "; ".join((m.get("ownership") or {}).get("paths") or []) or "—",
                ]
                for m in case.screening
            ],
            note=None if case.screening else _("No party of this case matched a screening list."),
        )
    )
    parts.append(
        Part(
            "history",
            _("Workflow history"),
            columns=[
                _("Alert"),
                _("When"),
                _("Who"),
                _("Action"),
                _("From state"),
                _("To state"),
                _("Reason"),
            ],
            rows=[
                [
                    h["alert"],
                    when(h.get("at")),
                    h.get("actor"),
                    label(h.get("action"), "action"),
                    label(h.get("from_state"), "alert_state"),
                    label(h.get("to_state"), "alert_state"),
                    h.get("reason") or "",
                ]
                for h in case.history
            ],
            note=None if case.history else _("No workflow steps yet."),
        )
    )
    proof_facts: list[tuple[str, Cell]] = [
        (_("Chain head"), case.head.get("chain_hash")),
        (_("Last event"), case.head.get("last_seq")),
        (
            _("These events' hashes and links"),
            _("verified")
            if case.proof and all(p["content_ok"] and p["link_ok"] for p in case.proof)
            else _("NOT verified"),
        ),
    ]
    if case.verify is not None:
        proof_facts.append(
            (
                _("The whole chain"),
                (
                    _("verified: %(count)s events")
                    if case.verify["ok"]
                    else _("BROKEN: %(count)s events")
                )
                % {"count": case.verify["events"]},
            )
        )
    else:
        proof_facts.append((_("The whole chain"), _("not checked here (tamga ledger verify)")))
    parts.append(
        Part(
            "proof",
            _("Hash-chain proof"),
            facts=proof_facts,
            columns=[
                _("Event"),
                _("Type"),
                _("Time"),
                _("Content hash (SHA-256 of the event)"),
                _("Previous chain hash"),
                _("Chain hash"),
                _("Content"),
                _("Link"),
            ],
            rows=[
                [
                    f"#{p['seq']} {p['event_id']}",
                    label(p["type"], "event_type"),
                    when(p["time"]),
                    p["content_hash"],
                    p["previous_chain_hash"],
                    p["chain_hash"],
                    _("verified") if p["content_ok"] else _("NOT verified"),
                    _("verified") if p["link_ok"] else _("NOT verified"),
                ]
                for p in case.proof
            ],
            note=_(
                "Each chain hash is SHA-256 of the previous chain hash followed by the event's "
                "content hash; a changed, removed or reordered event breaks every link after it."
            ),
        )
    )
    title = _("Case file %(key)s") % {"key": case.key}
    kind = label(ev["type"], "event_type")
    subtitle = f"{kind} · {case.declaration_no} · {holder_name(case, ev['holder'])}"
    return Document(title=title, subtitle=subtitle, lang=current(), parts=parts, case=case)
