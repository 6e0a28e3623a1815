"""The ledger as each caller may read it: the visibility rules of ``tamga.auth.policy`` as SQL,
written once.

``tamga.auth.policy.may_see_event`` and ``may_see_transit`` state the rules on one record; the
clauses here say the same to the database, so a page of a trader's events or an office's
transits is filled from its own rows rather than filtered after the fact. The REST API, the live
stream and the dashboard all read through them (``Scope``), so no face shows a role more or
less than the policy allows (``tests/store/test_ledger_read.py`` holds every face to it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select, true

from tamga.auth.principal import Principal
from tamga.store.schema import event_lines, events, transits

#: the transit's offices that show it to an officer there (``policy.transit_offices``)
TRANSIT_OFFICES = (
    transits.c.office_of_departure,
    transits.c.office_of_destination,
    transits.c.end_office,
)


def transits_at(locations: frozenset[str]) -> Select[Any]:
    """Transits declared at these offices (departure, destination) or ended there; not those
    merely seen there (``policy.transit_offices``)."""
    loc = sorted(locations)
    return select(transits.c.transit_id).where(or_(*(c.in_(loc) for c in TRANSIT_OFFICES)))


def visible_events(principal: Principal, *, in_window: bool = False) -> ColumnElement[bool]:
    """The events ``principal`` may see. ``in_window``: the query already ranges over a short
    time window; the office test then goes through an expression so the planner keeps the time
    index rather than walking every event ever made at the office."""
    if principal.reads_all:
        return true()
    if principal.is_officer:
        location = func.coalesce(events.c.location, "") if in_window else events.c.location
        return or_(
            location.in_(sorted(principal.office_locations)),
            events.c.transit_id.in_(transits_at(principal.office_locations)),
        )
    holder = principal.holder
    return or_(
        events.c.holder == holder,
        and_(events.c.type.in_(("transfer", "transit_start")), events.c.counterparty == holder),
        events.c.transit_id.in_(select(transits.c.transit_id).where(transits.c.carrier == holder)),
    )


def visible_transits(principal: Principal) -> ColumnElement[bool]:
    """The transits ``principal`` may see: all, those declared at its office, or those it
    carries."""
    if principal.reads_all:
        return true()
    if principal.is_officer:
        return transits.c.transit_id.in_(transits_at(principal.office_locations))
    return transits.c.carrier == principal.holder


@dataclass(frozen=True)
class Scope:
    """What part of the ledger a caller's pages count and list: all of it (no principal, or one
    that reads everything), or what the policy lets ``principal`` see."""

    principal: Principal | None = None

    @classmethod
    def of(cls, principal: Principal) -> Scope:
        return cls(None if principal.reads_all else principal)

    @property
    def everything(self) -> bool:
        return self.principal is None

    @property
    def holder(self) -> str | None:
        """The trader whose ledger this is, if the caller is one."""
        p = self.principal
        return p.holder if p is not None and p.is_trader else None

    def events(self, query: Select[Any], *, in_window: bool = False) -> Select[Any]:
        if self.principal is None:
            return query
        return query.where(visible_events(self.principal, in_window=in_window))

    def lines(self, query: Select[Any]) -> Select[Any]:
        """Goods lines: a trader's own (its stock movements), an office's on the events it sees."""
        p = self.principal
        if p is None:
            return query
        if p.is_trader:
            return query.where(event_lines.c.holder == p.holder)
        return query.where(
            event_lines.c.event_seq.in_(select(events.c.seq).where(visible_events(p)))
        )

    def transits(self, query: Select[Any]) -> Select[Any]:
        if self.principal is None:
            return query
        return query.where(visible_transits(self.principal))


EVERYTHING = Scope()
