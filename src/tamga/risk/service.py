"""The risk part as the rest of tamga uses it.

- :class:`RiskRuntime` is the incremental path: a ledger listener that runs the rules on each
  committed batch, stores the alerts, and snapshots the rules' state so the next process
  resumes where this one stopped.
- :func:`run_ledger` is the batch path (``tamga risk run``): the log replayed through fresh
  rules, giving the same alerts as the live path (the listener sees the very same
  ``Applied`` records, in the same order).
- :class:`AlertService` is the alert queue with its workflow, for the CLI, the API
  (``AlertsService`` + ``AlertFeed``) and the dashboard (``AlertsPort``).
"""

from __future__ import annotations

import builtins
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from tamga.errors import Conflict, InvalidInput
from tamga.ledger.engine import Applied
from tamga.ledger.service import LedgerService
from tamga.lists.checker import GoodsChecker
from tamga.risk.config import RiskConfig
from tamga.risk.context import RiskContext, load_registry, load_screener, stored_checker
from tamga.risk.engine import RiskEngine
from tamga.risk.model import Alert
from tamga.risk.selectivity import final_channel, mix
from tamga.risk.store import AlertStore
from tamga.store.schema import events

log = logging.getLogger(__name__)

#: action -> state it leads to (``close`` is decided by its reason, see ``AlertService.act``)
ACTIONS: dict[str, str] = {
    "assign": "assigned",
    "review": "under_review",
    "hold": "hold",
    "release": "released",
    "escalate": "escalated",
    "close": "closed_false_positive",
    "dismiss": "closed_false_positive",
    "confirm": "closed_confirmed",
    "reopen": "under_review",
}
CLOSED = frozenset({"closed_false_positive", "closed_confirmed"})

ConfigSource = str | Path | dict[str, Any] | RiskConfig | None


def build_context(
    engine: Engine, checker: GoodsChecker | None = None, screener: Any = None
) -> RiskContext:
    """Dependencies from the store (holder registry, sanctions entities) and the lists."""
    registry, names = load_registry(engine)
    return RiskContext(
        checker=checker if checker is not None else stored_checker(engine),
        screener=screener if screener is not None else load_screener(engine),
        registry=registry,
        holder_names=names,
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
        """Move an alert through the workflow, recording who, when and why.

        ``close`` closes as a false positive unless its reason starts with "confirm"
        (``confirm`` and ``dismiss`` say it outright).
        """
        if action not in ACTIONS:
            raise InvalidInput(
                f"unknown action {action!r}; one of {', '.join(ACTIONS)}", field="action"
            )
        if not reason or not reason.strip():
            raise InvalidInput("an action needs a reason", field="reason")
        current = self.store.get(alert_id)
        state = current["state"]
        target = ACTIONS[action]
        if action == "close" and reason.strip().lower().startswith("confirm"):
            target = "closed_confirmed"
        if state in CLOSED and action != "reopen":
            raise Conflict(f"alert {alert_id} is {state}; reopen it first")
        if action == "reopen" and state not in CLOSED:
            raise Conflict(f"alert {alert_id} is {state}, not closed")
        if action == "assign" and not assignee:
            assignee = actor
        self.store.set_state(
            alert_id,
            from_state=state,
            to_state=target,
            action=action,
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


@dataclass
class RiskRuntime:
    """The incremental path: a ledger listener running the rules on every committed batch."""

    engine: RiskEngine
    store: AlertStore
    snapshot_every: float = 30.0
    _saved_at: float = 0.0

    def __call__(self, batch: Sequence[Applied]) -> None:
        alerts = self.engine.process(batch)
        if alerts:
            self.store.save(alerts)
        if time.monotonic() - self._saved_at >= self.snapshot_every:
            self.flush()

    def flush(self) -> None:
        """Save the rules' state (at the end of an ingest; periodically while serving)."""
        self.store.save_state(self.engine.last_seq, self.engine.snapshot())
        self._saved_at = time.monotonic()


def attach(
    ledger: LedgerService,
    config: ConfigSource = None,
    *,
    checker: GoodsChecker | None = None,
    screener: Any = None,
) -> AlertService:
    """Run the rules on everything ``ledger`` ingests from now on; return the alert service.

    The rules resume from their saved state. Events ingested while no risk engine ran are not
    scored (a warning says so): ``tamga risk run`` scores the whole ledger again.
    """
    service = AlertService(ledger.engine, config)
    engine = RiskEngine(service.config, build_context(ledger.engine, checker, screener))
    saved = service.store.load_state()
    if saved is not None:
        try:
            engine.restore(saved[1])
        except InvalidInput as exc:
            log.warning("%s", exc)
    _, last = ledger.store.head()
    if last > engine.last_seq:
        log.warning(
            "%d events in the ledger were not scored by the risk engine; "
            "run `tamga risk run` to score the whole ledger",
            last - engine.last_seq,
        )
        engine.last_seq = last
    runtime = RiskRuntime(engine, service.store, _saved_at=time.monotonic())
    ledger.add_listener(runtime)
    annotators = getattr(ledger, "annotators", None)
    if annotators is not None:
        annotators.append(service.trace_annotation)
    service.runtime = runtime
    return service


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
    result = service.store.sync(list(found.values()))
    service.store.save_state(engine.last_seq, engine.snapshot())
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
