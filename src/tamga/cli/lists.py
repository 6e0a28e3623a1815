"""``tamga goods check`` and ``tamga lists ...``: controlled goods lists from the command line.

Thin over ``tamga.lists.service.ListsService``: the store holds the lists (seeded with the
shipped defaults on first use), their amendments and the delisting requests. Tables for people,
``--json`` for machines; tamga's own errors exit with code 2.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from tamga.cli.common import DbOption, JsonOption, console, emit_json, handle_errors
from tamga.cli.main import app
from tamga.errors import InvalidInput

goods_app = typer.Typer(help="Check goods against the controlled lists.", no_args_is_help=True)
lists_app = typer.Typer(
    help="Controlled goods lists: entries as of a date, diffs, loading, delisting requests.",
    no_args_is_help=True,
)
delisting_app = typer.Typer(
    help="Rights holders' requests to take a brand off the parallel-import list.",
    no_args_is_help=True,
)
app.add_typer(goods_app, name="goods")
app.add_typer(lists_app, name="lists")
lists_app.add_typer(delisting_app, name="delisting")

OnOption = Annotated[
    str | None, typer.Option("--on", help="Date the question is asked for (default: today).")
]
ActorOption = Annotated[
    str, typer.Option("--by", help="Who does this (recorded with the step).", envvar="USER")
]


def _date(value: str | None, field: str = "on") -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(f"not an ISO date (YYYY-MM-DD): {value!r}", field=field) from None


def _service(db: str | None) -> Any:
    from tamga.lists.service import ListsService
    from tamga.store.database import connect

    return ListsService(connect(db))


@goods_app.command("check")
@handle_errors
def goods_check(
    hs_code: Annotated[str, typer.Argument(metavar="HS", help="HS / TN VED code, 2 to 10 digits.")],
    brand: Annotated[str | None, typer.Option(help="Brand (trade mark) of the goods.")] = None,
    origin: Annotated[str | None, typer.Option(help="Country of origin (ISO alpha-2).")] = None,
    destination: Annotated[
        str | None, typer.Option(help="Country of destination (ISO alpha-2).")
    ] = None,
    on: OnOption = None,
    nomenclature: Annotated[
        list[Path] | None,
        typer.Option(
            "--nomenclature",
            help="HS/TN VED file(s) to check the code against as of the date (repeatable).",
        ),
    ] = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Which lists and entries apply to these goods on this route and date, and why."""
    from tamga.lists.model import normalize_hs

    day = _date(on)
    code = normalize_hs(hs_code)
    findings = _service(db).check(code, brand, origin, destination, day)
    result: dict[str, Any] = {
        "hs_code": code,
        "on": day.isoformat(),
        "findings": [f.to_dict() for f in findings],
    }
    if nomenclature:
        from tamga.lists.nomenclature import Nomenclature

        result["code"] = Nomenclature.from_files(nomenclature).check(code, day).to_dict()
    if json:
        emit_json(result)
        return
    if "code" in result:
        verdict = result["code"]
        colour = "green" if verdict["valid"] else "red"
        console.print(f"[{colour}]{verdict['reason']}[/{colour}]")
    if not findings:
        console.print(f"[green]no list applies[/green] to HS {code} on {day}")
        return
    table = Table(title=f"HS {code} on {day}")
    for col in ("list", "entry", "effect", "allowed", "reason"):
        table.add_column(col, overflow="fold")
    for f in findings:
        allowed = "" if f.allowed is None else ("yes" if f.allowed else "no")
        table.add_row(f.list, f.entry, f.effect, allowed, f.reason)
    console.print(table)
