from __future__ import annotations

from datetime import UTC, datetime

import pytest

#: "now" for every recorded step in these tests: after the shipped lists' last amendment
NOW = datetime(2024, 5, 1, 9, 30, tzinfo=UTC)


@pytest.fixture
def clock() -> object:
    return lambda: NOW
