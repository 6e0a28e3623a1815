"""One currency: EUR, USD and KZT rows converted at average rates, never mixed without a rate."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from tests_stats_support import rows_frame
from typer.testing import CliRunner

from tamga.cli.main import app
from tamga.stats import growth
from tamga.stats.currency import RateTable, convert
from tamga.stats.panel import Panel


@pytest.fixture(scope="module")
def ecb() -> RateTable:
    return RateTable.ecb()


def test_annual_and_monthly_factors_are_averages_of_the_ecb_daily_rates(ecb: RateTable) -> None:
    from currency_converter import CurrencyConverter, RateNotFoundError

    c = CurrencyConverter()
    daily = []
    for d in (date(2021, 3, 1) + timedelta(n) for n in range(31)):
        try:
            daily.append(c.convert(1, "EUR", "USD", d))
        except RateNotFoundError:  # weekends and TARGET holidays have no rate
            continue
    assert len(daily) == 23
    f = ecb.factors("USD").set_index(["currency", "year", "month"]).factor
    assert f[("EUR", 2021, 3)] == pytest.approx(sum(daily) / len(daily), rel=1e-9)
    assert f[("USD", 2021, 0)] == 1.0
    assert 1.18 < f[("EUR", 2021, 0)] < 1.19


def panel_of(tmp_path: Path) -> Panel:
    rows = [
        {"reporter": "DE", "partner": "KZ", "year": 2021, "month": 3, "value": 100.0,
         "currency": "EUR"},
        {"reporter": "US", "partner": "KZ", "year": 2021, "month": 3, "value": 50.0,
         "currency": "USD"},
        {"reporter": "KZ", "partner": "CN", "year": 2021, "month": 3, "value": 4_200.0,
         "currency": "KZT"},
    ]  # fmt: skip
    panel = Panel("fx", root=tmp_path)
    panel.add_frame(rows_frame(rows), "test")
    return panel


def test_converted_rows_share_one_currency_and_a_row_without_rate_keeps_its_own(
    tmp_path: Path, ecb: RateTable
) -> None:
    t = convert(panel_of(tmp_path).table(), ecb, "USD")
    g = growth(t, by=["reporter"], freq="month").execute().set_index("reporter")
    eur_usd = ecb.factors("USD").set_index(["currency", "year", "month"]).factor[("EUR", 2021, 3)]
    assert g.loc["DE", "value"] == pytest.approx(100.0 * eur_usd)
    assert g.loc["US", "value"] == 50.0
    assert (g.loc["DE", "currency"], g.loc["US", "currency"]) == ("USD", "USD")
    # the ECB publishes no KZT: the row stays in KZT, so no sum ever adds it to dollars
    assert (g.loc["KZ", "currency"], g.loc["KZ", "value"]) == ("KZT", 4_200.0)


def test_a_user_rates_table_ties_kzt_to_the_euro_through_the_same_days_usd_rate(
    tmp_path: Path, ecb: RateTable
) -> None:
    rates = tmp_path / "rates.csv"
    lines = ["date,currency,rate"]
    for d in range(1, 32):
        lines.append(f"2021-03-{d:02d},USD,420")  # 420 KZT per dollar all month
    rates.write_text("\n".join(lines) + "\n", encoding="utf-8")
    table = RateTable.from_csv(rates, ecb=ecb)
    assert "rates.csv" in table.source and "ECB" in table.source
    t = convert(panel_of(tmp_path).table(), table, "USD")
    g = growth(t, by=["reporter"], freq="month").execute().set_index("reporter")
    assert g.loc["KZ", "currency"] == "USD"
    assert g.loc["KZ", "value"] == pytest.approx(4_200.0 / 420, rel=1e-9)


def test_a_rates_file_with_a_bad_line_is_refused_naming_it(tmp_path: Path, ecb: RateTable) -> None:
    from tamga.errors import InvalidInput

    rates = tmp_path / "rates.csv"
    rates.write_text("date,currency,rate\n2021-03-01,USD,420\n2021-03-02,USD,abc\n")
    with pytest.raises(InvalidInput, match=r"rates.csv:3"):
        RateTable.from_csv(rates, ecb=ecb)


def test_every_cli_output_names_its_rate_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TAMGA_STATS_DIR", str(tmp_path))
    panel_of(tmp_path)
    runner = CliRunner()
    plain = runner.invoke(app, ["stats", "growth", "--panel", "fx", "--freq", "month", "--json"])
    assert plain.exit_code == 0, plain.output
    assert {r["rate_source"] for r in json.loads(plain.stdout)} == {"as reported (no conversion)"}
    usd = runner.invoke(
        app, ["stats", "growth", "--panel", "fx", "--freq", "month", "--currency", "USD", "--json"]
    )
    assert usd.exit_code == 0, usd.output
    rows = json.loads(usd.stdout)
    assert all("ECB euro reference rates" in r["rate_source"] for r in rows)
    assert {r["currency"] for r in rows} == {"USD", "KZT"}
    assert "no rate for KZT" in " ".join(usd.stderr.split())
