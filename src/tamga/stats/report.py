"""The one-command HTML report, and the panel's charts for the dashboard.

The report is a single self-contained file: plotly.js is embedded once from the installed
package, each chart and table below it, so it opens offline.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from tamga.stats import charts
from tamga.stats.analyses.growth import growth
from tamga.stats.analyses.mirror import mirror
from tamga.stats.analyses.roundabout import roundabout
from tamga.stats.analyses.surges import surges
from tamga.stats.countries import GROUPS
from tamga.stats.panel import Panel


@dataclass
class Section:
    title: str
    figure: go.Figure | None
    table: pd.DataFrame
    note: str = ""


@dataclass
class ReportOptions:
    """What the report looks at; the roundabout section needs ``third`` and ``date``."""

    third: str | None = None
    date: tuple[int, int] | None = None
    target: str = "RU"
    controlled: list[str] = field(default_factory=list)
    top: int = 20


def _has_monthly(panel: Panel) -> bool:
    t = panel.table()
    return bool(t.filter(t.month > 0).count().execute() > 0)


def sections(panel: Panel, opts: ReportOptions | None = None) -> list[Section]:
    """The report's sections, each an analysis result with its chart."""
    opts = opts or ReportOptions()
    t = panel.table()
    freq = "month" if _has_monthly(panel) else "year"
    out: list[Section] = []
    g = growth(t, by=["reporter", "partner"], freq="year").execute()
    big = g.sort_values("value", ascending=False).head(opts.top)
    out.append(
        Section(
            "Flows by reporter and partner, year on year",
            charts.flows_line(g),
            big,
            "Largest rows; full table via `tamga stats growth`.",
        )
    )
    s = surges(t, freq=freq).execute().head(opts.top)  # type: ignore[arg-type]
    out.append(
        Section(
            f"Surges ({freq}ly, last periods against their own history)", charts.surges_bar(s), s
        )
    )
    m = mirror(t, groups={"EU27": GROUPS["EU27"]}).execute()
    m = m[m.export_reported.notna() & m.import_reported.notna()]
    m = m.sort_values("export_reported", ascending=False).head(opts.top)
    out.append(
        Section(
            "Mirror statistics (importer-reported ÷ exporter-reported)",
            charts.mirror_bars(m),
            m,
            "Coverage other than 'ok' means the importer's own figures stopped or collapsed.",
        )
    )
    if opts.third and opts.date:
        r = (
            roundabout(
                t,
                third=opts.third,
                date=opts.date,
                target=opts.target,
                controlled=opts.controlled or None,
            )
            .execute()
            .head(opts.top)
        )
        fig = charts.roundabout_sankey(
            r, sources="sanctioning countries", third=opts.third, target=opts.target
        )
        out.append(Section(f"The roundabout through {opts.third}", fig, r))
    return out


def _table_html(frame: pd.DataFrame) -> str:
    return frame.to_html(index=False, float_format=lambda v: f"{v:,.2f}", na_rep="—", border=0)


def write_report(panel: Panel, out: Path, opts: ReportOptions | None = None) -> Path:
    """Write the HTML report of ``panel`` to ``out``."""
    parts = [
        "<!doctype html><html><head><meta charset='utf-8'>",
        f"<title>tamga trade statistics: {html.escape(panel.name)}</title>",
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;font-size:12px}"
        "td,th{padding:2px 8px;border-bottom:1px solid #ddd;text-align:right}</style>",
        f"<script>{get_plotlyjs()}</script></head><body>",
        f"<h1>Trade statistics: panel {html.escape(panel.name)}</h1>",
    ]
    for sec in sections(panel, opts):
        parts.append(f"<h2>{html.escape(sec.title)}</h2>")
        if sec.note:
            parts.append(f"<p>{html.escape(sec.note)}</p>")
        if sec.figure is not None:
            parts.append(sec.figure.to_html(full_html=False, include_plotlyjs=False))
        parts.append(_table_html(sec.table))
    parts.append("</body></html>")
    out.write_text("\n".join(parts), encoding="utf-8")
    return out


class PanelCharts:
    """The dashboard's ``StatsPort``: the report's charts as plotly figure dicts."""

    def __init__(self, panel: Panel, opts: ReportOptions | None = None):
        self.panel, self.opts = panel, opts

    def charts(self) -> list[tuple[str, dict[str, Any]]]:
        if not self.panel.exists():
            return []
        return [
            (s.title, s.figure.to_plotly_json())
            for s in sections(self.panel, self.opts)
            if s.figure
        ]
