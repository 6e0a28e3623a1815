"""``tamga stats``: load trade files into panels and run the analyses (thin over tamga.stats)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import orjson
import pandas as pd
import plotly.graph_objects as go
import typer
from ibis.expr.types import Table
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TransferSpeedColumn,
)
from rich.table import Table as RichTable

from tamga.cli.base import app
from tamga.cli.common import JsonOption, console, emit_json, err_console, handle_errors
from tamga.errors import InvalidInput
from tamga.settings import get_settings
from tamga.stats import charts
from tamga.stats.analyses.growth import Compare, growth
from tamga.stats.analyses.index import price_index
from tamga.stats.analyses.mirror import mirror
from tamga.stats.analyses.prepare import Freq
from tamga.stats.analyses.roundabout import roundabout, roundabout_did
from tamga.stats.analyses.surges import surges
from tamga.stats.countries import GROUPS, members
from tamga.stats.currency import NO_CONVERSION, RateTable, convert
from tamga.stats.hs import Concordance, split_report
from tamga.stats.load import load_file, load_ledger
from tamga.stats.panel import DEFAULT_PANEL, Panel
from tamga.stats.periods import parse_period
from tamga.stats.report import ReportOptions, write_report

stats_app = typer.Typer(help="Trade statistics: panels, growth, surges, mirror gaps, roundabout.")
app.add_typer(stats_app, name="stats")

PanelOpt = Annotated[str, typer.Option("--panel", help="Panel name (under $TAMGA_STATS_DIR).")]
ByOpt = Annotated[str, typer.Option("--by", help="Group by: reporter,partner,hs,flow.")]
FreqOpt = Annotated[str, typer.Option("--freq", help="year or month.")]
LevelOpt = Annotated[int | None, typer.Option("--hs-level", help="HS digits: 2, 4 or 6.")]
FlowOpt = Annotated[str | None, typer.Option("--flow", help="Flows, comma-separated.")]
RepOpt = Annotated[str | None, typer.Option("--reporter", help="Reporters (ISO2 or EU27...).")]
ParOpt = Annotated[str | None, typer.Option("--partner", help="Partners (ISO2 or EU27...).")]
HsOpt = Annotated[str | None, typer.Option("--hs", help="HS prefixes, comma-separated.")]
CsvOpt = Annotated[
    Path | None, typer.Option("--csv", help="Write CSV to this file ('-' = stdout).")
]
CurrencyOpt = Annotated[
    str | None,
    typer.Option("--currency", help="Convert every value to this currency (EUR, USD, KZT...)."),
]
RatesOpt = Annotated[
    Path | None,
    typer.Option("--rates", help="Extra daily rates CSV date,currency,rate (KZT per unit)."),
]
HsTableOpt = Annotated[
    Path | None,
    typer.Option("--hs-table", help="Correlation table (old,new HS6) to compare editions."),
]
ChartOpt = Annotated[
    Path | None, typer.Option("--chart", help="Also save the chart (.html/.png/.svg).")
]


def _freq(text: str) -> Freq:
    if text not in ("year", "month"):
        raise InvalidInput(f"--freq must be year or month, not {text!r}", field="freq")
    return "year" if text == "year" else "month"


def _compare(text: str | None) -> Compare | None:
    if text not in (None, "yoy", "mom"):
        raise InvalidInput(f"--compare must be yoy or mom, not {text!r}", field="compare")
    return "yoy" if text == "yoy" else "mom" if text == "mom" else None


def _list(text: str | None) -> list[str] | None:
    return [x.strip() for x in text.split(",") if x.strip()] if text else None


def _codes(text: str | None) -> list[str] | None:
    items = _list(text)
    return [c.upper() for c in items] if items else None


def _table(
    panel: str, currency: str | None, rates: Path | None, hs_table: Path | None = None
) -> tuple[Table, str]:
    """The panel, converted to ``currency`` (and HS edition) when asked; the source to show."""
    t = Panel(panel).table()
    if hs_table is not None:
        conc = Concordance.from_csv(hs_table)
        t = conc.apply(t)
        err_console.print(conc.describe(), style="dim")
    if currency is None:
        if rates is not None:
            raise InvalidInput("--rates needs --currency", field="rates")
        return t, NO_CONVERSION
    table = RateTable.from_csv(rates) if rates is not None else RateTable.ecb()
    return convert(t, table, currency), table.describe(currency)


def _output(
    frame: pd.DataFrame,
    as_json: bool,
    csv: Path | None,
    title: str,
    rate_source: str = NO_CONVERSION,
    currency: str | None = None,
) -> None:
    frame = frame.assign(rate_source=rate_source)
    if currency and "currency" in frame.columns:
        others = sorted(set(frame.currency.dropna()) - {currency.upper()})
        if others:
            err_console.print(
                f"[yellow]no rate for {', '.join(others)} in some periods[/yellow]: those rows "
                "keep their own currency and are not added to the others"
            )
    if csv is not None:
        if str(csv) == "-":
            frame.to_csv(sys.stdout, index=False)
        else:
            frame.to_csv(csv, index=False)
            console.print(f"wrote {len(frame)} rows to {csv}")
        return
    if as_json:
        emit_json(orjson.loads(frame.to_json(orient="records")))
        return
    table = RichTable(title=f"{title} ({len(frame)} rows)", caption=f"values: {rate_source}")
    frame = frame.drop(columns=["rate_source"])
    for col in frame.columns:
        table.add_column(str(col), justify="right" if frame[col].dtype.kind in "fi" else "left")
    for row in frame.head(50).itertuples(index=False):
        table.add_row(
            *("—" if pd.isna(v) else f"{v:,.2f}" if isinstance(v, float) else str(v) for v in row)
        )
    console.print(table)
    if len(frame) > 50:
        console.print(f"… {len(frame) - 50} more rows (use --json or --csv)")


def _save_chart(fig: go.Figure | None, path: Path | None) -> None:
    if path is not None and fig is not None:
        charts.save(fig, path)
        err_console.print(f"chart written to {path}", style="dim")


@stats_app.command("load")
@handle_errors
def load_cmd(
    files: Annotated[list[str], typer.Argument(help="Files to load (or a ledger store URL).")],
    fmt: Annotated[
        str, typer.Option("--format", help="auto|comtrade|baci|eurostat|ledger")
    ] = "auto",
    panel: PanelOpt = DEFAULT_PANEL,
    home: Annotated[
        str | None,
        typer.Option("--home", help="Ledger's home country (reporter; default: the settings')."),
    ] = None,
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="Replace rows an earlier load of the same source holds for these flows.",
        ),
    ] = False,
    clear: Annotated[bool, typer.Option("--clear", help="Empty the panel first.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Load trade files (Comtrade, BACI, Eurostat Comext) or the ledger into a named panel.

    A file already loaded is skipped (same content hash); a new release of a source covering
    flows the panel already holds is refused unless --replace is given.
    """
    p = Panel(panel)
    if clear:
        p.clear()
    home_country = home or get_settings().home_country
    done = []
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err_console, transient=True, disable=as_json) as progress:
        for name in files:
            if "://" in name:
                summary = load_ledger(name, p, home_country, replace=replace)
            else:
                path = Path(name)
                task = progress.add_task(
                    path.name, total=path.stat().st_size if path.exists() else 0
                )

                def bytes_read(
                    phase: str, read: int, size: int, task: TaskID = task, path: Path = path
                ) -> None:
                    progress.update(
                        task, description=f"{phase} {path.name}", completed=read, total=size
                    )

                summary = load_file(
                    path, p, fmt, home_country, replace=replace, progress=bytes_read
                )
                progress.remove_task(task)
            done.append({"file": name, **summary.__dict__})
    if as_json:
        emit_json(done)
        return
    for d in done:
        if d["status"] == "unchanged":
            console.print(
                f"{d['file']}: already loaded (same content, part {d['part']}); nothing added"
            )
            continue
        verb = "replaced older rows with" if d["status"] == "replaced" else "loaded"
        console.print(
            f"{d['file']}: {verb} {d['rows']:,} rows ({d['source']}) into panel {d['panel']}"
        )
        if d["replaced"]:
            console.print(
                f"  {d['replaced_rows']:,} older rows superseded in {len(d['replaced'])} part(s)"
            )
        if d["refused"]:
            console.print(f"  [yellow]{d['refused']:,} rows refused[/yellow]:")
            for r in d["refusals"]:
                console.print(f"    {r}")
        if d["unmapped"]:
            console.print(
                f"  unmapped country names kept as aggregates: {', '.join(d['unmapped'])}"
            )


@stats_app.command("sources")
@handle_errors
def sources_cmd(panel: PanelOpt = DEFAULT_PANEL, as_json: JsonOption = False) -> None:
    """What a panel holds: one line per load (source, file, hash, coverage, refused rows)."""
    p = Panel(panel)
    records = p.sources()
    if as_json:
        emit_json([r.__dict__ for r in records])
        return
    table = RichTable(title=f"panel {p.name}: {len(records)} loads")
    for col in ("source", "origin", "sha256", "loaded", "rows", "reporters", "partners",
                "periods", "refused"):  # fmt: skip
        table.add_column(col, justify="right" if col in ("rows", "partners", "refused") else "left")
    for r in records:
        reps = ", ".join(r.reporters[:6]) + (
            f" +{len(r.reporters) - 6}" if len(r.reporters) > 6 else ""
        )
        table.add_row(
            r.source, r.origin, r.sha256[:12], r.loaded_at, f"{r.rows:,}", reps, str(r.partners),
            f"{r.first_period}..{r.last_period}", str(r.refused),
        )  # fmt: skip
    console.print(table)
    for orphan in p.orphans():
        console.print(f"[yellow]not counted[/yellow] (no load recorded it): {orphan.name}")


@stats_app.command("growth")
@handle_errors
def growth_cmd(
    panel: PanelOpt = DEFAULT_PANEL,
    by: ByOpt = "reporter,partner",
    freq: FreqOpt = "year",
    compare: Annotated[str | None, typer.Option("--compare", help="yoy or mom.")] = None,
    hs_level: LevelOpt = None,
    flow: FlowOpt = None,
    reporter: RepOpt = None,
    partner: ParOpt = None,
    hs: HsOpt = None,
    as_json: JsonOption = False,
    csv: CsvOpt = None,
    chart: ChartOpt = None,
    currency: CurrencyOpt = None,
    rates: RatesOpt = None,
    hs_table: HsTableOpt = None,
) -> None:
    """Year-on-year / month-on-month growth with absolute change and share."""
    t, source = _table(panel, currency, rates, hs_table)
    expr = growth(
        t,
        by=_list(by) or [],
        freq=_freq(freq),
        compare=_compare(compare),
        hs_level=hs_level,
        flows=_list(flow),
        reporters=_codes(reporter),
        partners=_codes(partner),
        hs_prefixes=_list(hs),
    )
    frame = expr.execute()
    _save_chart(charts.flows_line(frame) if chart else None, chart)
    _output(frame, as_json, csv, "growth", source, currency)


@stats_app.command("surges")
@handle_errors
def surges_cmd(
    panel: PanelOpt = DEFAULT_PANEL,
    by: ByOpt = "reporter,partner,hs",
    freq: FreqOpt = "month",
    since: Annotated[
        str | None, typer.Option("--since", help="Start of the recent window.")
    ] = None,
    recent: Annotated[int | None, typer.Option(help="Periods in the recent window.")] = None,
    baseline: Annotated[int | None, typer.Option(help="Periods of history before it.")] = None,
    min_ratio: Annotated[float, typer.Option(help="Least recent/baseline ratio.")] = 3.0,
    floor: Annotated[
        float | None, typer.Option(help="Value added to both sides of the ratio.")
    ] = None,
    hs_level: LevelOpt = None,
    flow: FlowOpt = "export,re-export",
    reporter: RepOpt = None,
    partner: ParOpt = None,
    hs: HsOpt = None,
    top: Annotated[int, typer.Option(help="Rows to show.")] = 50,
    as_json: JsonOption = False,
    csv: CsvOpt = None,
    chart: ChartOpt = None,
    currency: CurrencyOpt = None,
    rates: RatesOpt = None,
    hs_table: HsTableOpt = None,
) -> None:
    """HS codes and routes whose flow jumped against their own history, ranked."""
    t, source = _table(panel, currency, rates, hs_table)
    expr = surges(
        t,
        by=_list(by) or [],
        freq=_freq(freq),
        split=parse_period(since) if since else None,
        recent=recent,
        baseline=baseline,
        floor=floor,
        min_ratio=min_ratio,
        hs_level=hs_level,
        flows=_list(flow),
        reporters=_codes(reporter),
        partners=_codes(partner),
        hs_prefixes=_list(hs),
    )
    frame = expr.limit(top).execute()
    _save_chart(charts.surges_bar(frame) if chart else None, chart)
    _output(frame, as_json, csv, "surges", source, currency)


@stats_app.command("mirror")
@handle_errors
def mirror_cmd(
    panel: PanelOpt = DEFAULT_PANEL,
    freq: FreqOpt = "year",
    exporter: Annotated[str | None, typer.Option(help="Exporters (ISO2 or EU27).")] = None,
    importer: Annotated[str | None, typer.Option(help="Importers.")] = None,
    group: Annotated[str | None, typer.Option(help="Treat members as one: EU27.")] = None,
    hs_level: LevelOpt = None,
    hs: HsOpt = None,
    collapse: Annotated[
        float, typer.Option(help="Importer total below this × last period = collapsed.")
    ] = 0.25,
    cif_fob: Annotated[
        float | None,
        typer.Option("--cif-fob", help="CIF/FOB margin taken off imports (0.06 = 6 %)."),
    ] = None,
    as_json: JsonOption = False,
    csv: CsvOpt = None,
    chart: ChartOpt = None,
    currency: CurrencyOpt = None,
    rates: RatesOpt = None,
    hs_table: HsTableOpt = None,
) -> None:
    """What A reports exporting to B against what B reports importing from A, with coverage."""
    t, source = _table(panel, currency, rates, hs_table)
    groups = {g: members(g) for g in _codes(group) or []}
    expr = mirror(
        t,
        freq=_freq(freq),
        groups=groups,
        exporters=_codes(exporter),
        importers=_codes(importer),
        hs_level=hs_level,
        hs_prefixes=_list(hs),
        collapse=collapse,
        cif_fob=cif_fob,
    )
    frame = expr.execute()
    _save_chart(charts.mirror_bars(frame) if chart else None, chart)
    _output(frame, as_json, csv, "mirror", source, currency)


@stats_app.command("roundabout")
@handle_errors
def roundabout_cmd(
    third: Annotated[str, typer.Option(help="The third country (ISO2), e.g. AM.")],
    date: Annotated[str, typer.Option(help="The date before/after (YYYY-MM).")],
    panel: PanelOpt = DEFAULT_PANEL,
    target: Annotated[str, typer.Option(help="Destination of the roundabout.")] = "RU",
    sources: Annotated[str, typer.Option(help="SANCTIONING, EU27, ANY or a list.")] = "SANCTIONING",
    months: Annotated[int, typer.Option(help="Months in each window.")] = 12,
    hs_level: LevelOpt = 6,
    controlled: Annotated[
        str | None, typer.Option(help="Controlled HS prefixes (comma list).")
    ] = None,
    controlled_file: Annotated[
        Path | None, typer.Option(help="CSV whose first column is HS codes.")
    ] = None,
    only_controlled: Annotated[bool, typer.Option(help="Keep controlled codes only.")] = False,
    inflow_from: Annotated[str, typer.Option(help="exporters or third.")] = "exporters",
    summary: Annotated[bool, typer.Option(help="Show the controlled-vs-other summary.")] = False,
    as_json: JsonOption = False,
    csv: CsvOpt = None,
    chart: ChartOpt = None,
    currency: CurrencyOpt = None,
    rates: RatesOpt = None,
    hs_table: HsTableOpt = None,
) -> None:
    """Per HS code: inflow from sanctioning countries and outflow to the target, before/after."""
    t, source = _table(panel, currency, rates, hs_table)
    prefixes = _list(controlled) or []
    if controlled_file is not None:
        codes = pd.read_csv(controlled_file, dtype=str).iloc[:, 0].dropna()
        prefixes += [c.strip() for c in codes if c.strip().isdigit()]
    src: str | list[str] = (
        sources.upper() if sources.upper() in (*GROUPS, "ANY") else _codes(sources) or []
    )
    if inflow_from not in ("exporters", "third"):
        raise InvalidInput("--inflow-from must be exporters or third", field="inflow_from")
    expr = roundabout(
        t,
        third=third.upper(),
        date=parse_period(date),
        target=target.upper(),
        sources=src,
        months=months,
        hs_level=hs_level,
        controlled=prefixes or None,
        only_controlled=only_controlled,
        inflow_from="third" if inflow_from == "third" else "exporters",
    )
    frame = (roundabout_did(expr) if summary else expr).execute()
    if chart and not summary:
        charts.save(
            charts.roundabout_sankey(
                frame, sources=sources, third=third.upper(), target=target.upper()
            ),
            chart,
        )
    _output(
        frame, as_json, csv, "roundabout summary" if summary else "roundabout", source, currency
    )


@stats_app.command("index")
@handle_errors
def index_cmd(
    panel: PanelOpt = DEFAULT_PANEL,
    by: ByOpt = "hs",
    freq: FreqOpt = "month",
    hs_level: LevelOpt = None,
    flow: FlowOpt = None,
    reporter: RepOpt = None,
    partner: ParOpt = None,
    hs: HsOpt = None,
    as_json: JsonOption = False,
    csv: CsvOpt = None,
    chart: ChartOpt = None,
    currency: CurrencyOpt = None,
    rates: RatesOpt = None,
    hs_table: HsTableOpt = None,
) -> None:
    """Average unit price and volume with month-on-month and year-on-year changes."""
    t, source = _table(panel, currency, rates, hs_table)
    expr = price_index(
        t,
        by=_list(by) or [],
        freq=_freq(freq),
        hs_level=hs_level,
        flows=_list(flow),
        reporters=_codes(reporter),
        partners=_codes(partner),
        hs_prefixes=_list(hs),
    )
    frame = expr.execute()
    _save_chart(charts.index_line(frame) if chart else None, chart)
    _output(frame, as_json, csv, "price index", source, currency)


@stats_app.command("hs")
@handle_errors
def hs_cmd(
    table: Annotated[Path, typer.Option("--table", help="Correlation table CSV: old,new HS6.")],
    codes: Annotated[
        str | None,
        typer.Option(help="Newer-edition codes to trace (comma list), e.g. HS2022-only ones."),
    ] = None,
    codes_file: Annotated[
        Path | None, typer.Option(help="CSV whose first column (or hs6) holds such codes.")
    ] = None,
    panel: Annotated[
        str | None, typer.Option("--panel", help="Also show the panel's value under split codes.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Compare HS editions: link kinds (1:1, n:1, 1:n split); where newer codes sit in old data."""
    conc = Concordance.from_csv(table)
    wanted = _list(codes) or []
    if codes_file is not None:
        frame = pd.read_csv(codes_file, dtype=str)
        col = "hs6" if "hs6" in frame.columns else frame.columns[0]
        if "in_hs2017" in frame.columns:  # the CHPL file: trace the codes HS2017 lacks
            frame = frame[frame["in_hs2017"].str.lower() == "false"]
        wanted += [c for c in frame[col].dropna()]
    kinds = conc.links.groupby("kind").size().to_dict()
    traced = conc.sources_of(wanted) if wanted else pd.DataFrame()
    splits = split_report(Panel(panel).table(), conc).execute() if panel else pd.DataFrame()
    if as_json:
        emit_json(
            {
                "source": conc.describe(),
                "links": {k: int(v) for k, v in kinds.items()},
                "split_codes": conc.split_codes(),
                "traced": orjson.loads(traced.to_json(orient="records")) if wanted else [],
                "panel_split_values": orjson.loads(splits.to_json(orient="records"))
                if panel
                else [],
            }
        )
        return
    console.print(conc.describe())
    console.print("links: " + ", ".join(f"{k} {v:,}" for k, v in sorted(kinds.items())))
    if wanted:
        _output(
            traced, False, None, f"where {conc.new_edition} codes are in {conc.old_edition} data"
        )
    if panel:
        _output(splits, False, None, f"panel {panel}: value under split {conc.old_edition} codes")


@stats_app.command("chart")
@handle_errors
def chart_cmd(
    kind: Annotated[str, typer.Argument(help="flows, surges, mirror or index.")],
    out: Annotated[Path, typer.Option("--out", help="File: .html, .png or .svg.")],
    panel: PanelOpt = DEFAULT_PANEL,
    by: ByOpt = "reporter,partner",
    freq: FreqOpt = "year",
    reporter: RepOpt = None,
    partner: ParOpt = None,
    hs: HsOpt = None,
    flow: FlowOpt = None,
) -> None:
    """Save a chart of an analysis (for the roundabout Sankey: `stats roundabout --chart`)."""
    t = Panel(panel).table()
    reps, pars, prefixes, flows = _codes(reporter), _codes(partner), _list(hs), _list(flow)
    f = _freq(freq)
    fig: go.Figure
    if kind == "flows":
        g = growth(
            t,
            by=_list(by) or [],
            freq=f,
            flows=flows,
            reporters=reps,
            partners=pars,
            hs_prefixes=prefixes,
        )
        fig = charts.flows_line(g.execute())
    elif kind == "surges":
        s = surges(t, freq=f, flows=flows, reporters=reps, partners=pars, hs_prefixes=prefixes)
        fig = charts.surges_bar(s.limit(20).execute())
    elif kind == "mirror":
        m = mirror(t, freq=f, exporters=reps, importers=pars, hs_prefixes=prefixes)
        fig = charts.mirror_bars(m.execute())
    elif kind == "index":
        i = price_index(
            t,
            by=_list(by) or [],
            freq=f,
            flows=flows,
            reporters=reps,
            partners=pars,
            hs_prefixes=prefixes,
        )
        fig = charts.index_line(i.execute())
    else:
        raise InvalidInput(f"unknown chart {kind!r}: flows, surges, mirror or index", field="kind")
    charts.save(fig, out)
    console.print(f"chart written to {out}")


@stats_app.command("report")
@handle_errors
def report_cmd(
    out: Annotated[Path, typer.Option("--out", help="HTML file to write.")] = Path("report.html"),
    panel: PanelOpt = DEFAULT_PANEL,
    third: Annotated[str | None, typer.Option(help="Roundabout section: third country.")] = None,
    date: Annotated[str | None, typer.Option(help="Roundabout section: date YYYY-MM.")] = None,
    target: Annotated[str, typer.Option(help="Roundabout target.")] = "RU",
) -> None:
    """One self-contained HTML report: growth, surges, mirror gaps (and the roundabout)."""
    opts = ReportOptions(
        third=third.upper() if third else None,
        date=parse_period(date) if date else None,
        target=target,
    )
    write_report(Panel(panel), out, opts)
    console.print(f"report written to {out}")
