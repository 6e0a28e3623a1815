"""The console script imports only the module that owns the command it runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tamga.cli.base import COMMANDS
from tamga.cli.main import app


def _module(callback: object) -> str:
    return str(callback.__module__).removeprefix("tamga.cli.")


def test_every_command_is_mapped_to_the_module_that_registers_it() -> None:
    registered = {
        (c.name or c.callback.__name__).replace("_", "-"): _module(c.callback)
        for c in app.registered_commands
    }
    # a group belongs to the module that defines its commands
    registered |= {
        g.name: _module(g.typer_instance.registered_commands[0].callback)
        for g in app.registered_groups
        if g.typer_instance is not None
    }
    assert registered == COMMANDS


def test_a_ledger_command_does_not_import_statistics_or_screening() -> None:
    code = (
        "import sys; sys.argv = ['tamga', 'stock', '--help']\n"
        "from tamga.cli.main import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('ibis', 'pandas', 'plotly', 'followthemoney', 'alembic')"
        " if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_a_ledger_query_does_not_import_what_only_ingest_or_settings_need(tmp_path: Path) -> None:
    """``tamga stock --db URL`` reads no environment settings, validates no event and draws no
    progress bar: pydantic-settings, pycountry, the event parser and rich's progress bar stay
    unimported (each cost 0.05-0.15 s of start-up)."""
    db = f"sqlite:///{tmp_path / 'ledger.sqlite'}"
    code = (
        f"import sys; sys.argv = ['tamga', 'stock', 'KZ-NOBODY', '--db', {db!r}, '--json']\n"
        "from tamga.cli.main import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = ('pydantic_settings', 'pycountry', 'tamga.ledger.parsing', 'rich.progress')\n"
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert '"items": []' in out.stdout
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_a_trace_reads_channels_without_loading_the_rules(tmp_path: Path) -> None:
    """``tamga trace`` shows each declaration's channel and hold from the alert store: the
    rules, screening and followthemoney (about 0.6 s of start-up) stay unimported."""
    db = f"sqlite:///{tmp_path / 'ledger.sqlite'}"
    code = (
        f"import sys; sys.argv = ['tamga', 'trace', 'NO/SUCH/1', '--db', {db!r}, '--json']\n"
        "from tamga.cli.main import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = ('tamga.risk.engine', 'tamga.risk.rules', 'tamga.screening', 'followthemoney')\n"
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"
