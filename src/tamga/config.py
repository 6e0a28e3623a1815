"""Settings read from the environment, with defaults that run the embedded store."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DB_PATH = Path("var") / "tamga.sqlite"


def default_database_url() -> str:
    """``TAMGA_DATABASE_URL`` or a SQLite file under ./var (created on demand)."""
    url = os.environ.get("TAMGA_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{DEFAULT_DB_PATH}"


@dataclass(frozen=True)
class LedgerConfig:
    """What the ledger needs to know about the country it is kept for."""

    home_country: str = os.environ.get("TAMGA_HOME_COUNTRY", "KZ")
