"""The loaders on the real files in ../shared/data/trade, against the README's known answers."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tamga.stats import growth, load_file, mirror, price_index
from tamga.stats.countries import GROUPS
from tamga.stats.panel import Panel
from tamga.stats.sources.detect import detect_format
from tamga.stats.sources.text import read_text

SHARED_TRADE = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "trade"
COMTRADE = SHARED_TRADE / "armenia-comtrade"
EUROSTAT = SHARED_TRADE / "eurostat-eu-cca"

pytestmark = pytest.mark.skipif(
    not SHARED_TRADE.is_dir(), reason=f"{SHARED_TRADE} is absent; it holds the real trade files"
)


@pytest.fixture(scope="module")
def panel(tmp_path_factory: pytest.TempPathFactory) -> Panel:
    p = Panel("real", root=tmp_path_factory.mktemp("stats"))
    for f in sorted(COMTRADE.glob("comtrade_*.csv")) + sorted(EUROSTAT.glob("*.csv")):
        load_file(f, p)
    return p


def by_year(frame: pd.DataFrame) -> dict[int, float]:
    return {int(y): round(v / 1e6, 1) for y, v in zip(frame.year, frame.value, strict=True)}


def test_formats_are_told_from_headers() -> None:
    assert detect_format(COMTRADE / "comtrade_armenia_hs8703_monthly_2017-2023.csv") == "comtrade"
    assert detect_format(EUROSTAT / "eu27_exports_by_partner_annual_2018-2023.csv") == "eurostat"


def test_bom_and_a_latin1_byte_inside_utf8_are_read(tmp_path: Path) -> None:
    path = COMTRADE / "comtrade_armenia_hs851713_monthly_2022-2024.csv"
    text = read_text(path)
    assert text.startswith('"year"') and "Curaçao" in text
    panel = Panel("phones", root=tmp_path)
    summary = load_file(path, panel)
    assert "CW" in set(panel.table().execute().partner) and not summary.unmapped
    assert summary.refused == 0


def test_mixed_hs4_and_hs6_rows_are_summed_on_leaves(panel: Panel) -> None:
    g = growth(
        panel.table(),
        by=["reporter", "partner"],
        reporters=["AM"],
        partners=["RU"],
        flows=["export"],
        hs_prefixes=["8703"],
    ).execute()
    assert {k: v for k, v in by_year(g).items() if k >= 2021} == {
        2021: 3.5,
        2022: 236.8,
        2023: 354.0,
    }


def test_armenia_car_imports_from_all_partners(panel: Panel) -> None:
    g = growth(
        panel.table(), by=["reporter"], reporters=["AM"], flows=["import"], hs_prefixes=["8703"]
    ).execute()
    assert {k: v for k, v in by_year(g).items() if k >= 2021} == {
        2021: 104.6,
        2022: 599.5,
        2023: 996.9,
    }


def test_hs4_only_file_counts_its_hs4_rows(panel: Panel) -> None:
    g = growth(
        panel.table(),
        by=["reporter", "partner"],
        reporters=["GE"],
        partners=["RU"],
        flows=["export"],
        hs_prefixes=["8703"],
    ).execute()
    assert by_year(g) == {2021: 17.3, 2022: 75.7, 2023: 67.1}


def test_smartphone_values_and_units(panel: Panel) -> None:
    i = price_index(
        panel.table(),
        by=["reporter", "partner", "hs"],
        freq="year",
        reporters=["AM"],
        partners=["RU"],
        flows=["export"],
        hs_prefixes=["851713"],
    ).execute()
    got = {int(r.year): (round(r.value / 1e6, 1), int(r.qty)) for r in i.itertuples()}
    assert got[2022] == (213.4, 423_377) and got[2023] == (462.2, 1_365_577)


@pytest.mark.parametrize(
    ("partner", "expected"),
    [
        ("KG", {2021: 263.2, 2022: 1170.9, 2023: 2733.8}),
        ("KZ", {2021: 5487.1, 2022: 10347.7, 2023: 12110.1}),
        ("AM", {2021: 757.4, 2022: 1885.6, 2023: 2161.7}),
        ("RU", {2021: 89169.3, 2022: 55008.1, 2023: 38181.7}),
    ],
)
def test_eu27_exports_members_sum_to_the_aggregate_without_double_counting(
    panel: Panel, partner: str, expected: dict[int, float]
) -> None:
    t = panel.table()
    members = growth(
        t, by=["partner"], partners=[partner], flows=["export"], hs_prefixes=None
    ).execute()
    members = members[members.currency == "EUR"]
    aggregate = growth(
        t, by=["reporter", "partner"], reporters=["EU27"], partners=[partner], flows=["export"]
    ).execute()
    for frame in (members, aggregate):
        got = {k: v for k, v in by_year(frame).items() if k in expected}
        assert got == expected


@pytest.mark.parametrize(
    ("importer", "ratios"),
    [("KG", {2021: 0.93, 2022: 0.43, 2023: 0.33}), ("KZ", {2021: 0.87, 2022: 0.70, 2023: 0.80})],
)
def test_mirror_ratio_of_partner_imports_to_eu_exports(
    panel: Panel, importer: str, ratios: dict[int, float]
) -> None:
    m = mirror(
        panel.table(), groups={"EU27": GROUPS["EU27"]}, exporters=["EU27"], importers=[importer]
    ).execute()
    got = {int(r.year): round(r.ratio, 2) for r in m.itertuples() if r.year in ratios}
    assert got == ratios
    assert set(m[m.year.isin(list(ratios))].coverage) == {"ok"}


def test_armenia_2023_is_flagged_as_missing_coverage_not_evasion(panel: Panel) -> None:
    m = mirror(
        panel.table(), groups={"EU27": GROUPS["EU27"]}, exporters=["EU27"], importers=["AM"]
    ).execute()
    eur = m[m.currency == "EUR"].set_index("year")
    assert eur.loc[2022, "coverage"] == "ok"
    assert eur.loc[2023, "coverage"] == "collapsed"
    assert eur.loc[2023, "ratio"] < 0.2
