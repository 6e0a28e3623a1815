"""``tamga exposure``: who is behind a party, and whether listed persons own or control it."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from tamga.cli.base import app
from tamga.cli.common import DbOption, JsonOption, console, emit_json, handle_errors
from tamga.errors import InvalidInput


def _day(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{value!r} is not a date (YYYY-MM-DD)", field="--on") from None


@app.command()
@handle_errors
def exposure(
    query: Annotated[str, typer.Argument(help="A party's name, entity id or identifier.")],
    on: Annotated[
        str | None, typer.Option("--on", help="Date (YYYY-MM-DD); default today.")
    ] = None,
    against: Annotated[
        list[Path] | None,
        typer.Option(help="FtM files to read instead of the store (deltas in order)."),
    ] = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Listed owners behind a party: aggregate share (OFAC 50%), control (EU/UK), the chains.

    Exit code 1 when the party is exposed.
    """
    from tamga.ownership.service import ExposureService, graph_from_files

    day = _day(on)
    if against:
        from tamga.screening import Screener

        service = ExposureService(graph_from_files(against), Screener.from_files(against))
    else:
        from tamga.store.database import connect

        service = ExposureService.open(connect(db))
    result = service.exposure(query, day)
    if json:
        emit_json(result.to_dict())
    else:
        state = "[red]exposed[/red]" if result.exposed else "[green]not exposed[/green]"
        console.print(
            f"{result.name} ({result.entity_id}){' [red]listed[/red]' if result.listed else ''}"
            f" on {result.on}: {state}; listed owners hold {result.aggregate_share:.1%}"
            f" (OFAC 50%: {'yes' if result.ofac_50 else 'no'},"
            f" EU/UK control: {'yes' if result.eu_control else 'no'})"
        )
        if result.aliases:
            for j in result.aliases["joined"]:
                console.print(f"  one firm: {' = '.join(j['names'])} ({j['how']})", soft_wrap=True)
        for path in result.paths:
            console.print(f"  {path.text()}", soft_wrap=True)
        if result.owners:
            table = Table("owner", "id", "listed", "share")
            for o in result.owners[:30]:
                share = "unknown" if o.share is None else f"{o.share:.1%}"
                table.add_row(o.name, o.entity_id, "yes" if o.listed else "", share)
            console.print(table)
    if result.exposed:
        raise typer.Exit(1)
