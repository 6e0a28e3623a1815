"""What the dashboard reads from the other parts, as small protocols.

The ledger is always there; alerts (risk), lists, statistics and geography are other parts that
the dashboard shows when they are wired in. Each port is the narrow slice of that part the pages
call, so an adapter over the part's own service is a few lines (see ``tamga.dashboard.wiring``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

#: the alert workflow actions the buttons offer, in the order they are shown
ACTIONS = ("assign", "hold", "release", "escalate", "close")


class AlertsPort(Protocol):
    """The risk engine's alerts and their workflow.

    Alerts are dicts with at least ``id``, ``rule``, ``severity``, ``score``, ``channel``,
    ``state``, ``declarations``, ``event_ids``, ``holders``, ``transits`` and ``evidence``;
    ``get`` adds ``history`` (who, when, action, reason).
    """

    def list(
        self,
        *,
        rule: str | None = None,
        channel: str | None = None,
        state: str | None = None,
        declaration: str | None = None,
        holder: str | None = None,
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


class ListsPort(Protocol):
    """Controlled lists: entries as of a date, their history, delisting, goods checks."""

    def names(self) -> list[str]: ...

    def entries(self, list_name: str, as_of: str) -> list[dict[str, Any]]: ...

    def diff(self, list_name: str, start: str, end: str) -> dict[str, list[dict[str, Any]]]: ...

    def delisting_requests(self) -> list[dict[str, Any]] | None:
        """``None`` when this deployment keeps no delisting requests."""
        ...

    def check(
        self, hs_code: str, brand: str | None, origin: str | None, destination: str | None, on: str
    ) -> list[dict[str, Any]]: ...


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
