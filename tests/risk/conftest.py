"""Risk tests: ledgers built from the event vocabulary (tests/ledger/builders.py), with the
risk engine attached; lists and sanctions built here, so no test depends on shipped data."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "ledger"))

from risk_support import Ingest

from tamga.ledger.service import LedgerService
from tamga.lists.checker import GoodsChecker
from tamga.lists.model import Effect, Entry, GoodsList
from tamga.risk import AlertService, RiskConfig, attach
from tamga.screening import Screener
from tamga.screening.model import ListedEntity

COALITION = frozenset({"US", "DE", "JP", "GB", "FR", "NL"})


@pytest.fixture
def checker() -> GoodsChecker:
    """A small high-priority list: ICs and bearings, watched on the way to RU/BY."""
    chpl = GoodsList(
        name="test-chpl",
        entries=(
            Entry(
                "t-8542",
                Effect.CONTROLLED,
                hs_prefixes=("8542",),
                destinations=frozenset({"RU", "BY"}),
                valid_from=date(2020, 1, 1),
            ),
            Entry(
                "t-8482",
                Effect.CONTROLLED,
                hs_prefixes=("848210",),
                destinations=frozenset({"RU", "BY"}),
                valid_from=date(2020, 1, 1),
            ),
        ),
    )
    return GoodsChecker([chpl])


@pytest.fixture
def screener() -> Screener:
    entity = ListedEntity(
        entity_id="san-1",
        schema="Company",
        names=("ООО «Технопром»",),
        countries=("ru",),
        identifiers=("7700000001",),
        topics=("sanction",),
    )
    return Screener.from_entities([entity])


@pytest.fixture
def risk_ledger(sqlite_url: str, checker: GoodsChecker, screener: Screener) -> Ingest:
    """Ingest events into a fresh SQLite ledger with the rules on; returns both services."""

    def make(
        events: list[dict[str, Any]],
        config: dict[str, Any] | None = None,
        url: str | None = None,
        holders: list[dict[str, Any]] | None = None,
        rates: list[tuple[str, str, float]] | None = None,
    ) -> tuple[LedgerService, AlertService]:
        ledger = LedgerService.open(url or sqlite_url)
        if rates:
            from tamga.rates.parsing import RateRow
            from tamga.rates.store import RatesStore

            rows = [RateRow(date.fromisoformat(d), c, r) for d, c, r in rates]
            RatesStore(ledger.engine).load_rows(rows, "KZT", "test")
        if holders:
            path = Path(sqlite_url.removeprefix("sqlite:///")).with_suffix(".holders.jsonl")
            import orjson

            path.write_bytes(b"\n".join(orjson.dumps(h) for h in holders))
            ledger.load_holders(path)
        alerts = attach(ledger, RiskConfig.load(config), checker=checker, screener=screener)
        outcomes = ledger.ingest(events)
        bad = [o for o in outcomes if o.status == "rejected"]
        assert not bad, [str(o.error) for o in bad]
        return ledger, alerts

    return make
