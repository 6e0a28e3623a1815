"""What an inspection or a review found on a declaration: the labels the model learns from.

An outcome is recorded per declaration and source: the national system's results (``tamga
outcomes load FILE``), the analysts' workflow (an alert confirmed or closed as a false
positive) or a replay. ``random`` says the declaration was chosen at random (exploration):
those outcomes are an unbiased sample of all declarations, the others are not.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from tamga.errors import InvalidInput

#: lanes an inspection can come from (green is released without one)
INSPECTION_LANES = ("red", "yellow", "blue")
SOURCES = ("file", "workflow", "replay")
_TRUE = frozenset({"1", "true", "yes", "y", "found", "t"})
_FALSE = frozenset({"0", "false", "no", "n", "not_found", "not found", "f"})
#: the CSV columns; the first four are required
COLUMNS = (
    "declaration_no",
    "found",
    "inspector",
    "at",
    "offence",
    "value",
    "lane",
    "random",
    "reference",
)
REQUIRED = COLUMNS[:4]


@dataclass(frozen=True)
class Outcome:
    """One declaration's inspection or review result."""

    declaration_no: str
    found: bool
    inspector: str
    #: when the result was recorded (ISO date or date-time)
    at: str
    source: str = "file"
    #: the kind of offence found (free text of the national system: ``undervaluation``, ...)
    offence: str | None = None
    #: revenue assessed or value seized, in the ledger's base currency
    value: float | None = None
    lane: str | None = None
    random: bool = False
    #: the alert or national case number the result answers, if any
    reference: str | None = None


@dataclass(frozen=True)
class Refusal:
    """A row that was not accepted, with its line and field."""

    line: int
    field: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}, field {self.field}: {self.reason}"


def parse_bool(text: str, field: str, line: int) -> bool:
    low = text.strip().lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    raise InvalidInput(
        f"{text!r} is not yes/no (true/false, 1/0, found/not_found)",
        record=f"line {line}",
        field=field,
    )


def parse_when(text: str, line: int) -> str:
    """An ISO date or date-time, kept as written (normalised)."""
    raw = text.strip()
    try:
        if len(raw) == 10:
            return date.fromisoformat(raw).isoformat()
        return datetime.fromisoformat(raw).isoformat()
    except ValueError:
        raise InvalidInput(
            f"{raw!r} is not an ISO date (YYYY-MM-DD) or date-time",
            record=f"line {line}",
            field="at",
        ) from None


def parse_row(row: dict[str, str | None], line: int) -> Outcome:
    """One CSV row as an outcome; ``InvalidInput`` names the line and the field."""

    def cell(name: str) -> str:
        return (row.get(name) or "").strip()

    for name in REQUIRED:
        if not cell(name):
            raise InvalidInput("is required", record=f"line {line}", field=name)
    value: float | None = None
    if cell("value"):
        try:
            value = float(cell("value").replace(",", ""))
        except ValueError:
            raise InvalidInput(
                f"{cell('value')!r} is not a number", record=f"line {line}", field="value"
            ) from None
        if not math.isfinite(value) or value < 0:
            raise InvalidInput("must be a finite number >= 0", record=f"line {line}", field="value")
    lane = cell("lane").lower() or None
    if lane is not None and lane not in INSPECTION_LANES:
        raise InvalidInput(
            f"{lane!r} is not one of {', '.join(INSPECTION_LANES)}",
            record=f"line {line}",
            field="lane",
        )
    found = parse_bool(cell("found"), "found", line)
    if len(cell("declaration_no")) > 120:
        raise InvalidInput(
            "is longer than 120 characters", record=f"line {line}", field="declaration_no"
        )
    return Outcome(
        declaration_no=cell("declaration_no"),
        found=found,
        inspector=cell("inspector")[:200],
        at=parse_when(cell("at"), line),
        source="file",
        offence=(cell("offence")[:60] or None) if found else None,
        value=value,
        lane=lane,
        random=parse_bool(cell("random"), "random", line) if cell("random") else False,
        reference=cell("reference")[:200] or None,
    )


def stored_outcome(row: Any) -> Outcome:
    """An outcome as the store holds it (a row of ``selectivity_outcomes``)."""
    return Outcome(
        declaration_no=row.declaration_no,
        found=bool(row.found),
        inspector=row.inspector,
        at=row.at,
        source=row.source,
        offence=row.offence,
        value=row.value,
        lane=row.lane,
        random=bool(row.random),
        reference=row.reference,
    )


def read_csv(text: str) -> tuple[list[Outcome], list[Refusal]]:
    """Every good row of a results file, and every refused one with its line and field.

    A declaration given twice keeps its last row (a later correction); a refused row loses
    nothing of the others. Unknown columns are refused before any row is read.
    """
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InvalidInput(
            f"missing column(s) {', '.join(missing)}; the columns are {', '.join(COLUMNS)}",
            record="line 1",
            field=missing[0],
        )
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        raise InvalidInput(
            f"unknown column(s) {', '.join(unknown)}; the columns are {', '.join(COLUMNS)}",
            record="line 1",
            field=unknown[0],
        )
    reader.fieldnames = header
    kept: dict[str, Outcome] = {}
    refused: list[Refusal] = []
    for row in reader:
        line = reader.line_num
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        if None in row:  # more cells than columns
            refused.append(Refusal(line, "(row)", "more cells than the header has columns"))
            continue
        try:
            outcome = parse_row(row, line)
        except InvalidInput as exc:
            refused.append(Refusal(line, exc.field or "(row)", exc.reason))
            continue
        kept[outcome.declaration_no] = outcome
    return list(kept.values()), refused


def labels_of(outcomes: Iterable[Outcome]) -> dict[str, Outcome]:
    """One outcome per declaration: the national system's result over the workflow's (the
    analyst's confirm is an opinion, the inspection a fact), the latest within a source."""
    rank = {"file": 2, "replay": 1, "workflow": 0}
    best: dict[str, Outcome] = {}
    for o in outcomes:
        cur = best.get(o.declaration_no)
        if cur is None or (rank.get(o.source, 0), o.at) >= (rank.get(cur.source, 0), cur.at):
            best[o.declaration_no] = o
    return best
