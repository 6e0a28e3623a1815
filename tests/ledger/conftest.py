from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from tamga.ledger.service import LedgerService


@pytest.fixture
def ledger(store_url: str) -> LedgerService:
    """A fresh ledger, once on SQLite and once on PostgreSQL."""
    return LedgerService.open(store_url)


@pytest.fixture
def sqlite_ledger(sqlite_url: str) -> LedgerService:
    return LedgerService.open(sqlite_url)
