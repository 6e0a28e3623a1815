"""The risk part as the rest of tamga uses it.

- :class:`RiskRuntime` is the incremental path: a ledger listener and log follower; one
  process at a time scores the store's log in ``seq`` order (its own commits from memory,
  other processes' read back from the store), so every API worker and the CLI give the same
  alerts as the batch path.
- :func:`run_ledger` is the batch path (``tamga risk run``): the log replayed through fresh
  rules, giving the same alerts as the live path (the listener sees the very same
  ``Applied`` records, in the same order).
- :class:`AlertService` is the alert queue with its workflow, for the CLI, the API
  (``AlertsService`` + ``AlertFeed``) and the dashboard (``AlertsPort``).
"""

from __future__ import annotations

import builtins
import logging
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, func, select

from tamga.errors import InvalidInput
from tamga.ledger.engine import Applied
from tamga.ledger.service import LedgerService
from tamga.lists.checker import GoodsChecker
from tamga.lists.service import ListsService
from tamga.rates.store import RatesStore
from tamga.risk.config import RiskConfig
from tamga.risk.context import RiskContext
from tamga.risk.engine import RiskEngine
from tamga.risk.log import read_applied
from tamga.risk.model import Alert
from tamga.risk.selectivity import final_channel, mix
from tamga.risk.sources import load_ownership, load_registry, load_screener, stored_checker
from tamga.risk.store import AlertStore, Cursor
from tamga.risk.workflow import Action, parse_action, transition
from tamga.store.ownership_tables import resolution_judgements
from tamga.store.schema import events, holders, ledger_meta
from tamga.store.screening_tables import (
    screening_decisions,
    screening_entities,
    screening_loads,
)

log = logging.getLogger(__name__)

#: the workflow's action names, in the order the faces offer them
ACTIONS: tuple[str, ...] = tuple(a.value for a in Action)

ConfigSource = str | Path | dict[str, Any] | RiskConfig | None


def build_context(
    engine: Engine, checker: GoodsChecker | None = None, screener: Any = None
) -> RiskContext:
    """Dependencies from the store (holder registry, sanctions entities) and the lists."""
    registry, names = load_registry(engine)
    ownership, resolution = load_ownership(engine)
    return RiskContext(
        checker=checker if checker is not None else stored_checker(engine),
        screener=screener if screener is not None else load_screener(engine),
        registry=registry,
        holder_names=names,
        rates=RatesStore(engine).table(),
        ownership=ownership,
        resolution=resolution,
    )


class AlertService:
    """The alert queue: list, get, act; counts and declaration status; the live feed."""

    def __init__(self, engine: Engine, config: ConfigSource = None) -> None:
        self.config = RiskConfig.load(config)
        self.store = AlertStore(engine, self.config)
        self.runtime: RiskRuntime | None = None

    def list(self, **filters: Any) -> list[dict[str, Any]]:
        clean = {k: v for k, v in filters.items() if v is not None}
        return self.store.list(**clean)

    def get(self, alert_id: str) -> dict[str, Any]:
        return self.store.get(alert_id)

    def act(
        self,
        alert_id: str,
        action: str,
        *,
        reason: str,
        actor: str,
        assignee: str | None = None,
    ) -> dict[str, Any]:
        """Move an alert through the workflow (:mod:`tamga.risk.workflow`), recording who, when
        and why: ``confirm`` closes it as a confirmed finding, ``close``/``dismiss`` as a false
        positive."""
        step = parse_action(action)
        if not reason or not reason.strip():
            raise InvalidInput("an action needs a reason", field="reason")
        current = self.store.get(alert_id)
        state = current["state"]
        target = transition(alert_id, state, step)
        if step is Action.ASSIGN and not assignee:
            assignee = actor
        self.store.set_state(
            alert_id,
            from_state=state,
            to_state=target.value,
            action=step.value,
            actor=actor,
            reason=reason.strip(),
            assignee=assignee,
        )
        return self.store.get(alert_id)

    def counts(self) -> dict[str, dict[str, int]]:
        return self.store.counts()

    def declaration_status(self, declaration_no: str) -> dict[str, Any]:
        """Channel, hold and combined score of a declaration (random draw if no alert)."""
        found = self.store.subject(declaration_no)
        if found is None:
            return {
                "channel": final_channel(declaration_no, None, self.config.selectivity),
                "hold": False,
                "score": None,
                "alerts": 0,
            }
        return {
            "channel": found["channel"],
            "hold": bool(found["hold"]),
            "score": found["score"],
            "alerts": found["alerts"],
        }

    def trace_annotation(self, declaration_no: str) -> dict[str, Any]:
        status = self.declaration_status(declaration_no)
        return {"channel": status["channel"], "hold": status["hold"], "risk_score": status["score"]}

    def alerts_after(self, seq: int, limit: int = 200) -> builtins.list[dict[str, Any]]:
        return self.store.alerts_after(seq, limit)

    def last_seq(self) -> int:
        return self.store.last_seq()

    def report(self, ledger: LedgerService) -> dict[str, Any]:
        """The realised channel mix of the ledger's declarations against the targets."""
        sel = self.config.selectivity
        subjects = {s["subject"]: s for s in self.store.subjects("declaration")}
        with ledger.engine.connect() as conn:
            rows = conn.execute(
                select(events.c.declaration_no, events.c.type).where(
                    events.c.declaration_no.is_not(None), events.c.type.in_(("import", "export"))
                )
            ).all()
        by_type: dict[str, builtins.list[str]] = {}
        criteria_hits = 0
        for decl, kind in rows:
            found = subjects.get(decl)
            channel = found["channel"] if found else final_channel(decl, None, sel)
            criteria_hits += found is not None and found["channel"] != "green"
            by_type.setdefault(kind, []).append(channel)
        every = [c for chans in by_type.values() for c in chans]
        return {
            "declarations": len(every),
            "with_alerts": sum(1 for d, _ in rows if d in subjects),
            "mix": mix(every),
            "targets": dict(sel.get("targets") or {}),
            "random_minimum": dict(sel.get("random") or {}),
            "by_type": {k: {"declarations": len(v), "mix": mix(v)} for k, v in by_type.items()},
            "alerts": self.counts(),
        }


class ContextSources:
    """Keeps a running engine's context in step with the store while it serves.

    Lists loaded or delisted, sanctions entities loaded and holder registrations change without
    a restart: each is checked against a cheap revision (the lists' revision number, the
    sanctions loads and entity count, the registry's size and date range) and rebuilt only when
    that moves. What the caller passed in (a test's checker or screener) is kept as it is.
    """

    def __init__(
        self,
        engine: Engine,
        ctx: RiskContext,
        *,
        lists: ListsService | None,
        screener_pinned: bool,
    ) -> None:
        self.engine = engine
        self.ctx = ctx
        self.lists = lists
        self.screener_pinned = screener_pinned
        self._screening_rev = self._screening_revision() if not screener_pinned else None
        self._registry_rev = self._registry_revision()
        self._rates_rev = RatesStore(engine).revision()

    def _screening_revision(self) -> tuple[Any, ...]:
        with self.engine.connect() as conn:
            loads = conn.execute(select(func.max(screening_loads.c.load_id))).scalar()
            count = conn.execute(select(func.count()).select_from(screening_entities)).scalar()
            # analysts' decisions are applied by the screener: a new one rebuilds it too
            decided = conn.execute(select(func.max(screening_decisions.c.decision_id))).scalar()
        return (loads, count, decided)

    def _registry_revision(self) -> tuple[Any, ...]:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(
                    func.count(),
                    func.count(holders.c.registered),
                    func.min(holders.c.registered),
                    func.max(holders.c.registered),
                    func.max(holders.c.id),
                )
            ).one()
            # who is one firm with whom: a new judgement re-resolves the parties with the registry
            judged = conn.execute(select(func.max(resolution_judgements.c.judgement_id))).scalar()
        return (*row, judged)

    def refresh(self) -> list[str]:
        """Rebuild what changed in the store into a new ``ctx`` (fresh memos); the names of
        what changed."""
        changed: list[str] = []
        old = self.ctx
        checker, screener = old.checker, old.screener
        registry, names, rates = old.registry, old.holder_names, old.rates
        if self.lists is not None:
            checker = self.lists.checker()  # rebuilt by the lists service when its revision moves
            if checker is not old.checker:
                changed.append("lists")
        if not self.screener_pinned:
            rev = self._screening_revision()
            if rev != self._screening_rev:
                screener = load_screener(self.engine)
                self._screening_rev = rev
                changed.append("sanctions")
        rev = self._registry_revision()
        if rev != self._registry_rev:
            registry, names = load_registry(self.engine)
            self._registry_rev = rev
            changed.append("registry")
        rev = RatesStore(self.engine).revision()
        if rev != self._rates_rev:
            rates = RatesStore(self.engine).table()
            self._rates_rev = rev
            changed.append("rates")
        if changed:
            ownership, resolution = old.ownership, old.resolution
            if "sanctions" in changed or "registry" in changed:
                ownership, resolution = load_ownership(self.engine)
            self.ctx = RiskContext(
                checker=checker,
                screener=screener,
                registry=registry,
                holder_names=names,
                bin_fallback=old.bin_fallback,
                rates=rates,
                ownership=ownership,
                resolution=resolution,
            )
            log.info("risk rules now see the store's current %s", ", ".join(changed))
        return changed


class RiskRuntime:
    """The incremental path: the store's one scorer at a time, following the log in seq order.

    Every process that ingests (each API worker, the CLI) has a runtime listening to its ledger.
    After each of its commits, and on a short poll for other processes' commits (``start``), a
    runtime takes the store's scoring lock and scores the log from the store's cursor (how far
    the log has been scored) to its head, then moves the cursor, in one transaction with the
    alerts. Its own just-committed batch is scored from memory; events other processes
    committed are read back from the store (:mod:`tamga.risk.log`). If another runtime scored
    last, this one first brings its rules to the cursor: from its own state or from the saved
    snapshot, whichever is nearer, reading the events in between with their alerts discarded
    (they are stored already). Every event is thus scored once, in log order, by rules that saw
    every earlier event, whichever process took it in: the same alerts as ``tamga risk run``.

    The runtime that scored last holds a short lease (``lease`` seconds from its last scoring):
    other runtimes leave the work to it rather than each replaying the others' events, and its
    poll picks their commits up. A runtime whose lease has run out (idle, stopped or dead) is
    taken over by the next one to commit or poll.
    """

    #: events scored per transaction: a backlog is scored in rounds, so the lock (on SQLite the
    #: store's write lock) is never held for long
    ROUND = 50_000

    def __init__(
        self,
        engine: RiskEngine,
        store: AlertStore,
        ledger: LedgerService,
        *,
        fresh: Callable[[], RiskEngine] | None = None,
        sources: ContextSources | None = None,
        snapshot_every: float = 30.0,
        lease: float = 1.0,
        refresh_every: float = 1.0,
    ) -> None:
        self.engine = engine
        self.store = store
        self.ledger = ledger
        self.fresh = fresh
        self.sources = sources
        self.snapshot_every = snapshot_every
        self.lease = lease
        self.refresh_every = refresh_every
        self.owner = uuid.uuid4().hex
        self.scored = 0  # events this runtime scored (counting replays, not skips)
        self._lock = threading.RLock()
        self._stale = False
        self._saved_at = time.monotonic()
        self._refreshed_at = time.monotonic()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # -- entry points -----------------------------------------------------------------------
    def __call__(self, batch: Sequence[Applied]) -> None:
        """The ledger listener: after each commit of this process."""
        try:
            self.score(batch)
        except Exception:
            # the ledger has committed; never fail the caller's ingest over scoring. The
            # events stay after the cursor and are scored by the next commit or poll.
            log.exception("risk scoring failed; it will be retried from the store")

    def score(self, batch: Sequence[Applied] = (), *, force: bool = False) -> int:
        """Score the log up to its head (``batch``: this process's commit, in memory).

        Without ``force`` this gives way to a runtime holding the lease, or scoring right now;
        with it, it waits for the lock and scores whatever the cursor's owner. Returns the
        number of alerts raised or updated.
        """
        raised = 0
        while True:
            found, more = self._round(batch, force=force)
            raised += found
            if not more:
                return raised

    def catch_up(self) -> int:
        """Score everything committed so far, whoever committed it (waits for the lock)."""
        return self.score(force=True)

    def flush(self) -> None:
        """Catch up, save the rules' state, and let go of the lease (end of an ingest, stop)."""
        self.score(force=True)
        self._round((), force=True, snapshot=True, release=True)

    def poll(self) -> int:
        """Score other processes' commits if this runtime is the scorer (or nobody is)."""
        cur = self.store.cursor()
        _, head = self.ledger.store.head()
        if cur is not None and (head <= cur.seq or self._yield_to(cur)):
            return 0
        return self.score()

    def start(self, interval: float = 0.25) -> None:
        """Poll for other processes' commits in a background thread (the API does this)."""
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._run, args=(interval,), name="tamga-risk-follower", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop polling, catch up and save the state."""
        thread, self._thread = self._thread, None
        if thread is not None:
            self._stop.set()
            thread.join(timeout=30)
        try:
            cur = self.store.cursor()
            _, head = self.ledger.store.head()
            # the scorer saves its state; anyone else only if events are left unscored
            if cur is None or cur.owner == self.owner or cur.seq < head:
                self.flush()
        except Exception:
            log.exception("risk follower: the final catch-up failed")

    def _run(self, interval: float) -> None:
        while not self._stop.wait(interval):
            try:
                self.poll()
            except Exception:
                log.exception("risk follower: poll failed")

    # -- one round under the lock ------------------------------------------------------------
    def _yield_to(self, cur: Cursor) -> bool:
        """Whether another runtime holds the lease (scored within ``lease`` seconds)."""
        return (
            cur.owner not in ("", self.owner) and cur.at > 0 and time.time() - cur.at < self.lease
        )

    def _round(
        self,
        batch: Sequence[Applied],
        *,
        force: bool,
        snapshot: bool = False,
        release: bool = False,
    ) -> tuple[int, bool]:
        with self._lock:
            now = time.monotonic()
            if self.sources is not None and now - self._refreshed_at >= self.refresh_every:
                if self.sources.refresh():
                    self._use_context(self.sources.ctx)
                self._refreshed_at = now
            if not force:
                cur = self.store.cursor()
                if cur is not None and self._yield_to(cur):
                    return 0, False
            with self.store.scoring(wait=force) as conn:
                if conn is None:
                    return 0, False  # another process is scoring; it or a poll takes ours
                cur = self.store.cursor(conn)
                if cur is None:
                    cur = Cursor(self.engine.last_seq, "", 0.0)
                if not force and self._yield_to(cur):
                    return 0, False
                head = _head(conn)
                try:
                    self._bring_to(conn, cur.seq)
                    found: dict[str, Alert] = {}
                    upto = min(head, self.engine.last_seq + self.ROUND)
                    mem = [a for a in batch if a.seq > self.engine.last_seq]
                    contiguous = bool(mem) and mem[-1].seq - mem[0].seq + 1 == len(mem)
                    if contiguous and mem[0].seq <= upto + 1:
                        upto = max(upto, mem[-1].seq)
                        self._replay(conn, mem[0].seq - 1, found)
                        for alert in self.engine.process(mem):
                            found[alert.id] = alert
                        self.scored += len(mem)
                    self._replay(conn, upto, found)
                    alerts = list(found.values())
                    self.store.save(alerts, conn)
                    self.store.set_cursor(conn, self.engine.last_seq, self.owner, held=not release)
                    if snapshot or time.monotonic() - self._saved_at >= self.snapshot_every:
                        self.store.save_state(self.engine.last_seq, self.engine.snapshot(), conn)
                        self._saved_at = time.monotonic()
                except BaseException:
                    self._stale = True  # the rules moved on, the store did not
                    raise
                return len(alerts), self.engine.last_seq < head

    def _replay(self, conn: Connection, upto: int, found: dict[str, Alert] | None) -> None:
        """Feed the rules the logged events after their last seq up to ``upto``."""
        if upto <= self.engine.last_seq:
            return
        for chunk in read_applied(conn, self.engine.last_seq, upto):
            alerts = self.engine.process(chunk)
            self.scored += len(chunk)
            if found is not None:
                for alert in alerts:
                    found[alert.id] = alert

    def _bring_to(self, conn: Connection, seq: int) -> None:
        """Make the rules' state the one after event ``seq`` (another runtime scored last)."""
        if self._stale or self.engine.last_seq > seq:
            self._reset()
        if self.engine.last_seq == seq:
            return
        saved_at = self.store.state_seq(conn)
        if saved_at is not None and self.engine.last_seq < saved_at <= seq:
            saved = self.store.load_state(conn)
            if saved is not None:
                try:
                    self.engine.restore(saved[1])
                except InvalidInput as exc:
                    log.warning("%s", exc)
                    self._reset()
        self._replay(conn, seq, None)  # alerts discarded: the scorer that took them stored them

    def _reset(self) -> None:
        """Start the rules afresh (after a failure, or when the store was scored anew)."""
        if self.fresh is None:
            raise InvalidInput("the risk state is out of step with the store and cannot be reset")
        self.engine = self.fresh()
        self._stale = False

    def _use_context(self, ctx: RiskContext) -> None:
        """Point the rules at a rebuilt context, dropping their memos of the old one's answers."""
        self.engine.ctx = ctx
        for rule in self.engine.rules:
            rule.ctx = ctx
            cache = getattr(rule, "_cache", None)  # e.g. the sanctions rule's screening memo
            if isinstance(cache, dict):
                cache.clear()


def _head(conn: Connection) -> int:
    """The ledger's last sequence number, read in the scoring transaction."""
    value = conn.execute(
        select(ledger_meta.c.value).where(ledger_meta.c.key == "last_seq")
    ).scalar()
    return int(value or 0)


def attach(
    ledger: LedgerService,
    config: ConfigSource = None,
    *,
    checker: GoodsChecker | None = None,
    screener: Any = None,
    lease: float = 1.0,
    refresh_every: float = 1.0,
) -> AlertService:
    """Score everything ``ledger`` ingests from now on; return the alert service.

    The rules resume from their saved state and follow the store's log (see
    :class:`RiskRuntime`). On a store that was never scored live, events already in the log are
    not scored (a warning says so): ``tamga risk run`` scores the whole ledger.
    """
    service = AlertService(ledger.engine, config)
    lists = ListsService(ledger.engine) if checker is None else None
    ctx = build_context(
        ledger.engine, checker if checker is not None else _checker(lists), screener
    )
    sources = ContextSources(ledger.engine, ctx, lists=lists, screener_pinned=screener is not None)

    def fresh() -> RiskEngine:
        return RiskEngine(service.config, sources.ctx)

    engine = fresh()
    saved = service.store.load_state()
    if saved is not None:
        try:
            engine.restore(saved[1])
        except InvalidInput as exc:
            log.warning("%s", exc)
    _, last = ledger.store.head()
    cursor = service.store.cursor()
    if cursor is None:
        if last > engine.last_seq:
            log.warning(
                "%d events in the ledger were not scored by the risk engine; "
                "run `tamga risk run` to score the whole ledger",
                last - engine.last_seq,
            )
            engine.last_seq = last
        cursor = service.store.init_cursor(engine.last_seq)
    if last > cursor.seq:
        log.info(
            "%d logged events are not scored yet; the risk follower scores them", last - cursor.seq
        )
    runtime = RiskRuntime(
        engine,
        service.store,
        ledger,
        fresh=fresh,
        sources=sources,
        lease=lease,
        refresh_every=refresh_every,
    )
    ledger.add_listener(runtime)
    annotators = getattr(ledger, "annotators", None)
    if annotators is not None:
        annotators.append(service.trace_annotation)
    service.runtime = runtime
    return service


def _checker(lists: ListsService | None) -> GoodsChecker | None:
    return lists.checker() if lists is not None else None


def annotate(ledger: LedgerService, config: ConfigSource = None) -> AlertService:
    """Only show channels and holds in the ledger's answers (no rules run)."""
    service = AlertService(ledger.engine, config)
    annotators = getattr(ledger, "annotators", None)
    if annotators is not None:
        annotators.append(service.trace_annotation)
    return service


def run_ledger(
    ledger: LedgerService,
    config: ConfigSource = None,
    *,
    checker: GoodsChecker | None = None,
    screener: Any = None,
    progress: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """The batch path: replay the whole log through fresh rules and store their alerts."""
    service = AlertService(ledger.engine, config)
    engine = RiskEngine(service.config, build_context(ledger.engine, checker, screener))
    found: dict[str, Alert] = {}
    started = time.monotonic()

    def listen(batch: Sequence[Applied]) -> None:
        for alert in engine.process(batch):
            found[alert.id] = alert

    events_seen = ledger.rebuild(progress=progress, notify=[listen])
    with service.store.scoring() as conn:
        assert conn is not None
        result = service.store.sync(list(found.values()), conn)
        service.store.save_state(engine.last_seq, engine.snapshot(), conn)
        # live runtimes see another scorer and bring their rules to this state
        service.store.set_cursor(conn, engine.last_seq, "tamga risk run", held=False)
    by_rule: dict[str, int] = {}
    for alert in found.values():
        by_rule[alert.rule] = by_rule.get(alert.rule, 0) + 1
    return {
        "events": events_seen,
        "alerts": len(found),
        "dropped": result["dropped"],
        "by_rule": dict(sorted(by_rule.items())),
        "seconds": round(time.monotonic() - started, 2),
    }
