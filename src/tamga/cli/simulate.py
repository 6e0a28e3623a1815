"""``tamga simulate``: write a simulated customs ledger (or emit one live); ``summary`` of one."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from tamga.cli.base import app
from tamga.cli.common import JsonOption, console, emit_json, err_console, handle_errors
from tamga.errors import InvalidInput
from tamga.settings import get_settings
from tamga.simulate.config import SimConfig, parse_scheme_rates
from tamga.simulate.generate import Outputs, generate
from tamga.simulate.summary import summarize_files

simulate_app = typer.Typer(
    help="Simulate a Kazakhstan-like customs ledger with planted schemes (see docs/simulator.md).",
    invoke_without_command=True,
)
app.add_typer(simulate_app, name="simulate")


@simulate_app.callback()
@handle_errors
def simulate(
    ctx: typer.Context,
    seed: Annotated[int, typer.Option(help="Random seed: same seed, same ledger.")] = 1,
    events: Annotated[int, typer.Option(help="About how many events to write.")] = 100_000,
    out: Annotated[
        str, typer.Option(help="Ledger file (JSON Lines); '-' for stdout in --live mode.")
    ] = "ledger.jsonl",
    labels: Annotated[
        Path | None, typer.Option(help="Ground truth (default <out stem>.labels.jsonl).")
    ] = None,
    holders: Annotated[
        Path | None, typer.Option(help="Holder registry (default <out stem>.holders.jsonl).")
    ] = None,
    scheme: Annotated[
        list[str] | None, typer.Option(help="A scheme's rate, NAME=RATE (repeatable).")
    ] = None,
    no_schemes: Annotated[bool, typer.Option(help="Plant no schemes (except --scheme).")] = False,
    summary: Annotated[bool, typer.Option(help="Print the summary of the written ledger.")] = False,
    json: JsonOption = False,
    live: Annotated[bool, typer.Option(help="Emit events in real time.")] = False,
    rate: Annotated[float, typer.Option(help="Live: events per second.")] = 10.0,
    to: Annotated[str | None, typer.Option(help="Live: API base URL to POST events to.")] = None,
    token: Annotated[
        str | None, typer.Option(envvar="TAMGA_TOKEN", help="Live: API bearer token.")
    ] = None,
    max_events: Annotated[int | None, typer.Option(help="Live: stop after this many.")] = None,
) -> None:
    """Write a deterministic simulated ledger, its labels, holders and sanctions file."""
    if ctx.invoked_subcommand is not None:
        return
    config = SimConfig(
        seed=seed, events=events, schemes=parse_scheme_rates(scheme or [], no_schemes)
    )
    if live:
        _live(config, rate, out, to, token, max_events)
        return
    if out == "-":
        raise InvalidInput("--out - (stdout) is for --live; give a file name", field="out")
    outputs = Outputs.beside(Path(out), labels, holders)
    progress = Progress(
        TextColumn("[bold]simulate"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err_console,
    )
    with progress:
        task = progress.add_task("simulate", total=events)
        result = generate(config, outputs, lambda n: progress.update(task, completed=n))
    if summary:
        data = summarize_files(Path(out), outputs.labels, outputs.manifest)
        emit_json(data) if json else _print_summary(data)
        return
    if json:
        emit_json(result.manifest | {"files": {k: str(v) for k, v in vars(outputs).items()}})
        return
    err_console.print(
        f"wrote {result.events:,} events to {out}, {sum(result.cases.values()):,} planted cases "
        f"to {outputs.labels}, {result.holders:,} holders to {outputs.holders}"
    )


def _live(
    config: SimConfig,
    rate: float,
    out: str,
    to: str | None,
    token: str | None,
    max_events: int | None,
) -> None:
    from tamga.simulate.live import HttpSink, run_live, stream_sink

    if to:
        http = HttpSink(to, token or get_settings().token)
        try:
            n = run_live(config, rate, http, max_events)
        finally:
            http.close()
    elif out == "-":
        n = run_live(config, rate, stream_sink(sys.stdout.buffer), max_events)
    else:
        with open(out, "ab") as fh:
            n = run_live(config, rate, stream_sink(fh), max_events)
    err_console.print(f"sent {n:,} events")


@simulate_app.command("summary")
@handle_errors
def summary_cmd(
    ledger: Annotated[Path, typer.Argument(exists=True, dir_okay=False)],
    labels: Annotated[Path | None, typer.Option()] = None,
    json: JsonOption = False,
) -> None:
    """Value by partner and year, top HS codes, holders per hop, washers to RU, cases."""
    data = summarize_files(ledger, labels)
    emit_json(data) if json else _print_summary(data)


def _print_summary(data: dict[str, Any]) -> None:
    t = Table("year", "partner", "export value (USD)", title="exports by partner and year")
    for year, partners in data["export_value_by_partner_year"].items():
        for partner, value in list(partners.items())[:6]:
            t.add_row(year, partner, f"{value:,.0f}")
    console.print(t)
    growth = data["export_ru_growth_2022"]
    console.print(
        f"exports to RU 2021→2022: {growth:+.1%}" if growth is not None else "no RU exports"
    )
    h = Table("HS-4", "export value (USD)", title="top HS codes (exports)")
    for hs, value in data["top_hs_export"]:
        h.add_row(hs, f"{value:,.0f}")
    console.print(h)
    w = Table("year", "washing machines to RU (units)")
    for year, units in data["washing_machines_to_ru"].items():
        w.add_row(year, f"{units:,.0f}")
    console.print(w)
    c = Table("holders in chain", "export lines", title="how many holders before export")
    for k, v in data["exports_by_holders_in_chain"].items():
        c.add_row(k, f"{v:,}")
    console.print(c)
    s = Table("scheme", "cases", "rate (per flow)", title="planted cases")
    for k, v in data["cases"].items():
        s.add_row(k, f"{v:,}", f"{data['case_rates'].get(k, 0):.4f}")
    console.print(s)
