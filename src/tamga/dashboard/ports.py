"""What the dashboard reads from the other parts, as small protocols.

The ledger is always there; alerts (risk), lists, statistics and geography are the other parts
the pages show. ``AlertsPort`` is the slice of the risk part's ``AlertService`` the pages call
(that service satisfies it as it is); the lists part's ``ListsService`` is used as it is.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass, field
from typing import Any, Protocol

from tamga.ledger.service import LedgerService

#: the alert workflow actions the buttons offer on an open alert, in the order they are shown
#: (``tamga.risk.alerts.ACTIONS``: close = a false positive, confirm = a confirmed finding)
ACTIONS = ("assign", "review", "hold", "release", "escalate", "close", "confirm")
#: what a closed alert offers
REOPEN = ("reopen",)


class AlertsPort(Protocol):
    """The risk engine's alert service (``tamga.risk.AlertService``), as the pages call it.

    Alerts are dicts with at least ``id``, ``rule``, ``title``, ``severity``, ``score``,
    ``channel``, ``state``, ``seq``, ``declarations``, ``event_ids``, ``holders``,
    ``transits``, ``locations`` and ``evidence``; ``get`` adds ``history`` (at, actor, action,
    from_state, to_state, reason).
    """

    def list(
        self,
        *,
        rule: str | None = None,
        channel: str | None = None,
        state: str | None = None,
        declaration: str | None = None,
        holder: str | None = None,
        owner: str | None = None,
        limit: int = 200,
    ) -> list[dict[str, Any]]: ...

    def get(self, alert_id: str) -> dict[str, Any]: ...

    def act(
        self, alert_id: str, action: str, *, reason: str, actor: str, assignee: str | None = None
    ) -> dict[str, Any]: ...

    def counts(self) -> dict[str, dict[str, int]]:
        """``{"by_channel": {...}, "by_rule": {...}}`` over open alerts."""
        ...

    def declaration_status(self, declaration_no: str) -> dict[str, Any]:
        """``{"channel": str | None, "hold": bool, "score": float | None}``."""
        ...

    def alerts_after(self, seq: int, limit: int = 200) -> builtins.list[dict[str, Any]]:
        """Alerts raised or worked after ``seq``, in that order (the live overview's feed)."""
        ...

    def last_seq(self) -> int: ...

    def report(self, ledger: LedgerService) -> dict[str, Any]:
        """The realised channel mix of the ledger's declarations against its targets."""
        ...


class StatsPort(Protocol):
    """The statistics part's charts as plotly figure dicts, with a title each."""

    def charts(self) -> list[tuple[str, dict[str, Any]]]: ...


@dataclass
class Place:
    code: str
    name: str
    lat: float
    lon: float
    kind: str = "road_border"  # as tamga.geography names kinds


@dataclass
class MapData:
    """What the offline map draws: the country outline, border posts, corridors."""

    outline: list[tuple[float, float]] = field(default_factory=list)  # (lon, lat)
    places: list[Place] = field(default_factory=list)
    corridors: list[list[tuple[float, float]]] = field(default_factory=list)

    def place(self, code: str | None) -> Place | None:
        for p in self.places:
            if p.code == code:
                return p
        return None
