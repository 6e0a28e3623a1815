"""Where the EPCIS conformance data lives (read in place from ../shared, never copied)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def epcis_data(shared_dir: Path) -> Path:
    path = shared_dir / "data" / "epcis"
    if not path.is_dir():
        pytest.skip(f"{path} is absent; it holds the EPCIS conformance data")
    return path
