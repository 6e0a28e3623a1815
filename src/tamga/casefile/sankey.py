"""The provenance Sankey laid out once, for the PDF (ReportLab) and the HTML (inline SVG).

A case file must stand on its own, offline, as a document: no script draws it. Columns are the
origins, then each holder at its distance from the origins, then the declaration; each node is
as tall as the quantity through it, and each band as wide as its flow.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from tamga.casefile.gather import Flow

Key = tuple[str, str]

COLORS = {"origin": "#4c78a8", "unbacked": "#b279a2", "holder": "#72b7b2"}
TARGET_COLOR = "#e45756"


@dataclass
class Node:
    key: Key
    label: str
    column: int
    x: float
    y: float
    width: float
    height: float
    quantity: float

    @property
    def color(self) -> str:
        return COLORS.get(self.key[0], TARGET_COLOR)


@dataclass
class Band:
    source: Node
    target: Node
    quantity: float
    y0: float  # top of the band where it leaves its source
    y1: float  # top of the band where it reaches its target
    thickness: float


@dataclass
class Layout:
    width: float
    height: float
    nodes: list[Node]
    bands: list[Band]


def layout(
    flows: Sequence[Flow],
    label: Callable[[Key], str],
    width: float = 500.0,
    height: float = 240.0,
    node_width: float = 10.0,
    gap: float = 10.0,
) -> Layout:
    keys: dict[Key, None] = {}
    for f in flows:
        keys.setdefault(f.source)
        keys.setdefault(f.target)
    depth = {k: 0 for k in keys}
    for _ in range(len(keys)):  # longest distance from a source; flows have no cycles
        changed = False
        for f in flows:
            if depth[f.target] < depth[f.source] + 1:
                depth[f.target] = depth[f.source] + 1
                changed = True
        if not changed:
            break
    sinks = {f.target for f in flows} - {f.source for f in flows}
    last = max(depth.values(), default=0)
    for k in sinks:  # the declaration stands in the last column
        depth[k] = last
    inflow = {k: 0.0 for k in keys}
    outflow = {k: 0.0 for k in keys}
    for f in flows:
        outflow[f.source] += f.quantity
        inflow[f.target] += f.quantity
    value = {k: max(inflow[k], outflow[k]) for k in keys}
    columns: dict[int, list[Key]] = {}
    for k in keys:
        columns.setdefault(depth[k], []).append(k)
    busiest = max(
        (sum(value[k] for k in ks) + gap * (len(ks) - 1) for ks in columns.values()), default=1.0
    )
    tallest = max((len(ks) for ks in columns.values()), default=1)
    scale = (height - gap * (tallest - 1)) / max(busiest - gap * (tallest - 1), 1e-9)
    scale = max(scale, 0.0)
    step = (width - node_width) / max(last, 1)
    nodes: dict[Key, Node] = {}
    for col, ks in sorted(columns.items()):
        y = 0.0
        for k in ks:
            h = max(value[k] * scale, 1.0)
            nodes[k] = Node(k, label(k), col, col * step, y, node_width, h, value[k])
            y += h + gap
    out_at = {k: nodes[k].y for k in keys}
    in_at = {k: nodes[k].y for k in keys}
    bands = []
    for f in sorted(flows, key=lambda f: (nodes[f.source].y, nodes[f.target].y)):
        t = f.quantity * scale
        bands.append(
            Band(nodes[f.source], nodes[f.target], f.quantity, out_at[f.source], in_at[f.target], t)
        )
        out_at[f.source] += t
        in_at[f.target] += t
    return Layout(width, height, list(nodes.values()), bands)


def svg(plan: Layout, margin: float = 110.0) -> str:
    """The layout as an inline SVG document fragment (labels beside the nodes)."""
    from markupsafe import escape

    w, h = plan.width + 2 * margin, plan.height + 20
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w:.0f} {h:.0f}" '
        f'class="sankey" role="img" font-family="DejaVu Sans, sans-serif" font-size="10">'
    ]
    for b in plan.bands:
        x0, x1 = margin + b.source.x + b.source.width, margin + b.target.x
        mid = (x0 + x1) / 2
        y0, y1, t = b.y0 + 10, b.y1 + 10, b.thickness
        color = "#b279a2" if b.source.key[0] == "unbacked" else "#4c78a8"
        top = f"M{x0:.1f},{y0:.1f} C{mid:.1f},{y0:.1f} {mid:.1f},{y1:.1f} {x1:.1f},{y1:.1f}"
        foot = f"L{x1:.1f},{y1 + t:.1f} C{mid:.1f},{y1 + t:.1f} {mid:.1f},{y0 + t:.1f}"
        parts.append(
            f'<path d="{top} {foot} {x0:.1f},{y0 + t:.1f} Z" '
            f'fill="{color}" fill-opacity="0.35"><title>{escape(b.source.label)} → '
            f"{escape(b.target.label)}: {b.quantity:g}</title></path>"
        )
    for n in plan.nodes:
        x, y = margin + n.x, n.y + 10
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{n.width:.1f}" height="{n.height:.1f}" '
            f'fill="{n.color}"/>'
        )
        first = n.column == 0
        tx = x - 4 if first else x + n.width + 4
        anchor = "end" if first else "start"
        parts.append(
            f'<text x="{tx:.1f}" y="{y + n.height / 2 + 3:.1f}" text-anchor="{anchor}">'
            f"{escape(n.label)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
