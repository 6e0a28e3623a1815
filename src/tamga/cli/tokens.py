"""Token commands: ``tamga tokens create|revoke|list`` (the secret is printed once)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from tamga.auth import TokenStore
from tamga.cli.base import app
from tamga.cli.common import DbOption, JsonOption, console, emit_json, err_console, handle_errors
from tamga.store.database import connect

tokens_app = typer.Typer(
    help="API tokens: create (shown once), revoke, list.", no_args_is_help=True
)
app.add_typer(tokens_app, name="tokens")


@tokens_app.command("create")
@handle_errors
def create(
    role: Annotated[str, typer.Option(help="admin | analyst | officer | trader")],
    holder: Annotated[str | None, typer.Option(help="The trader's holder id.")] = None,
    office: Annotated[str | None, typer.Option(help="The officer's customs office code.")] = None,
    name: Annotated[str | None, typer.Option(help="Who the token is for.")] = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Make a token. The token is printed once; only its hash is kept."""
    issued = TokenStore(connect(db)).create(role, holder=holder, office=office, name=name)
    p = issued.principal
    if json:
        emit_json(
            {
                "token": issued.token,
                "token_id": p.token_id,
                "role": p.role.value,
                "holder": p.holder,
                "office": p.office,
                "name": p.name,
            }
        )
        return
    err_console.print(f"token {p.token_id} ({p.role.value}) made; it is shown once, keep it now:")
    typer.echo(issued.token)


@tokens_app.command("revoke")
@handle_errors
def revoke(
    token_id: Annotated[str, typer.Argument(help="The token's id (from `tamga tokens list`).")],
    db: DbOption = None,
) -> None:
    """Revoke a token: it stops working at once."""
    TokenStore(connect(db)).revoke(token_id)
    console.print(f"token {token_id} revoked")


@tokens_app.command("list")
@handle_errors
def list_tokens(db: DbOption = None, json: JsonOption = False) -> None:
    """List tokens (ids, roles, scope, state; never secrets)."""
    rows = TokenStore(connect(db)).list()
    if json:
        emit_json(rows)
        return
    table = Table("id", "role", "holder", "office", "name", "created", "state")
    for r in rows:
        state = "active" if r["active"] else f"revoked {r['revoked']}"
        table.add_row(
            r["token_id"],
            r["role"],
            r["holder"] or "",
            r["office"] or "",
            r["name"] or "",
            r["created"],
            state,
        )
    console.print(table)
