"""Channels as customs selectivity runs them: criteria first, then a random minimum per channel.

A declaration's alerts combine into one score, ``1 - prod(1 - weight x score)`` (independent
pieces of evidence add up, none can exceed 1), whose thresholds give the criteria channel.
Then a share of every channel is drawn at random - as ASYCUDA and ASTANA-1 do, so that
declarants cannot learn the criteria - from a hash of the declaration number: the draw is the
same every time the declaration is scored, on any path.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from tamga.risk.model import CHANNEL_RANK, CHANNELS


def combine(weighted: Iterable[tuple[float, float]]) -> float:
    """``weighted``: (weight, score) pairs of one declaration's alerts."""
    keep = 1.0
    for weight, score in weighted:
        keep *= 1.0 - max(0.0, min(1.0, weight * score))
    return round(1.0 - keep, 6)


def criteria_channel(score: float, selectivity: dict[str, Any]) -> str:
    if score >= float(selectivity["red_at"]):
        return "red"
    if score >= float(selectivity["yellow_at"]):
        return "yellow"
    return "green"


def draw(subject: str, salt: str) -> float:
    """A uniform number in [0, 1) fixed by the declaration number."""
    digest = hashlib.sha256(f"{salt}|{subject}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def random_channel(subject: str, selectivity: dict[str, Any]) -> str:
    rates = selectivity.get("random") or {}
    u = draw(subject, str(selectivity.get("salt", "")))
    red = float(rates.get("red", 0.0))
    if u < red:
        return "red"
    if u < red + float(rates.get("yellow", 0.0)):
        return "yellow"
    return "green"


def final_channel(subject: str, criteria: str | None, selectivity: dict[str, Any]) -> str:
    """The stricter of the criteria channel and the random draw."""
    drawn = random_channel(subject, selectivity)
    if criteria is None:
        return drawn
    return max(criteria, drawn, key=lambda c: CHANNEL_RANK[c])


def mix(channels: Iterable[str]) -> dict[str, float]:
    counts = dict.fromkeys(CHANNELS, 0)
    total = 0
    for c in channels:
        counts[c] += 1
        total += 1
    return {c: (counts[c] / total if total else 0.0) for c in CHANNELS}
