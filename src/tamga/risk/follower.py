"""The risk follower: the store's one scorer at a time, following the ledger's log in seq order.

It holds a short lease (who scored last, and when: the cursor of
:mod:`tamga.risk.follower_state`), moves the cursor in one transaction with the alerts, and saves
the rules' snapshot now and then so another follower can resume from it. With a declaration
scorer (the selectivity model, :mod:`tamga.risk.model_scores`) it scores the declarations of
each round in the same transaction as their alerts.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from typing import Protocol

from sqlalchemy import Connection

from tamga.errors import InvalidInput
from tamga.ledger.engine import Applied
from tamga.ledger.service import LedgerService
from tamga.risk.alert_store import AlertStore
from tamga.risk.context import RiskContext
from tamga.risk.engine import RiskEngine
from tamga.risk.follower_state import Cursor, FollowerState
from tamga.risk.log import read_applied
from tamga.risk.model import Alert
from tamga.risk.sources import ContextSources
from tamga.store import ledger_read

log = logging.getLogger(__name__)


class DeclarationScorer(Protocol):
    """What the follower asks of a model over the rules (``model_scores.LiveModel``)."""

    def refresh(self) -> bool:
        """Take up a newer model if there is one."""
        ...

    def forget(self) -> None:
        """Drop what was learnt from the events seen (another follower scored some)."""
        ...

    def score(self, conn: Connection, batch: Sequence[Applied]) -> int:
        """Score and store the declarations of ``batch``, whose alerts are stored on ``conn``."""
        ...


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
        alerts: AlertStore,
        ledger: LedgerService,
        *,
        state: FollowerState | None = None,
        fresh: Callable[[], RiskEngine] | None = None,
        sources: ContextSources | None = None,
        model: DeclarationScorer | None = None,
        snapshot_every: float = 30.0,
        lease: float = 1.0,
        refresh_every: float = 1.0,
    ) -> None:
        self.engine = engine
        self.alerts = alerts
        self.state = state or FollowerState(alerts.engine)
        self.ledger = ledger
        self.fresh = fresh
        self.sources = sources
        self.model = model
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
        cur = self.state.cursor()
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
            cur = self.state.cursor()
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
                self._refresh_model()
                self._refreshed_at = now
            if not force:
                cur = self.state.cursor()
                if cur is not None and self._yield_to(cur):
                    return 0, False
            with self.state.scoring(wait=force) as conn:
                if conn is None:
                    return 0, False  # another process is scoring; it or a poll takes ours
                cur = self.state.cursor(conn)
                if cur is None:
                    cur = Cursor(self.engine.last_seq, "", 0.0)
                if not force and self._yield_to(cur):
                    return 0, False
                head = ledger_read.head_seq(conn)
                try:
                    self._bring_to(conn, cur.seq)
                    found: dict[str, Alert] = {}
                    seen: list[Applied] = []  # the events scored in this round
                    upto = min(head, self.engine.last_seq + self.ROUND)
                    mem = [a for a in batch if a.seq > self.engine.last_seq]
                    contiguous = bool(mem) and mem[-1].seq - mem[0].seq + 1 == len(mem)
                    if contiguous and mem[0].seq <= upto + 1:
                        upto = max(upto, mem[-1].seq)
                        self._replay(conn, mem[0].seq - 1, found, seen)
                        for alert in self.engine.process(mem):
                            found[alert.id] = alert
                        self.scored += len(mem)
                        seen += mem
                    self._replay(conn, upto, found, seen)
                    alerts = list(found.values())
                    self.alerts.save(alerts, conn)
                    self._score_declarations(conn, seen)
                    self.state.set_cursor(conn, self.engine.last_seq, self.owner, held=not release)
                    if snapshot or time.monotonic() - self._saved_at >= self.snapshot_every:
                        self.state.save_state(self.engine.last_seq, self.engine.snapshot(), conn)
                        self._saved_at = time.monotonic()
                except BaseException:
                    self._stale = True  # the rules moved on, the store did not
                    if self.model is not None:
                        self.model.forget()
                    raise
                return len(alerts), self.engine.last_seq < head

    def _replay(
        self,
        conn: Connection,
        upto: int,
        found: dict[str, Alert] | None,
        seen: list[Applied] | None = None,
    ) -> None:
        """Feed the rules the logged events after their last seq up to ``upto``."""
        if upto <= self.engine.last_seq:
            return
        for chunk in read_applied(conn, self.engine.last_seq, upto):
            alerts = self.engine.process(chunk)
            self.scored += len(chunk)
            if seen is not None:
                seen += chunk
            if found is not None:
                for alert in alerts:
                    found[alert.id] = alert

    def _refresh_model(self) -> None:
        if self.model is None:
            return
        try:
            self.model.refresh()
        except Exception:
            log.exception("the selectivity model could not be loaded; scoring goes on without it")

    def _score_declarations(self, conn: Connection, seen: Sequence[Applied]) -> None:
        """The model's scores of the round's declarations, in a savepoint: a failure there
        loses those scores (logged), never the alerts or the cursor."""
        if self.model is None or not seen:
            return
        try:
            with conn.begin_nested():
                self.model.score(conn, seen)
        except Exception:
            self.model.forget()
            log.exception("the selectivity model failed on events %d-%d", seen[0].seq, seen[-1].seq)

    def _bring_to(self, conn: Connection, seq: int) -> None:
        """Make the rules' state the one after event ``seq`` (another runtime scored last)."""
        if self._stale or self.engine.last_seq > seq:
            self._reset()
        if self.engine.last_seq == seq:
            return
        if self.model is not None:
            self.model.forget()  # its holders' histories lack the events another one scored
        saved_at = self.state.state_seq(conn)
        if saved_at is not None and self.engine.last_seq < saved_at <= seq:
            saved = self.state.load_state(conn)
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
