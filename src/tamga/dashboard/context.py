"""Everything a dashboard page reads from, in one object the router is built over."""

from __future__ import annotations

from dataclasses import dataclass

from tamga.dashboard.access import TokenResolver
from tamga.dashboard.ports import AlertsPort, MapData, StatsPort
from tamga.ledger.service import LedgerService
from tamga.lists.service import ListsService


@dataclass
class DashboardContext:
    """The same services the API uses (``alerts``: ``tamga.risk.AlertService``); a part left
    ``None`` makes its panels say it is not wired in."""

    ledger: LedgerService
    resolve: TokenResolver
    alerts: AlertsPort | None = None
    lists: ListsService | None = None
    stats: StatsPort | None = None
    geography: MapData | None = None
    #: the Secure flag on the session cookie: on by default (browsers accept it from
    #: http://localhost too); off only for a plain-HTTP set-up on another host, or tests
    secure_cookie: bool = True
    #: seconds between the live stream's looks at the log
    poll_seconds: float = 0.25
