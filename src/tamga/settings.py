"""Everything tamga reads from its environment, in one typed object read once.

Each face reads ``get_settings()`` where it starts (the CLI per invocation, the ASGI factory per
worker) and passes what the parts need as arguments; where a part falls back to a default (the
store URL, the panels' folder, the risk configuration), it asks this object, never the
environment, and nothing writes the environment. Variables are ``TAMGA_`` + the field name in
capitals (``TAMGA_DATABASE_URL``, ``TAMGA_HOME_COUNTRY``, ...).

The model (``Settings``, pydantic-settings) is in ``tamga.settings_model`` and imported on first
use (``get_settings()`` or ``from tamga.settings import Settings``), so that the defaults here
and the modules that import them (the store, the ledger) cost nothing at start-up.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tamga.settings_model import Settings as Settings

__all__ = ["DEFAULT_DB_PATH", "DEFAULT_MAX_BODY", "HOME_COUNTRY", "Settings", "get_settings"]

DEFAULT_DB_PATH = Path("var") / "tamga.sqlite"
#: the country whose ledger this is, where nothing says otherwise
HOME_COUNTRY = "KZ"
#: 10,000 ledger events fit in a request body of this size with room to spare
DEFAULT_MAX_BODY = 32 * 1024 * 1024


@functools.cache
def get_settings() -> Settings:
    """The settings as the environment gives them, read once (``cache_clear`` to read again)."""
    from tamga.settings_model import Settings

    return Settings()


def __getattr__(name: str) -> Any:
    """``Settings``, imported when first named (PEP 562)."""
    if name == "Settings":
        from tamga.settings_model import Settings

        return Settings
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
