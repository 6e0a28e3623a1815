"""``tamga rates load FILE``: exchange rates the risk rules convert values with."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tamga.cli.base import app
from tamga.cli.common import DbOption, JsonOption, console, emit_json, handle_errors
from tamga.rates.store import RatesStore
from tamga.store.database import connect

rates_app = typer.Typer(help="Exchange rates (date,currency,rate against a base).")
app.add_typer(rates_app, name="rates")


@rates_app.command("load")
@handle_errors
def load(
    file: Annotated[Path, typer.Argument(help="CSV with the header date,currency,rate.")],
    base: Annotated[
        str, typer.Option(help="The currency the rates are in (units of it per unit).")
    ] = "KZT",
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Load rates such as the National Bank of Kazakhstan's (KZT per unit of each currency).

    A bad row (its file, line and field are named) loads nothing from the file; loading the
    same file again changes nothing. Load rates before `tamga ingest`, as the registry.
    """
    report = RatesStore(connect(db)).load_file(file, base)
    if json:
        emit_json(report.__dict__)
        return
    console.print(
        f"{file.name}: {report.rows:,} rates against {report.base}, "
        f"+{report.added:,} added, ~{report.changed:,} changed"
    )
