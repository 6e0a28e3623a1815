"""Rule 6: a party on a declaration or transit that screens as a sanctions match.

Parties are screened with tamga's screener (names across Latin and Cyrillic scripts, legal
forms, identifiers), once per distinct (name, country, id): the same consignees recur, so the
cache makes the rule cheap. Domestic holders are screened by their registry names when
``holder`` is among the parties.
"""

from __future__ import annotations

import re
from typing import Any

from tamga.ledger.engine import Applied
from tamga.ledger.model import ExportEvent, ImportEvent, TransferEvent, TransitStart
from tamga.risk.context import RiskContext
from tamga.risk.model import Alert, uniq
from tamga.risk.rules.base import Rule


class SanctionedParty(Rule):
    name = "sanctioned_party"
    types = ("export", "import", "transit_start", "transfer")

    def __init__(self, params: dict[str, Any], ctx: RiskContext) -> None:
        super().__init__(params, ctx)
        self.threshold = float(params.get("threshold", 0.85))
        self.parties = frozenset(params.get("parties") or ("consignee", "consignor"))
        self._cache: dict[tuple[str, str | None, str | None], list[dict[str, Any]]] = {}

    def _screen(self, name: str, country: str | None, pid: str | None) -> list[dict[str, Any]]:
        key = (name, country, pid)
        hit = self._cache.get(key)
        if hit is None:
            ids = (pid,) if pid else ()
            found = self.ctx.screener.screen(
                name, country, identifiers=ids, threshold=self.threshold, limit=3
            )
            hit = [m.to_dict() | {"screened_as": name} for m in found]
            # the Cyrillic 'х' written the English way ('ch') or as in Uzbek Latin ('x'),
            # and 'кс' as 'x': screen those readings too when the name as written matched none
            for variant in [] if hit else latin_variants(name):
                found = self.ctx.screener.screen(
                    variant, country, identifiers=ids, threshold=self.threshold, limit=3
                )
                hit = [m.to_dict() | {"screened_as": variant} for m in found]
                if hit:
                    break
            if len(self._cache) > 100_000:
                self._cache.clear()
            self._cache[key] = hit
        return hit

    def on_event(self, applied: Applied, t: float) -> list[Alert]:
        if self.ctx.screener is None:
            return []
        event = applied.event
        checks: list[tuple[str, str, str | None, str | None]] = []  # role, name, country, id
        subject, kind, holders = "", "declaration", []
        if isinstance(event, ExportEvent):
            subject, holders = event.declaration_no, [event.exporter]
            if "consignee" in self.parties:
                c = event.consignee
                checks.append(("consignee", c.name, c.country, c.id))
            if "holder" in self.parties:
                checks += self._holder("exporter", event.exporter)
        elif isinstance(event, ImportEvent):
            subject, holders = event.declaration_no, [event.consignee]
            if "consignor" in self.parties:
                c = event.consignor
                checks.append(("consignor", c.name, c.country, c.id))
            if "holder" in self.parties:
                checks += self._holder("importer", event.consignee)
        elif isinstance(event, TransitStart):
            subject, kind, holders = event.transit_id, "transit", [event.carrier]
            if "carrier" in self.parties:
                checks += self._holder("carrier", event.carrier)
        elif isinstance(event, TransferEvent) and "holder" in self.parties:
            subject, kind, holders = event.invoice_no, "invoice", [event.seller, event.buyer]
            checks += self._holder("seller", event.seller) + self._holder("buyer", event.buyer)
        matches = []
        for role, name, country, pid in checks:
            for m in self._screen(name, country, pid):
                matches.append({"role": role, "party": name, "country": country, "id": pid} | m)
        if not matches:
            return []
        best = max(m["score"] for m in matches)
        top = max(matches, key=lambda m: m["score"])
        return [
            Alert(
                rule=self.name,
                key=f"{kind}:{subject}",
                score=min(1.0, max(0.7, best)),
                title=f"{top['role']} {top['party']!r} matches listed {top['name']!r}",
                time=applied.time,
                subject=subject,
                subject_kind=kind,
                declarations=[subject] if kind == "declaration" else [],
                event_ids=[event.event_id],
                holders=uniq(holders),
                transits=[subject] if kind == "transit" else [],
                locations=[event.location],
                evidence={"matches": matches[:10]},
            )
        ]

    def _holder(self, role: str, holder: str) -> list[tuple[str, str, str | None, str | None]]:
        name = self.ctx.holder_names.get(holder)
        return [(role, name, "KZ", holder)] if name else []


_READINGS = (("ch", "kh"), ("x", "kh"), ("x", "ks"))
_LATIN_WORD = re.compile(r"[A-Za-z]{5,}")


def latin_variants(name: str, limit: int = 6) -> list[str]:
    """Other readings of a Latin name's words (of five letters or more, so legal forms such as
    MCHJ stay as they are): each word with an ambiguous letter read the other ways, in turn."""
    out: list[str] = []
    for m in _LATIN_WORD.finditer(name):
        word = m.group(0)
        for a, b in _READINGS:
            if a in word.lower():
                new = re.sub(a, b, word, flags=re.IGNORECASE)
                variant = name[: m.start()] + new + name[m.end() :]
                if variant not in out:
                    out.append(variant)
    return out[:limit]
