"""``tamga demo``: the README's main command, end to end on the embedded store.

It simulates a customs year with planted schemes, loads the holder registry and the (fictional)
sanctions list, ingests the ledger with the risk rules running as events arrive, loads the
ledger into a statistics panel, prints what an analyst would look at first, and then serves the
API and the dashboard over the same store with an analyst token. Every step is a call to the
same services the other commands use; nothing here computes a figure of its own.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Any

import orjson
import typer
from rich.panel import Panel as RichPanel
from rich.table import Table

from tamga.auth import TokenStore
from tamga.cli.base import app
from tamga.cli.common import DbOption, console, fmt_qty, handle_errors
from tamga.cli.ledger import progress_bar, provenance_tree
from tamga.ledger.parsing import read_records
from tamga.ledger.service import LedgerService
from tamga.ledger.views import LedgerSummary
from tamga.rates.store import RatesStore
from tamga.risk import AlertService, attach
from tamga.risk.evaluation import evaluate
from tamga.screening.repository import ScreeningRepository
from tamga.settings import get_settings
from tamga.simulate.config import SimConfig, parse_scheme_rates
from tamga.simulate.generate import Outputs, generate
from tamga.stats.analyses.growth import growth
from tamga.stats.analyses.index import price_index
from tamga.stats.load import load_ledger
from tamga.stats.panel import DEFAULT_PANEL, Panel
from tamga.store.database import normalize_url

#: the flows that leave the country as exports (goods made here, and goods that came in first)
EXPORT_FLOWS = ("export", "re-export")


def _fresh_sqlite(path: Path) -> str:
    """A new SQLite file for the demo (the demo's own, so a user's store is never touched)."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def _read_labels(path: Path) -> list[dict[str, Any]]:
    with path.open("rb") as fh:
        return [orjson.loads(line) for line in fh if line.strip()]


def _step(text: str) -> None:
    console.rule(f"[bold]{text}")


@app.command()
@handle_errors
def demo(
    events: Annotated[int, typer.Option(help="About how many events to simulate.")] = 100_000,
    seed: Annotated[int, typer.Option(help="Simulator seed.")] = 1,
    workdir: Annotated[Path, typer.Option(help="Where the demo's files go.")] = Path("var/demo"),
    db: DbOption = None,
    serve: Annotated[
        bool, typer.Option("--serve/--no-serve", help="End by serving the API and dashboard.")
    ] = True,
    host: Annotated[str, typer.Option(help="Address to serve on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to serve on.")] = 8000,
) -> None:
    """Simulate a customs year, ingest it with risk rules on, summarise, then serve it."""
    workdir.mkdir(parents=True, exist_ok=True)
    url = normalize_url(db) if db else _fresh_sqlite(workdir / "tamga.sqlite")

    _step("1. simulate a customs year")
    ledger_file, labels_file = workdir / "ledger.jsonl", workdir / "ledger.labels.jsonl"
    holders_file, sanctions = (
        workdir / "ledger.holders.jsonl",
        workdir / "ledger.sanctions.ftm.json",
    )
    rates_file = workdir / "ledger.rates.csv"
    outputs = Outputs(
        ledger_file,
        labels_file,
        holders_file,
        sanctions,
        workdir / "ledger.manifest.json",
        rates_file,
    )
    config = SimConfig(seed=seed, events=events, schemes=parse_scheme_rates([], False))
    started = time.perf_counter()
    with progress_bar() as progress:
        task = progress.add_task("simulate", total=events)
        generate(config, outputs, lambda n: progress.update(task, completed=n))
    console.print(f"wrote {ledger_file} in {time.perf_counter() - started:.1f} s")

    _step("2. registry, sanctions list, ingest")
    service = LedgerService.open(url)
    console.print(f"holders: {service.load_holders(holders_file):,} loaded")
    screening = ScreeningRepository(service.engine)
    report = screening.load_file(sanctions)
    console.print(f"sanctions: {report.added:,} entities from {sanctions.name}")
    rates = RatesStore(service.engine).load_file(rates_file, "KZT")
    console.print(f"rates: {rates.rows:,} KZT rates from {rates_file.name}")
    alerts = attach(service)  # after registry, sanctions and rates: the rules read them
    with ledger_file.open("rb") as fh:
        total = sum(1 for line in fh if line.strip())
    started = time.perf_counter()
    with progress_bar() as progress:
        task = progress.add_task("ingest with risk rules", total=total)
        ingested = service.ingest_records(
            read_records(ledger_file), progress=lambda n: progress.advance(task, n)
        )
    if alerts.runtime is not None:
        alerts.runtime.flush()
    seconds = time.perf_counter() - started
    console.print(
        f"accepted {ingested.accepted:,}, duplicate {ingested.duplicate:,}, "
        f"rejected {ingested.rejected:,} in {seconds:.1f} s "
        f"({ingested.accepted / max(seconds, 1e-9):,.0f} events/s)"
    )

    _step("3. the ledger")
    _print_summary(service.summary())
    labels = _read_labels(labels_file)
    _print_reexport_trace(service, labels)

    _step("4. risk: alerts, channels, and the planted schemes they found")
    _print_risk(alerts, service, labels)

    _step("5. trade statistics from the ledger")
    panel = Panel(DEFAULT_PANEL, root=workdir / "stats")
    panel.clear()
    load_ledger(url, panel, service.home_country)
    _print_growth(panel)

    token = TokenStore(service.engine).create("analyst", name="demo analyst").token
    base = f"http://{host}:{port}"
    console.print(
        RichPanel.fit(
            f"API      {base}/docs\nDashboard {base}/dashboard/  (sign in with the token)\n"
            f"Token    {token}\nStore    {url}",
            title="tamga is ready",
        )
    )
    if not serve:
        return
    import uvicorn

    from tamga.server import serving

    settings = get_settings().model_copy(
        update={"database_url": url, "stats_dir": workdir / "stats"}
    )
    uvicorn.run(serving(settings), host=host, port=port, log_level="warning")


def _print_summary(data: LedgerSummary) -> None:
    table = Table("events by type", "count", title="Ledger")
    for kind, n in data["by_type"].items():
        table.add_row(kind, f"{n:,}")
    table.add_row("[bold]all events", f"[bold]{data['events']:,}")
    table.add_row("lots in the virtual warehouses", f"{data['lots']:,}")
    table.add_row("unbacked quantity (drawn beyond stock)", fmt_qty(data["unbacked_quantity"]))
    for state, n in data["transits"].items():
        table.add_row(f"transits {state}", f"{n:,}")
    console.print(table)


def _print_reexport_trace(service: LedgerService, labels: list[dict[str, Any]]) -> None:
    """The provenance of one planted re-export, as an analyst would open it."""
    for case in labels:
        if case.get("scheme") != "reexport":
            continue
        exports = [d for d in case.get("declarations", []) if str(d).startswith("EX")]
        if not exports:
            continue
        trace = service.trace(exports[-1])
        console.print(provenance_tree(trace))
        return


def _print_risk(alerts: AlertService, service: LedgerService, labels: list[dict[str, Any]]) -> None:
    everything = alerts.list(limit=0)
    measured = evaluate(everything, labels)
    table = Table("planted scheme", "cases", "found", "recall", title="Ground truth against alerts")
    for scheme, r in measured["recall"].items():
        table.add_row(scheme, f"{r['cases']:,}", f"{r['found']:,}", f"{r['recall']:.2f}")
    console.print(table)
    rules = Table("rule", "alerts", "about a planted case", "precision", title="Alerts by rule")
    for rule, r in measured["by_rule"].items():
        rules.add_row(rule, f"{r['alerts']:,}", f"{r['right']:,}", f"{r['precision']:.2f}")
    console.print(rules)
    report = alerts.report(service)
    mix, targets = report["mix"], report["targets"]
    console.print(
        f"{report['declarations']:,} declarations, channel mix "
        + ", ".join(f"{c} {mix[c]:.1%} (target {targets.get(c, 0):.1%})" for c in mix)
    )


def _print_growth(panel: Panel) -> None:
    """Exports by partner, year on year: the table that showed re-export to Russia in 2022."""
    frame = growth(
        panel.table(), by=("reporter", "partner"), freq="year", flows=EXPORT_FLOWS
    ).execute()
    frame = frame[frame["previous"].notna()]
    if frame.empty:
        return
    latest = frame.groupby("period")["value"].sum().idxmax()
    rows = frame[frame["period"] == latest].sort_values("value", ascending=False).head(8)
    reporter = rows["reporter"].iloc[0]
    table = Table(
        "partner",
        "flow",
        "year before",
        str(latest),
        "change",
        "change %",
        "share %",
        title=f"Exports of {reporter} by partner, {latest} against the year before (m USD)",
    )
    for row in rows.itertuples():
        table.add_row(
            str(row.partner),
            str(row.flow),
            f"{row.previous / 1e6:,.1f}",
            f"{row.value / 1e6:,.1f}",
            f"{row.change / 1e6:+,.1f}",
            f"{row.change_pct:+.1f}",
            f"{row.share_pct:.1f}",
        )
    console.print(table)
    machines = price_index(
        panel.table(),
        by=("partner",),
        freq="year",
        flows=EXPORT_FLOWS,
        partners=("RU",),
        hs_prefixes=("8450",),
    ).execute()
    units = machines.groupby("period")["qty"].sum()
    years = [str(int(latest) - 1), str(latest)]
    console.print(
        "washing machines (HS 8450) exported to RU: "
        + ", ".join(f"{y} {units[y]:,.0f} units" if y in units else f"{y} none" for y in years)
    )
