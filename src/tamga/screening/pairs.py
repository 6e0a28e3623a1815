"""Labelled name pairs (match / no match) and precision-recall over them.

The quality benchmark and the quality test read the same file and count the same way, so the
figures the benchmark prints are the ones the test holds the matcher to.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from tamga.screening.model import ListedEntity, Party


@dataclass(frozen=True, slots=True)
class LabelledPair:
    same: bool
    category: str
    query: str
    query_country: str | None
    candidate: str
    candidate_schema: str
    candidate_country: str | None
    query_dob: str | None = None
    candidate_dob: str | None = None
    query_id: str | None = None
    candidate_id: str | None = None

    def party(self) -> Party:
        return Party(
            name=self.query,
            country=self.query_country,
            identifiers=(self.query_id,) if self.query_id else (),
            birth_date=self.query_dob,
        )

    def entity(self) -> ListedEntity:
        countries = (self.candidate_country,) if self.candidate_country else ()
        return ListedEntity(
            entity_id="candidate",
            schema=self.candidate_schema,
            names=(self.candidate,),
            countries=countries,
            identifiers=(self.candidate_id,) if self.candidate_id else (),
            birth_dates=(self.candidate_dob,) if self.candidate_dob else (),
        )


def read_pairs(path: Path) -> list[LabelledPair]:
    """Columns ``label,category,query,query_country,candidate,candidate_schema,
    candidate_country`` and optionally ``query_dob,candidate_dob,query_id,candidate_id``."""
    with path.open(newline="", encoding="utf-8") as fh:
        return [
            LabelledPair(
                same=row["label"] == "1",
                category=row["category"],
                query=row["query"],
                query_country=row["query_country"] or None,
                candidate=row["candidate"],
                candidate_schema=row["candidate_schema"] or "LegalEntity",
                candidate_country=row["candidate_country"] or None,
                query_dob=row.get("query_dob") or None,
                candidate_dob=row.get("candidate_dob") or None,
                query_id=row.get("query_id") or None,
                candidate_id=row.get("candidate_id") or None,
            )
            for row in csv.DictReader(fh)
        ]


@dataclass(frozen=True, slots=True)
class Quality:
    true_pos: int
    false_pos: int
    false_neg: int
    true_neg: int

    @property
    def precision(self) -> float:
        found = self.true_pos + self.false_pos
        return self.true_pos / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_pos + self.false_neg
        return self.true_pos / wanted if wanted else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def measure(
    pairs: Iterable[LabelledPair], score: Callable[[LabelledPair], float], threshold: float
) -> tuple[Quality, list[tuple[LabelledPair, float]]]:
    """Counts at ``threshold`` and the pairs decided wrongly (with their scores)."""
    tp = fp = fn = tn = 0
    wrong: list[tuple[LabelledPair, float]] = []
    for pair in pairs:
        value = score(pair)
        hit = value >= threshold
        if hit and pair.same:
            tp += 1
        elif hit:
            fp += 1
            wrong.append((pair, value))
        elif pair.same:
            fn += 1
            wrong.append((pair, value))
        else:
            tn += 1
    return Quality(tp, fp, fn, tn), wrong
