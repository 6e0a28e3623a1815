"""What the lists tests share besides fixtures."""

from __future__ import annotations

from datetime import UTC, datetime

#: "now" for every recorded step in these tests: after the shipped lists' last amendment
NOW = datetime(2024, 5, 1, 9, 30, tzinfo=UTC)
