"""The alert queue with its workflow, for the CLI, the API (``AlertsService`` + ``AlertFeed``)
and the dashboard (``AlertsPort``): list, get, act; counts, each declaration's status and the
realised channel mix; the live feed's changes after a sequence number."""

from __future__ import annotations

import builtins
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine

from tamga.errors import InvalidInput
from tamga.ledger.service import LedgerService
from tamga.risk.alert_store import AlertStore
from tamga.risk.config import RiskConfig
from tamga.risk.model_scores import stored_score
from tamga.risk.selectivity import final_channel, mix
from tamga.risk.workflow import Action, parse_action, transition
from tamga.store import ledger_read

if TYPE_CHECKING:
    from tamga.risk.follower import RiskRuntime

#: the workflow's action names, in the order the faces offer them
ACTIONS: tuple[str, ...] = tuple(a.value for a in Action)

ConfigSource = str | Path | dict[str, Any] | RiskConfig | None


class AlertService:
    """The alert queue: list, get, act; counts and declaration status; the live feed."""

    def __init__(self, engine: Engine, config: ConfigSource = None) -> None:
        self.config = RiskConfig.load(config)
        self.store = AlertStore(engine, self.config)
        self.runtime: RiskRuntime | None = None  # set by ``attach``

    def list(self, **filters: Any) -> list[dict[str, Any]]:
        clean = {k: v for k, v in filters.items() if v is not None}
        return self.store.list(**clean)

    def get(self, alert_id: str) -> dict[str, Any]:
        """The alert with its history; an alert about a declaration carries the model's score
        of that declaration (``model``)."""
        alert = self.store.get(alert_id)
        if alert["subject_kind"] == "declaration":
            alert["model"] = stored_score(self.store.engine, alert["subject"])
        return alert

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
        """Channel, hold and combined score of a declaration (random draw if no alert), and the
        selectivity model's score of it as lodged (``model``: None if none was scored)."""
        found = self.store.subject(declaration_no)
        model = stored_score(self.store.engine, declaration_no)
        if found is None:
            return {
                "channel": final_channel(declaration_no, None, self.config.selectivity),
                "hold": False,
                "score": None,
                "alerts": 0,
                "model": model,
            }
        return {
            "channel": found["channel"],
            "hold": bool(found["hold"]),
            "score": found["score"],
            "alerts": found["alerts"],
            "model": model,
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
            rows = ledger_read.declaration_types(conn)
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


def annotate(ledger: LedgerService, config: ConfigSource = None) -> AlertService:
    """Only show channels and holds in the ledger's answers (no rules run)."""
    service = AlertService(ledger.engine, config)
    annotators = getattr(ledger, "annotators", None)
    if annotators is not None:
        annotators.append(service.trace_annotation)
    return service
