"""What the dashboard's pages read of the ledger, in the shapes the templates read by key.

The reads themselves are ``tamga.store.ledger_read``'s, each bounded by an indexed range (a time
window, a holder, a declaration, a transit) so a page costs the same on a thousand events as on
a million. "Today" is the ledger's clock day (the latest event time), not the wall clock: a
replayed or simulated ledger has a today of its own.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, NotRequired, TypedDict, cast

from sqlalchemy import Engine

from tamga.errors import NotFound
from tamga.ledger.model import EventType
from tamga.ledger.views import EventColumns, TransitState
from tamga.store import ledger_read
from tamga.store.ledger_read import EVERYTHING, Scope

# -- what the queries answer with (the templates read them by key) ----------------------------
#: a week's route: from a post to a country ("from" is a keyword, hence this spelling)
Route = TypedDict("Route", {"from": str, "to": str | None, "events": int, "value": float})


class HsCode(TypedDict):
    hs_code: str
    lines: int
    value: float
    net_kg: float | None


class CurrencyValue(TypedDict):
    currency: str
    value: float
    lines: int


class Overview(TypedDict):
    clock: str | None
    today: str | None
    week_from: str | None
    week_to: str | None
    events_today: int
    types_today: dict[str, int]
    value_today: list[CurrencyValue]
    open_transits: int
    overdue_transits: int
    routes: list[Route]
    hs_codes: list[HsCode]
    #: set by ``overview_or_last_active``: the day or week shown is the last active one
    quiet_day: NotRequired[bool]
    quiet_week: NotRequired[bool]


class EventSummary(EventColumns):
    value: float | None


class HolderRecord(TypedDict):
    """A registry entry; a holder known only from events has an id and no name."""

    id: str
    name: str | None
    name_cyrillic: NotRequired[str | None]
    kind: NotRequired[str | None]
    registered: NotRequired[str | None]
    city: NotRequired[str | None]


class MonthFlow(TypedDict):
    month: str
    in_value: float
    out_value: float
    in_lines: int
    out_lines: int


class HolderDeclaration(TypedDict):
    declaration_no: str
    type: EventType
    time: str
    location: str
    counterparty: str | None


class EventRecord(EventColumns):
    """An event's stored row (its canonical JSON in ``payload``)."""

    late: bool
    content_hash: str
    chain_hash: str
    payload: str


class TransitPosition(TypedDict):
    transit_id: str
    office_of_departure: str
    office_of_destination: str
    destination_country: str
    carrier: str
    deadline: str
    last_time: str | None
    last_location: str | None
    last_lat: float | None
    last_lon: float | None
    checkpoints: int


class LastSeen(TypedDict):
    location: str | None
    time: str | None


class TransitRow(TypedDict):
    transit_id: str
    state: TransitState
    office_of_departure: str
    office_of_destination: str
    destination_country: str
    carrier: str
    start_time: str
    deadline: str
    end_office: str | None
    last_time: str | None
    last_location: str | None
    checkpoints: int
    last_position: NotRequired[LastSeen]


def ledger_clock(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return ledger_read.ledger_clock(conn)


def day_start(clock: str | None) -> str:
    """The start of the ledger clock's day as stored time text (ISO, UTC)."""
    if not clock:
        return "0000"
    return clock[:10] + "T00:00:00.000000+00:00"


def days_before(clock: str | None, days: int) -> str:
    if not clock:
        return "0000"
    start = datetime.fromisoformat(day_start(clock)) - timedelta(days=days - 1)
    return start.isoformat(timespec="microseconds")


def overview(engine: Engine, clock: str | None, scope: Scope = EVERYTHING) -> Overview:
    """Today's events and value, open and overdue transits, last week's top routes and HS codes."""
    today = day_start(clock)
    week = days_before(clock, 7)
    with engine.connect() as conn:
        events_today, types_today = ledger_read.events_since(conn, today, scope)
        value_rows = ledger_read.declared_value_since(conn, today, scope)
        open_, overdue = ledger_read.open_transit_counts(conn, clock, scope)
        routes = [
            Route(
                {"from": r.location, "to": r.country, "events": r.events, "value": float(r.value)}
            )
            for r in ledger_read.top_routes(conn, week, scope)
        ]
        by_hs: dict[str, list[Any]] = {}
        for line in ledger_read.border_lines_since(conn, week, scope):
            slot = by_hs.setdefault(line.hs_code, [0, 0.0, None])
            slot[0] += 1
            slot[1] += line.value or 0.0
            if line.net_kg is not None:  # "—" where no line declared a net mass, not "0 kg"
                slot[2] = (slot[2] or 0.0) + line.net_kg
    hs_codes = [
        HsCode(hs_code=code, lines=int(n), value=v, net_kg=kg)
        for code, (n, v, kg) in sorted(by_hs.items(), key=lambda kv: -kv[1][1])[:10]
    ]
    values = sorted(
        (
            CurrencyValue(currency=r.currency or "", value=float(r.value), lines=r.lines)
            for r in value_rows
            if r.value
        ),
        key=lambda x: -x["value"],
    )
    return Overview(
        clock=clock,
        today=today[:10] if clock else None,
        week_from=week[:10] if clock else None,
        week_to=today[:10] if clock else None,
        events_today=events_today,
        types_today=types_today,
        value_today=values,
        open_transits=open_,
        overdue_transits=overdue,
        routes=routes,
        hs_codes=hs_codes,
    )


def last_active(engine: Engine, scope: Scope, *, border: bool) -> str | None:
    """The time of the scope's latest event (``border``: its latest border-crossing line)."""
    with engine.connect() as conn:
        return ledger_read.last_active(conn, scope, border=border)


def overview_or_last_active(
    engine: Engine, clock: str | None, scope: Scope = EVERYTHING
) -> Overview:
    """The overview of the clock's day and week; where the scope's day or week is empty, the
    day or week that ends on its last active day instead, flagged (``quiet_day``,
    ``quiet_week``) so the page says which period it shows."""
    data = overview(engine, clock, scope)
    data["quiet_day"] = data["quiet_week"] = False
    if not clock:
        return data
    if not data["routes"] and not data["hs_codes"]:
        last = last_active(engine, scope, border=True)
        if last and last < str(data["week_from"]):
            earlier = overview(engine, last, scope)
            data["routes"], data["hs_codes"] = earlier["routes"], earlier["hs_codes"]
            data["week_from"], data["week_to"] = earlier["week_from"], earlier["week_to"]
            data["quiet_week"] = True
    if not data["events_today"]:
        last = last_active(engine, scope, border=False)
        if last and last[:10] < str(data["today"]):
            earlier = overview(engine, last, scope)
            data["events_today"], data["types_today"] = (
                earlier["events_today"],
                earlier["types_today"],
            )
            data["value_today"], data["today"] = earlier["value_today"], earlier["today"]
            data["quiet_day"] = True
    return data


def recent_events(engine: Engine, limit: int = 15, scope: Scope = EVERYTHING) -> list[EventSummary]:
    """The newest events in scope, newest first, with their goods lines' declared value."""
    with engine.connect() as conn:
        return [cast(EventSummary, r) for r in ledger_read.recent_events(conn, limit, scope)]


def holder_record(engine: Engine, holder: str) -> HolderRecord | None:
    """The registry entry, or a bare record when the holder is only known from events."""
    with engine.connect() as conn:
        entry = ledger_read.registry_entry(conn, holder)
        if entry is not None:
            return cast(HolderRecord, entry)
        seen = ledger_read.holder_seen(conn, holder)
    return HolderRecord(id=holder, name=None) if seen else None


def holder_flows(engine: Engine, holder: str) -> list[MonthFlow]:
    """Value in and out by month: imports, purchases and made goods in; sales, exports, used out."""
    with engine.connect() as conn:
        return [
            MonthFlow(
                month=r.month,
                in_value=float(r.in_value or 0),
                out_value=float(r.out_value or 0),
                in_lines=int(r.in_lines or 0),
                out_lines=int(r.out_lines or 0),
            )
            for r in ledger_read.holder_month_flows(conn, holder)
        ]


def holder_declarations(engine: Engine, holder: str, limit: int = 50) -> list[HolderDeclaration]:
    with engine.connect() as conn:
        rows = ledger_read.latest_declarations(conn, holder, limit)
    return [cast(HolderDeclaration, r) for r in rows]


def declaration_event(engine: Engine, declaration_no: str) -> EventRecord | None:
    """The import or export event that carries a declaration number."""
    with engine.connect() as conn:
        record = ledger_read.declaration_record(conn, declaration_no)
    return cast(EventRecord, record) if record is not None else None


def open_transit_positions(
    engine: Engine, limit: int = 500, scope: Scope = EVERYTHING
) -> list[TransitPosition]:
    """Open transits with their last known position, latest first (for the map)."""
    with engine.connect() as conn:
        rows = ledger_read.open_transit_positions(conn, limit, scope)
    return [cast(TransitPosition, r) for r in rows]


def transit_counts(engine: Engine, clock: str | None, scope: Scope = EVERYTHING) -> dict[str, int]:
    """How many transits each tab of the list holds (``open`` not yet due, ``overdue`` past its
    deadline at the ledger clock), so an empty tab is not mistaken for an empty map."""
    counts = dict.fromkeys(("open", "overdue", "discharged", "diverted"), 0)
    with engine.connect() as conn:
        for state, is_late, n in ledger_read.transit_state_counts(conn, clock, scope):
            key = "overdue" if is_late else state
            counts[key] = counts.get(key, 0) + n
    counts["all"] = sum(counts.values())
    return counts


def transit_list(
    engine: Engine,
    state: str,
    clock: str | None,
    scope: Scope = EVERYTHING,
    limit: int = 300,
    after: str | None = None,
) -> tuple[list[TransitRow], str | None]:
    """A page of transits by state in the viewer's scope, nearest deadline first (for the list),
    and the transit the next page starts after (``None`` on the last page).

    ``overdue`` is open past its deadline at the ledger clock; ``open`` is open and not yet due;
    ``all`` is every state. The scope is applied in SQL, so an office sees its own transits
    however many others there are.
    """
    with engine.connect() as conn:
        start: tuple[str, str] | None = None
        if after is not None:
            deadline = ledger_read.transit_deadline(conn, after)
            if deadline is None:
                raise NotFound(f"no transit {after!r} to page after")
            start = (deadline, after)
        found = ledger_read.transit_page(conn, state, clock, scope, limit + 1, start)
    rows = [cast(TransitRow, r) for r in found]
    following = rows[limit - 1]["transit_id"] if len(rows) > limit else None
    rows = rows[:limit]
    for r in rows:
        if r["state"] == "open" and clock and r["deadline"] < clock:
            r["state"] = "overdue"
        r["last_position"] = LastSeen(location=r["last_location"], time=r["last_time"])
    return rows, following
