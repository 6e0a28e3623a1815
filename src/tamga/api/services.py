"""What the API runs on: the store, the ledger, tokens, and the other parts when present.

Each optional part (risk's alerts, lists, screening, EPCIS) is reached through a small
protocol here, so the API states exactly which of the part's calls it depends on; a missing
part leaves its routes answering 503 rather than the app failing to start.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import Engine

from tamga.auth import TokenStore
from tamga.errors import TamgaError
from tamga.ledger.service import LedgerService


class Unavailable(TamgaError):
    """A part of tamga that this deployment does not run (yet)."""

    status = 503
    title = "Service unavailable"


class AlertsService(Protocol):
    """The risk engine's alert queue, as the API calls it."""

    def list(self, **filters: Any) -> list[dict[str, Any]]: ...

    def get(self, alert_id: str) -> dict[str, Any]: ...

    def act(
        self, alert_id: str, action: str, *, reason: str, actor: str, assignee: str | None = None
    ) -> dict[str, Any]: ...


class AlertFeed(Protocol):
    """Alerts in the order they were raised or changed, for the live stream."""

    def alerts_after(self, seq: int, limit: int = 200) -> list[dict[str, Any]]:
        """Alerts (with ``seq``, ``holders``, ``locations``) changed after ``seq``, in order."""
        ...

    def last_seq(self) -> int: ...


class Screening(Protocol):
    def screen(self, name: str, country: str | None = None, **kw: Any) -> list[Any]: ...


@dataclass
class Services:
    engine: Engine
    ledger: LedgerService
    tokens: TokenStore
    alerts: AlertsService | None = None
    alert_feed: AlertFeed | None = None
    lists: Any = None
    screener: Screening | None = None
    epcis: Any = None
    #: (entity count, screener) built from the store on first use in this worker
    screen_cache: tuple[int, Any] | None = None

    def need(self, name: str) -> Any:
        part = getattr(self, name)
        if part is None:
            raise Unavailable(f"the {name} part is not running in this deployment")
        return part
