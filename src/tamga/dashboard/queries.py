"""The dashboard's read queries over the ledger's tables, each answered from an index.

Every query here is bounded by an indexed range (a time window, a holder, a declaration, a
transit) so a page costs the same on a thousand events as on a million. "Today" is the ledger's
clock day (the latest event time), not the wall clock: a replayed or simulated ledger has a
today of its own.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, NotRequired, TypedDict, cast

from sqlalchemy import Engine, Select, and_, case, func, or_, select

from tamga.errors import NotFound
from tamga.ledger.model import EventType
from tamga.ledger.views import TransitState
from tamga.store.ledger_read import EVERYTHING, Scope
from tamga.store.schema import event_lines, events, holders, ledger_meta, transits

#: event types whose lines count as goods crossing the border
BORDER_TYPES = ("import", "export", "transit_start")

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


class EventSummary(TypedDict):
    seq: int
    event_id: str
    type: EventType
    time: str
    location: str
    holder: str | None
    counterparty: str | None
    declaration_no: str | None
    transit_id: str | None
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


class EventRecord(TypedDict):
    """An event's stored row (its canonical JSON in ``payload``)."""

    seq: int
    event_id: str
    type: EventType
    time: str
    location: str
    holder: str | None
    counterparty: str | None
    declaration_no: str | None
    transit_id: str | None
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
        value = conn.execute(
            select(ledger_meta.c.value).where(ledger_meta.c.key == "clock")
        ).scalar()
    return str(value) if value else None


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
        ev = scope.events(
            select(func.count()).select_from(events).where(events.c.time >= today),
            in_window=True,
        )
        by_type = scope.events(
            select(events.c.type, func.count()).where(events.c.time >= today), in_window=True
        ).group_by(events.c.type)
        lv = scope.lines(
            select(event_lines.c.currency, func.sum(event_lines.c.value), func.count()).where(
                event_lines.c.time >= today, event_lines.c.type.in_(("import", "export"))
            )
        ).group_by(event_lines.c.currency)
        events_today = conn.execute(ev).scalar() or 0
        types_today: dict[str, int] = {str(k): int(v) for k, v in conn.execute(by_type).all()}
        value_rows = conn.execute(lv).all()
        open_q = scope.transits(
            select(func.count()).select_from(transits).where(transits.c.state == "open")
        )
        open_ = conn.execute(open_q).scalar() or 0
        overdue = 0
        if clock:
            overdue = conn.execute(open_q.where(transits.c.deadline < clock)).scalar() or 0
        n_events = func.count(func.distinct(event_lines.c.event_seq))
        route = scope.lines(
            select(
                events.c.location,
                event_lines.c.country,
                n_events.label("events"),
                func.coalesce(func.sum(event_lines.c.value), 0.0).label("value"),
            )
            .join(events, events.c.seq == event_lines.c.event_seq)
            .where(
                event_lines.c.time >= week,
                event_lines.c.type.in_(("export", "transit_start")),
            )
        )
        route = route.group_by(events.c.location, event_lines.c.country)
        routes = [
            Route({"from": r[0], "to": r[1], "events": r[2], "value": float(r[3])})
            for r in conn.execute(route.order_by(n_events.desc()).limit(10))
        ]
        # summed here, not in SQL: grouped by hs_code, SQLite would walk the whole
        # (hs_code, time) index instead of the week's range of the time index
        week_lines = scope.lines(
            select(event_lines.c.hs_code, event_lines.c.value, event_lines.c.net_kg).where(
                event_lines.c.time >= week, event_lines.c.type.in_(BORDER_TYPES)
            )
        )
        by_hs: dict[str, list[Any]] = {}
        for code, value, net_kg in conn.execute(week_lines):
            slot = by_hs.setdefault(code, [0, 0.0, None])
            slot[0] += 1
            slot[1] += value or 0.0
            if net_kg is not None:  # "—" where no line declared a net mass, not "0 kg"
                slot[2] = (slot[2] or 0.0) + net_kg
        hs_codes = [
            HsCode(hs_code=code, lines=int(n), value=v, net_kg=kg)
            for code, (n, v, kg) in sorted(by_hs.items(), key=lambda kv: -kv[1][1])[:10]
        ]
    values = sorted(
        (CurrencyValue(currency=c or "", value=float(v), lines=n) for c, v, n in value_rows if v),
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
        if border:
            query = scope.lines(
                select(event_lines.c.time)
                .where(event_lines.c.type.in_(BORDER_TYPES))
                .order_by(event_lines.c.time.desc())
                .limit(1)
            )
        else:
            query = scope.events(select(events.c.time).order_by(events.c.seq.desc()).limit(1))
        value = conn.execute(query).scalar()
    return str(value) if value else None


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


def event_rows() -> Select[Any]:
    """Events as the pages list them: who, where, what, and their goods lines' declared value."""
    value = (
        select(func.sum(event_lines.c.value))
        .where(event_lines.c.event_seq == events.c.seq)
        .scalar_subquery()
    )
    return select(
        events.c.seq,
        events.c.event_id,
        events.c.type,
        events.c.time,
        events.c.location,
        events.c.holder,
        events.c.counterparty,
        events.c.declaration_no,
        events.c.transit_id,
        value.label("value"),
    )


def recent_events(engine: Engine, limit: int = 15, scope: Scope = EVERYTHING) -> list[EventSummary]:
    """The newest events in scope, newest first, with their goods lines' declared value."""
    query = event_rows()
    if scope.holder is not None:
        # the holder's own events by the (holder, time) index; its purchases are on its page
        query = query.where(events.c.holder == scope.holder).order_by(events.c.time.desc())
    else:
        query = scope.events(query).order_by(events.c.seq.desc())
    with engine.connect() as conn:
        return [cast(EventSummary, dict(r._mapping)) for r in conn.execute(query.limit(limit))]


def holder_record(engine: Engine, holder: str) -> HolderRecord | None:
    """The registry entry, or a bare record when the holder is only known from events."""
    with engine.connect() as conn:
        row = conn.execute(select(holders).where(holders.c.id == holder)).first()
        if row is not None:
            return cast(HolderRecord, dict(row._mapping))
        seen = (
            conn.execute(select(events.c.seq).where(events.c.holder == holder).limit(1)).first()
            or conn.execute(
                select(event_lines.c.event_seq).where(event_lines.c.holder == holder).limit(1)
            ).first()
        )
    return HolderRecord(id=holder, name=None) if seen is not None else None


def holder_flows(engine: Engine, holder: str) -> list[MonthFlow]:
    """Value in and out by month: imports, purchases and made goods in; sales, exports, used out."""
    month = func.substr(event_lines.c.time, 1, 7)
    is_in = or_(
        and_(event_lines.c.holder == holder, event_lines.c.type == "import"),
        and_(event_lines.c.holder == holder, event_lines.c.role == "output"),
        and_(event_lines.c.counterparty == holder, event_lines.c.type == "transfer"),
    )
    value = func.coalesce(event_lines.c.value, 0.0)
    query = (
        select(
            month.label("month"),
            func.sum(case((is_in, value), else_=0.0)).label("in_value"),
            func.sum(case((is_in, 0.0), else_=value)).label("out_value"),
            func.sum(case((is_in, 1), else_=0)).label("in_lines"),
            func.sum(case((is_in, 0), else_=1)).label("out_lines"),
        )
        .where(
            or_(
                and_(
                    event_lines.c.holder == holder,
                    event_lines.c.type.in_(("import", "export", "transfer", "transformation")),
                ),
                and_(event_lines.c.counterparty == holder, event_lines.c.type == "transfer"),
            )
        )
        .group_by(month)
        .order_by(month)
    )
    with engine.connect() as conn:
        return [
            MonthFlow(
                month=r.month,
                in_value=float(r.in_value or 0),
                out_value=float(r.out_value or 0),
                in_lines=int(r.in_lines or 0),
                out_lines=int(r.out_lines or 0),
            )
            for r in conn.execute(query)
        ]


def holder_declarations(engine: Engine, holder: str, limit: int = 50) -> list[HolderDeclaration]:
    query = (
        select(
            events.c.declaration_no,
            events.c.type,
            events.c.time,
            events.c.location,
            events.c.counterparty,
        )
        .where(
            events.c.holder == holder,
            events.c.type.in_(("import", "export")),
        )
        .order_by(events.c.time.desc())
        .limit(limit)
    )
    with engine.connect() as conn:
        return [cast(HolderDeclaration, dict(r._mapping)) for r in conn.execute(query)]


def declaration_event(engine: Engine, declaration_no: str) -> EventRecord | None:
    """The import or export event that carries a declaration number."""
    with engine.connect() as conn:
        row = conn.execute(
            select(events)
            .where(
                events.c.declaration_no == declaration_no,
                events.c.type.in_(("import", "export")),
            )
            .order_by(events.c.seq)
            .limit(1)
        ).first()
    return cast(EventRecord, dict(row._mapping)) if row is not None else None


def open_transit_positions(
    engine: Engine, limit: int = 500, scope: Scope = EVERYTHING
) -> list[TransitPosition]:
    """Open transits with their last known position, latest first (for the map)."""
    query = (
        select(
            transits.c.transit_id,
            transits.c.office_of_departure,
            transits.c.office_of_destination,
            transits.c.destination_country,
            transits.c.carrier,
            transits.c.deadline,
            transits.c.last_time,
            transits.c.last_location,
            transits.c.last_lat,
            transits.c.last_lon,
            transits.c.checkpoints,
        )
        .where(transits.c.state == "open")
        .order_by(transits.c.deadline)
        .limit(limit)
    )
    query = scope.transits(query)
    with engine.connect() as conn:
        return [cast(TransitPosition, dict(r._mapping)) for r in conn.execute(query)]


def transit_counts(engine: Engine, clock: str | None, scope: Scope = EVERYTHING) -> dict[str, int]:
    """How many transits each tab of the list holds (``open`` not yet due, ``overdue`` past its
    deadline at the ledger clock), so an empty tab is not mistaken for an empty map."""
    late = and_(transits.c.state == "open", transits.c.deadline < (clock or ""))
    query = scope.transits(
        select(transits.c.state, late.label("late"), func.count().label("n"))
    ).group_by(transits.c.state, late)
    counts = dict.fromkeys(("open", "overdue", "discharged", "diverted"), 0)
    with engine.connect() as conn:
        for state, is_late, n in conn.execute(query):
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
    however many others there are. Pages follow (deadline, transit id) from ``after``, so a
    page reads only its own rows however deep it is.
    """
    query: Select[Any] = select(
        transits.c.transit_id,
        transits.c.state,
        transits.c.office_of_departure,
        transits.c.office_of_destination,
        transits.c.destination_country,
        transits.c.carrier,
        transits.c.start_time,
        transits.c.deadline,
        transits.c.end_office,
        transits.c.last_time,
        transits.c.last_location,
        transits.c.checkpoints,
    )
    if state == "overdue":
        query = query.where(transits.c.state == "open", transits.c.deadline < (clock or ""))
    elif state == "open" and clock:
        query = query.where(transits.c.state == "open", transits.c.deadline >= clock)
    elif state != "all":
        query = query.where(transits.c.state == state)
    query = scope.transits(query).order_by(transits.c.deadline, transits.c.transit_id)
    with engine.connect() as conn:
        if after is not None:
            deadline = conn.execute(
                select(transits.c.deadline).where(transits.c.transit_id == after)
            ).scalar()
            if deadline is None:
                raise NotFound(f"no transit {after!r} to page after")
            query = query.where(
                or_(
                    transits.c.deadline > deadline,
                    and_(transits.c.deadline == deadline, transits.c.transit_id > after),
                )
            )
        rows = [cast(TransitRow, dict(r._mapping)) for r in conn.execute(query.limit(limit + 1))]
    following = rows[limit - 1]["transit_id"] if len(rows) > limit else None
    rows = rows[:limit]
    for r in rows:
        if r["state"] == "open" and clock and r["deadline"] < clock:
            r["state"] = "overdue"
        r["last_position"] = LastSeen(location=r["last_location"], time=r["last_time"])
    return rows, following
