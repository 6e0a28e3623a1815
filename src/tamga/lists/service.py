"""``ListsService``: the one library entry the CLI, the API and the dashboard call for lists.

It keeps lists, amendments and delisting requests in the store, seeds a fresh store with the
lists tamga ships (once, on first use), and answers goods checks through an in-memory
``GoodsChecker`` rebuilt only when the store's lists revision moves, so several API workers
over one PostgreSQL store stay consistent without re-reading the lists on every check.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from tamga.errors import InvalidInput, NotFound
from tamga.lists.checker import GoodsChecker, Line
from tamga.lists.defaults import default_lists
from tamga.lists.delisting import (
    DelistingRequest,
    State,
    Step,
    StepRecord,
    check_fileable,
    delisting_amendments,
    normalize_scope,
)
from tamga.lists.history import Event, entry_history
from tamga.lists.loading import apply_raw_amendment, read_list
from tamga.lists.model import Entry, Finding, GoodsList, ListDiff, Source
from tamga.lists.official import amendments_to, parse_order, read_official
from tamga.store.database import take_write_lock
from tamga.store.lists_store import ListsStore

_SEEDED = "seeded"
_ID_RETRIES = 5


@dataclass(frozen=True, slots=True)
class LoadReport:
    name: str
    entries: int
    amendments: int
    replaced: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "entries": self.entries,
            "amendments": self.amendments,
            "replaced": self.replaced,
        }


def _now() -> datetime:
    return datetime.now(UTC)


class ListsService:
    """Lists, goods checks and delisting requests over one store.

    ``seed`` (default True) loads the shipped lists into an empty store on first use;
    ``clock`` gives "now" for recorded steps (tests pass a fixed one).
    """

    def __init__(
        self, engine: Engine, *, seed: bool = True, clock: Callable[[], datetime] = _now
    ) -> None:
        self.store = ListsStore(engine)
        self.seed = seed
        self.clock = clock
        self._ready = False
        self._lock = threading.Lock()
        self._checker: tuple[int, GoodsChecker] | None = None

    def _stamp(self) -> str:
        return self.clock().astimezone(UTC).isoformat(timespec="seconds")

    # -- seeding -----------------------------------------------------------------------------
    def ensure_seeded(self) -> None:
        """Load the shipped lists once per store (a second process racing us is harmless)."""
        if self._ready or not self.seed:
            self._ready = True
            return
        try:
            with self.store.engine.begin() as conn:
                take_write_lock(conn)  # several first requests at once wait for each other
                if self.store.meta(conn, _SEEDED) is None:
                    have = set(self.store.names(conn))
                    at = self._stamp()
                    for goods in default_lists():
                        if goods.name not in have:
                            self.store.replace_list(conn, goods, "tamga:defaults", at)
                    self.store.set_meta(conn, _SEEDED, at)
        except IntegrityError:
            pass  # another process seeded the store at the same moment
        self._ready = True

    # -- lists ---------------------------------------------------------------------------------
    def names(self) -> list[str]:
        self.ensure_seeded()
        return self.store.names()

    def get(self, name: str) -> GoodsList:
        self.ensure_seeded()
        with self.store.engine.connect() as conn:
            return self.store.read(conn, name)

    def lists(self) -> list[GoodsList]:
        self.ensure_seeded()
        return self.store.read_all()

    def entries_on(self, name: str, on: date) -> tuple[Entry, ...]:
        return self._cached_list(name).entries_on(on)

    def diff(self, name: str, start: date, end: date) -> ListDiff:
        return self._cached_list(name).diff(start, end)

    def history(self, name: str) -> list[dict[str, Any]]:
        self.ensure_seeded()
        return self.store.history(name)

    def entry_history(
        self, name: str, *, brand: str | None = None, hs: str | None = None
    ) -> list[Event]:
        """The life of the list's entries (those meeting ``hs`` and naming ``brand``): listed,
        changed, removed, by which order, with the delisting requests about them."""
        self.ensure_seeded()
        with self.store.engine.connect() as conn:
            goods = self.store.read(conn, name)
        seqs = [row["seq"] for row in self.store.history(name)]
        requests = [r for r in self.store.requests() if r.list_name == name]
        return entry_history(goods, brand=brand, hs=hs, requests=requests, seqs=seqs)

    def _cached_list(self, name: str) -> GoodsList:
        lists = self.checker().lists
        if name not in lists:
            raise NotFound(f"no list {name!r}")
        return lists[name]

    def load(self, goods: GoodsList, *, actor: str) -> LoadReport:
        """Put a whole list (with its history) in the store, replacing one of that name."""
        self.ensure_seeded()
        with self.store.engine.begin() as conn:
            replaced = self.store.replace_list(conn, goods, actor, self._stamp())
        return LoadReport(goods.name, len(goods.entries), len(goods.amendments), replaced)

    def load_shipped(self, name: str, *, actor: str) -> LoadReport:
        """Replace a stored list with the version this tamga ships (a store seeded by an
        earlier version keeps the list it was seeded with until this is asked for)."""
        shipped = {gl.name: gl for gl in default_lists()}
        if name not in shipped:
            raise NotFound(f"tamga ships no list {name!r} (it ships {', '.join(sorted(shipped))})")
        return self.load(shipped[name], actor=actor)

    def load_file(self, path: Path | str, *, actor: str, name: str | None = None) -> LoadReport:
        return self.load(read_list(path, name=name), actor=actor)

    def load_order(
        self,
        name: str,
        path: Path | str,
        *,
        effective: date,
        actor: str,
        order: str | None = None,
        read: tuple[str, ...] = (),
        sheet: str | None = None,
    ) -> dict[str, Any]:
        """Load the list as the ministry publishes it (CSV/XLSX table), as of ``effective``:
        the amendments that make the stored list agree with it are recorded, each citing its
        order. Nothing is written when the table has an error; a second load changes nothing."""
        self.ensure_seeded()
        table = read_official(path, order=order, read=read, sheet=sheet)
        with self.store.engine.begin() as conn:
            try:
                goods = self.store.read(conn, name)
            except NotFound:
                goods = GoodsList(name=name, title=name, source=str(order or Path(path).name))
                self.store.replace_list(conn, goods, actor, self._stamp())
            found = amendments_to(
                goods, table, effective, order=order, read=read, recorded_by=actor
            )
            at = self._stamp()
            for amendment in found.amendments:
                goods = goods.amend(amendment)
                self.store.record_amendment(conn, goods, amendment, at)
        return {
            "name": name,
            "effective": effective.isoformat(),
            "rows": table.rows,
            "entries": len(table.entries),
            **found.counts(),
            "unchanged": found.unchanged,
        }

    def amend(self, name: str, amendment: dict[str, Any], *, actor: str) -> dict[str, Any]:
        """Apply one amendment record (the file format's shape) to a stored list."""
        self.ensure_seeded()
        with self.store.engine.begin() as conn:
            goods = self.store.read(conn, name)
            raw = {**amendment, "recorded_by": actor}
            amended = apply_raw_amendment(goods, raw, where="amendment")
            applied = amended.amendments[-1]
            seq = self.store.record_amendment(conn, amended, applied, self._stamp())
        return {"seq": seq, **applied.to_dict()}

    # -- checks --------------------------------------------------------------------------------
    def checker(self) -> GoodsChecker:
        """A checker over the stored lists, rebuilt when they change."""
        self.ensure_seeded()
        revision = self.store.revision()
        with self._lock:
            if self._checker is None or self._checker[0] != revision:
                self._checker = (revision, GoodsChecker(self.store.read_all()))
            return self._checker[1]

    def check(
        self,
        hs_code: str,
        brand: str | None = None,
        origin: str | None = None,
        destination: str | None = None,
        on: date | None = None,
    ) -> list[Finding]:
        return self.checker().check(hs_code, brand, origin, destination, on)

    def check_many(self, lines: Iterable[Line]) -> list[tuple[Finding, ...]]:
        return self.checker().check_many(lines)

    # -- delisting requests --------------------------------------------------------------------
    def file_request(
        self,
        list_name: str,
        *,
        rights_holder: str,
        brand: str,
        hs_scope: list[str] | tuple[str, ...] | None = None,
        grounds: str | None = None,
        actor: str,
    ) -> DelistingRequest:
        """File a request; refused when the list does not allow the brand today (in scope)."""
        if not rights_holder.strip():
            raise InvalidInput("a delisting request names the rights holder", field="rights_holder")
        scope = normalize_scope(hs_scope)
        goods = self.get(list_name)
        at = self.clock()
        check_fileable(goods, brand, scope, at.date())
        for _ in range(_ID_RETRIES):
            try:
                with self.store.engine.begin() as conn:
                    req = DelistingRequest(
                        request_id=self.store.next_request_id(conn),
                        list_name=list_name,
                        rights_holder=rights_holder.strip(),
                        brand=brand.strip(),
                        hs_scope=scope,
                        state=State.FILED,
                        filed_by=actor,
                        filed_at=self._stamp(),
                        grounds=grounds or None,
                    )
                    self.store.insert_request(conn, req)
                    self.store.add_step(
                        conn, req.request_id, StepRecord(Step.FILE, actor, req.filed_at, grounds)
                    )
                return self.request(req.request_id)
            except IntegrityError:
                continue  # another writer took the same number: take the next one
        raise InvalidInput("could not number the request; try again", field="request_id")

    def request(self, request_id: str) -> DelistingRequest:
        with self.store.engine.connect() as conn:
            return self.store.request(conn, request_id)

    def requests(
        self,
        *,
        state: str | None = None,
        filed_by: str | None = None,
        after: str | None = None,
        limit: int | None = None,
    ) -> list[DelistingRequest]:
        if state is not None and state not in {s.value for s in State}:
            raise InvalidInput(
                f"unknown state {state!r} ({', '.join(s.value for s in State)})", field="state"
            )
        return self.store.requests(state=state, filed_by=filed_by, after=after, limit=limit)

    def review(self, request_id: str, *, actor: str, note: str | None = None) -> DelistingRequest:
        with self.store.engine.begin() as conn:
            req = self.store.request(conn, request_id)
            target = req.next_state(Step.REVIEW)
            self.store.update_request(conn, request_id, state=target, reviewer=actor)
            self.store.add_step(
                conn, request_id, StepRecord(Step.REVIEW, actor, self._stamp(), note)
            )
        return self.request(request_id)

    def reject(self, request_id: str, *, actor: str, reason: str) -> DelistingRequest:
        if not reason or not reason.strip():
            raise InvalidInput("a rejection gives its reason", field="reason")
        at = self._stamp()
        with self.store.engine.begin() as conn:
            req = self.store.request(conn, request_id)
            target = req.next_state(Step.REJECT)
            self.store.update_request(
                conn,
                request_id,
                state=target,
                decided_by=actor,
                decided_at=at,
                decision_reason=reason.strip(),
            )
            self.store.add_step(conn, request_id, StepRecord(Step.REJECT, actor, at, reason))
        return self.request(request_id)

    def approve(
        self,
        request_id: str,
        *,
        actor: str,
        effective: date,
        reason: str | None = None,
        order: str | None = None,
    ) -> DelistingRequest:
        """Approve: amend the list so the brand is off it from ``effective`` (history kept).
        The amendments cite the rights holder's request and, when given, the ``order`` that
        made the delisting law (``Приказ № 1234 от 01.06.2024``)."""
        at = self._stamp()
        with self.store.engine.begin() as conn:
            req = self.store.request(conn, request_id)
            target = req.next_state(Step.APPROVE)
            goods = self.store.read(conn, req.list_name)
            note = f"delisting request {request_id} ({req.rights_holder})"
            cited = parse_order(order or "") or Source()
            cited = replace(cited, requested_by=req.rights_holder)
            amendments = delisting_amendments(
                goods, req.brand, req.hs_scope, effective, note=note, recorded_by=actor,
                source=cited,
            )  # fmt: skip
            if not amendments:
                raise InvalidInput(
                    f"brand {req.brand!r} is not allowed by {req.list_name} on {effective}; "
                    "nothing to take off from that date",
                    record=request_id,
                    field="effective",
                )
            seqs = []
            for amendment in amendments:
                goods = goods.amend(amendment)
                seqs.append(self.store.record_amendment(conn, goods, amendment, at))
            self.store.update_request(
                conn,
                request_id,
                state=target,
                decided_by=actor,
                decided_at=at,
                decision_reason=reason,
                effective=effective,
                amendments=seqs,
            )
            step_note = f"effective {effective.isoformat()}" + (f": {reason}" if reason else "")
            self.store.add_step(conn, request_id, StepRecord(Step.APPROVE, actor, at, step_note))
        return self.request(request_id)
