"""A third, independent evaluation world for tamga's customs risk rules: the final holdout."""

from __future__ import annotations

from pathlib import Path


def generate(seed: int, events: int, out: Path) -> Path:
    """Write the world for ``seed`` into ``out`` (about ``events`` events); the ledger's path."""
    from benchmarks.worlds.third.build import generate as _generate

    return _generate(seed, events, out)
