"""A month the whole market has is no surge of one trader: the line moves up by the rise of
everybody else's trade in the heading."""

from __future__ import annotations

from typing import Any

from builders import imp, line
from risk_support import Ingest, every_alert, only
from unseen_support import by_rule


def _months(holder: str, months: int, value: float, first: float = 0) -> list[dict[str, Any]]:
    return [
        imp(holder, [line(hs="8517130000", qty=100, value=value, currency="USD")], first + 30 * m)
        for m in range(months)
    ]


def test_a_season_the_whole_market_has_is_no_surge(risk_ledger: Ingest) -> None:
    events = _months("trader", 8, 100_000.0)
    for other in ("o1", "o2", "o3", "o4"):
        events += _months(other, 8, 300_000.0, first=1)
    # month 8: everybody imports twelve times their usual month (the season), then the trader
    for other in ("o1", "o2", "o3", "o4"):
        events.append(
            imp(other, [line(hs="8517130000", qty=100, value=3_600_000.0, currency="USD")], 241)
        )
    events.append(
        imp(
            "trader",
            [line(hs="8517130000", qty=100, value=1_200_000.0, currency="USD")],
            243,
            "IM-SEASON",
        )
    )
    events.sort(key=lambda e: e["time"])
    _, alerts = risk_ledger(events, every_alert(only("surge", subjects=["holder"])))
    found = by_rule(alerts.list(), "surge")
    assert "IM-SEASON" not in found


def test_the_same_jump_in_a_flat_market_is_a_surge(risk_ledger: Ingest) -> None:
    events = _months("trader", 8, 100_000.0)
    for other in ("o1", "o2", "o3", "o4"):
        events += _months(other, 9, 300_000.0, first=1)
    events.append(
        imp(
            "trader",
            [line(hs="8517130000", qty=100, value=1_200_000.0, currency="USD")],
            243,
            "IM-JUMP",
        )
    )
    events.sort(key=lambda e: e["time"])
    _, alerts = risk_ledger(events, every_alert(only("surge", subjects=["holder"])))
    found = by_rule(alerts.list(), "surge")
    assert found["IM-JUMP"]["evidence"]["market_rise"] == 1.0
