"""Goods lists as dated facts: entries valid from/to a date, amendments, and diffs between dates.

Every question is asked as of a date, so an entry is never edited in place: an amendment closes
the current version of an entry and (for add/change) opens a new one from its effective date.
The full history therefore stays in ``GoodsList.entries`` and ``GoodsList.amendments``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import Any

from tamga.errors import Conflict, InvalidInput, NotFound
from tamga.lists.countries import expand_countries

_HS = re.compile(r"^\d{2,10}$")


class Effect(StrEnum):
    """What an entry means for goods it covers."""

    CONTROLLED = "controlled"  # high-priority / watch: scrutinize, not banned by itself
    EXPORT_BAN = "export_ban"  # may not be exported on the entry's route
    ALLOWED_PARALLEL_IMPORT = "allowed_parallel_import"  # allowed whole
    ALLOWED_ONLY_BRANDS = "allowed_only_brands"  # allowed only for the named brands
    ALLOWED_EXCEPT_BRANDS = "allowed_except_brands"  # allowed except the named brands


#: effects whose brand list decides "allowed", rather than limiting where the entry applies
BRAND_CONDITIONED = frozenset({Effect.ALLOWED_ONLY_BRANDS, Effect.ALLOWED_EXCEPT_BRANDS})


@dataclass(frozen=True, slots=True)
class Source:
    """Where a fact comes from: the order that made it law and where it was read.

    ``unconfirmed`` marks a fact the sources do not fully establish; ``unknown`` says what is
    missing (the order's number, its date, the date it took effect, the exact codes...), so a
    reader can tell a sourced date from a best reading of the news.
    """

    order: str | None = None  # "Minpromtorg Order No. 1532"
    order_date: date | None = None  # the date the order was signed
    read: tuple[str, ...] = ()  # the addresses the fact was read at
    requested_by: str | None = None  # a rights holder whose request led to the change
    unconfirmed: bool = False
    unknown: str | None = None  # what could not be confirmed

    def __post_init__(self) -> None:
        if self.unconfirmed and not self.unknown:
            raise InvalidInput("an unconfirmed source says what is unknown", field="unknown")
        if self.unknown and not self.unconfirmed:
            raise InvalidInput(
                "a source naming what is unknown is unconfirmed", field="unconfirmed"
            )

    def cite(self) -> str:
        """One line for people: the order (number and date) or 'order not identified'."""
        order = self.order or "order not identified"
        if self.order_date:
            order += f" of {self.order_date.isoformat()}"
        if self.read:
            order += f", as reported by {_host(self.read[0])}"
        return order + (" (unconfirmed)" if self.unconfirmed else "")

    def to_dict(self) -> dict[str, Any]:
        return {
            "order": self.order,
            "order_date": self.order_date.isoformat() if self.order_date else None,
            "read": list(self.read),
            "requested_by": self.requested_by,
            "unconfirmed": self.unconfirmed,
            "unknown": self.unknown,
        }

    @classmethod
    def from_dict(cls, data: Any) -> Source | None:
        if data is None or data == "":
            return None
        if not isinstance(data, dict):
            raise InvalidInput(
                "source must be a mapping (order, order_date, read, ...)", field="source"
            )
        unknown = sorted(set(data) - SOURCE_KEYS)
        if unknown:
            raise InvalidInput(
                f"unknown source field {unknown[0]!r} (known: {', '.join(sorted(SOURCE_KEYS))})",
                field="source",
            )
        flag = data.get("unconfirmed", False)
        if not isinstance(flag, bool):
            flag = str(flag).strip().lower() in ("true", "yes", "1")
        return cls(
            order=str(data["order"]).strip() if data.get("order") else None,
            order_date=_as_date(data.get("order_date"), "source.order_date"),
            read=tuple(_as_list(data.get("read"))),
            requested_by=str(data["requested_by"]).strip() if data.get("requested_by") else None,
            unconfirmed=flag,
            unknown=str(data["unknown"]).strip() if data.get("unknown") else None,
        )


def _host(address: str) -> str:
    """``https://www.example.org/a/b`` -> ``example.org``: enough to name where it was read."""
    host = re.sub(r"^[a-z]+://", "", address).split("/", 1)[0]
    return host.removeprefix("www.").removeprefix("amp.")


SOURCE_KEYS = frozenset({"order", "order_date", "read", "requested_by", "unconfirmed", "unknown"})


def normalize_hs(code: str, *, field_name: str = "hs_code") -> str:
    """Digits only (dots and spaces dropped); 2 to 10 digits."""
    value = re.sub(r"[\s.]", "", str(code))
    if not _HS.match(value):
        raise InvalidInput(f"HS code must be 2 to 10 digits, got {code!r}", field=field_name)
    return value


@dataclass(frozen=True, slots=True)
class Entry:
    """One version of one list entry. ``valid_to`` is exclusive; ``None`` means open-ended.

    ``hs_prefixes`` empty means any goods (a brand-only entry). ``origins``/``destinations``
    ``None`` means no restriction on that side of the route.
    """

    entry_id: str
    effect: Effect
    hs_prefixes: tuple[str, ...] = ()
    brands: tuple[str, ...] = ()
    origins: frozenset[str] | None = None
    destinations: frozenset[str] | None = None
    tier: str | None = None
    category: str | None = None
    note: str | None = None
    valid_from: date = date(1900, 1, 1)
    valid_to: date | None = None
    rights_holders: tuple[str, ...] = ()
    source: Source | None = None  # the order this version rests on

    def __post_init__(self) -> None:
        if not self.entry_id:
            raise InvalidInput("an entry needs an id", field="entry_id")
        if not self.hs_prefixes and not self.brands:
            raise InvalidInput(
                "an entry needs HS prefixes or brands", record=self.entry_id, field="hs_prefixes"
            )
        if self.effect in BRAND_CONDITIONED and not self.brands:
            raise InvalidInput(
                f"effect {self.effect} needs brands", record=self.entry_id, field="brands"
            )
        if self.valid_to is not None and self.valid_to <= self.valid_from:
            raise InvalidInput(
                "valid_to must be after valid_from", record=self.entry_id, field="valid_to"
            )

    def valid_on(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on < self.valid_to)

    def same_content(self, other: Entry) -> bool:
        return replace(self, valid_from=other.valid_from, valid_to=other.valid_to) == other

    def to_dict(self) -> dict[str, Any]:
        return {
            "entry_id": self.entry_id,
            "effect": str(self.effect),
            "hs_prefixes": list(self.hs_prefixes),
            "brands": list(self.brands),
            "origins": sorted(self.origins) if self.origins is not None else None,
            "destinations": sorted(self.destinations) if self.destinations is not None else None,
            "tier": self.tier,
            "category": self.category,
            "note": self.note,
            "valid_from": self.valid_from.isoformat(),
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
            "rights_holders": list(self.rights_holders),
            "source": self.source.to_dict() if self.source else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, default_from: date | None = None) -> Entry:
        """Build from loose input (files, JSON columns); validates and normalizes."""
        record = str(data.get("entry_id") or data.get("id") or "")
        try:
            effect = Effect(str(data.get("effect", "")).strip())
        except ValueError:
            raise InvalidInput(
                f"unknown effect {data.get('effect')!r}", record=record, field="effect"
            ) from None
        try:
            prefixes = _as_list(data.get("hs_prefixes", data.get("hs")))
            valid_from = (
                _as_date(data.get("valid_from"), "valid_from") or default_from or date(1900, 1, 1)
            )
            tier = data.get("tier")
            return cls(
                entry_id=record,
                effect=effect,
                hs_prefixes=tuple(normalize_hs(p, field_name="hs_prefixes") for p in prefixes),
                brands=tuple(b.strip() for b in _as_list(data.get("brands")) if b.strip()),
                origins=_countries(data.get("origins"), "origins"),
                destinations=_countries(data.get("destinations"), "destinations"),
                tier=None if tier in (None, "") else str(tier),
                category=data.get("category") or None,
                note=data.get("note") or None,
                valid_from=valid_from,
                valid_to=_as_date(data.get("valid_to"), "valid_to"),
                rights_holders=tuple(
                    h.strip() for h in _as_list(data.get("rights_holders")) if h.strip()
                ),
                source=Source.from_dict(data.get("source")),
            )
        except InvalidInput as exc:
            if exc.record:
                raise
            raise InvalidInput(exc.reason, record=record or None, field=exc.field) from None


def _countries(value: Any, field_name: str) -> frozenset[str] | None:
    try:
        return expand_countries(_as_list(value))
    except InvalidInput as exc:
        raise InvalidInput(exc.reason, field=field_name) from None


def _as_list(value: Any) -> list[str]:
    """Lists may come as YAML/JSON arrays or as ``;``/``|``-separated CSV cells."""
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple, set, frozenset)):
        return [str(v) for v in value]
    return [p.strip() for p in re.split(r"[;|]", str(value)) if p.strip()]


def _as_date(value: Any, field_name: str = "date") -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise InvalidInput(f"not an ISO date: {value!r}", field=field_name) from None


class Action(StrEnum):
    ADD = "add"
    REMOVE = "remove"
    CHANGE = "change"


@dataclass(frozen=True, slots=True)
class Amendment:
    """A dated change to one entry. ``entry`` carries the new content for add/change."""

    action: Action
    entry_id: str
    effective: date
    entry: Entry | None = None
    note: str | None = None
    recorded_by: str | None = None
    source: Source | None = None  # the amending order, and where it was read

    def to_dict(self) -> dict[str, Any]:
        return {
            "action": str(self.action),
            "entry_id": self.entry_id,
            "effective": self.effective.isoformat(),
            "entry": self.entry.to_dict() if self.entry else None,
            "note": self.note,
            "recorded_by": self.recorded_by,
            "source": self.source.to_dict() if self.source else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Amendment:
        try:
            action = Action(str(data.get("action", "")).strip())
        except ValueError:
            raise InvalidInput(
                f"unknown amendment action {data.get('action')!r}", field="action"
            ) from None
        effective = _as_date(data.get("effective"), "effective")
        if effective is None:
            raise InvalidInput("an amendment needs an effective date", field="effective")
        raw = data.get("entry")
        entry_id = str(data.get("entry_id") or (raw or {}).get("entry_id") or "")
        entry = None
        if raw:
            entry = Entry.from_dict({**raw, "entry_id": entry_id}, default_from=effective)
        return cls(
            action=action,
            entry_id=entry_id,
            effective=effective,
            entry=entry,
            note=data.get("note") or None,
            recorded_by=data.get("recorded_by") or None,
            source=Source.from_dict(data.get("source")),
        )


@dataclass(frozen=True, slots=True)
class Period:
    """A span in which the list's legal basis is in force (``to`` inclusive; open when None)."""

    start: date
    end: date | None = None
    basis: str = ""
    source: Source | None = None

    def covers(self, on: date) -> bool:
        return self.start <= on and (self.end is None or on <= self.end)

    def to_dict(self) -> dict[str, Any]:
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat() if self.end else None,
            "basis": self.basis,
            "source": self.source.to_dict() if self.source else None,
        }

    @classmethod
    def from_dict(cls, data: Any) -> Period:
        if not isinstance(data, dict):
            raise InvalidInput("a regime period is a mapping (from, to, basis, source)")
        unknown = sorted(set(data) - {"from", "to", "basis", "source"})
        if unknown:
            raise InvalidInput(f"unknown regime field {unknown[0]!r}", field=unknown[0])
        start = _as_date(data.get("from"), "from")
        if start is None:
            raise InvalidInput("a regime period needs its start", field="from")
        end = _as_date(data.get("to"), "to")
        if end is not None and end < start:
            raise InvalidInput("a regime period ends after it starts", field="to")
        return cls(start, end, str(data.get("basis") or ""), Source.from_dict(data.get("source")))


@dataclass(frozen=True, slots=True)
class ListDiff:
    """What changed between two dates, by entry id."""

    added: tuple[Entry, ...]
    removed: tuple[Entry, ...]
    changed: tuple[tuple[Entry, Entry], ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": [e.to_dict() for e in self.added],
            "removed": [e.to_dict() for e in self.removed],
            "changed": [{"from": a.to_dict(), "to": b.to_dict()} for a, b in self.changed],
        }


@dataclass(frozen=True, slots=True)
class Finding:
    """Why one list entry applies to one line. ``allowed`` is set only for parallel-import
    entries: True/False when the brand decides it, None when no brand was given."""

    list: str
    entry: str
    effect: str
    reason: str
    tier: str | None = None
    allowed: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "list": self.list,
            "entry": self.entry,
            "effect": self.effect,
            "reason": self.reason,
        }
        if self.tier is not None:
            out["tier"] = self.tier
        if self.allowed is not None:
            out["allowed"] = self.allowed
        return out


@dataclass(frozen=True)
class GoodsList:
    """A named list with its full history (all entry versions, all amendments applied)."""

    name: str
    title: str = ""
    source: str = ""
    version: str = "1"
    entries: tuple[Entry, ...] = ()
    amendments: tuple[Amendment, ...] = field(default=())
    #: when the list's legal basis is in force; empty = always (a list with no regime dates)
    regime: tuple[Period, ...] = ()
    #: facts about the list the entries do not hold (categories whose rows were not read ...)
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not re.match(r"^[a-z0-9][a-z0-9_.-]*$", self.name):
            raise InvalidInput(f"list name must be lower-case slug, got {self.name!r}")

    def in_force(self, on: date) -> bool:
        """Does the list apply on this date (its regime covers it, or it has no regime dates)?"""
        return not self.regime or any(p.covers(on) for p in self.regime)

    def regime_on(self, on: date) -> Period | None:
        return next((p for p in self.regime if p.covers(on)), None)

    def entries_on(self, on: date) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if e.valid_on(on))

    def current(self, entry_id: str, on: date) -> Entry | None:
        for e in self.entries:
            if e.entry_id == entry_id and e.valid_on(on):
                return e
        return None

    def amend(self, amendment: Amendment) -> GoodsList:
        """A new list with the amendment applied from its effective date (history kept).

        Versions starting after the effective date would be silently overridden, so
        amendments must come in date order per entry: such a case is a Conflict.
        """
        day = amendment.effective
        eid = amendment.entry_id
        if any(e.entry_id == eid and e.valid_from > day for e in self.entries):
            raise Conflict(f"entry {eid} already has a version starting after {day}")
        live = self.current(eid, day)
        entries = list(self.entries)
        if amendment.action is Action.ADD:
            if live is not None:
                raise Conflict(f"entry {eid} already exists on {day}")
        elif live is None:
            raise NotFound(f"entry {eid} is not on list {self.name} on {day}")
        if live is not None:
            idx = entries.index(live)
            if live.valid_from == day:
                del entries[idx]
            else:
                entries[idx] = replace(live, valid_to=day)
        if amendment.action in (Action.ADD, Action.CHANGE):
            if amendment.entry is None:
                raise InvalidInput(f"{amendment.action} needs the entry", record=eid)
            entries.append(replace(amendment.entry, entry_id=eid, valid_from=day, valid_to=None))
        return replace(self, entries=tuple(entries), amendments=(*self.amendments, amendment))

    def diff(self, start: date, end: date) -> ListDiff:
        before = {e.entry_id: e for e in self.entries_on(start)}
        after = {e.entry_id: e for e in self.entries_on(end)}
        return ListDiff(
            added=tuple(after[k] for k in sorted(after.keys() - before.keys())),
            removed=tuple(before[k] for k in sorted(before.keys() - after.keys())),
            changed=tuple(
                (before[k], after[k])
                for k in sorted(before.keys() & after.keys())
                if not before[k].same_content(after[k])
            ),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "source": self.source,
            "version": self.version,
            "entries": [e.to_dict() for e in self.entries],
            "amendments": [a.to_dict() for a in self.amendments],
            "regime": [p.to_dict() for p in self.regime],
            "notes": list(self.notes),
        }
