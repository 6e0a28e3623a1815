"""What each role may see and do: the one place the service's access rules are written.

- **admin**: tokens, lists and configuration; reads everything; may load events.
- **analyst**: reads everything and works the alert queue; writes no events.
- **officer**: reports events at its own office (and the locations attached to it); sees the
  events there and the transits that start, end or pass there; reads holders' data it needs at
  the border (stock, traces), the lists and screening.
- **trader**: reports its own events and sees only its own stock, declarations, events, the
  transits it carries and the alerts it owns (redacted: ``redact_alert``). Another holder's
  data answers 404 exactly like missing data, so a trader cannot even learn that it exists.

Functions here are pure: they take a principal and plain facts (holders, locations, transit
views) and either answer a bool or raise tamga's own errors, which every interface (REST, the
stream, EPCIS, the dashboard) maps in one place.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Any

from tamga.auth.principal import Principal, Role
from tamga.errors import EventRejected, NotFound, PermissionDenied
from tamga.ledger.model import (
    AdjustmentEvent,
    Checkpoint,
    Event,
    ExportEvent,
    ImportEvent,
    TransferEvent,
    TransformationEvent,
    TransitEnd,
    TransitStart,
)


class Action(StrEnum):
    CAPTURE = "capture"  # report ledger events (further checked per event)
    READ_ALL = "read_all"  # ledger-wide listings: every transit, every alert
    ALERT_WORKFLOW = "alert_workflow"  # assign, hold, release, escalate, close
    MANAGE_TOKENS = "manage_tokens"
    MANAGE_LISTS = "manage_lists"  # load lists, decide delisting requests
    READ_LISTS = "read_lists"  # controlled lists, goods checks
    SCREEN = "screen"  # screen a name against sanctions
    READ_AUDIT = "read_audit"
    REQUEST_DELISTING = "request_delisting"


_ALLOWED: dict[Action, frozenset[Role]] = {
    Action.CAPTURE: frozenset({Role.ADMIN, Role.OFFICER, Role.TRADER}),
    Action.READ_ALL: frozenset({Role.ADMIN, Role.ANALYST}),
    Action.ALERT_WORKFLOW: frozenset({Role.ADMIN, Role.ANALYST}),
    Action.MANAGE_TOKENS: frozenset({Role.ADMIN}),
    Action.MANAGE_LISTS: frozenset({Role.ADMIN}),
    Action.READ_LISTS: frozenset(Role),
    Action.SCREEN: frozenset({Role.ADMIN, Role.ANALYST, Role.OFFICER}),
    Action.READ_AUDIT: frozenset({Role.ADMIN}),
    Action.REQUEST_DELISTING: frozenset(Role),
}


def may(principal: Principal, action: Action) -> bool:
    return principal.role in _ALLOWED[action]


def require(principal: Principal, action: Action) -> None:
    if not may(principal, action):
        raise PermissionDenied(f"a {principal.role.value} token may not {action.value}")


# -- holders, declarations ------------------------------------------------------------------------
def may_see_holder(principal: Principal, holder: str | None) -> bool:
    if not principal.is_trader:
        return True
    return holder is not None and holder == principal.holder


def check_holder(principal: Principal, holder: str, what: str = "holder") -> None:
    """Refuse another holder's data with the 404 a missing one gets."""
    if not may_see_holder(principal, holder):
        raise NotFound(f"no {what} {holder!r}")


def check_any_holder(principal: Principal, holders: Iterable[str | None], what: str) -> None:
    """A record touching several holders (a declaration) is visible to each of them."""
    if not principal.is_trader:
        return
    if principal.holder not in set(holders):
        raise NotFound(f"no {what}")


def holder_filter(principal: Principal) -> str | None:
    """The holder every listing must be narrowed to (``None``: no narrowing)."""
    return principal.holder if principal.is_trader else None


# -- events -------------------------------------------------------------------------------------
def reporting_holder(event: Event) -> str | None:
    """The holder who files this event: the one whose own stock or declaration it is."""
    match event:
        case ImportEvent():
            return event.consignee
        case ExportEvent():
            return event.exporter
        case TransferEvent():
            return event.seller  # the seller issues the e-invoice; the buyer's stock follows
        case TransformationEvent() | AdjustmentEvent():
            return event.holder
        case TransitStart():
            return event.carrier
        case Checkpoint() | TransitEnd():
            return None  # reported by offices and navigation seals
    return None


def check_capture(principal: Principal, event: Event, ref: str = "") -> None:
    """May this principal report this event? Raises ``EventRejected`` naming the field."""
    record = ref or event.event_id
    if not may(principal, Action.CAPTURE):
        raise EventRejected(
            f"a {principal.role.value} token may not report events", record=record, field="type"
        )
    if principal.is_officer and event.location not in principal.office_locations:
        raise EventRejected(
            f"location {event.location!r} is not at office {principal.office!r}",
            record=record,
            field="location",
        )
    if principal.is_trader:
        reporter = reporting_holder(event)
        if reporter is None:
            raise EventRejected(
                f"a trader may not report {event.type} events", record=record, field="type"
            )
        if reporter != principal.holder:
            field = {
                "import": "consignee",
                "export": "exporter",
                "transfer": "seller",
                "transit_start": "carrier",
            }.get(event.type, "holder")
            raise EventRejected(
                f"a trader token for {principal.holder!r} may only report its own events",
                record=record,
                field=field,
            )


def may_see_event(
    principal: Principal,
    row: Mapping[str, Any],
    transit: Mapping[str, Any] | None = None,
) -> bool:
    """An event row (``type``, ``holder``, ``counterparty``, ``location``, ``transit_id``).

    ``transit`` is the event's transit view (for checkpoints and transit ends), when it has one.
    """
    if principal.reads_all:
        return True
    if principal.is_officer:
        if row.get("location") in principal.office_locations:
            return True
        return transit is not None and may_see_transit(principal, transit)
    holder = principal.holder
    if row.get("holder") == holder:
        return True
    if row.get("type") in ("transfer", "transit_start") and row.get("counterparty") == holder:
        return True  # the buyer of a sale; the carrier of a transit
    return transit is not None and transit.get("carrier") == holder


# -- transits -----------------------------------------------------------------------------------
def transit_offices(transit: Mapping[str, Any]) -> set[str]:
    """The offices a transit is declared at: its departure and destination, and where it
    ended. Being where a transit was seen (a checkpoint an officer reported itself) grants no
    view of the transit: reporting a checkpoint at its own office showed an officer any
    transit's past."""
    offices = {transit.get("office_of_departure"), transit.get("office_of_destination")}
    offices.add(transit.get("end_office"))
    return {o for o in offices if isinstance(o, str) and o}


def transit_route(transit: Mapping[str, Any]) -> set[str]:
    """The offices on a transit's route: its departure and destination, and the posts of
    every corridor that runs through both (the offices of transit on the way)."""
    from tamga.geography import CORRIDORS

    ends = {transit.get("office_of_departure"), transit.get("office_of_destination")}
    route = {o for o in ends if isinstance(o, str) and o}
    for corridor in CORRIDORS:
        if route <= set(corridor.posts):
            route.update(corridor.posts)
    return route


def check_checkpoint(
    principal: Principal, event: Event, transit: Mapping[str, Any] | None, ref: str = ""
) -> None:
    """An officer reports a checkpoint only for an open transit whose route its office is
    on. Refused in the words used for any identifier the reporter may not use, so the answer
    does not tell a transit that exists elsewhere from one that does not exist."""
    if not principal.is_officer or not isinstance(event, Checkpoint):
        return
    if (
        transit is None
        or transit.get("end_time") is not None
        or transit.get("state") not in ("open", "overdue", None)
        or not (transit_route(transit) & principal.office_locations)
    ):
        raise EventRejected(
            f"transit_id {event.transit_id!r} is not available for this event",
            record=ref or event.event_id,
            field="transit_id",
        )


def may_see_transit(principal: Principal, transit: Mapping[str, Any]) -> bool:
    if principal.reads_all:
        return True
    if principal.is_officer:
        return bool(transit_offices(transit) & principal.office_locations)
    return transit.get("carrier") == principal.holder


def check_transit(principal: Principal, transit: Mapping[str, Any]) -> None:
    if not may_see_transit(principal, transit):
        raise NotFound(f"no transit {transit.get('transit_id')!r} in the ledger")


# -- alerts -------------------------------------------------------------------------------------
#: what a trader sees of an alert it owns: that its declaration (sale, transit) was selected,
#: the channel and where the case stands. Not the rule, score, severity, title or evidence (the
#: customs risk criteria, and other holders' declarations and parties), nor the workflow's
#: history, assignee, locations or other events.
TRADER_ALERT_FIELDS = (
    "id",
    "subject",
    "subject_kind",
    "channel",
    "state",
    "time",
    "seq",
    "created_at",
    "updated_at",
)


def may_see_alert(principal: Principal, alert: Mapping[str, Any]) -> bool:
    """Analysts and admins see every alert; an officer those at its office's transits or
    locations; a trader only those it owns: about its own declaration, sale or transit (the
    alert's ``owner``, set by the alert store from the ledger). Being named elsewhere in an
    alert (an upstream seller on another holder's export) shows a trader nothing."""
    if principal.reads_all:
        return True
    if principal.is_trader:
        return principal.holder is not None and alert.get("owner") == principal.holder
    locations = set(alert.get("locations") or []) | set(alert.get("offices") or [])
    return bool(locations & principal.office_locations)


def check_alert(principal: Principal, alert: Mapping[str, Any]) -> None:
    if not may_see_alert(principal, alert):
        raise NotFound(f"no alert {alert.get('id')!r}")


def redact_alert(principal: Principal, alert: Mapping[str, Any]) -> dict[str, Any]:
    """The alert as the principal may see it (call ``check_alert`` first): whole for analysts,
    admins and officers; for a trader, ``TRADER_ALERT_FIELDS`` and its own subject only."""
    if not principal.is_trader:
        return dict(alert)
    view = {k: alert[k] for k in TRADER_ALERT_FIELDS if k in alert}
    kind, subject = alert.get("subject_kind"), alert.get("subject")
    view["owner"] = principal.holder
    view["holders"] = [principal.holder]
    view["declarations"] = [subject] if kind == "declaration" else []
    view["transits"] = [subject] if kind == "transit" else []
    return view


def alert_views(
    principal: Principal,
    alerts: Iterable[Mapping[str, Any]],
    *,
    rule: str | None = None,
    declaration: str | None = None,
    holder: str | None = None,
    location: str | None = None,
    **_: Any,
) -> list[dict[str, Any]]:
    """The alerts the principal may see, as it may see them, that the filters select.

    The filters are matched on the view, so a trader cannot probe what is redacted (asking
    for another holder's declaration or a rule name finds nothing). Other keyword arguments
    (``state``, ``channel``: shown to everyone) are the store's to apply.
    """
    out = []
    for alert in alerts:
        if not may_see_alert(principal, alert):
            continue
        view = redact_alert(principal, alert)
        if rule is not None and view.get("rule") != rule:
            continue
        if declaration is not None and declaration not in (view.get("declarations") or []):
            continue
        if holder is not None and holder not in (view.get("holders") or []):
            continue
        if location is not None and location not in (view.get("locations") or []):
            continue
        out.append(view)
    return out


def redact_trace(principal: Principal, trace: Mapping[str, Any]) -> dict[str, Any]:
    """A trader sees where its own goods came from by country and kind, but not the other
    holders on the path nor their import declarations and suppliers; the channel and hold of
    the declaration only when it is its own, and never the risk score (customs criteria)."""
    if not principal.is_trader:
        return dict(trace)
    own = bool(trace.get("lines")) and all(
        line.get("holder") == principal.holder for line in trace.get("lines", [])
    )
    hidden = {"risk_score"} if own else {"risk_score", "channel", "hold"}
    lines = []
    for line in trace.get("lines", []):
        line = dict(line)
        line["sources"] = [
            {**s, "import_declaration": None, "consignor": None} for s in line.get("sources", [])
        ]
        line["paths"] = [
            {**p, "holders": [h if h == principal.holder else None for h in p.get("holders", [])]}
            for p in line.get("paths", [])
        ]
        lines.append(line)
    return {**{k: v for k, v in trace.items() if k not in hidden}, "lines": lines}
