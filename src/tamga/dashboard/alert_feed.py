"""The alert feed as one viewer may see it: what the overview's latest alerts and the live
stream show (the policy's rule and its redacted view, titled in the viewer's language)."""

from __future__ import annotations

from typing import TypedDict

from sqlalchemy import Engine

from tamga.auth import policy
from tamga.dashboard import names
from tamga.dashboard.access import Viewer
from tamga.dashboard.ports import AlertsPort
from tamga.wording import i18n, titles


class FeedAlert(TypedDict):
    """An alert as the live overview adds it to its table (a trader's carry no rule, severity
    or score: ``policy.alert_views`` left them out)."""

    id: str
    rule: str | None
    channel: str | None
    severity: str | None
    score: float | None
    state: str | None
    declarations: list[str] | None
    title: str
    title_local: str


class VisibleAlerts:
    """The alert feed as one viewer may see it: the policy's rule and its redacted view."""

    def __init__(
        self,
        alerts: AlertsPort,
        viewer: Viewer,
        lang: str = i18n.DEFAULT,
        holders: Engine | None = None,
    ) -> None:
        self.alerts, self.viewer, self.lang, self.holders = alerts, viewer, lang, holders

    def last_seq(self) -> int:
        return self.alerts.last_seq()

    def after(self, seq: int) -> tuple[list[FeedAlert], int]:
        """Alerts raised or worked after ``seq`` (oldest first), and the new mark."""
        rows = self.alerts.alerts_after(seq, 200)
        mark = int(rows[-1]["seq"]) if rows else seq
        seen = policy.alert_views(self.viewer, rows)
        known = names.Names(self.holders) if self.holders is not None else None
        out = []
        with i18n.language(self.lang):  # the title said in the viewer's language
            for a in seen:
                title = titles.alert_title(a, known.text if known is not None else str)
                out.append(
                    FeedAlert(
                        id=a["id"],
                        rule=a.get("rule"),
                        channel=a.get("channel"),
                        severity=a.get("severity"),
                        score=a.get("score"),
                        state=a.get("state"),
                        declarations=a.get("declarations"),
                        title=title,
                        title_local=title,
                    )
                )
        return out, mark
