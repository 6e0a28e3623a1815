"""The analyses on small hand-computed panels, each run unchanged on DuckDB and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from ibis.expr.types import Table

from tamga.stats import growth, mirror, price_index, roundabout, roundabout_did, surges
from tamga.stats.panel import Panel

Build = Callable[[list[dict[str, Any]]], Panel]
Backend = Callable[[Panel], Table]


def months(year: int, start: int, values: list[float]) -> list[tuple[int, int, float]]:
    """(year, month, value) for consecutive months from ``year``-``start``."""
    out = []
    for i, v in enumerate(values):
        idx = year * 12 + start - 1 + i
        out.append((idx // 12, idx % 12 + 1, v))
    return out


def test_growth_year_on_year_with_change_and_partner_share(
    make_panel: Build, backend: Backend
) -> None:
    panel = make_panel(
        [
            {"reporter": "KZ", "partner": "RU", "year": 2021, "value": 100.0},
            {"reporter": "KZ", "partner": "RU", "year": 2022, "value": 250.0},
            {"reporter": "KZ", "partner": "CN", "year": 2021, "value": 50.0},
            {"reporter": "KZ", "partner": "CN", "year": 2022, "value": 50.0},
            # an aggregate partner and a non-leaf HS4 row: neither may be counted again
            {"reporter": "KZ", "partner": "WLD", "partner_agg": True, "year": 2022, "value": 300.0},
            {"reporter": "KZ", "partner": "RU", "hs": "8450", "year": 2022, "value": 250.0},
        ]
    )
    g = growth(backend(panel), by=["reporter", "partner"]).execute()
    rows = {(r.partner, r.period): r for r in g.itertuples()}
    assert set(rows) == {("CN", "2021"), ("CN", "2022"), ("RU", "2021"), ("RU", "2022")}
    ru = rows["RU", "2022"]
    assert (ru.value, ru.previous, ru.change) == (250.0, 100.0, 150.0)
    assert ru.change_pct == pytest.approx(150.0)
    assert ru.share_pct == pytest.approx(250 / 300 * 100)
    assert rows["RU", "2021"].share_pct == pytest.approx(100 / 150 * 100)
    assert rows["CN", "2022"].change_pct == pytest.approx(0.0)
    first = rows["RU", "2021"]
    assert first.previous != first.previous and first.change == 100.0  # NaN: no prior year


def test_growth_month_on_month_and_year_on_year_from_monthly_rows(
    make_panel: Build, backend: Backend
) -> None:
    data = months(2023, 1, [10.0] * 12) + months(2024, 1, [12.0, 15.0])
    panel = make_panel(
        [{"reporter": "KZ", "partner": "RU", "year": y, "month": m, "value": v} for y, m, v in data]
    )
    t = backend(panel)
    mom = growth(t, by=["partner"], freq="month").execute().set_index("period")
    assert mom.loc["2024-02", "previous"] == 12.0
    assert mom.loc["2024-02", "change_pct"] == pytest.approx(25.0)
    yoy = growth(t, by=["partner"], freq="month", compare="yoy").execute().set_index("period")
    assert yoy.loc["2024-02", "previous"] == 10.0
    assert yoy.loc["2024-02", "change_pct"] == pytest.approx(50.0)
    annual = growth(t, by=["partner"], freq="year").execute().set_index("period")
    assert annual.loc["2024", "value"] == 27.0 and annual.loc["2024", "previous"] == 120.0


def surge_panel(make_panel: Build) -> Panel:
    rows = []

    def route(partner: str, hs: str, base: list[float], recent: list[float]) -> None:
        for y, m, v in months(2023, 1, base) + months(2024, 1, recent):
            if v:
                rows.append(
                    {
                        "reporter": "AM",
                        "partner": partner,
                        "hs": hs,
                        "year": y,
                        "month": m,
                        "value": v,
                    }
                )

    route("RU", "847150", [10.0] * 12, [100.0] * 3)  # a real jump
    route("RU", "850760", [0.0] * 12, [30.0] * 3)  # from zero
    route("BY", "090111", [0.0, 50.0] * 6, [45.0] * 3)  # noisy: within its own history
    route("KG", "392690", [0.1] * 12, [0.5] * 3)  # five-fold, but on a tiny base
    return make_panel(rows)


def test_surges_ranked_robust_to_noise_and_small_bases(make_panel: Build, backend: Backend) -> None:
    s = surges(backend(surge_panel(make_panel)), floor=1.0).execute()
    assert list(s.hs) == ["847150", "850760"]
    first, second = s.iloc[0], s.iloc[1]
    assert (first["rank"], first.current, first.baseline, first.jump) == (1, 100.0, 10.0, 90.0)
    assert first.ratio == pytest.approx(101 / 11)
    assert not first.from_zero
    assert second.from_zero and second.ratio == pytest.approx(31.0)


def test_surges_all_rows_explain_why_the_others_are_not_surges(
    make_panel: Build, backend: Backend
) -> None:
    s = surges(backend(surge_panel(make_panel)), floor=1.0, all_rows=True).execute()
    by_hs = s.set_index("hs")
    noisy = by_hs.loc["090111"]
    assert noisy.baseline == 25.0 and noisy.baseline_max == 50.0 and not noisy.surge
    tiny = by_hs.loc["392690"]
    assert tiny.ratio == pytest.approx(1.5 / 1.1) and not tiny.surge


def mirror_panel(make_panel: Build) -> Panel:
    return make_panel(
        [
            {"reporter": "DE", "partner": "KG", "year": 2021, "value": 100.0},
            {"reporter": "DE", "partner": "KG", "year": 2022, "value": 200.0},
            {"reporter": "FR", "partner": "KG", "year": 2021, "value": 10.0},
            {"reporter": "KG", "partner": "DE", "flow": "import", "year": 2021, "value": 90.0},
            {"reporter": "KG", "partner": "DE", "flow": "import", "year": 2022, "value": 50.0},
            {"reporter": "KG", "partner": "CN", "flow": "import", "year": 2021, "value": 1000.0},
            {"reporter": "KG", "partner": "CN", "flow": "import", "year": 2022, "value": 10.0},
        ]
    )


def test_mirror_ratio_gap_and_collapsed_coverage(make_panel: Build, backend: Backend) -> None:
    m = mirror(backend(mirror_panel(make_panel))).execute()
    rows = {(r.exporter, r.importer, r.period): r for r in m.itertuples()}
    de21, de22 = rows["DE", "KG", "2021"], rows["DE", "KG", "2022"]
    assert (de21.export_reported, de21.import_reported, de21.ratio) == (100.0, 90.0, 0.9)
    assert de21.gap == -10.0 and de21.coverage == "ok"
    # KG's total imports fell from 1090 to 60: its figures collapsed, the gap is not evidence
    assert de22.ratio == 0.25 and de22.coverage == "collapsed"
    fr = rows["FR", "KG", "2021"]
    assert fr.import_reported != fr.import_reported and fr.coverage == "ok"  # NaN: not reported


def test_mirror_cif_fob_margin_is_taken_off_imports_and_stated(
    make_panel: Build, backend: Backend
) -> None:
    m = mirror(backend(mirror_panel(make_panel)), cif_fob=0.125).execute()
    de21 = m.set_index(["exporter", "period"]).loc[("DE", "2021")]
    assert de21.import_reported == 90.0 and de21.import_fob == 80.0
    assert de21.ratio == 0.8 and de21.gap == -20.0 and de21.cif_fob_margin == 0.125
    plain = mirror(backend(mirror_panel(make_panel))).execute()
    assert set(plain.cif_fob_margin) == {0.0}


def test_mirror_with_a_group_sums_members_on_both_sides(
    make_panel: Build, backend: Backend
) -> None:
    m = mirror(
        backend(mirror_panel(make_panel)), groups={"EU27": ["DE", "FR"]}, exporters=["EU27"]
    ).execute()
    eu21 = m.set_index("period").loc["2021"]
    assert (eu21.export_reported, eu21.import_reported) == (110.0, 90.0)
    assert eu21.ratio == pytest.approx(90 / 110)


def roundabout_panel(make_panel: Build) -> Panel:
    rows = []
    for hs, inflow, outflow in (
        ("847150", [10.0] * 12 + [50.0] * 12, [1.0] * 12 + [40.0] * 12),
        ("090111", [5.0] * 24, [0.0] * 24),
    ):
        for (y, m, v_in), (_, _, v_out) in zip(
            months(2021, 3, inflow), months(2021, 3, outflow), strict=True
        ):
            rows.append(
                {"reporter": "DE", "partner": "AM", "hs": hs, "year": y, "month": m, "value": v_in}
            )
            if v_out:
                rows.append(
                    {
                        "reporter": "AM",
                        "partner": "RU",
                        "hs": hs,
                        "year": y,
                        "month": m,
                        "value": v_out,
                    }
                )
    # outside both windows: ignored
    rows.append(
        {"reporter": "DE", "partner": "AM", "hs": "847150", "year": 2020, "month": 1, "value": 1e6}
    )
    return make_panel(rows)


def test_roundabout_table_before_and_after_a_date(make_panel: Build, backend: Backend) -> None:
    t = backend(roundabout_panel(make_panel))
    r = roundabout(t, third="AM", date=(2022, 3), controlled=["8471"]).execute().set_index("hs")
    laptops = r.loc["847150"]
    assert (laptops.inflow_before, laptops.inflow_after) == (120.0, 600.0)
    assert (laptops.outflow_before, laptops.outflow_after) == (12.0, 480.0)
    assert laptops.inflow_change == 480.0 and laptops.outflow_change == 468.0
    assert laptops.passthrough == 468.0 and laptops.controlled
    assert laptops.outflow_change_pct == pytest.approx(3900.0)
    coffee = r.loc["090111"]
    assert coffee.passthrough == 0.0 and not coffee.controlled
    assert list(r.index) == ["847150", "090111"]  # ranked by passthrough


def test_roundabout_restricted_to_controlled_goods_and_its_did(
    make_panel: Build, backend: Backend
) -> None:
    t = backend(roundabout_panel(make_panel))
    only = roundabout(t, third="AM", date=(2022, 3), controlled=["8471"], only_controlled=True)
    assert list(only.execute().hs) == ["847150"]
    full = roundabout(t, third="AM", date=(2022, 3), controlled=["8471"])
    did = roundabout_did(full).execute().set_index("controlled")
    assert did.loc[True, "inflow_growth_pct"] == pytest.approx(400.0)
    assert did.loc[False, "inflow_growth_pct"] == pytest.approx(0.0)
    assert did.loc[True, "did_inflow_pct"] == pytest.approx(400.0)


def test_price_index_month_and_year_changes(make_panel: Build, backend: Backend) -> None:
    panel = make_panel(
        [
            {
                "reporter": "KZ",
                "partner": "RU",
                "hs": "870323",
                "year": 2023,
                "month": 1,
                "value": 100.0,
                "qty": 10.0,
                "qty_unit": "u",
            },
            {
                "reporter": "KZ",
                "partner": "RU",
                "hs": "870323",
                "year": 2023,
                "month": 2,
                "value": 110.0,
                "qty": 10.0,
                "qty_unit": "u",
            },
            {
                "reporter": "KZ",
                "partner": "RU",
                "hs": "870323",
                "year": 2024,
                "month": 1,
                "value": 240.0,
                "qty": 20.0,
                "qty_unit": "u",
            },
            {
                "reporter": "KZ",
                "partner": "RU",
                "hs": "870323",
                "year": 2024,
                "month": 2,
                "value": 50.0,
                "qty": None,
                "qty_unit": None,
            },
        ]
    )
    i = price_index(backend(panel)).execute().set_index("period")
    assert list(i.index) == ["2023-01", "2023-02", "2024-01"]  # no quantity, no price
    assert i.loc["2023-02", "unit_price"] == 11.0
    assert i.loc["2023-02", "unit_price_mom_pct"] == pytest.approx(10.0)
    assert i.loc["2024-01", "unit_price_yoy_pct"] == pytest.approx(20.0)
    assert i.loc["2024-01", "qty_yoy_pct"] == pytest.approx(100.0)
    mom = i.loc["2024-01", "unit_price_mom_pct"]
    assert mom != mom  # NaN: December 2023 had no flow


def test_a_bare_year_as_the_split_means_its_january(make_panel: Build, backend: Backend) -> None:
    t = backend(surge_panel(make_panel))
    by_month = surges(t, floor=1.0, split=(2024, 1)).execute()
    by_year = surges(t, floor=1.0, split=(2024, 0)).execute()
    assert list(by_year.hs) == list(by_month.hs) == ["847150", "850760"]
