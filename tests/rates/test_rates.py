"""Rates: a ``date,currency,rate`` file against a base, the rate of a date, conversion stated."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tamga.errors import InvalidInput
from tamga.rates import RatesTable, convert, read_rates
from tamga.rates.parsing import RateRow
from tamga.rates.store import RatesStore
from tamga.store.database import connect


def _csv(tmp_path: Path, body: str, name: str = "rates.csv") -> Path:
    path = tmp_path / name
    path.write_text("date,currency,rate\n" + body, encoding="utf-8")
    return path


def test_a_value_is_converted_at_its_dates_rate_and_the_evidence_says_so() -> None:
    table = RatesTable("KZT", [RateRow(date(2024, 5, 14), "USD", 507.4)])
    conv = convert(168_000_000, "KZT", "USD", date(2024, 5, 14), table)
    assert conv.value == pytest.approx(168_000_000 / 507.4)
    assert conv.text() == "168,000,000 KZT = 331,100 USD at 507.4 on 2024-05-14"
    back = convert(331_000, "USD", "KZT", date(2024, 5, 14), table)
    assert back.value == pytest.approx(331_000 * 507.4)
    assert back.text() == "331,000 USD = 167,949,400 KZT at 507.4 on 2024-05-14"


def test_the_latest_rate_on_or_before_the_date_within_the_staleness() -> None:
    rows = [RateRow(date(2024, 5, 10), "USD", 440.0), RateRow(date(2024, 5, 13), "USD", 445.0)]
    table = RatesTable("KZT", rows)
    assert table.rate("USD", date(2024, 5, 12)) == (440.0, date(2024, 5, 10))  # the weekend
    assert table.rate("USD", date(2024, 5, 13)) == (445.0, date(2024, 5, 13))
    assert table.rate("USD", date(2024, 5, 9)) is None  # nothing before
    assert table.rate("USD", date(2024, 5, 23)) == (445.0, date(2024, 5, 13))
    assert table.rate("USD", date(2024, 5, 24)) is None  # older than 10 days: stale


def test_a_currency_without_a_rate_is_not_converted_and_the_evidence_says_so() -> None:
    table = RatesTable("KZT", [RateRow(date(2024, 5, 14), "USD", 507.4)])
    conv = convert(1_000_000, "AMD", "USD", date(2024, 5, 14), table, {"AMD": 0.0025})
    assert conv.value is None and not conv.converted
    assert conv.text() == "1,000,000 AMD: no rate for AMD, not compared with other currencies"
    # configured approximations stand in only where no rates are loaded at all
    approx = convert(1_000_000, "AMD", "USD", date(2024, 5, 14), None, {"AMD": 0.0025, "USD": 1})
    assert approx.value == pytest.approx(2_500) and "approximate" in approx.text()


def test_cross_rates_go_through_the_base() -> None:
    d = date(2022, 3, 1)
    table = RatesTable("KZT", [RateRow(d, "USD", 500.0), RateRow(d, "EUR", 550.0)])
    assert convert(100, "EUR", "USD", d, table).value == pytest.approx(110.0)


@given(
    st.floats(min_value=0.01, max_value=1e12),
    st.floats(min_value=1e-4, max_value=1e4),
    st.floats(min_value=1e-4, max_value=1e4),
)
def test_a_round_trip_between_currencies_returns_the_value(
    value: float, usd: float, eur: float
) -> None:
    d = date(2023, 1, 2)
    table = RatesTable("KZT", [RateRow(d, "USD", usd), RateRow(d, "EUR", eur)])
    there = convert(value, "EUR", "USD", d, table)
    assert there.value is not None
    back = convert(there.value, "USD", "EUR", d, table)
    assert back.value == pytest.approx(value, rel=1e-9)


@pytest.mark.parametrize(
    ("row", "field"),
    [
        ("2024-13-01,USD,500", "date"),
        ("2024-05-14,US,500", "currency"),
        ("2024-05-14,USD,abc", "rate"),
        ("2024-05-14,USD,0", "rate"),
        ("2024-05-14,USD,-3.5", "rate"),
        ("2024-05-14,USD,nan", "rate"),
        ("2024-05-14,USD", "row"),
        ("2024-05-14,KZT,2", "rate"),
        ("2024-05-13,USD,500", "date"),  # the same day twice
    ],
)
def test_a_bad_row_names_file_line_and_field(tmp_path: Path, row: str, field: str) -> None:
    path = _csv(tmp_path, f"2024-05-13,USD,499.1\n2024-05-13,EUR,540\n{row}\n")
    with pytest.raises(InvalidInput) as err:
        read_rates(path, "KZT")
    assert err.value.field == field
    assert err.value.record == "rates.csv line 4"


def test_a_wrong_header_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("day,ccy,value\n2024-05-13,USD,500\n")
    with pytest.raises(InvalidInput) as err:
        read_rates(path, "KZT")
    assert err.value.field == "header"


def test_load_is_whole_or_nothing_and_idempotent(store_url: str, tmp_path: Path) -> None:
    store = RatesStore(connect(store_url))
    assert store.table() is None
    days = [date(2022, 1, 3) + timedelta(days=i) for i in range(5)]
    good = _csv(tmp_path, "".join(f"{d},USD,{430 + i}\n" for i, d in enumerate(days)))
    first = store.load_file(good, "KZT")
    assert (first.rows, first.added, first.changed) == (5, 5, 0)
    rev = store.revision()
    again = store.load_file(good, "KZT")
    assert (again.added, again.changed) == (0, 0)
    assert store.revision() == rev  # nothing moved: the risk runtime rebuilds nothing
    bad = _csv(tmp_path, "2022-02-01,EUR,480\n2022-02-02,EUR,-1\n", "bad.csv")
    with pytest.raises(InvalidInput) as err:
        store.load_file(bad, "KZT")
    assert err.value.record == "bad.csv line 3" and err.value.field == "rate"
    table = store.table()
    assert table is not None and table.currencies == ["USD"] and len(table) == 5
    fixed = _csv(tmp_path, "2022-01-03,USD,431.5\n", "fixed.csv")
    assert store.load_file(fixed, "KZT").changed == 1
    table = store.table()
    assert table is not None and table.rate("USD", date(2022, 1, 3)) == (431.5, date(2022, 1, 3))
    assert store.revision() != rev
