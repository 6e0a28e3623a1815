"""What a rule reports: an :class:`Alert`, identified by its rule and what it is about.

An alert's id is a hash of (rule, key), so the same finding made by the incremental path and by
a whole-ledger run is the same alert, and a re-run updates it instead of duplicating it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from tamga.risk.workflow import State

#: the analyst workflow's states (:class:`tamga.risk.workflow.State`)
STATES = tuple(s.value for s in State)
CHANNELS = ("green", "yellow", "red")
CHANNEL_RANK = {c: i for i, c in enumerate(CHANNELS)}


def alert_id(rule: str, key: str) -> str:
    digest = hashlib.blake2b(f"{rule}|{key}".encode(), digest_size=6).hexdigest()
    return f"AL-{digest.upper()}"


@dataclass
class Alert:
    """One finding of one rule. ``subject`` is the declaration (or transit) it is scored on."""

    rule: str
    key: str
    score: float
    title: str
    time: str
    subject: str
    subject_kind: str = "declaration"  # declaration | transit | holder
    declarations: list[str] = field(default_factory=list)
    event_ids: list[str] = field(default_factory=list)
    holders: list[str] = field(default_factory=list)
    transits: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)
    evidence: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return alert_id(self.rule, self.key)

    def content(self) -> dict[str, Any]:
        """What a rule decided (not workflow): compared between batch and incremental runs."""
        return {
            "id": self.id,
            "rule": self.rule,
            "score": round(self.score, 6),
            "title": self.title,
            "time": self.time,
            "subject": self.subject,
            "declarations": list(self.declarations),
            "event_ids": list(self.event_ids),
            "holders": list(self.holders),
            "transits": list(self.transits),
            "evidence": self.evidence,
        }


def uniq(items: Iterable[str | None]) -> list[str]:
    """Order-keeping de-duplication, dropping empties."""
    seen: dict[str, None] = {}
    for item in items:
        if item:
            seen.setdefault(item, None)
    return list(seen)
