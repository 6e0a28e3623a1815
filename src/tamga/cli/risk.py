"""Risk commands: ``tamga risk run|report`` and the alert queue ``tamga alerts [show|act]``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from tamga.cli.base import app
from tamga.cli.common import DbOption, JsonOption, console, emit_json, err_console, handle_errors
from tamga.ledger.service import LedgerService
from tamga.risk import AlertService, run_ledger
from tamga.risk.alerts import ACTIONS

risk_app = typer.Typer(help="The risk engine: score the ledger, report the channel mix.")
alerts_app = typer.Typer(
    help="The alert queue: list and filter alerts, show one, work it.",
    invoke_without_command=True,
)
app.add_typer(risk_app, name="risk")
app.add_typer(alerts_app, name="alerts")

ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        envvar="TAMGA_RISK_CONFIG",
        exists=True,
        dir_okay=False,
        help="Risk configuration (YAML) merged over the defaults.",
    ),
]


@risk_app.command("run")
@handle_errors
def risk_run(db: DbOption = None, config: ConfigOption = None, json: JsonOption = False) -> None:
    """Score the whole ledger (the log replayed through the rules); same alerts as live."""
    from tamga.cli.ledger import progress_bar

    service = LedgerService.open(db)
    total = service.summary().get("events") or None
    with progress_bar() as progress:
        task = progress.add_task("risk run", total=total)
        result = run_ledger(service, config, progress=lambda n: progress.advance(task, n))
    if json:
        emit_json(result)
        return
    console.print(
        f"scored {result['events']:,} events: {result['alerts']:,} alerts "
        f"({result['dropped']} no longer raised dropped) in {result['seconds']}s"
    )
    for rule, n in result["by_rule"].items():
        console.print(f"  {rule:<22}{n:>7,}")


@risk_app.command("report")
@handle_errors
def risk_report(db: DbOption = None, config: ConfigOption = None, json: JsonOption = False) -> None:
    """The realised channel mix (green/yellow/red) of the declarations, against the targets."""
    ledger = LedgerService.open(db)
    data = AlertService(ledger.engine, config).report(ledger)
    if json:
        emit_json(data)
        return
    table = Table(title=f"Channels of {data['declarations']:,} declarations")
    for col in ("channel", "realised", "target", "random minimum"):
        table.add_column(col, justify="left" if col == "channel" else "right")
    for channel, share in data["mix"].items():
        target = data["targets"].get(channel)
        floor = data["random_minimum"].get(channel)
        table.add_row(
            channel,
            f"{share:.1%}",
            "—" if target is None else f"{target:.1%}",
            "—" if floor is None else f"{floor:.1%}",
        )
    console.print(table)
    console.print(f"declarations with alerts: {data['with_alerts']:,}")
    for rule, n in sorted(data["alerts"]["by_rule"].items()):
        console.print(f"  open alerts {rule:<22}{n:>7,}")


@alerts_app.callback()
@handle_errors
def alerts_list(
    ctx: typer.Context,
    rule: Annotated[str | None, typer.Option(help="Only this rule.")] = None,
    channel: Annotated[str | None, typer.Option(help="green, yellow or red.")] = None,
    declaration: Annotated[str | None, typer.Option(help="Alerts naming this declaration.")] = None,
    state: Annotated[str | None, typer.Option(help="new, assigned, hold, ...")] = None,
    holder: Annotated[str | None, typer.Option(help="Alerts naming this holder.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many (highest score first).")] = 200,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """List alerts, highest score first; filters combine."""
    if ctx.invoked_subcommand is not None:
        ctx.obj = {"db": db}
        return
    ledger = LedgerService.open(db)
    found = AlertService(ledger.engine).list(
        rule=rule,
        channel=channel,
        declaration=declaration,
        state=state,
        holder=holder,
        limit=limit,
    )
    if json:
        emit_json(found)
        return
    table = Table(title=f"{len(found)} alerts")
    for col in ("id", "rule", "severity", "score", "channel", "state", "subject", "title"):
        table.add_column(col)
    for a in found:
        table.add_row(
            a["id"],
            a["rule"],
            a["severity"],
            f"{a['score']:.2f}",
            a["channel"],
            a["state"],
            a["subject"],
            a["title"],
        )
    console.print(table)


def _db(ctx: typer.Context, db: str | None) -> str | None:
    return db or (ctx.obj or {}).get("db")


@alerts_app.command("show")
@handle_errors
def alerts_show(
    ctx: typer.Context, alert_id: str, db: DbOption = None, json: JsonOption = False
) -> None:
    """One alert with its evidence and history."""
    ledger = LedgerService.open(_db(ctx, db))
    alert = AlertService(ledger.engine).get(alert_id)
    if json:
        emit_json(alert)
        return
    _print_alert(alert)


@alerts_app.command("act")
@handle_errors
def alerts_act(
    ctx: typer.Context,
    alert_id: str,
    action: Annotated[str, typer.Argument(help=" | ".join(ACTIONS))],
    reason: Annotated[str, typer.Option(help="Why (recorded in the history).")],
    actor: Annotated[str, typer.Option(envvar="USER", help="Who acts.")] = "cli",
    assignee: Annotated[str | None, typer.Option(help="For assign.")] = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Work an alert: assign, review, hold, release, escalate, close, confirm, dismiss, reopen."""
    ledger = LedgerService.open(_db(ctx, db))
    alert = AlertService(ledger.engine).act(
        alert_id, action, reason=reason, actor=actor, assignee=assignee
    )
    if json:
        emit_json(alert)
        return
    err_console.print(f"{alert['id']}: {alert['state']}")


def _print_alert(alert: dict[str, Any]) -> None:
    console.print(
        f"[bold]{alert['id']}[/bold] {alert['rule']} · {alert['severity']} "
        f"({alert['score']:.2f}) · channel {alert['channel']} · {alert['state']}"
    )
    console.print(alert["title"])
    for name in ("declarations", "transits", "holders", "event_ids"):
        if alert[name]:
            console.print(f"  {name}: {', '.join(alert[name])}")
    console.print_json(data=alert["evidence"])
    for h in alert.get("history", []):
        console.print(
            f"  {h['at']} {h['actor']}: {h['action']} {h['from_state']} → {h['to_state']}"
            f" — {h['reason']}"
        )
