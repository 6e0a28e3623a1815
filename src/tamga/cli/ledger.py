"""Ledger commands: ingest, stock, trace, transit(s), verify, rebuild, holders."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from tamga.cli.base import app
from tamga.cli.common import (
    DbOption,
    JsonOption,
    console,
    emit_json,
    err_console,
    fmt_qty,
    handle_errors,
)
from tamga.ledger.service import BATCH_SIZE, COMMIT_EVERY, IngestReport, LedgerService
from tamga.ledger.state import TRANSIT_STATES
from tamga.ledger.views import Trace

if TYPE_CHECKING:  # the progress bar and the tree are imported by the commands that draw them
    from rich.progress import Progress
    from rich.tree import Tree


def _count_records(paths: list[Path]) -> int | None:
    total = 0
    for path in paths:
        if path.suffix.lower() in (".csv", ".json"):
            return None
        with path.open("rb") as fh:
            total += sum(1 for line in fh if line.strip())
    return total


def progress_bar() -> Progress:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err_console,
        transient=False,
    )


@app.command()
@handle_errors
def ingest(
    files: Annotated[
        list[Path], typer.Argument(exists=True, dir_okay=False, help="JSONL/JSON/CSV")
    ],
    db: DbOption = None,
    batch_size: Annotated[int, typer.Option(help="Events applied at a time.")] = BATCH_SIZE,
    commit_every: Annotated[
        int, typer.Option(help="Events per transaction in a bulk load into SQLite (batches).")
    ] = COMMIT_EVERY,
    json: JsonOption = False,
    max_errors: Annotated[int, typer.Option(help="Errors to print (all are counted).")] = 50,
    risk: Annotated[bool, typer.Option(help="Run the risk rules as events arrive.")] = True,
) -> None:
    """Ingest event files. Bad records are reported by file, line and field; good ones are kept;
    re-sent events are no-ops. Exits 0 only where nothing was rejected."""
    from tamga.ledger.parsing import read_records

    service = LedgerService.open(db)
    alerts = None
    if risk:
        from tamga.risk import attach

        alerts = attach(service)
    total = _count_records(files)
    with progress_bar() as progress:
        task = progress.add_task("ingest", total=total)
        report = IngestReport()
        for path in files:
            report.merge(
                service.ingest_records(
                    read_records(path),
                    batch_size=batch_size,
                    commit_every=commit_every,
                    progress=lambda n: progress.advance(task, n),
                )
            )
    if alerts is not None and alerts.runtime is not None:
        alerts.runtime.flush()
    if json:
        emit_json(report.as_dict())
    else:
        for error in report.errors[:max_errors]:
            err_console.print(f"[red]rejected[/red] {error}")
        if len(report.errors) > max_errors:
            err_console.print(f"… and {len(report.errors) - max_errors} more")
        console.print(
            f"accepted {report.accepted}, duplicate {report.duplicate}, "
            f"rejected {report.rejected}" + (f" (late: {report.late})" if report.late else "")
        )
    if not report.ok:
        raise typer.Exit(1)


@app.command()
@handle_errors
def stock(holder: str, db: DbOption = None, json: JsonOption = False) -> None:
    """A holder's virtual warehouse: stock by goods key, with its lots."""
    data = LedgerService.open(db).stock(holder)
    if json:
        emit_json(data)
        return
    table = Table(title=f"Stock of {holder}")
    for col in ("goods key", "HS", "brand", "unit", "quantity", "lots"):
        table.add_column(col, justify="right" if col in ("quantity", "lots") else "left")
    for item in data["items"]:
        table.add_row(
            item["goods_key"],
            item["hs_code"],
            item["brand"] or "",
            item["unit"],
            fmt_qty(item["quantity"]),
            str(len(item["lots"])),
        )
    console.print(table)


def provenance_tree(data: Trace) -> Tree:
    """A trace (the ``trace`` JSON) as a tree for people: origins, paths, import sources."""
    from rich.tree import Tree

    root = Tree(f"[bold]{data['declaration_no']}[/bold] ({data['type']})")
    for ln in data["lines"]:
        unbacked = ln["unbacked_quantity"]
        node = root.add(
            f"line {ln['line_no']}: HS {ln['hs_code']} {fmt_qty(ln['quantity'])} {ln['unit']}"
            + (f" [red]unbacked {fmt_qty(unbacked)}[/red]" if unbacked else "")
        )
        origins = node.add("origins")
        for o in ln["origins"]:
            label = o["country"] or ("unbacked" if o.get("unbacked") else "unknown")
            origins.add(f"{label}: {fmt_qty(o['quantity'])} (value {o['value']:,.2f})")
        paths = node.add("paths")
        for p in ln["paths"]:
            paths.add(" → ".join(p["holders"]) + f": {fmt_qty(p['quantity'])}")
        sources = node.add("import sources")
        for s in ln["sources"]:
            sources.add(
                f"{s['import_declaration'] or s['kind']} from {s['consignor'] or '—'} "
                f"({s['origin_country'] or '?'}): {fmt_qty(s['quantity'])}"
            )
    return root


@app.command()
@handle_errors
def trace(
    declaration_no: str,
    line: Annotated[int | None, typer.Option("--line", help="Only this line.")] = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Where a declaration's goods came from: origins, import declarations, chains of holders."""
    service = LedgerService.open(db)
    from tamga.risk import annotate

    annotate(service)
    data = service.trace(declaration_no, line)
    if json:
        emit_json(data)
        return
    console.print(provenance_tree(data))


@app.command()
@handle_errors
def transit(transit_id: str, db: DbOption = None, json: JsonOption = False) -> None:
    """One transit: its state, last known position and timeline."""
    data = LedgerService.open(db).transit(transit_id)
    if json:
        emit_json(data)
        return
    console.print(
        f"[bold]{data['transit_id']}[/bold] {data['state']}: {data['office_of_departure']} → "
        f"{data['office_of_destination']} ({data['destination_country']}), "
        f"deadline {data['deadline']}"
    )
    if data["reason"]:
        console.print(f"[yellow]{data['reason']}[/yellow]")
    table = Table("time", "event", "location", "position")
    for step in data["timeline"]:
        pos = f"{step['lat']:.4f}, {step['lon']:.4f}" if "lat" in step else ""
        table.add_row(step["time"], step["type"], step["location"], pos)
    console.print(table)


@app.command()
@handle_errors
def transits(
    state: Annotated[
        str | None, typer.Option("--state", help="open | overdue | discharged | diverted")
    ] = None,
    as_of: Annotated[
        str | None, typer.Option(help="Clock for 'overdue' (default: ledger's).")
    ] = None,
    limit: Annotated[int | None, typer.Option()] = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Transits, filtered by state."""
    if state is not None and state not in TRANSIT_STATES:
        raise typer.BadParameter(f"state must be one of {', '.join(TRANSIT_STATES)}")
    data = LedgerService.open(db).transits(state, as_of=as_of, limit=limit)
    if json:
        emit_json(data)
        return
    table = Table("transit", "state", "from", "to", "deadline", "last seen")
    for t in data:
        table.add_row(
            t["transit_id"],
            t["state"],
            t["office_of_departure"],
            t["office_of_destination"],
            t["deadline"],
            f"{t['last_position']['location']} {t['last_position']['time']}",
        )
    console.print(table)


@app.command()
@handle_errors
def verify(
    db: DbOption = None,
    json: JsonOption = False,
    deep: Annotated[
        bool, typer.Option("--deep", help="Also compare every projection row with a replay.")
    ] = False,
    anchor: Annotated[
        bool, typer.Option("--anchor", help="Print the head as SEQ:HASH, to keep elsewhere.")
    ] = False,
    expect: Annotated[
        str | None,
        typer.Option("--expect", help="An anchor printed before: the log must still reach it."),
    ] = None,
) -> None:
    """Check the tamper-evident log: any changed, removed or reordered event is found, and
    any log column that disagrees with its event; ``--deep`` checks the projections too."""
    existing_store(db)
    report = LedgerService.open(db).verify(deep=deep, anchor=expect)
    if json:
        emit_json(
            {
                "ok": report.ok,
                "events": report.events,
                "head": report.head,
                "anchor": report.anchor,
                "checked": report.checked,
                "problems": [problem.as_dict() for problem in report.problems],
            }
        )
    elif report.ok:
        console.print(
            f"[green]ok[/green]: {report.events} events, head {report.head[:16]}…"
            f" (checked: {', '.join(report.checked)})"
        )
        if anchor:
            console.print(report.anchor, markup=False, highlight=False)
    else:
        for problem in report.problems:
            console.print(f"[red]{problem.message}[/red]")
    if not report.ok:
        raise typer.Exit(1)


def existing_store(db: str | None) -> None:
    """Refuse a SQLite path that holds no store (opening it would create an empty one)."""
    from sqlalchemy.engine import make_url

    from tamga.errors import NotFound
    from tamga.settings import get_settings
    from tamga.store.database import normalize_url

    url = make_url(normalize_url(db or get_settings().database_url))
    database = url.database
    on_disk = url.get_backend_name() == "sqlite" and database not in (None, "", ":memory:")
    if on_disk and database is not None and not Path(database).is_file():
        raise NotFound(f"no store at {database}")


@app.command()
@handle_errors
def rebuild(db: DbOption = None) -> None:
    """Drop the projections (stock, provenance, transits) and replay them from the log."""
    service = LedgerService.open(db)
    total = service.summary()["events"]
    with progress_bar() as progress:
        task = progress.add_task("rebuild", total=total)
        n = service.rebuild(progress=lambda k: progress.advance(task, k))
    console.print(f"rebuilt from {n} events")


holders_app = typer.Typer(help="The registry of domestic holders.", no_args_is_help=True)
app.add_typer(holders_app, name="holders")


@holders_app.command("load")
@handle_errors
def holders_load(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False)], db: DbOption = None
) -> None:
    """Load holders (JSON Lines: id, name, name_cyrillic, kind, registered, city; owners and
    directors: see docs/ownership.md)."""
    service = LedgerService.open(db)
    n = service.load_holders(file)
    console.print(f"loaded {n} holders")
    links = service.holder_links
    if links is not None and (links.links or links.problems):
        console.print(f"owners and directors: {links.links} links")
        for p in links.problems:
            err_console.print(f"[yellow]record {p.record}, field {p.field}:[/yellow] {p.message}")


@app.command()
@handle_errors
def summary(db: DbOption = None, json: JsonOption = False) -> None:
    """Counts of the ledger: events by type, lots, unbacked quantity, transits by state."""
    data = LedgerService.open(db).summary()
    if json:
        emit_json(data)
        return
    table = Table("what", "count")
    for k, v in data["by_type"].items():
        table.add_row(f"events: {k}", f"{v:,}")
    table.add_row("events", f"{data['events']:,}")
    table.add_row("lots", f"{data['lots']:,}")
    table.add_row("unbacked quantity", fmt_qty(data["unbacked_quantity"]))
    table.add_row("late events", f"{data['late_events']:,}")
    for k, v in data["transits"].items():
        table.add_row(f"transits: {k}", f"{v:,}")
    console.print(table)
