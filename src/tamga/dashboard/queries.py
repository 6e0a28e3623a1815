"""The dashboard's read queries over the ledger's tables, each answered from an index.

Every query here is bounded by an indexed range (a time window, a holder, a declaration, a
transit) so a page costs the same on a thousand events as on a million. "Today" is the ledger's
clock day (the latest event time), not the wall clock: a replayed or simulated ledger has a
today of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, Select, and_, case, exists, func, or_, select

from tamga.errors import NotFound
from tamga.store.schema import event_lines, events, holders, ledger_meta, transits

#: event types whose lines count as goods crossing the border
BORDER_TYPES = ("import", "export", "transit_start")


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


@dataclass(frozen=True)
class Scope:
    """What part of the ledger a page counts: all of it, one holder's, or one office's."""

    holder: str | None = None
    locations: frozenset[str] | None = None

    @property
    def everything(self) -> bool:
        return self.holder is None and self.locations is None

    def events(self, query: Select[Any], *, in_window: bool = False) -> Select[Any]:
        """``in_window``: the query already ranges over a (short) time window; the office filter
        then goes through an expression so the planner keeps the time index rather than walking
        every event ever made at the office."""
        if self.holder is not None:
            query = query.where(
                or_(events.c.holder == self.holder, events.c.counterparty == self.holder)
            )
        if self.locations is not None:
            location = func.coalesce(events.c.location, "") if in_window else events.c.location
            query = query.where(location.in_(sorted(self.locations)))
        return query

    def lines(self, query: Select[Any]) -> Select[Any]:
        if self.holder is not None:
            query = query.where(event_lines.c.holder == self.holder)
        if self.locations is not None:
            ev = events.alias("scope_events")
            query = query.where(
                exists()
                .where(
                    ev.c.seq == event_lines.c.event_seq,
                    ev.c.location.in_(sorted(self.locations)),
                )
                .correlate(event_lines)
            )
        return query

    def transits(self, query: Select[Any]) -> Select[Any]:
        if self.holder is not None:
            query = query.where(transits.c.carrier == self.holder)
        if self.locations is not None:
            offices = sorted(self.locations)
            query = query.where(
                or_(
                    transits.c.office_of_departure.in_(offices),
                    transits.c.office_of_destination.in_(offices),
                    transits.c.end_office.in_(offices),
                )  # not where it was last seen: a checkpoint grants no view (policy)
            )
        return query


EVERYTHING = Scope()


def overview(engine: Engine, clock: str | None, scope: Scope = EVERYTHING) -> dict[str, Any]:
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
            {"from": r[0], "to": r[1], "events": r[2], "value": float(r[3])}
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
            {"hs_code": code, "lines": int(n), "value": v, "net_kg": kg}
            for code, (n, v, kg) in sorted(by_hs.items(), key=lambda kv: -kv[1][1])[:10]
        ]
    values = sorted(
        ({"currency": c or "", "value": float(v), "lines": n} for c, v, n in value_rows if v),
        key=lambda x: -x["value"],
    )
    return {
        "clock": clock,
        "today": today[:10] if clock else None,
        "week_from": week[:10] if clock else None,
        "events_today": events_today,
        "types_today": types_today,
        "value_today": values,
        "open_transits": open_,
        "overdue_transits": overdue,
        "routes": routes,
        "hs_codes": hs_codes,
    }


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


def recent_events(engine: Engine, limit: int = 15, scope: Scope = EVERYTHING) -> list[dict]:
    """The newest events in scope, newest first, with their goods lines' declared value."""
    query = event_rows()
    if scope.holder is not None:
        # the holder's own events by the (holder, time) index; its purchases are on its page
        query = query.where(events.c.holder == scope.holder).order_by(events.c.time.desc())
    else:
        query = scope.events(query).order_by(events.c.seq.desc())
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query.limit(limit))]


def holder_record(engine: Engine, holder: str) -> dict[str, Any] | None:
    """The registry entry, or a bare record when the holder is only known from events."""
    with engine.connect() as conn:
        row = conn.execute(select(holders).where(holders.c.id == holder)).first()
        if row is not None:
            return dict(row._mapping)
        seen = (
            conn.execute(select(events.c.seq).where(events.c.holder == holder).limit(1)).first()
            or conn.execute(
                select(event_lines.c.event_seq).where(event_lines.c.holder == holder).limit(1)
            ).first()
        )
    return {"id": holder, "name": None} if seen is not None else None


def holder_flows(engine: Engine, holder: str) -> list[dict[str, Any]]:
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
            {
                "month": r.month,
                "in_value": float(r.in_value or 0),
                "out_value": float(r.out_value or 0),
                "in_lines": int(r.in_lines or 0),
                "out_lines": int(r.out_lines or 0),
            }
            for r in conn.execute(query)
        ]


def holder_declarations(engine: Engine, holder: str, limit: int = 50) -> list[dict[str, Any]]:
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
        return [dict(r._mapping) for r in conn.execute(query)]


def declaration_event(engine: Engine, declaration_no: str) -> dict[str, Any] | None:
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
    return dict(row._mapping) if row is not None else None


def open_transit_positions(
    engine: Engine, limit: int = 500, scope: Scope = EVERYTHING
) -> list[dict[str, Any]]:
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
        return [dict(r._mapping) for r in conn.execute(query)]


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
) -> tuple[list[dict[str, Any]], str | None]:
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
        rows = [dict(r._mapping) for r in conn.execute(query.limit(limit + 1))]
    following = rows[limit - 1]["transit_id"] if len(rows) > limit else None
    rows = rows[:limit]
    for r in rows:
        if r["state"] == "open" and clock and r["deadline"] < clock:
            r["state"] = "overdue"
        r["last_position"] = {"location": r["last_location"], "time": r["last_time"]}
    return rows, following
