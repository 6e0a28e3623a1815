"""The one Typer app, and which module registers each top-level command.

Importing every command module costs over a second (statistics pull in ibis and pandas,
screening pulls in followthemoney), so the console script imports only the module that owns the
command being run. ``COMMANDS`` is that map; a test checks it against the full registration.
"""

from __future__ import annotations

import importlib

import typer

from tamga.settings import get_settings

app = typer.Typer(
    name="tamga",
    help="Follow goods from border to border: ledger, lists, screening, risk, statistics.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


@app.callback()
def _read_settings() -> None:
    """Each invocation reads the environment's settings afresh, once."""
    get_settings.cache_clear()


#: top-level command or group name -> the module under ``tamga.cli`` that registers it
COMMANDS: dict[str, str] = {
    "alerts": "risk",
    "case": "case",
    "demo": "demo",
    "epcis": "epcis",
    "exposure": "exposure",
    "goods": "lists",
    "holders": "ledger",
    "ingest": "ledger",
    "judge": "network",
    "lists": "lists",
    "network": "network",
    "rates": "rates",
    "outcomes": "selectivity",
    "rebuild": "ledger",
    "risk": "risk",
    "screen": "screen",
    "selectivity": "selectivity",
    "serve": "serve",
    "simulate": "simulate",
    "stats": "stats",
    "stock": "ledger",
    "summary": "ledger",
    "tokens": "tokens",
    "trace": "ledger",
    "transit": "ledger",
    "transits": "ledger",
    "verify": "ledger",
}


def load(modules: set[str] | None = None) -> typer.Typer:
    """Register the commands of ``modules`` (every module when None) on ``app``."""
    for name in sorted(set(COMMANDS.values()) if modules is None else modules):
        importlib.import_module(f"tamga.cli.{name}")
    return app
