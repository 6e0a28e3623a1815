"""The ledger as each caller may read it: the visibility rules of ``tamga.auth.policy`` as SQL,
written once, and every other read of the ledger's tables (``events``, ``event_lines``,
``transits``, ``holders``, ``ledger_meta``) from outside the store.

``tamga.auth.policy.may_see_event`` and ``may_see_transit`` state the rules on one record; the
clauses here say the same to the database, so a page of a trader's events or an office's
transits is filled from its own rows rather than filtered after the fact. The REST API, the live
stream and the dashboard all read through them (``Scope``), so no face shows a role more or
less than the policy allows (``tests/dashboard/test_one_read_side.py`` holds every face to it).

The risk follower and the statistics read whole stretches of the ledger, not a caller's view of
it; the dashboard's pages and the API's listings read a scoped page of it; ``verify --deep``
walks the projections. Those reads are the functions after ``Scope``, each taking the caller's
``Connection``, so the tables' shape is known here only (the faces keep their answer shapes;
``tests/dashboard/test_ledger_tables_read_here.py`` fails on a module that reads them itself).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, cast

import orjson
from sqlalchemy import (
    ColumnElement,
    Connection,
    Row,
    Select,
    and_,
    case,
    func,
    literal,
    or_,
    select,
    true,
)

from tamga.auth.principal import Principal
from tamga.ledger.state import Transit
from tamga.store.ledger_rows import transit_from_row
from tamga.store.schema import event_lines, events, holders, ledger_meta, lots, transits

#: keys per ``IN (...)`` list
_IN_CHUNK = 500
#: the event types that are customs declarations
DECLARATION_TYPES = ("import", "export")

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


# -- whole-ledger reads: the risk follower, selectivity's live scoring, the statistics ----------


def _chunks(keys: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for i in range(0, len(keys), _IN_CHUNK):
        yield keys[i : i + _IN_CHUNK]


def head_seq(conn: Connection) -> int:
    """The ledger's last sequence number as the connection's transaction sees it."""
    value = conn.execute(
        select(ledger_meta.c.value).where(ledger_meta.c.key == "last_seq")
    ).scalar()
    return int(value or 0)


def logged_events(conn: Connection, after: int, upto: int | None, limit: int) -> list[Row[Any]]:
    """Up to ``limit`` log rows with ``after < seq <= upto`` in ``seq`` order: seq, time, late,
    transit_id and the payload."""
    q = select(
        events.c.seq, events.c.time, events.c.late, events.c.transit_id, events.c.payload
    ).where(events.c.seq > after)
    if upto is not None:
        q = q.where(events.c.seq <= upto)
    return list(conn.execute(q.order_by(events.c.seq).limit(limit)))


def applied_lines(conn: Connection, first: int, last: int) -> dict[tuple[int, str, int], Any]:
    """What the ledger recorded for each goods line of events ``first..last``, by (seq, role,
    line number): holder, lot, unbacked quantity, localization, provenance."""
    cols = (
        event_lines.c.event_seq,
        event_lines.c.role,
        event_lines.c.line_no,
        event_lines.c.holder,
        event_lines.c.lot_id,
        event_lines.c.unbacked_qty,
        event_lines.c.localization,
        event_lines.c.provenance,
    )
    q = select(*cols).where(event_lines.c.event_seq >= first, event_lines.c.event_seq <= last)
    return {(r.event_seq, r.role, r.line_no): r for r in conn.execute(q)}


def transits_by_id(conn: Connection, ids: Iterable[str]) -> dict[str, Transit]:
    """The stored transits with these ids (as they are now)."""
    found: dict[str, Transit] = {}
    for part in _chunks(sorted(set(ids))):
        for row in conn.execute(select(transits).where(transits.c.transit_id.in_(part))):
            found[row.transit_id] = transit_from_row(row)
    return found


def subject_holders(
    conn: Connection, numbers: Sequence[str], transit_ids: Sequence[str]
) -> dict[tuple[str, str], list[tuple[str, str | None]]]:
    """The events an alert's subject can be, with their holder, in log order: by ("number",
    declaration or invoice number) the imports, exports and sales carrying it (their holder),
    by ("transit", id) the transit's start (its counterparty: the carrier)."""
    found: dict[tuple[str, str], list[tuple[str, str | None]]] = {}
    cols = (events.c.event_id, events.c.holder, events.c.counterparty)
    for part in _chunks(numbers):
        for r in conn.execute(
            select(events.c.declaration_no, *cols)
            .where(
                events.c.declaration_no.in_(part),
                events.c.type.in_((*DECLARATION_TYPES, "transfer")),
            )
            .order_by(events.c.seq)
        ):
            found.setdefault(("number", r.declaration_no), []).append((r.event_id, r.holder))
    for part in _chunks(transit_ids):
        for r in conn.execute(
            select(events.c.transit_id, *cols)
            .where(events.c.transit_id.in_(part), events.c.type == "transit_start")
            .order_by(events.c.seq)
        ):
            found.setdefault(("transit", r.transit_id), []).append((r.event_id, r.counterparty))
    return found


def declaration_types(conn: Connection) -> list[tuple[str, str]]:
    """Every import and export declaration of the log: (number, type)."""
    q = select(events.c.declaration_no, events.c.type).where(
        events.c.declaration_no.is_not(None), events.c.type.in_(DECLARATION_TYPES)
    )
    return [(r.declaration_no, r.type) for r in conn.execute(q)]


def holder_declarations(conn: Connection, holder: str, before: int) -> list[str]:
    """The payloads of ``holder``'s import and export declarations logged before ``before``,
    in log order."""
    q = (
        select(events.c.payload)
        .where(
            events.c.holder == holder,
            events.c.type.in_(DECLARATION_TYPES),
            events.c.declaration_no.is_not(None),
            events.c.seq < before,
        )
        .order_by(events.c.seq)
    )
    return list(conn.execute(q).scalars())


def holder_rows(conn: Connection) -> list[Row[Any]]:
    """The holder registry: id, name, name in Cyrillic, kind, registration date."""
    q = select(
        holders.c.id, holders.c.name, holders.c.name_cyrillic, holders.c.kind, holders.c.registered
    )
    return list(conn.execute(q))


def registry_revision(conn: Connection) -> tuple[Any, ...]:
    """A cheap fingerprint of the registry: rows, registered rows, date range, largest id."""
    row = conn.execute(
        select(
            func.count(),
            func.count(holders.c.registered),
            func.min(holders.c.registered),
            func.max(holders.c.registered),
            func.max(holders.c.id),
        )
    ).one()
    return tuple(row)


def trade_lines() -> Select[Any]:
    """The goods lines that are trade of the home country (import, export, transit start; not
    the inputs and outputs of a transformation), with the columns the statistics read."""
    cols = ("type", "time", "country", "hs_code", "quantity", "unit", "net_kg", "value")
    return select(
        *(event_lines.c[c] for c in cols), event_lines.c.currency, event_lines.c.origin_country
    ).where(
        event_lines.c.role == "line",
        event_lines.c.type.in_((*DECLARATION_TYPES, "transit_start")),
    )


def trade_edges_by_month(types: Sequence[str]) -> Select[Any]:
    """Goods lines of the given event types summed per (seller, buyer, month, HS code, type):
    an import is a sale by its foreign consignor to the domestic holder, any other type one by
    the holder to its counterparty. Columns: src, dst, month, hs_code, type, value, lines,
    first and last time, first event seq."""
    el = event_lines.c
    is_import = el.type == literal("import")
    src = case((is_import, el.counterparty), else_=el.holder).label("src")
    dst = case((is_import, el.holder), else_=el.counterparty).label("dst")
    month = func.substr(el.time, 1, 7).label("month")
    return (
        select(
            src,
            dst,
            month,
            el.hs_code,
            el.type,
            func.sum(func.coalesce(el.value, 0.0)),
            func.count(),
            func.min(el.time),
            func.max(el.time),
            func.min(el.event_seq),
        )
        .where(
            el.role == "line",
            el.type.in_(tuple(types)),
            el.holder.is_not(None),
            el.counterparty.is_not(None),
        )
        .group_by(src, dst, month, el.hs_code, el.type)
    )


def declared_counterparties(
    conn: Connection, seqs: Sequence[int]
) -> dict[str, tuple[str | None, str | None]]:
    """The foreign party of each import or export at ``seqs`` as that declaration wrote it:
    id -> (name, ISO country); the first seq given wins for a party on several."""
    out: dict[str, tuple[str | None, str | None]] = {}
    for chunk in _chunks(sorted(seqs)):
        rows = conn.execute(select(events.c.type, events.c.payload).where(events.c.seq.in_(chunk)))
        for type_, payload in rows:
            body = orjson.loads(payload)
            party = body.get("consignor" if type_ == "import" else "consignee") or {}
            pid = party.get("id")
            if pid and pid not in out:
                out[pid] = (party.get("name"), (party.get("country") or "")[:2].upper() or None)
    return out


def registered_ids(conn: Connection, ids: Sequence[str]) -> set[str]:
    """Which of ``ids`` the holder registry holds."""
    found: set[str] = set()
    for chunk in _chunks(ids):
        found.update(conn.scalars(select(holders.c.id).where(holders.c.id.in_(chunk))))
    return found


def declared_parties(conn: Connection) -> Iterable[Row[Any]]:
    """Imports, exports and transit starts (type, time, holder, declaration_no, transit_id,
    payload) in log order, streamed: the parties a screening of the whole ledger reads."""
    e = events.c
    query = (
        select(e.type, e.time, e.holder, e.declaration_no, e.transit_id, e.payload)
        .where(e.type.in_((*DECLARATION_TYPES, "transit_start")))
        .order_by(e.seq)
    )
    return conn.execution_options(yield_per=5000).execute(query)


def open_declarations(conn: Connection) -> set[str]:
    """Declarations whose goods are still (partly) in stock: lots with a remainder."""
    q = (
        select(lots.c.declaration_no)
        .where(lots.c.remaining > 0, lots.c.declaration_no.is_not(None))
        .distinct()
    )
    return set(conn.scalars(q))


def last_event_time(conn: Connection) -> str | None:
    """The latest event time on the ledger (ISO text), or None when it is empty."""
    value = conn.scalar(select(func.max(events.c.time)))
    return str(value) if value is not None else None


def declaration_event(conn: Connection, declaration_no: str) -> Row[Any] | None:
    """The import or export that lodged ``declaration_no`` (the first, should it recur): seq,
    event_id, type, time, location, holder, counterparty, payload."""
    e = events.c
    cols = (e.seq, e.event_id, e.type, e.time, e.location, e.holder, e.counterparty, e.payload)
    return conn.execute(_lodged(declaration_no, *cols)).first()


def declaration_record(conn: Connection, declaration_no: str) -> dict[str, Any] | None:
    """The whole stored row (hashes, payload) of the import or export that lodged
    ``declaration_no``, as ``declaration_event`` finds it."""
    row = conn.execute(_lodged(declaration_no, events)).first()
    return dict(row._mapping) if row is not None else None


def _lodged(declaration_no: str, *columns: Any) -> Select[Any]:
    e = events.c
    return (
        select(*columns)
        .where(e.declaration_no == declaration_no, e.type.in_(DECLARATION_TYPES))
        .order_by(e.seq)
        .limit(1)
    )


def ledger_clock(conn: Connection) -> str | None:
    """The ledger's clock: the latest event time it has accepted (ISO text)."""
    value = conn.execute(select(ledger_meta.c.value).where(ledger_meta.c.key == "clock")).scalar()
    return str(value) if value else None


def registry_records(conn: Connection, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """The holder registry's whole record of each of ``ids`` it holds."""
    out: dict[str, dict[str, Any]] = {}
    for chunk in _chunks(ids):
        for r in conn.execute(select(holders).where(holders.c.id.in_(chunk))):
            out[r.id] = dict(r._mapping)
    return out


def seqs_of(conn: Connection, event_ids: Sequence[str]) -> set[int]:
    """The log positions of the given event ids (those on the ledger)."""
    found: set[int] = set()
    for chunk in _chunks(event_ids):
        found.update(
            int(s) for s in conn.scalars(select(events.c.seq).where(events.c.event_id.in_(chunk)))
        )
    return found


def chain_rows(conn: Connection, seqs: Sequence[int]) -> dict[int, Row[Any]]:
    """The logged events at ``seqs`` with what their hash-chain proof needs: seq, event_id,
    type, time, content_hash, chain_hash, payload."""
    e = events.c
    out: dict[int, Row[Any]] = {}
    for chunk in _chunks(sorted(seqs)):
        q = select(e.seq, e.event_id, e.type, e.time, e.content_hash, e.chain_hash, e.payload)
        for r in conn.execute(q.where(e.seq.in_(chunk))):
            out[int(r.seq)] = cast("Row[Any]", r)
    return out


def transit_columns(
    conn: Connection, ids: Iterable[str], columns: Sequence[str]
) -> dict[str, dict[str, Any]]:
    """The named columns of each transit of ``ids`` (transit_id always among them)."""
    cols = [transits.c.transit_id, *(transits.c[c] for c in columns if c != "transit_id")]
    out: dict[str, dict[str, Any]] = {}
    for chunk in _chunks(sorted(set(ids))):
        for r in conn.execute(select(*cols).where(transits.c.transit_id.in_(chunk))):
            out[r.transit_id] = dict(r._mapping)
    return out


# -- the dashboard's and selectivity's reads of single records ---------------------------------


def _listed() -> tuple[ColumnElement[Any], ...]:
    """The columns every listing of events shows (``tamga.ledger.views.EventColumns``)."""
    e = events.c
    return (e.seq, e.event_id, e.type, e.time, e.location, e.holder, e.counterparty,
            e.declaration_no, e.transit_id)  # fmt: skip


def newest_seq(conn: Connection) -> int:
    """The largest sequence number in the log itself (not ``ledger_meta``), so a live stream
    starts after whatever any writer has committed."""
    return int(conn.execute(select(func.max(events.c.seq))).scalar() or 0)


def event_rows() -> Select[Any]:
    """Events as the pages list them: who, where, what, and their goods lines' declared value."""
    value = (
        select(func.sum(event_lines.c.value))
        .where(event_lines.c.event_seq == events.c.seq)
        .scalar_subquery()
    )
    return select(*_listed(), value.label("value"))


def listed_events_after(conn: Connection, after: int, limit: int) -> list[dict[str, Any]]:
    """Up to ``limit`` events after seq ``after`` as ``event_rows`` lists them, in log order
    (unfiltered: the caller applies the policy)."""
    query = event_rows().where(events.c.seq > after).order_by(events.c.seq).limit(limit)
    return [{str(k): v for k, v in r._mapping.items()} for r in conn.execute(query)]


def holder_names(conn: Connection, ids: Sequence[str]) -> dict[str, Row[Any]]:
    """The registry's names (id, name, name_cyrillic) of those of ``ids`` it holds, by the
    primary key."""
    h = holders.c
    out: dict[str, Row[Any]] = {}
    for chunk in _chunks(ids):
        for r in conn.execute(select(h.id, h.name, h.name_cyrillic).where(h.id.in_(chunk))):
            out[r.id] = cast("Row[Any]", r)
    return out


def holder_directory(conn: Connection) -> Iterable[Row[Any]]:
    """The whole registry's id, name, name_cyrillic and city: what a name search scans."""
    h = holders.c
    return conn.execute(select(h.id, h.name, h.name_cyrillic, h.city))


def declaration_holders(conn: Connection, declaration_no: str) -> set[str]:
    """The holders a declaration or invoice number belongs to: whoever filed any event with it,
    and the buyer of a sale invoice."""
    query = select(events.c.type, events.c.holder, events.c.counterparty).where(
        events.c.declaration_no == declaration_no
    )
    out: set[str] = set()
    for row in conn.execute(query):
        if row.holder:
            out.add(row.holder)
        if row.type == "transfer" and row.counterparty:
            out.add(row.counterparty)
    return out


def transit_record(conn: Connection, transit_id: str) -> dict[str, Any] | None:
    """The stored transit row as a mapping of its columns, or None."""
    row = conn.execute(select(transits).where(transits.c.transit_id == transit_id)).first()
    return dict(row._mapping) if row is not None else None


def holder_declaration_numbers(conn: Connection, holder: str) -> list[str]:
    """The numbers of ``holder``'s import and export declarations."""
    q = select(events.c.declaration_no).where(
        events.c.type.in_(DECLARATION_TYPES),
        events.c.holder == holder,
        events.c.declaration_no.is_not(None),
    )
    return list(conn.execute(q).scalars())


def declaration_payloads(conn: Connection, holder: str | None = None) -> Iterable[Row[Any]]:
    """Every import and export declaration (of ``holder`` only, if given) in log order:
    payload, holder, declaration_no."""
    e = events.c
    query = select(e.payload, e.holder, e.declaration_no).where(
        e.type.in_(DECLARATION_TYPES), e.declaration_no.is_not(None)
    )
    if holder is not None:
        query = query.where(e.holder == holder)
    return conn.execute(query.order_by(e.seq))


# -- the dashboard's pages: each read bounded by an indexed range (a time window, a holder, a
# -- declaration, a transit), so a page costs the same on a thousand events as on a million ----

#: event types whose lines count as goods crossing the border
BORDER_TYPES = (*DECLARATION_TYPES, "transit_start")


def events_since(conn: Connection, since: str, scope: Scope) -> tuple[int, dict[str, int]]:
    """How many events in scope happened at or after ``since``, and how many of each type."""
    count = scope.events(
        select(func.count()).select_from(events).where(events.c.time >= since), in_window=True
    )
    by_type = scope.events(
        select(events.c.type, func.count()).where(events.c.time >= since), in_window=True
    ).group_by(events.c.type)
    n = conn.execute(count).scalar() or 0
    return int(n), {str(k): int(v) for k, v in conn.execute(by_type).all()}


def declared_value_since(conn: Connection, since: str, scope: Scope) -> list[Row[Any]]:
    """Imports' and exports' goods lines in scope since ``since``, summed per currency:
    (currency, value, lines)."""
    el = event_lines.c
    query = scope.lines(
        select(el.currency, func.sum(el.value).label("value"), func.count().label("lines")).where(
            el.time >= since, el.type.in_(DECLARATION_TYPES)
        )
    ).group_by(el.currency)
    return list(conn.execute(query).all())


def open_transit_counts(conn: Connection, clock: str | None, scope: Scope) -> tuple[int, int]:
    """How many transits in scope are open, and how many of those are past their deadline at
    ``clock`` (none without a clock)."""
    query = scope.transits(
        select(func.count()).select_from(transits).where(transits.c.state == "open")
    )
    open_ = conn.execute(query).scalar() or 0
    overdue = 0
    if clock:
        overdue = conn.execute(query.where(transits.c.deadline < clock)).scalar() or 0
    return int(open_), int(overdue)


def top_routes(conn: Connection, since: str, scope: Scope, limit: int = 10) -> list[Row[Any]]:
    """The routes (post, country) most exports and transit starts in scope took since
    ``since``: (location, country, events, value), busiest first."""
    el = event_lines.c
    n_events = func.count(func.distinct(el.event_seq))
    query = scope.lines(
        select(
            events.c.location,
            el.country,
            n_events.label("events"),
            func.coalesce(func.sum(el.value), 0.0).label("value"),
        )
        .join(events, events.c.seq == el.event_seq)
        .where(el.time >= since, el.type.in_(("export", "transit_start")))
    ).group_by(events.c.location, el.country)
    return list(conn.execute(query.order_by(n_events.desc()).limit(limit)))


def border_lines_since(conn: Connection, since: str, scope: Scope) -> Iterable[Row[Any]]:
    """Border-crossing goods lines in scope since ``since``: (hs_code, value, net_kg). Not
    grouped in SQL: grouped by hs_code, SQLite would walk the whole (hs_code, time) index
    instead of the window's range of the time index."""
    el = event_lines.c
    return conn.execute(
        scope.lines(
            select(el.hs_code, el.value, el.net_kg).where(
                el.time >= since, el.type.in_(BORDER_TYPES)
            )
        )
    )


def last_active(conn: Connection, scope: Scope, *, border: bool) -> str | None:
    """The time of the scope's latest event (``border``: its latest border-crossing line)."""
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


def recent_events(conn: Connection, limit: int, scope: Scope) -> list[dict[str, Any]]:
    """The newest events in scope as ``event_rows`` lists them, newest first."""
    query = event_rows()
    if scope.holder is not None:
        # the holder's own events by the (holder, time) index; its purchases are on its page
        query = query.where(events.c.holder == scope.holder).order_by(events.c.time.desc())
    else:
        query = scope.events(query).order_by(events.c.seq.desc())
    return [dict(r._mapping) for r in conn.execute(query.limit(limit))]


def registry_entry(conn: Connection, holder: str) -> dict[str, Any] | None:
    """The holder registry's row of ``holder``, or None."""
    row = conn.execute(select(holders).where(holders.c.id == holder)).first()
    return dict(row._mapping) if row is not None else None


def holder_seen(conn: Connection, holder: str) -> bool:
    """Whether any event or goods line names ``holder`` as its holder."""
    found = (
        conn.execute(select(events.c.seq).where(events.c.holder == holder).limit(1)).first()
        or conn.execute(
            select(event_lines.c.event_seq).where(event_lines.c.holder == holder).limit(1)
        ).first()
    )
    return found is not None


def holder_month_flows(conn: Connection, holder: str) -> list[Row[Any]]:
    """Value in and out of ``holder`` by month (imports, purchases and made goods in; sales,
    exports, used goods out): month, in_value, out_value, in_lines, out_lines."""
    el = event_lines.c
    month = func.substr(el.time, 1, 7)
    is_in = or_(
        and_(el.holder == holder, el.type == "import"),
        and_(el.holder == holder, el.role == "output"),
        and_(el.counterparty == holder, el.type == "transfer"),
    )
    value = func.coalesce(el.value, 0.0)
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
                    el.holder == holder,
                    el.type.in_(("import", "export", "transfer", "transformation")),
                ),
                and_(el.counterparty == holder, el.type == "transfer"),
            )
        )
        .group_by(month)
        .order_by(month)
    )
    return list(conn.execute(query))


def latest_declarations(conn: Connection, holder: str, limit: int) -> list[dict[str, Any]]:
    """``holder``'s newest imports and exports: declaration_no, type, time, location,
    counterparty."""
    e = events.c
    query = (
        select(e.declaration_no, e.type, e.time, e.location, e.counterparty)
        .where(e.holder == holder, e.type.in_(DECLARATION_TYPES))
        .order_by(e.time.desc())
        .limit(limit)
    )
    return [dict(r._mapping) for r in conn.execute(query)]


def open_transit_positions(conn: Connection, limit: int, scope: Scope) -> list[dict[str, Any]]:
    """Open transits in scope with their last known position, nearest deadline first."""
    t = transits.c
    query = (
        select(
            t.transit_id,
            t.office_of_departure,
            t.office_of_destination,
            t.destination_country,
            t.carrier,
            t.deadline,
            t.last_time,
            t.last_location,
            t.last_lat,
            t.last_lon,
            t.checkpoints,
        )
        .where(t.state == "open")
        .order_by(t.deadline)
        .limit(limit)
    )
    return [dict(r._mapping) for r in conn.execute(scope.transits(query))]


def transit_state_counts(
    conn: Connection, clock: str | None, scope: Scope
) -> list[tuple[str, bool, int]]:
    """Transits in scope counted by (state, open past its deadline at ``clock``)."""
    t = transits.c
    late = and_(t.state == "open", t.deadline < (clock or ""))
    query = scope.transits(select(t.state, late.label("late"), func.count())).group_by(
        t.state, late
    )
    return [(str(s), bool(is_late), int(n)) for s, is_late, n in conn.execute(query)]


def transit_deadline(conn: Connection, transit_id: str) -> str | None:
    """The deadline of the stored transit ``transit_id``, or None when there is none."""
    value = conn.execute(
        select(transits.c.deadline).where(transits.c.transit_id == transit_id)
    ).scalar()
    return str(value) if value is not None else None


def transit_page(
    conn: Connection,
    state: str,
    clock: str | None,
    scope: Scope,
    limit: int,
    after: tuple[str, str] | None = None,
) -> list[dict[str, Any]]:
    """Up to ``limit`` transits in scope by state, by (deadline, transit id) from ``after``
    on, so a page reads only its own rows however deep it is. ``overdue`` is open past its
    deadline at ``clock``, ``open`` open and not yet due, ``all`` every state."""
    t = transits.c
    query: Select[Any] = select(
        t.transit_id,
        t.state,
        t.office_of_departure,
        t.office_of_destination,
        t.destination_country,
        t.carrier,
        t.start_time,
        t.deadline,
        t.end_office,
        t.last_time,
        t.last_location,
        t.checkpoints,
    )
    if state == "overdue":
        query = query.where(t.state == "open", t.deadline < (clock or ""))
    elif state == "open" and clock:
        query = query.where(t.state == "open", t.deadline >= clock)
    elif state != "all":
        query = query.where(t.state == state)
    query = scope.transits(query).order_by(t.deadline, t.transit_id)
    if after is not None:
        deadline, transit_id = after
        query = query.where(
            or_(t.deadline > deadline, and_(t.deadline == deadline, t.transit_id > transit_id))
        )
    return [dict(r._mapping) for r in conn.execute(query.limit(limit))]


# -- the REST API's listings ---------------------------------------------------------------------


def event_page(
    conn: Connection,
    principal: Principal,
    *,
    after: int,
    limit: int,
    types: Sequence[str] | None = None,
    holder: str | None = None,
    location: str | None = None,
    declaration_no: str | None = None,
    transit_id: str | None = None,
) -> list[Row[Any]]:
    """Up to ``limit`` events after seq ``after`` that ``principal`` may see, oldest first,
    narrowed by the filters given (``holder``: as holder or counterparty): seq, event_id,
    type, time, location, holder, counterparty, declaration_no, transit_id, late, payload."""
    e = events.c
    query = (
        select(*_listed(), e.late, e.payload)
        .where(e.seq > after, visible_events(principal))
        .order_by(e.seq)
        .limit(limit)
    )
    if types:
        query = query.where(e.type.in_(types))
    if holder:
        query = query.where(or_(e.holder == holder, e.counterparty == holder))
    if location:
        query = query.where(e.location == location)
    if declaration_no:
        query = query.where(e.declaration_no == declaration_no)
    if transit_id:
        query = query.where(e.transit_id == transit_id)
    return list(conn.execute(query))


def visible_transit_ids(conn: Connection, principal: Principal, ids: Sequence[str]) -> set[str]:
    """Which of the transits ``ids`` ``principal`` may see (those stored)."""
    found: set[str] = set()
    for chunk in _chunks(sorted(set(ids))):
        query = select(transits.c.transit_id).where(
            transits.c.transit_id.in_(chunk), visible_transits(principal)
        )
        found.update(conn.scalars(query))
    return found


# -- the projections, row by row: ``tamga verify --deep`` compares them with a replay ------------

#: the projections a replay of the log rebuilds, by table name, with their keys
PROJECTION_KEYS: dict[str, tuple[str, ...]] = {
    "lots": ("lot_id",),
    "transits": ("transit_id",),
    "event_lines": ("event_seq", "role", "line_no"),
}
_PROJECTIONS = {t.name: t for t in (lots, transits, event_lines)}


def projection_columns(name: str) -> list[str]:
    """The column names of projection ``name``, in the order ``projection_rows`` gives them."""
    return [c.name for c in _PROJECTIONS[name].columns]


def projection_rows(conn: Connection, name: str) -> Iterator[tuple[Any, ...]]:
    """Every row of projection ``name`` in key order, streamed, so two stores' copies can be
    walked side by side without holding either."""
    table = _PROJECTIONS[name]
    order = [table.c[k] for k in PROJECTION_KEYS[name]]
    result = conn.execution_options(yield_per=5000).execute(select(table).order_by(*order))
    for row in result:
        yield tuple(row)
