"""Plotly figures the pages draw: provenance Sankey, holder flows, the offline map.

Figures are built here as plain plotly figure dicts (no graph-object validation: a map of a few
hundred transits would spend more time validating than querying) and shipped to the page as
JSON; the browser draws them with the plotly.js that the installed plotly package carries
(served by tamga, no CDN). The map is
a plain lon/lat plot of data tamga carries, so it needs no tiles and no topojson download.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import orjson

from tamga.dashboard.ports import MapData
from tamga.ledger.provenance import UNBACKED, Parts
from tamga.wording.i18n import gettext
from tamga.wording.labels import label as word

_LINK_COLORS = {"origin": "rgba(76,120,168,0.35)", "unbacked": "rgba(178,121,162,0.45)"}
_FONT = {"family": "system-ui, sans-serif", "size": 12}
_COLORS = {
    "origin": "#4c78a8",
    "holder": "#72b7b2",
    "export": "#e45756",
    "unbacked": "#b279a2",
}


def _layout(**kw: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "margin": {"l": 10, "r": 10, "t": 30, "b": 10},
        "font": _FONT,
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        # the default template is ~10 kB of JSON per figure that these plain charts don't use
        "template": "none",
    }
    base.update(kw)
    return base


Figure = dict[str, Any]


def figure(data: list[dict[str, Any]], layout: dict[str, Any]) -> Figure:
    return {"data": data, "layout": layout}


def to_json(fig: Figure) -> str:
    text = orjson.dumps(fig).decode()
    # the JSON is placed inside a <script> element: never let it close that element
    return text.replace("</", "<\\/")


def provenance_sankey(
    parts: Iterable[tuple[Parts, str]],
    title: str = "",
    name_of: Callable[[str], str] = str,
) -> Figure:
    """Origin countries → chain of holders → the export, weighted by quantity.

    ``parts`` pairs each line's drawn provenance with the label of where it went (for an export
    "EX123 → RU"). Holders are one node each; a hop back to a holder already on the path is
    dropped rather than drawn as a loop Sankey cannot show.
    """
    nodes: dict[tuple[str, str], int] = {}
    labels: list[str] = []
    colors: list[str] = []
    links: dict[tuple[int, int], float] = {}
    link_kind: dict[tuple[int, int], str] = {}

    def node(kind: str, label: str) -> int:
        key = (kind, label)
        if key not in nodes:
            nodes[key] = len(labels)
            labels.append(label)
            colors.append(_COLORS[kind])
        return nodes[key]

    def link(a: int, b: int, q: float, kind: str) -> None:
        if a != b and q > 0:
            links[(a, b)] = links.get((a, b), 0.0) + q
            link_kind.setdefault((a, b), kind)

    for line_parts, target in parts:
        end = node("export", target)
        for (kind, country, _decl, _consignor, path), (q, _v) in line_parts.items.items():
            flow = "unbacked" if kind == UNBACKED else "origin"
            if kind == UNBACKED:
                src = node("unbacked", gettext("unbacked (never held)"))
            else:
                src = node("origin", gettext("%(country)s origin") % {"country": country or "??"})
            seen: set[str] = set()
            prev = src
            for holder in path:
                if holder in seen:
                    continue
                seen.add(holder)
                cur = node("holder", name_of(holder))
                link(prev, cur, q, flow)
                prev = cur
            link(prev, end, q, flow)
    trace = dict(
        type="sankey",
        arrangement="snap",
        node={"label": labels, "color": colors, "pad": 14, "thickness": 14},
        link={
            "source": [a for a, _ in links],
            "target": [b for _, b in links],
            "value": [round(v, 6) for v in links.values()],
            "color": [_LINK_COLORS[link_kind[k]] for k in links],
        },
        valueformat=",.3~f",
    )
    return figure([trace], _layout(title={"text": title, "x": 0}, height=360))


def flows_chart(rows: Sequence[Mapping[str, Any]]) -> Figure:
    """Declared value in (up) and out (down) by month as bars, and goods lines as a line on a
    second axis: sales and exports often declare no value, and must still show."""
    months = [r["month"] for r in rows]
    traces = [
        dict(
            type="bar",
            name=gettext("value in"),
            x=months,
            y=[r["in_value"] for r in rows],
            marker={"color": "#4c78a8"},
        ),
        dict(
            type="bar",
            name=gettext("value out"),
            x=months,
            y=[-r["out_value"] for r in rows],
            marker={"color": "#e45756"},
        ),
        dict(
            type="scatter",
            name=gettext("lines in"),
            x=months,
            y=[r["in_lines"] for r in rows],
            yaxis="y2",
            mode="lines+markers",
            line={"color": "#1f3f6b"},
        ),
        dict(
            type="scatter",
            name=gettext("lines out"),
            x=months,
            y=[-r["out_lines"] for r in rows],
            yaxis="y2",
            mode="lines+markers",
            line={"color": "#8c1c1c"},
        ),
    ]
    return figure(
        traces,
        _layout(
            barmode="relative",
            height=300,
            yaxis={"title": gettext("declared value"), "tickformat": ",~s", "automargin": True},
            yaxis2={
                "title": gettext("goods lines"),
                "overlaying": "y",
                "side": "right",
                "showgrid": False,
                "tickformat": ",d",
                "automargin": True,
            },
            xaxis={"type": "category", "automargin": True},
            legend={"orientation": "h", "y": 1.15},
        ),
    )


def transit_map(
    geo: MapData | None,
    transits: Sequence[Mapping[str, Any]],
    route: Sequence[Mapping[str, Any]] = (),
    link_base: str = "",
    destination: tuple[float, float, str] | None = None,
) -> Figure:
    """The country, its posts and corridors, open transits at their last position.

    ``route`` (a transit's timeline positions) draws one transit's path instead of markers for
    all, and ``destination`` (lat, lon, label) the rest of its way, dashed, while it is open.
    Clicking a transit marker opens its page (``customdata`` holds the link).
    """
    traces: list[Any] = []
    if geo is not None and geo.outline:
        lon, lat = zip(*geo.outline, strict=True)
        traces.append(
            dict(
                type="scatter",
                x=[*lon, lon[0]],
                y=[*lat, lat[0]],
                mode="lines",
                line={"color": "#8a8a8a", "width": 1},
                fill="toself",
                fillcolor="rgba(200,200,190,0.25)",
                name=gettext("border"),
                hoverinfo="skip",
            )
        )
    if geo is not None:
        for i, corridor in enumerate(geo.corridors):
            if len(corridor) < 2:
                continue
            traces.append(
                dict(
                    type="scatter",
                    x=[p[0] for p in corridor],
                    y=[p[1] for p in corridor],
                    mode="lines",
                    line={"color": "#c9b26b", "width": 2, "dash": "dot"},
                    name=gettext("corridors"),
                    legendgroup="corridors",
                    showlegend=i == 0,
                    hoverinfo="skip",
                )
            )
        for label, kinds, symbol, color in (
            (gettext("border posts"), ("road_border", "rail_border", "sea_port"), "square", "#333"),
            (gettext("inland offices"), ("inland_office",), "circle", "#8a8a8a"),
        ):
            shown = [p for p in geo.places if p.kind in kinds]
            if not shown:
                continue
            traces.append(
                dict(
                    type="scatter",
                    x=[p.lon for p in shown],
                    y=[p.lat for p in shown],
                    mode="markers",
                    hovertext=[f"{p.name} ({p.code})" for p in shown],
                    hoverinfo="text",
                    marker={"symbol": symbol, "size": 7, "color": color},
                    name=label,
                )
            )
    if route:
        pts = [r for r in route if r.get("lat") is not None and r.get("lon") is not None]
        if pts:
            traces.append(
                dict(
                    type="scatter",
                    x=[r["lon"] for r in pts],
                    y=[r["lat"] for r in pts],
                    mode="lines+markers",
                    line={"color": "#e45756", "width": 3},
                    marker={"size": 9},
                    hovertext=[
                        f"{word(r['type'], 'event_type')} {r['location']} {r['time'][:16]}"
                        for r in pts
                    ],
                    hoverinfo="text",
                    name=gettext("route"),
                )
            )
            if destination is not None:
                to_lat, to_lon, label = destination
                traces.append(
                    dict(
                        type="scatter",
                        x=[pts[-1]["lon"], to_lon],
                        y=[pts[-1]["lat"], to_lat],
                        mode="lines+markers",
                        line={"color": "#e45756", "width": 2, "dash": "dash"},
                        marker={"size": [0, 10], "symbol": "star"},
                        hovertext=[
                            "",
                            gettext("declared destination %(place)s") % {"place": label},
                        ],
                        hoverinfo="text",
                        name=gettext("still to go"),
                    )
                )
    placed = [t for t in transits if t.get("last_lat") is not None]
    if placed:
        traces.append(
            dict(
                type="scatter",
                x=[t["last_lon"] for t in placed],
                y=[t["last_lat"] for t in placed],
                mode="markers",
                marker={"size": 9, "color": "#e45756", "line": {"width": 1, "color": "#fff"}},
                hovertext=[
                    f"{t['transit_id']}: {t['office_of_departure']} → "
                    f"{t['office_of_destination']} ({t['destination_country']})"
                    for t in placed
                ],
                hoverinfo="text",
                customdata=[f"{link_base}/transits/{t['transit_id']}" for t in placed],
                name=gettext("open transits"),
            )
        )
    frame: dict[str, Any] = {}
    if geo is not None and geo.outline:
        lons = [p[0] for p in geo.outline]
        lats = [p[1] for p in geo.outline]
        frame = {
            "x": [min(lons) - 0.5, max(lons) + 0.5],
            "y": [min(lats) - 0.5, max(lats) + 0.5],
        }
    return figure(
        traces,
        _layout(
            height=460,
            showlegend=True,
            legend={"orientation": "h", "y": -0.05},
            xaxis={
                "title": None,
                "showgrid": False,
                "zeroline": False,
                "ticksuffix": "°E",
                "automargin": True,
                **({"range": frame["x"]} if frame else {}),
            },
            yaxis={
                "title": None,
                "showgrid": False,
                "zeroline": False,
                "ticksuffix": "°N",
                "automargin": True,
                **({"range": frame["y"]} if frame else {}),
                "scaleanchor": "x",
                "scaleratio": 1.45,  # ≈ 1/cos(46.5°N): Kazakhstan's middle latitude
            },
        ),
    )
