from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from ownership_support import write_ftm


@pytest.fixture
def crafted(tmp_path: Path) -> Path:
    return write_ftm(tmp_path / "crafted.ftm.json")


@pytest.fixture
def zala(shared_dir: Path) -> Path:
    return shared_dir / "data" / "sanctions" / "ftm" / "zala.entities.ftm.json"
