"""Properties of the growth table on random panels: totals kept, shares add up, change adds up."""

from __future__ import annotations

from pathlib import Path
from tempfile import TemporaryDirectory

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests_stats_support import rows_frame

from tamga.stats import growth
from tamga.stats.panel import Panel

row = st.fixed_dictionaries(
    {
        "reporter": st.sampled_from(["KZ", "AM"]),
        "partner": st.sampled_from(["RU", "CN", "DE"]),
        "hs": st.sampled_from(["847150", "851713"]),
        "year": st.integers(2020, 2023),
        "value": st.floats(0, 1e6, allow_nan=False).map(lambda v: round(v, 2)),
    }
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(row, min_size=1, max_size=30))
def test_growth_keeps_totals_and_shares_add_to_100(rows: list[dict[str, object]]) -> None:
    frame = rows_frame(rows)
    with TemporaryDirectory() as tmp:
        panel = Panel("p", root=Path(tmp))
        panel.add_frame(frame, "test")
        g = growth(panel.table(), by=["reporter", "partner"]).execute()
    expected = frame.groupby(["reporter", "partner", "year"]).value.sum()
    got = g.set_index(["reporter", "partner", "year"]).value
    pd.testing.assert_series_equal(
        got.sort_index(),
        expected.sort_index(),
        check_names=False,
        check_dtype=False,
        check_index_type=False,
    )
    shares = g.groupby(["reporter", "year"]).share_pct.sum()
    totals = g.groupby(["reporter", "year"]).value.sum()
    assert all(s == pytest.approx(100.0) for s, t in zip(shares, totals, strict=True) if t > 0)
    assert (g.change == g.value - g.previous.fillna(0)).all()
