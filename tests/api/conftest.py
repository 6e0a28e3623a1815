from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "ledger"))
sys.path.insert(0, str(Path(__file__).parent))

from api_harness import Api, make_api


@pytest.fixture
def api(sqlite_url: str) -> Iterator[Api]:
    """The API over a fresh SQLite store, with a token per role."""
    made = make_api(sqlite_url, stream_interval=0.05)
    yield made
    made.client.close()
