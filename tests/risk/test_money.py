"""Values in several currencies are summed and compared in one, at the rate of their date."""

from __future__ import annotations

import random
from datetime import date, timedelta

from builders import T0, imp, line
from risk_support import Ingest, every_alert, only
from unseen_support import by_rule

#: a tenge halving against the dollar over a year: 400 KZT per USD, then 800 (working days)
RATES = [
    (
        (T0.date() + timedelta(days=i)).isoformat(),
        "USD",
        round(400.0 * 2 ** (i / 365), 4),
    )
    for i in range(-30, 400)
    if (T0.date() + timedelta(days=i)).weekday() < 5
]


def _usd_on(day: float) -> float:
    d = (T0 + timedelta(days=day)).date()
    return next(r for s, _c, r in reversed(RATES) if date.fromisoformat(s) <= d)


def test_a_month_paid_in_tenge_is_no_surge_of_a_holder_that_paid_in_dollars(
    risk_ledger: Ingest,
) -> None:
    events = [
        imp("sg", [line(hs="8450111000", qty=200, value=100_000.0, currency="USD")], 30 * m)
        for m in range(8)
    ]
    # the ninth month the same goods, the same dollar value, invoiced in tenge
    kzt = round(110_000.0 * _usd_on(30 * 8 + 2), 2)
    events.append(
        imp("sg", [line(hs="8450111000", qty=220, value=kzt, currency="KZT")], 30 * 8 + 2, "IM-KZT")
    )
    _, alerts = risk_ledger(events, every_alert(only("surge", subjects=["holder"])), rates=RATES)
    assert alerts.list() == []


def test_a_real_surge_is_measured_in_the_compared_currency(risk_ledger: Ingest) -> None:
    events = [
        imp("sg", [line(hs="8450111000", qty=200, value=100_000.0, currency="USD")], 30 * m)
        for m in range(8)
    ]
    kzt = round(1_500_000.0 * _usd_on(30 * 8 + 2), 2)
    events.append(
        imp("sg", [line(hs="8450111000", qty=3000, value=kzt, currency="KZT")], 30 * 8 + 2, "IM-X")
    )
    _, alerts = risk_ledger(events, every_alert(only("surge", subjects=["holder"])), rates=RATES)
    (alert,) = alerts.list()
    ev = alert["evidence"]
    assert alert["subject"] == "IM-X" and ev["measured_in"] == "USD"
    assert 1_400_000 < ev["month_value"] < 1_600_000 and ev["ratio"] > 10


def _history(rng: random.Random, n: int = 30) -> list[dict]:
    events = []
    for i in range(n):
        qty = rng.choice([10, 20, 50])
        uv = 100.0 * rng.lognormvariate(0, 0.1)
        events.append(imp("uv", [line(hs="8516500000", qty=qty, value=round(qty * uv, 2))], i * 10))
    return events


def test_a_unit_value_is_converted_at_its_dates_rate_not_a_fixed_one(risk_ledger: Ingest) -> None:
    rng = random.Random(3)
    events = _history(rng)  # about 100 USD a piece over ten months
    day = 330.0  # the tenge is near 750 per dollar by now
    rate = _usd_on(day)
    # 40,000 KZT a piece is 53 USD today (under-invoiced); at a fixed 476 KZT/USD it looked 84
    events.append(
        imp("uv", [line(hs="8516500000", qty=20, value=800_000.0, currency="KZT")], day, "IM-LOW")
    )
    # 75,000 KZT a piece is the norm today
    ok = round(20 * 100.0 * rate, 2)
    events.append(
        imp("uv", [line(hs="8516500000", qty=20, value=ok, currency="KZT")], day + 1, "IM-OK")
    )
    # the rule's finding, whatever its calibrated score (the queue's min_score is not tested)
    every = {**only("unit_value"), "calibration": {"min_score": 0}}
    _, alerts = risk_ledger(events, every, rates=RATES)
    found = by_rule(alerts.list(), "unit_value")
    assert set(found) == {"IM-LOW"}
    ln = found["IM-LOW"]["evidence"]["lines"][0]
    assert ln["compared_in"] == "USD" and ln["currency"] == "KZT"
    assert ln["conversion"].startswith("800,000 KZT = ")
    assert f"at {rate:,.6g} on " in ln["conversion"]


def test_a_currency_without_a_rate_is_judged_only_against_its_own(risk_ledger: Ingest) -> None:
    rng = random.Random(4)
    events = _history(rng)
    # dram: no rate loaded; 1,000 AMD a piece is nothing like 100 USD, but it is not compared
    events.append(
        imp("uv", [line(hs="8516500000", qty=20, value=20_000.0, currency="AMD")], 310, "IM-AMD")
    )
    _, alerts = risk_ledger(events, only("unit_value"), rates=RATES)
    assert alerts.list() == []
