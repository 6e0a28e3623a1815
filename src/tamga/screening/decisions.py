"""Analysts' decisions applied to screening results: who a party is, and what was decided on it.

A decision is kept per *party key* (the party's identifiers when it has any, else its name as the
matcher reads it with its country) and listed entity. It applies to every later screening of the
same party, whatever list update or re-screening produced the match, and follows entity merges:
a decision on an id that has since been merged into another entity (FtM ``referents``) applies to
that entity. ``not_same`` removes the match from results; ``same`` marks it confirmed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from tamga.screening.model import Decision, ListedEntity, Match, Party
from tamga.screening.names import analyze
from tamga.screening.scoring import normalize_identifier


def party_key(party: Party) -> str:
    """A stable key for "the same party": identifiers first, else the folded name and country."""
    ids = sorted({normalize_identifier(i) for i in party.identifiers} - {""})
    if ids:
        return "id:" + ";".join(ids)
    form = analyze(party.name)
    name = " ".join(sorted(form.tokens)) or party.name.strip().casefold()
    return f"name:{name}|{(party.country or '').lower()}"


class DecisionBook:
    """The standing decisions, latest per (party key, entity id), for applying to matches."""

    def __init__(self, decisions: Iterable[Decision] = ()) -> None:
        self._latest: dict[tuple[str, str], Decision] = {}
        for decision in decisions:
            self.add(decision)

    def add(self, decision: Decision) -> None:
        key = (decision.party_key, decision.entity_id)
        old = self._latest.get(key)
        if old is None or (old.decided_at, old.decision_id or 0) <= (
            decision.decided_at,
            decision.decision_id or 0,
        ):
            self._latest[key] = decision

    def __len__(self) -> int:
        return len(self._latest)

    def find(self, key: str, entity_id: str, referents: Sequence[str] = ()) -> Decision | None:
        """The decision on this entity, or on any id merged into it (the latest one)."""
        found = [
            d for eid in (entity_id, *referents) if (d := self._latest.get((key, eid))) is not None
        ]
        return max(found, key=lambda d: (d.decided_at, d.decision_id or 0)) if found else None

    def apply(
        self,
        party: Party,
        matches: Sequence[Match],
        referents: Mapping[str, Sequence[str]] | None = None,
        keep_rejected: bool = False,
    ) -> list[Match]:
        """``matches`` with their decisions attached; ``not_same`` ones dropped unless asked."""
        if not self._latest:
            return list(matches)
        key = party_key(party)
        out = []
        for match in matches:
            decision = self.find(key, match.entity_id, (referents or {}).get(match.entity_id, ()))
            if decision is None:
                out.append(match)
                continue
            if decision.verdict == "not_same" and not keep_rejected:
                continue
            out.append(replace(match, decision=decision))
        return out


def referents_of(entities: Iterable[ListedEntity]) -> dict[str, tuple[str, ...]]:
    return {e.entity_id: e.referents for e in entities if e.referents}
