"""Delisting requests: a rights holder asks for its brand to come off the parallel-import list.

A request is filed (rights holder, brand, optional HS scope), reviewed, then approved with an
effective date or rejected with a reason; every step keeps who and when. Approval does not
edit entries in place: it yields amendments (``delisting_amendments``) that take the brand off
from the effective date, so the list's history shows the brand allowed before and not after.

What "taking the brand off" means depends on the row kind:

- *allowed only for named brands*: the brand leaves the row (the row goes when it was the last);
- *allowed whole*: the row becomes *allowed except* this brand (only where the request names
  an HS scope that meets the row: a whole chapter is not narrowed on an unscoped request);
- *allowed except named brands*: the brand joins the exceptions (again only within a scope).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import Any

from tamga.errors import Conflict, InvalidInput
from tamga.lists.brands import same_brand
from tamga.lists.model import (
    Action,
    Amendment,
    Effect,
    Entry,
    GoodsList,
    Source,
    normalize_hs,
)


class State(StrEnum):
    FILED = "filed"
    UNDER_REVIEW = "under_review"
    APPROVED = "approved"
    REJECTED = "rejected"


class Step(StrEnum):
    FILE = "filed"
    REVIEW = "review"
    APPROVE = "approved"
    REJECT = "rejected"


#: which states each step may be taken from, and the state it leads to
TRANSITIONS: dict[Step, tuple[frozenset[State], State]] = {
    Step.REVIEW: (frozenset({State.FILED}), State.UNDER_REVIEW),
    Step.APPROVE: (frozenset({State.UNDER_REVIEW}), State.APPROVED),
    Step.REJECT: (frozenset({State.FILED, State.UNDER_REVIEW}), State.REJECTED),
}


@dataclass(frozen=True, slots=True)
class StepRecord:
    step: str
    actor: str
    at: str
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"step": self.step, "actor": self.actor, "at": self.at, "note": self.note}


@dataclass(frozen=True)
class DelistingRequest:
    request_id: str
    list_name: str
    rights_holder: str
    brand: str
    hs_scope: tuple[str, ...]
    state: State
    filed_by: str
    filed_at: str
    grounds: str | None = None
    reviewer: str | None = None
    decided_by: str | None = None
    decided_at: str | None = None
    decision_reason: str | None = None
    effective: date | None = None
    amendments: tuple[int, ...] = ()
    steps: tuple[StepRecord, ...] = field(default=())

    def next_state(self, step: Step) -> State:
        """The state ``step`` leads to; Conflict when the request is not in a state it fits."""
        allowed, target = TRANSITIONS[step]
        if self.state not in allowed:
            raise Conflict(
                f"request {self.request_id} is {self.state}; {step.value} needs it "
                + " or ".join(sorted(s.value for s in allowed))
            )
        return target

    def to_dict(self) -> dict[str, Any]:
        """Plain data; ``id``/``filed``/``decision``/``decided`` are the dashboard's names."""
        decision = {State.APPROVED: "approved", State.REJECTED: "rejected"}.get(self.state)
        return {
            "id": self.request_id,
            "request_id": self.request_id,
            "list": self.list_name,
            "rights_holder": self.rights_holder,
            "brand": self.brand,
            "hs_scope": list(self.hs_scope),
            "grounds": self.grounds,
            "state": str(self.state),
            "filed_by": self.filed_by,
            "filed": self.filed_at,
            "reviewer": self.reviewer,
            "decision": decision,
            "decided_by": self.decided_by,
            "decided": self.decided_at,
            "decision_reason": self.decision_reason,
            "effective": self.effective.isoformat() if self.effective else None,
            "amendments": list(self.amendments),
            "steps": [s.to_dict() for s in self.steps],
        }


def normalize_scope(scope: list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    return tuple(sorted({normalize_hs(p, field_name="hs_scope") for p in scope or ()}))


def _meets(entry: Entry, scope: tuple[str, ...]) -> bool:
    """Does the request's HS scope meet the entry's prefixes (either may be the wider)?"""
    if not scope:
        return True
    return any(p.startswith(s) or s.startswith(p) for p in entry.hs_prefixes for s in scope)


def delisting_amendments(
    goods: GoodsList,
    brand: str,
    scope: tuple[str, ...],
    effective: date,
    *,
    note: str | None = None,
    recorded_by: str | None = None,
    source: Source | None = None,
) -> list[Amendment]:
    """The amendments that take ``brand`` off ``goods`` within ``scope`` from ``effective``.

    Empty when nothing on the list on that date would change (the brand is not allowed there).
    """
    out: list[Amendment] = []
    for entry in sorted(goods.entries_on(effective), key=lambda e: e.entry_id):
        if not entry.hs_prefixes or not _meets(entry, scope):
            continue
        hit = any(same_brand(brand, b) for b in entry.brands)
        new: Entry | None
        if entry.effect is Effect.ALLOWED_ONLY_BRANDS and hit:
            kept = tuple(b for b in entry.brands if not same_brand(brand, b))
            new = replace(entry, brands=kept) if kept else None
        elif entry.effect is Effect.ALLOWED_PARALLEL_IMPORT and scope:
            new = replace(entry, effect=Effect.ALLOWED_EXCEPT_BRANDS, brands=(brand,))
        elif entry.effect is Effect.ALLOWED_EXCEPT_BRANDS and scope and not hit:
            new = replace(entry, brands=(*entry.brands, brand))
        else:
            continue
        action = Action.REMOVE if new is None else Action.CHANGE
        if new is not None:
            new = replace(new, source=source)
        out.append(
            Amendment(
                action, entry.entry_id, effective, new, note=note, recorded_by=recorded_by,
                source=source,
            )
        )  # fmt: skip
    return out


def check_fileable(goods: GoodsList, brand: str, scope: tuple[str, ...], on: date) -> None:
    """A request must be about something the list allows on the day it is filed."""
    if not brand.strip():
        raise InvalidInput("a delisting request names a brand", field="brand")
    if not delisting_amendments(goods, brand, scope, on):
        where = f" within HS {', '.join(scope)}" if scope else ""
        raise InvalidInput(
            f"brand {brand!r} is not allowed by list {goods.name} on {on}{where}; "
            "there is nothing to delist",
            field="brand",
        )
