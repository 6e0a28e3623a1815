"""What the lists tests share besides fixtures."""

from __future__ import annotations

from datetime import UTC, date, datetime

from tamga.lists.model import Entry

#: "now" for every recorded step in these tests: after the shipped lists' last amendment
NOW = datetime(2024, 5, 1, 9, 30, tzinfo=UTC)


def by_version(entry: Entry) -> tuple[str, date, date]:
    """A stable order for entry versions (``repr`` is not: it shows sets in hash order)."""
    return (entry.entry_id, entry.valid_from or date.min, entry.valid_to or date.max)
