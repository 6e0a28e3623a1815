"""What the API runs on: the store, the ledger, tokens, and the other parts' services over it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from tamga.auth import TokenStore
from tamga.ledger.service import LedgerService
from tamga.lists.service import ListsService
from tamga.risk import AlertService
from tamga.screening import Screener


@dataclass
class Services:
    engine: Engine
    ledger: LedgerService
    tokens: TokenStore
    #: the risk engine's alert queue, attached to ``ledger`` (captured events are scored)
    alerts: AlertService
    lists: ListsService
    #: a fixed sanctions screener (tests); ``None``: one built from the store's entities
    screener: Screener | None = None
    #: (entity count, screener) built from the store on first use in this worker
    screen_cache: tuple[int, Screener] | None = None
