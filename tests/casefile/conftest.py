"""The case file tests run on the dashboard tests' site: the same small ledger, real rules."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "ledger"))
sys.path.insert(0, str(Path(__file__).parents[1] / "dashboard"))

from dashboard_site import Site, make_site


@pytest.fixture
def site(sqlite_url: str) -> Site:
    return make_site(sqlite_url)
