"""Run the configured rules over applied events, in log order, and collect their alerts.

The same :class:`RiskEngine` serves both paths: the live listener feeds it each committed batch,
a whole-ledger run feeds it the replayed log. Rules keep their history in ``state``; the
engine's snapshot of those states (with the last sequence number seen) lets the live path
resume in a new process exactly where the previous one stopped.
"""

from __future__ import annotations

import pickle
import time
from collections.abc import Sequence
from typing import Any

from tamga.errors import InvalidInput
from tamga.ledger.engine import Applied
from tamga.risk.calibration import Calibration
from tamga.risk.config import RiskConfig
from tamga.risk.context import RiskContext
from tamga.risk.model import Alert
from tamga.risk.rules import RULES, Rule

SNAPSHOT_VERSION = 2  # 2: pooled unit-value groups, staged overdue transits


class RiskEngine:
    def __init__(self, config: RiskConfig, ctx: RiskContext) -> None:
        self.config = config
        self.ctx = ctx
        self.rules: list[Rule] = [
            RULES[name](config.rule(name), ctx) for name in RULES if config.enabled(name)
        ]
        self.last_seq = 0
        self._dispatch: dict[str, list[Rule]] = {}
        for rule in self.rules:
            for kind in rule.types:
                self._dispatch.setdefault(kind, []).append(rule)
        self._tickers = [r for r in self.rules if r.ticks]
        spec = config.data.get("calibration") or {}
        self.calibration = Calibration.load(spec.get("file")) if spec.get("enabled", True) else None
        #: an alert first raised below this (calibrated) score is not raised: it would tell
        #: an officer less than one chance in ``1 / min_score``; once raised, it is updated
        self.min_score = float(spec.get("min_score", 0.0) or 0.0) if self.calibration else 0.0
        self.raised: set[str] = set()

    def process(self, batch: Sequence[Applied]) -> list[Alert]:
        """Alerts raised (or updated) by ``batch``; one per id, the latest version."""
        found: dict[str, Alert] = {}
        dispatch, tickers = self._dispatch, self._tickers
        for applied in batch:
            if applied.seq <= self.last_seq:
                continue  # already seen (a replay overlapping the live path)
            t = applied.event.time.timestamp()
            for rule in dispatch.get(applied.event.type, ()):
                for alert in rule.on_event(applied, t):
                    found[alert.id] = alert
            # the rules' clock never passes this server's own: a reporter's time ahead of it (the
            # ledger accepts up to a day) cannot make every open transit overdue at once
            now = min(t, time.time())
            for rule in tickers:
                for alert in rule.tick(now, applied):
                    found[alert.id] = alert
            self.last_seq = applied.seq
        if self.calibration is None:
            return list(found.values())
        out = []
        for alert in found.values():
            self.calibration.apply(alert)
            if alert.score < self.min_score and alert.id not in self.raised:
                continue
            self.raised.add(alert.id)
            out.append(alert)
        return out

    # -- snapshots --------------------------------------------------------------------------
    def snapshot(self) -> bytes:
        states = {rule.name: rule.state for rule in self.rules}
        return pickle.dumps(
            {
                "version": SNAPSHOT_VERSION,
                "seq": self.last_seq,
                "states": states,
                "raised": self.raised,
            },
            protocol=pickle.HIGHEST_PROTOCOL,
        )

    def restore(self, blob: bytes) -> None:
        try:
            data: dict[str, Any] = pickle.loads(blob)
        except Exception as exc:
            raise InvalidInput(f"the stored risk state cannot be read: {exc}") from None
        if data.get("version") != SNAPSHOT_VERSION:
            raise InvalidInput("the stored risk state is of another version; run `tamga risk run`")
        for rule in self.rules:
            if rule.name in data["states"]:
                rule.state = data["states"][rule.name]
        self.last_seq = int(data["seq"])
        self.raised = set(data.get("raised") or ())
