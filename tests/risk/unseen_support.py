"""What the unseen-case tests share: a richer list than conftest's, and event helpers that
state the fields the simulator never varies (no origin on a line, other currencies, hours)."""

from __future__ import annotations

from datetime import date
from typing import Any

from tamga.lists.checker import GoodsChecker
from tamga.lists.model import Effect, Entry, GoodsList

RU_BY = frozenset({"RU", "BY"})


def examiner_checker() -> GoodsChecker:
    """Entries at 4, 6 and 10 digits (TN VED), as a customs list names them."""
    entries = (
        Entry(
            "x-8542",
            Effect.CONTROLLED,
            hs_prefixes=("8542",),
            destinations=RU_BY,
            valid_from=date(2020, 1, 1),
        ),
        Entry(
            "x-8482105000",
            Effect.CONTROLLED,
            hs_prefixes=("8482105000",),
            destinations=RU_BY,
            valid_from=date(2020, 1, 1),
        ),
        Entry(
            "x-852692",
            Effect.CONTROLLED,
            hs_prefixes=("852692",),
            destinations=RU_BY,
            valid_from=date(2020, 1, 1),
        ),
        Entry(
            "x-ban-8803",
            Effect.EXPORT_BAN,
            hs_prefixes=("880330",),
            destinations=frozenset({"RU"}),
            valid_from=date(2020, 1, 1),
        ),
    )
    return GoodsChecker([GoodsList(name="examiner-list", entries=entries)])


def without_origin(event: dict[str, Any]) -> dict[str, Any]:
    """An import whose lines state no origin (only the dispatch country and consignor)."""
    for ln in event["lines"]:
        ln.pop("origin_country", None)
    return event


def by_rule(alerts: list[dict[str, Any]], rule: str) -> dict[str, dict[str, Any]]:
    """A rule's alerts by subject."""
    return {a["subject"]: a for a in alerts if a["rule"] == rule}
