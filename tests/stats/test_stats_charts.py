"""Chart builders return plotly Figures built from the analysis tables (no browser needed)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tamga.errors import InvalidInput
from tamga.stats import charts


def test_sankey_has_one_middle_node_per_hs_code_and_skips_empty_links() -> None:
    frame = pd.DataFrame(
        {
            "hs": ["847150", "851713", "090111"],
            "inflow_after": [600.0, 50.0, 0.0],
            "outflow_after": [480.0, 0.0, 0.0],
        }
    )
    fig = charts.roundabout_sankey(frame, sources="EU27", third="AM", target="RU")
    sankey = fig.data[0]
    assert list(sankey.node.label) == ["EU27", "RU", "AM · HS 847150", "AM · HS 851713"]
    links = set(zip(sankey.link.source, sankey.link.target, sankey.link.value, strict=True))
    assert links == {(0, 2, 600.0), (2, 1, 480.0), (0, 3, 50.0)}


def test_surge_bars_are_ranked_top_down_and_label_from_zero() -> None:
    frame = pd.DataFrame(
        {
            "reporter": ["AM", "AM"], "partner": ["RU", "RU"], "hs": ["8703", "8517"],
            "flow": ["export", "export"], "jump": [90.0, 30.0], "ratio": [9.2, 31.0],
            "from_zero": [False, True], "rank": [1, 2],
        }
    )  # fmt: skip
    bar = charts.surges_bar(frame).data[0]
    assert list(bar.y) == ["AM · RU · 8517 · export", "AM · RU · 8703 · export"]
    assert bar.text[0].endswith("from zero")


def test_flow_lines_one_per_group() -> None:
    frame = pd.DataFrame(
        {
            "reporter": ["KZ"] * 4, "partner": ["RU", "RU", "CN", "CN"],
            "period": ["2021", "2022"] * 2, "year": [2021, 2022] * 2, "month": [0] * 4,
            "value": [1.0, 2.0, 3.0, 4.0], "currency": ["USD"] * 4,
        }
    )  # fmt: skip
    fig = charts.flows_line(frame)
    assert sorted(trace.name for trace in fig.data) == ["CN", "RU"]


def test_unknown_chart_file_type_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput):
        charts.save(charts.flows_line(pd.DataFrame()), tmp_path / "chart.gif")
