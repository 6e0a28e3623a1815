"""What a panel holds: one record per load (its source, content hash, coverage and refusals).

The manifest is the panel's table of contents: analyses read only the parts it lists, so a part
written by a load that died before recording itself is never counted. It is a JSON file written
whole to a temporary name and renamed, under a lock held for the length of a load, so two loads
into one panel never interleave.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import orjson

MANIFEST = "manifest.json"


@dataclass
class Refusal:
    """A row a loader could not accept: where it is and why."""

    file: str
    line: int | None
    column: str | None
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return (
            f"{where}: column {self.column}: {self.reason}"
            if self.column
            else f"{where}: {self.reason}"
        )


@dataclass
class LoadRecord:
    """One load into a panel (one Parquet part), with what it covers."""

    part: str
    source: str  # comtrade, baci, eurostat, ledger, test...
    origin: str  # the file name or the ledger's URL (password removed)
    sha256: str  # of the file's bytes (of the rows for the ledger)
    loaded_at: str
    rows: int
    reporters: list[str] = field(default_factory=list)
    partners: int = 0
    flows: list[str] = field(default_factory=list)
    first_period: str = ""
    last_period: str = ""
    hs_lengths: list[int] = field(default_factory=list)
    refused: int = 0
    refusals: list[dict[str, Any]] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)  # parts this load superseded (in part)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LoadRecord:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


class Manifest:
    """The list of loads of one panel directory."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.path = directory / MANIFEST

    def read(self) -> list[LoadRecord]:
        if not self.path.exists():
            return self._adopt_legacy_parts()
        data = orjson.loads(self.path.read_bytes())
        return [LoadRecord.from_json(r) for r in data.get("loads", [])]

    def write(self, records: list[LoadRecord]) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".json.tmp")
        body = {"version": 1, "loads": [asdict(r) for r in records]}
        tmp.write_bytes(orjson.dumps(body, option=orjson.OPT_INDENT_2))
        os.replace(tmp, self.path)

    def _adopt_legacy_parts(self) -> list[LoadRecord]:
        """Parts written before panels had a manifest: listed as loads of unknown origin."""
        if not self.directory.is_dir():
            return []
        return [
            LoadRecord(p.name, "unknown", "(loaded before manifests)", "", "", -1)
            for p in sorted(self.directory.glob("part-*.parquet"))
        ]

    @contextmanager
    def locked(self) -> Iterator[None]:
        """An exclusive lock on the panel for the length of a load."""
        self.directory.mkdir(parents=True, exist_ok=True)
        with (self.directory / ".lock").open("w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
