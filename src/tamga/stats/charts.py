"""Chart builders: each takes an analysis result (a pandas frame) and returns a plotly Figure.

The dashboard reuses these builders; :func:`save` writes a figure as self-contained HTML
(plotly.js embedded from the installed package, never a CDN) or as PNG/SVG through kaleido,
which drives a headless Chrome (Debian's ``/usr/bin/chromium`` unless ``BROWSER_PATH`` says).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import qualitative

from tamga.errors import InvalidInput

_SERIES = ("reporter", "partner", "hs", "flow", "exporter", "importer")


def _series_name(row: pd.Series, cols: list[str]) -> str:
    return " · ".join(str(row[c]) for c in cols if str(row[c]) != "") or "all"


def _series_cols(frame: pd.DataFrame) -> list[str]:
    return [c for c in _SERIES if c in frame.columns and frame[c].nunique() > 1] or [
        c for c in _SERIES if c in frame.columns
    ][:1]


def flows_line(frame: pd.DataFrame, title: str = "Trade flows", top: int = 12) -> go.Figure:
    """Value by period, one line per group (the ``top`` largest groups), from a growth table."""
    fig = go.Figure()
    if frame.empty:
        return fig.update_layout(title=title)
    cols = _series_cols(frame)
    frame = frame.assign(_series=frame.apply(_series_name, axis=1, cols=cols))
    ranked = frame.groupby("_series")["value"].sum().sort_values(ascending=False).index[:top]
    for name in ranked:
        part = frame[frame["_series"] == name].sort_values(["year", "month"])
        fig.add_trace(go.Scatter(x=part.period, y=part.value, mode="lines+markers", name=name))
    currency = ", ".join(sorted(set(frame.get("currency", pd.Series([""])).dropna()) - {""}))
    return fig.update_layout(
        title=title,
        xaxis_title="period",
        yaxis_title=f"value {currency}".strip(),
        hovermode="x unified",
        xaxis={"type": "category"},
    )


def surges_bar(frame: pd.DataFrame, title: str = "Largest surges", top: int = 20) -> go.Figure:
    """The ranked surges as horizontal bars of the jump, labelled with the ratio."""
    fig = go.Figure()
    if frame.empty:
        return fig.update_layout(title=title)
    part = frame.sort_values("rank").head(top).iloc[::-1]
    cols = [c for c in ("reporter", "partner", "hs", "flow") if c in part.columns]
    labels = part.apply(_series_name, axis=1, cols=cols)
    text = [
        f"×{r:,.1f}" + (" from zero" if z else "")
        for r, z in zip(part.ratio, part.from_zero, strict=True)
    ]
    fig.add_trace(go.Bar(x=part.jump, y=labels, orientation="h", text=text, textposition="auto"))
    return fig.update_layout(
        title=title,
        xaxis_title="rise of the mean per period",
        height=max(300, 28 * len(part) + 120),
    )


def mirror_bars(frame: pd.DataFrame, title: str = "Mirror statistics") -> go.Figure:
    """Exporter-reported against importer-reported values by period, coverage gaps marked."""
    fig = go.Figure()
    if frame.empty:
        return fig.update_layout(title=title)
    label = frame.exporter + " → " + frame.importer + " " + frame.period.astype(str)
    fig.add_trace(go.Bar(x=label, y=frame.export_reported, name="reported by exporter"))
    colours = ["#888" if c != "ok" else "#d62728" for c in frame.coverage]
    fig.add_trace(
        go.Bar(
            x=label,
            y=frame.import_reported,
            name="reported by importer",
            marker_color=colours,
            text=frame.coverage,
            textposition="outside",
        )
    )
    return fig.update_layout(title=title, barmode="group", xaxis={"type": "category"})


def roundabout_sankey(
    frame: pd.DataFrame,
    *,
    sources: str,
    third: str,
    target: str,
    top: int = 10,
    title: str | None = None,
) -> go.Figure:
    """Sources → the third country, per HS code → target: the ``top`` codes by outflow after.

    Each HS code is its own middle node (``AM · HS 851713``), so the width going in and the width
    going out of one code can be compared at a glance; links are coloured by code.
    """
    part = frame[(frame.inflow_after > 0) | (frame.outflow_after > 0)]
    part = part.sort_values("outflow_after", ascending=False).head(top)
    palette = qualitative.Plotly + qualitative.D3
    nodes = [sources, target]
    src: list[int] = []
    dst: list[int] = []
    val: list[float] = []
    colours: list[str] = []
    for i, (hs, inflow, outflow) in enumerate(
        zip(part.hs, part.inflow_after, part.outflow_after, strict=True)
    ):
        nodes.append(f"{third} · HS {hs}")
        middle = len(nodes) - 1
        colour = palette[i % len(palette)]
        for a, b, v in ((0, middle, float(inflow)), (middle, 1, float(outflow))):
            if v > 0:
                src.append(a)
                dst.append(b)
                val.append(v)
                colours.append(colour)
    fig = go.Figure(
        go.Sankey(
            node={"label": nodes, "pad": 12},
            link={"source": src, "target": dst, "value": val, "color": colours},
        )
    )
    return fig.update_layout(
        title=title or f"{sources} → {third} → {target} after the date (top {len(part)} HS codes)"
    )


def index_line(frame: pd.DataFrame, title: str = "Average unit price") -> go.Figure:
    """Average unit price by period, one line per group."""
    fig = go.Figure()
    if frame.empty:
        return fig.update_layout(title=title)
    cols = _series_cols(frame)
    frame = frame.assign(_series=frame.apply(_series_name, axis=1, cols=cols))
    for name, part in frame.groupby("_series"):
        part = part.sort_values(["year", "month"])
        fig.add_trace(
            go.Scatter(x=part.period, y=part.unit_price, mode="lines+markers", name=str(name))
        )
    return fig.update_layout(title=title, xaxis={"type": "category"}, yaxis_title="value per unit")


def _point_kaleido_at_chromium() -> None:
    if not os.environ.get("BROWSER_PATH"):
        found = shutil.which("chromium") or shutil.which("chromium-browser")
        if found:
            os.environ["BROWSER_PATH"] = found


def save(fig: go.Figure, path: Path) -> Path:
    """Write ``fig`` as .html (self-contained), .png or .svg, by the file's suffix."""
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        fig.write_html(path, include_plotlyjs=True, full_html=True)
    elif suffix in (".png", ".svg", ".pdf"):
        _point_kaleido_at_chromium()
        fig.write_image(path)
    else:
        raise InvalidInput(
            f"chart file must end in .html, .png or .svg, not {suffix!r}", field="out"
        )
    return path
