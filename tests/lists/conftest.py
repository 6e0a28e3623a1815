from __future__ import annotations

import pytest
from lists_support import NOW


@pytest.fixture
def clock() -> object:
    return lambda: NOW
