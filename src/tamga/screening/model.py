"""What screening talks about: listed entities, the party asked about, and a scored match."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal


@dataclass(frozen=True, slots=True)
class ListedEntity:
    """A sanctioned (or otherwise listed) person or organisation, as loaded from a list.

    ``datasets`` are the lists it appears on, ``source`` the file or feed it came from and
    ``listed_on`` the date the list says (first seen / listing date), kept for the analyst.
    ``listed`` is False for a *known party* (an owner, asset or relative a list carries without
    sanctioning it): matched, but not an alert by itself.
    """

    entity_id: str
    schema: str
    names: tuple[str, ...]
    countries: tuple[str, ...] = ()
    identifiers: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    datasets: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    source: str = ""
    listed_on: str | None = None
    last_change: str | None = None
    listed: bool = True
    birth_dates: tuple[str, ...] = ()
    referents: tuple[str, ...] = ()  # ids of entities merged into this one (FtM ``referents``)
    #: (first day, last day) of each listing its Sanction entities date; empty: any day
    listing: tuple[tuple[str | None, str | None], ...] = ()

    @property
    def caption(self) -> str:
        return self.names[0] if self.names else self.entity_id

    def listed_at(self, day: str) -> bool:
        """Listed on ``day`` (ISO): listed, and within one of its listing periods if dated."""
        return self.listed and listed_within(self.listing, day)

    def to_dict(self) -> dict[str, Any]:
        return {
            "entity_id": self.entity_id,
            "schema": self.schema,
            "names": list(self.names),
            "countries": list(self.countries),
            "identifiers": list(self.identifiers),
            "addresses": list(self.addresses),
            "datasets": list(self.datasets),
            "topics": list(self.topics),
            "source": self.source,
            "listed_on": self.listed_on,
            "last_change": self.last_change,
            "listed": self.listed,
            "birth_dates": list(self.birth_dates),
            "referents": list(self.referents),
            "listing": [list(p) for p in self.listing],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ListedEntity:
        return cls(
            entity_id=data["entity_id"],
            schema=data.get("schema") or "LegalEntity",
            names=tuple(data.get("names") or ()),
            countries=tuple(data.get("countries") or ()),
            identifiers=tuple(data.get("identifiers") or ()),
            addresses=tuple(data.get("addresses") or ()),
            datasets=tuple(data.get("datasets") or ()),
            topics=tuple(data.get("topics") or ()),
            source=data.get("source") or "",
            listed_on=data.get("listed_on"),
            last_change=data.get("last_change"),
            listed=bool(data.get("listed", True)),
            birth_dates=tuple(data.get("birth_dates") or ()),
            referents=tuple(data.get("referents") or ()),
            listing=tuple((p[0], p[1]) for p in data.get("listing") or ()),
        )


def listed_within(periods: tuple[tuple[str | None, str | None], ...], day: str) -> bool:
    """``day`` falls in one of ``periods`` (open ends open), or no period is given."""
    return not periods or any(
        (start is None or start <= day) and (end is None or day <= end) for start, end in periods
    )


@dataclass(frozen=True, slots=True)
class Party:
    """The party screened: a declarant, consignee, carrier ... as written on a document."""

    name: str
    country: str | None = None
    identifiers: tuple[str, ...] = ()
    address: str | None = None
    party_id: str | None = None
    birth_date: str | None = None  # ISO date or its year: supports or contradicts a person match


Verdict = Literal["same", "not_same"]
VERDICTS: tuple[Verdict, ...] = ("same", "not_same")


@dataclass(frozen=True, slots=True)
class Decision:
    """An analyst's judgement that a party is (``same``) or is not (``not_same``) a listed
    entity, with the reason, who and when, and what the screening stood on at the time: the list
    version, the algorithm version and the threshold, so an auditor can replay it."""

    party_key: str
    entity_id: str
    verdict: Verdict
    reason: str
    decided_by: str
    decided_at: str
    list_version: dict[str, Any]
    algorithm_version: str
    threshold: float
    score: float | None = None
    party_name: str = ""
    decision_id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "decision_id": self.decision_id,
            "party_key": self.party_key,
            "party_name": self.party_name,
            "entity_id": self.entity_id,
            "verdict": self.verdict,
            "reason": self.reason,
            "decided_by": self.decided_by,
            "decided_at": self.decided_at,
            "score": None if self.score is None else round(self.score, 4),
            "list_version": self.list_version,
            "algorithm_version": self.algorithm_version,
            "threshold": self.threshold,
        }


@dataclass(frozen=True, slots=True)
class Match:
    """One candidate for a party, best first in a result list.

    ``features`` name what made the score: ``name`` (similarity of the best pair of names),
    ``identifier_match``, ``identifier_conflict``, ``country_mismatch``, ``legal_form_conflict``,
    ``extra_tokens`` ... each with its value or its effect on the score.
    """

    entity_id: str
    name: str
    score: float
    matched_name: str
    features: dict[str, float] = field(default_factory=dict)
    schema: str = ""
    datasets: tuple[str, ...] = ()
    listed: bool = True  # False: a known party, not itself listed
    decision: Decision | None = None  # an analyst's standing judgement on this pair
    #: the entity's dated listing periods (:attr:`ListedEntity.listing`); empty: any day
    listing: tuple[tuple[str | None, str | None], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "entity_id": self.entity_id,
            "name": self.name,
            "score": round(self.score, 4),
            "matched_name": self.matched_name,
            "schema": self.schema,
            "datasets": list(self.datasets),
            "features": {k: round(v, 4) for k, v in self.features.items()},
            "listed": self.listed,
        }
        if self.listing:
            out["listing"] = [list(p) for p in self.listing]
        if self.decision is not None:
            out["decision"] = self.decision.to_dict()
        return out
