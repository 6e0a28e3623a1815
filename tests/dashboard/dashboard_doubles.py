"""A test double for the risk engine's alert service, shaped like ``AlertsPort``.

It stands in for the risk part in the dashboard's own tests only: it keeps alerts in memory,
applies the workflow (state, assignee, history) and derives a declaration's hold and channel from
its alerts, which is what the pages need to show. The real service is wired in by ``tamga serve``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tamga.errors import NotFound
from tamga.ledger.service import LedgerService

STATE_AFTER = {
    "assign": "assigned",
    "hold": "hold",
    "release": "released",
    "escalate": "escalated",
    "close": "closed",
}
CHANNEL_RANK = {"green": 0, "yellow": 1, "red": 2}


class RecordingAlerts:
    def __init__(self, ledger: LedgerService) -> None:
        self.ledger = ledger
        self.alerts: dict[str, dict[str, Any]] = {}

    def raise_alert(self, alert_id: str, **fields: Any) -> dict[str, Any]:
        alert = {
            "id": alert_id,
            "severity": "high" if fields.get("channel") == "red" else "medium",
            "state": "new",
            "event_ids": [],
            "transits": [],
            "history": [],
            "assignee": None,
            **fields,
        }
        self.alerts[alert_id] = alert
        return alert

    def list(
        self,
        *,
        rule: str | None = None,
        channel: str | None = None,
        state: str | None = None,
        declaration: str | None = None,
        holder: str | None = None,
        limit: int = 200,
    ) -> list[dict[str, Any]]:
        out = [
            a
            for a in self.alerts.values()
            if (rule is None or a["rule"] == rule)
            and (channel is None or a["channel"] == channel)
            and (state is None or a["state"] == state)
            and (declaration is None or declaration in a["declarations"])
            and (holder is None or holder in a["holders"])
        ]
        return out[:limit]

    def get(self, alert_id: str) -> dict[str, Any]:
        if alert_id not in self.alerts:
            raise NotFound(f"no alert {alert_id!r}")
        return self.alerts[alert_id]

    def act(
        self, alert_id: str, action: str, *, reason: str, actor: str, assignee: str | None = None
    ) -> dict[str, Any]:
        alert = self.get(alert_id)
        alert["state"] = STATE_AFTER[action]
        if action == "assign":
            alert["assignee"] = assignee
        alert["history"].append(
            {
                "at": datetime.now(UTC).isoformat(),
                "actor": actor,
                "action": action,
                "state": alert["state"],
                "reason": reason,
            }
        )
        return alert

    def counts(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {"by_channel": {}, "by_rule": {}}
        for a in self.alerts.values():
            if a["state"] == "closed":
                continue
            out["by_channel"][a["channel"]] = out["by_channel"].get(a["channel"], 0) + 1
            out["by_rule"][a["rule"]] = out["by_rule"].get(a["rule"], 0) + 1
        return out

    def declaration_status(self, declaration_no: str) -> dict[str, Any]:
        mine = self.list(declaration=declaration_no)
        if not mine:
            return {"channel": "green", "hold": False, "score": 0.0}
        top = max(mine, key=lambda a: CHANNEL_RANK[a["channel"]])
        return {
            "channel": top["channel"],
            "hold": any(a["state"] == "hold" for a in mine),
            "score": max(a["score"] for a in mine),
        }
