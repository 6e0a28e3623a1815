"""Rule 6: a party on a declaration or transit that screens as a sanctions match.

Parties are screened with tamga's screener (names across Latin and Cyrillic scripts, legal
forms, identifiers), once per distinct (name, country, id): the same consignees recur, so the
cache makes the rule cheap. Domestic holders are screened by their registry names when
``holder`` is among the parties.

A match raises only on a **listed** entity, or on a known party (an owner, asset, relative a
list carries) that listed persons own or control on the event's day (``tamga.ownership``:
OFAC 50% aggregate, EU/UK control), with the ownership chains as evidence. A holder (and a
carrier) the registry says is owned through others by a listed person is exposed by its id,
whatever its name. A known party with a listed owner of unknown share raises at a lower score
(0.5): the share is for the analyst to find, not for the rule to guess.
"""

from __future__ import annotations

import re
from typing import Any

from tamga.ledger.engine import Applied
from tamga.ledger.model import ExportEvent, ImportEvent, TransferEvent, TransitStart
from tamga.risk.context import RiskContext
from tamga.risk.model import Alert, uniq
from tamga.risk.rules.base import Rule
from tamga.screening.model import listed_within

UNKNOWN_SHARE_SCORE = 0.5


class SanctionedParty(Rule):
    name = "sanctioned_party"
    types = ("export", "import", "transit_start", "transfer")

    def __init__(self, params: dict[str, Any], ctx: RiskContext) -> None:
        super().__init__(params, ctx)
        self.threshold = float(params.get("threshold", 0.85))
        self.parties = frozenset(params.get("parties") or ("consignee", "consignor"))
        #: judge the registry owners of the declaring holders by their id, without screening
        #: their names (precise and cheap: on by default)
        self.holder_owners = bool(params.get("holder_owners", True))
        self._cache: dict[tuple[str, str | None, str | None], list[dict[str, Any]]] = {}
        self._exposures: dict[tuple[str, str], dict[str, Any] | None] = {}

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
        day = applied.time[:10]
        matches = []
        for role, name, country, pid in checks:
            party = {"role": role, "party": name, "country": country, "id": pid}
            for m in self._screen(name, country, pid):
                judged = self._judge(m, day)
                if judged is not None:
                    matches.append(party | judged)
            seen = {m.get("entity_id") for m in matches}
            for alias_match in self._through_aliases(pid, day):
                if alias_match.get("entity_id") not in seen:
                    seen.add(alias_match.get("entity_id"))
                    matches.append(party | alias_match)
        for role, holder in self._owned_holders(event):
            found = self._exposure(holder, day)
            if found is not None and not any(m.get("entity_id") == holder for m in matches):
                name = self.ctx.holder_names.get(holder) or holder
                matches.append(
                    {"role": role, "party": name, "country": "KZ", "id": holder}
                    | {"entity_id": holder, "name": name, "score": 1.0}
                    | found
                )
        if not matches:
            return []
        best = max(_weight(m) for m in matches)
        top = max(matches, key=_weight)
        return [
            Alert(
                rule=self.name,
                key=f"{kind}:{subject}",
                score=min(1.0, max(0.7, best)) if best > UNKNOWN_SHARE_SCORE else best,
                title=_title(top),
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

    def _through_aliases(self, pid: str | None, day: str) -> list[dict[str, Any]]:
        """Matches of the party's other names and ids, where resolution (an analyst's "same",
        a shared identifier, the same folded name, Splink) makes it one firm with them: each
        says which alias it came through and how the firm was joined."""
        resolution = self.ctx.resolution
        if resolution is None or not pid:
            return []
        members = resolution.members(pid)
        if len(members) < 2:
            return []
        how = resolution.describe(pid)
        out: list[dict[str, Any]] = []
        for member in members:
            if member == pid:
                continue
            record = resolution.records.get(member)
            via = {"resolved": {"as": member, "name": record.name if record else member} | how}
            found: list[dict[str, Any]] = []
            if record is not None and record.name:
                ids = (member, *record.identifiers)
                for m in self._screen_ids(record.name, record.country, ids):
                    judged = self._judge(m, day)
                    if judged is not None:
                        found.append(judged | via)
            if any(m["entity_id"] == member for m in found):  # the alias is that entity
                found = [m for m in found if m["entity_id"] == member]
            exposed = self._exposure(member, day) if not found else None
            if exposed is not None:
                name = record.name if record and record.name else member
                found.append({"entity_id": member, "name": name, "score": 1.0} | exposed | via)
            out += found
        return out

    def _screen_ids(
        self, name: str, country: str | None, ids: tuple[str, ...]
    ) -> list[dict[str, Any]]:
        key = (name, country, "\x1f".join(ids))
        hit = self._cache.get(key)
        if hit is None:
            found = self.ctx.screener.screen(
                name, country, identifiers=ids, threshold=self.threshold, limit=3
            )
            if len(self._cache) > 100_000:
                self._cache.clear()
            hit = self._cache[key] = [m.to_dict() | {"screened_as": name} for m in found]
        return hit

    def _judge(self, match: dict[str, Any], day: str) -> dict[str, Any] | None:
        """A match as evidence: listed on the event's day, or a party exposed through its
        owners; None for a party nobody listed owns or controls that day (a known party, one
        delisted before the day or listed only after it)."""
        if match.get("listed", True):
            periods = match.get("listing") or ()
            if listed_within(tuple((p[0], p[1]) for p in periods), day):
                return match | {"status": "listed"}
        found = self._exposure(match["entity_id"], day)
        return None if found is None else match | found

    def _exposure(self, entity_id: str, day: str) -> dict[str, Any] | None:
        graph = self.ctx.ownership
        if graph is None:
            return None
        key = (entity_id, day)
        if key in self._exposures:
            return self._exposures[key]
        from datetime import date

        from tamga.ownership.exposure import exposure

        node = graph.node(entity_id)
        found: dict[str, Any] | None = None
        if node is not None:
            exp = exposure(graph, node, date.fromisoformat(day))
            if exp.exposed or exp.unknown_shares:
                found = {
                    "status": "exposed" if exp.exposed else "owner_share_unknown",
                    "ownership": {
                        "on": exp.on,
                        "aggregate_share": round(exp.aggregate_share, 6),
                        "rules": {"ofac_50": exp.ofac_50, "eu_control": exp.eu_control},
                        "paths": [p.text() for p in exp.paths[:10]],
                        "chains": [p.to_dict() for p in exp.paths[:10]],
                    },
                }
        if len(self._exposures) > 100_000:
            self._exposures.clear()
        self._exposures[key] = found
        return found

    def _owned_holders(self, event: Any) -> list[tuple[str, str]]:
        """Registry holders on the event whose owners are to be judged (as configured)."""
        holders = self.holder_owners or "holder" in self.parties
        if isinstance(event, ExportEvent) and holders:
            return [("exporter", event.exporter)]
        if isinstance(event, ImportEvent) and holders:
            return [("importer", event.consignee)]
        if isinstance(event, TransitStart) and "carrier" in self.parties:
            return [("carrier", event.carrier)]
        if isinstance(event, TransferEvent) and holders:
            return [("seller", event.seller), ("buyer", event.buyer)]
        return []

    def _holder(self, role: str, holder: str) -> list[tuple[str, str, str | None, str | None]]:
        name = self.ctx.holder_names.get(holder)
        return [(role, name, "KZ", holder)] if name else []


def _weight(match: dict[str, Any]) -> float:
    if match.get("status") == "owner_share_unknown":
        return min(float(match["score"]), UNKNOWN_SHARE_SCORE)
    return float(match["score"])


def _title(m: dict[str, Any]) -> str:
    status = m.get("status")
    resolved = m.get("resolved")
    party = f"{m['role']} {m['party']!r}"
    if resolved:
        party += f" (one firm with {resolved['name']!r})"
    if status == "listed":
        return f"{party} matches listed {m['name']!r}"
    chain = (m.get("ownership") or {}).get("paths") or ["?"]
    if status == "exposed":
        return f"{party} is owned or controlled by listed persons: {chain[0]}"
    return f"{party} has a listed owner of unknown share: {chain[0]}"


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
