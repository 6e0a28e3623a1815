"""What every command shares: the store option, JSON output, and errors mapped to exit codes."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Annotated, Any, ParamSpec, TypeVar

import orjson
import typer
from rich.console import Console

from tamga.errors import TamgaError

console = Console()
err_console = Console(stderr=True)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="TAMGA_DATABASE_URL",
        help="Store URL (default: SQLite file var/tamga.sqlite; PostgreSQL: postgresql://...).",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable JSON output.")]

P = ParamSpec("P")
R = TypeVar("R")


def emit_json(data: Any) -> None:
    sys.stdout.write(
        orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS).decode()
    )
    sys.stdout.write("\n")


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn tamga's own errors into a one-line message and exit code 2 (1 is for 'found issues')."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except TamgaError as exc:
            err_console.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(2) from None

    return wrapper


def fmt_qty(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.3f}".rstrip("0").rstrip(".")
