"""The ledger as each caller may read it: the visibility rules of ``tamga.auth.policy`` as SQL,
written once, and every other read of the ledger's tables (``events``, ``event_lines``,
``transits``, ``holders``, ``ledger_meta``) from outside the store.

``tamga.auth.policy.may_see_event`` and ``may_see_transit`` state the rules on one record; the
clauses here say the same to the database, so a page of a trader's events or an office's
transits is filled from its own rows rather than filtered after the fact. The REST API, the live
stream and the dashboard all read through them (``Scope``), so no face shows a role more or
less than the policy allows (``tests/dashboard/test_one_read_side.py`` holds every face to it).

The risk follower and the statistics read whole stretches of the ledger, not a caller's view of
it: those reads are the functions after ``Scope``, so the tables' shape is known here only
(``tests/dashboard/test_ledger_tables_read_here.py`` fails on a module that reads them itself).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
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
    query = (
        select(e.seq, e.event_id, e.type, e.time, e.location, e.holder, e.counterparty, e.payload)
        .where(e.declaration_no == declaration_no, e.type.in_(DECLARATION_TYPES))
        .order_by(e.seq)
        .limit(1)
    )
    return cast("Row[Any] | None", conn.execute(query).first())


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
