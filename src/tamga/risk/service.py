"""The risk part wired over a ledger, as the rest of tamga uses it.

- :func:`attach` is the incremental path: the rules as a ledger listener and log follower
  (:class:`tamga.risk.follower.RiskRuntime`); one process at a time scores the store's log in
  ``seq`` order (its own commits from memory, other processes' read back from the store), so
  every API worker and the CLI give the same alerts as the batch path.
- :func:`run_ledger` is the batch path (``tamga risk run``): the log replayed through fresh
  rules, giving the same alerts as the live path (the listener sees the very same ``Applied``
  records, in the same order).
- :func:`~tamga.risk.alerts.annotate` (in the alert queue's module) only shows channels and
  holds in the ledger's answers.

The alert queue is :class:`tamga.risk.alerts.AlertService`; the rules' context comes from
:mod:`tamga.risk.sources`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from typing import Any

from tamga.errors import InvalidInput
from tamga.ledger.engine import Applied
from tamga.ledger.service import LedgerService
from tamga.lists.checker import GoodsChecker
from tamga.lists.service import ListsService
from tamga.risk.alerts import ACTIONS, AlertService, ConfigSource, annotate
from tamga.risk.engine import RiskEngine
from tamga.risk.follower import RiskRuntime
from tamga.risk.follower_state import FollowerState
from tamga.risk.model import Alert
from tamga.risk.model_scores import LiveModel
from tamga.risk.sources import ContextSources, build_context, load_kinds

__all__ = [
    "ACTIONS",
    "AlertService",
    "ConfigSource",
    "ContextSources",
    "RiskRuntime",
    "annotate",
    "attach",
    "build_context",
    "run_ledger",
]

log = logging.getLogger(__name__)


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
    not scored (a warning says so): ``tamga risk run`` scores the whole ledger. Once a
    selectivity model is trained, the follower scores each declaration with it too
    (:mod:`tamga.risk.model_scores`).
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
    state = FollowerState(ledger.engine)
    saved = state.load_state()
    if saved is not None:
        try:
            engine.restore(saved[1])
        except InvalidInput as exc:
            log.warning("%s", exc)
    _, last = ledger.store.head()
    cursor = state.cursor()
    if cursor is None:
        if last > engine.last_seq:
            log.warning(
                "%d events in the ledger were not scored by the risk engine; "
                "run `tamga risk run` to score the whole ledger",
                last - engine.last_seq,
            )
            engine.last_seq = last
        cursor = state.init_cursor(engine.last_seq)
    if last > cursor.seq:
        log.info(
            "%d logged events are not scored yet; the risk follower scores them", last - cursor.seq
        )
    model = LiveModel(ledger.engine, lambda: (sources.ctx.registry, load_kinds(ledger.engine)))
    try:
        model.refresh()  # a model trained already scores from the first event
    except Exception:
        log.exception("the selectivity model could not be loaded; scoring goes on without it")
    runtime = RiskRuntime(
        engine,
        service.store,
        ledger,
        state=state,
        fresh=fresh,
        sources=sources,
        model=model,
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
    state = FollowerState(ledger.engine)
    with state.scoring() as conn:
        assert conn is not None
        result = service.store.sync(list(found.values()), conn)
        state.save_state(engine.last_seq, engine.snapshot(), conn)
        # live runtimes see another scorer and bring their rules to this state
        state.set_cursor(conn, engine.last_seq, "tamga risk run", held=False)
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
