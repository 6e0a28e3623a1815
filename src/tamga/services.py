"""The composition root: the services every face runs on, built in one place from settings.

The REST API, the dashboard and the CLI's ``serve``/``demo`` take the same ``Services``: one
engine, the ledger with the risk engine attached (captured events are scored), tokens, lists and
the sanctions screener.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from tamga.auth import TokenStore
from tamga.ledger.service import LedgerService
from tamga.lists.checker import GoodsChecker
from tamga.lists.service import ListsService
from tamga.risk import AlertService, attach
from tamga.risk.alerts import ConfigSource
from tamga.screening import Screener
from tamga.settings import Settings, get_settings
from tamga.store.database import connect


@dataclass
class Services:
    settings: Settings
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


def build_services(
    settings: Settings | None = None,
    *,
    engine: Engine | None = None,
    risk_config: ConfigSource = None,
    checker: GoodsChecker | None = None,
    screener: Screener | None = None,
) -> Services:
    """Every service over the store ``settings`` name (or ``engine``), migrated.

    ``checker`` and ``screener`` fix the rules' goods lists and the sanctions screener (tests);
    by default both follow the store (the lists part's lists, the loaded sanctions entities).
    """
    settings = settings or get_settings()
    engine = engine or connect(settings.database_url)
    ledger = LedgerService(engine, settings.home_country)
    config = risk_config if risk_config is not None else settings.risk_config
    return Services(
        settings=settings,
        engine=engine,
        ledger=ledger,
        tokens=TokenStore(engine),
        alerts=attach(ledger, config, checker=checker, screener=screener),
        lists=ListsService(engine),
        screener=screener,
    )
