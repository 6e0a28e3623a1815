"""The screening call the CLI and the risk engine use: a party in, scored matches out."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from tamga.errors import InvalidInput
from tamga.screening.decisions import DecisionBook, referents_of
from tamga.screening.index import EntityIndex
from tamga.screening.loading import load_path
from tamga.screening.model import ListedEntity, Match, Party
from tamga.screening.names import analyze
from tamga.screening.scoring import DEFAULT_THRESHOLD, score_entity

_WORKER_SCREENER: Screener | None = None  # set in forked batch workers


class Screener:
    """Screens parties against an in-memory index of listed entities; no database needed."""

    def __init__(
        self,
        index: EntityIndex,
        threshold: float = DEFAULT_THRESHOLD,
        decisions: DecisionBook | None = None,
        list_version: dict[str, Any] | None = None,
    ) -> None:
        self.index = index
        self.threshold = threshold
        self.decisions = decisions if decisions is not None else DecisionBook()
        self.list_version: dict[str, Any] = list_version or {}
        self.referents = referents_of(index.entities)

    @classmethod
    def from_entities(
        cls,
        entities: Iterable[ListedEntity],
        threshold: float = DEFAULT_THRESHOLD,
        decisions: DecisionBook | None = None,
        list_version: dict[str, Any] | None = None,
    ) -> Screener:
        return cls(EntityIndex(entities), threshold, decisions, list_version)

    @classmethod
    def from_files(
        cls, paths: Sequence[Path | str], threshold: float = DEFAULT_THRESHOLD
    ) -> Screener:
        """Index entity files (FtM JSON lines, deltas applied in file order, or CSV)."""
        entities: dict[str, ListedEntity] = {}
        for path in paths:
            for op, entity in load_path(Path(path)):
                if op == "DEL":
                    entities.pop(entity.entity_id, None)
                else:
                    entities[entity.entity_id] = entity
        return cls.from_entities(entities.values(), threshold)

    def __len__(self) -> int:
        return len(self.index)

    def screen(
        self,
        name: str,
        country: str | None = None,
        identifiers: Sequence[str] = (),
        threshold: float | None = None,
        limit: int = 10,
        address: str | None = None,
    ) -> list[Match]:
        """Matches at or above ``threshold`` (default: the screener's), best first."""
        party = Party(name, country=country, identifiers=tuple(identifiers), address=address)
        return self.screen_party(party, threshold, limit)

    def screen_party(
        self,
        party: Party,
        threshold: float | None = None,
        limit: int = 10,
        keep_rejected: bool = False,
    ) -> list[Match]:
        """Matches at or above the threshold, best first, with analysts' decisions applied:
        a match decided ``not_same`` for this party is left out unless ``keep_rejected``."""
        if not party.name.strip() and not party.identifiers:
            raise InvalidInput("a party needs a name or an identifier", field="name")
        cut = self.threshold if threshold is None else threshold
        if not 0.0 <= cut <= 1.0:
            raise InvalidInput(f"threshold {cut} is outside [0, 1]", field="threshold")
        forms = [f for f in (analyze(party.name),) if f.tokens]
        index = self.index
        matches = []
        for n in index.candidates(party, forms):
            match = score_entity(party, forms, index.entities[n], index.forms[n], index.weigh)
            if match.score >= cut:
                entity = index.entities[n]
                if not entity.listed:  # say what the entity is: a known party
                    match = replace(match, listed=False)
                elif entity.listing:  # listed on the days its Sanction entities say
                    match = replace(match, listing=entity.listing)
                matches.append(match)
        matches.sort(key=lambda m: (-m.score, m.entity_id))
        if len(self.decisions):
            matches = self.decisions.apply(party, matches, self.referents, keep_rejected)
        return matches[:limit]

    def screen_many(
        self,
        parties: Iterable[Party],
        threshold: float | None = None,
        limit: int = 10,
        workers: int | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> Iterator[tuple[Party, list[Match]]]:
        """Screen in batch, in order; ``workers`` > 1 forks processes sharing this index."""
        workers = workers if workers is not None else (os.cpu_count() or 1)
        if workers <= 1 or os.name != "posix":
            for party in parties:
                result = self.screen_party(party, threshold, limit)
                if progress:
                    progress(1)
                yield party, result
            return
        global _WORKER_SCREENER
        _WORKER_SCREENER = self
        try:
            with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
                batch = list(parties)
                chunk = 500
                chunks = [batch[i : i + chunk] for i in range(0, len(batch), chunk)]
                jobs = [(c, threshold, limit) for c in chunks]
                for parts, results in zip(chunks, pool.map(_screen_chunk, jobs), strict=True):
                    if progress:
                        progress(len(parts))
                    yield from zip(parts, results, strict=True)
        finally:
            _WORKER_SCREENER = None


def _screen_chunk(job: tuple[list[Party], float | None, int]) -> list[list[Match]]:
    parties, threshold, limit = job
    assert _WORKER_SCREENER is not None, "batch workers are forked from a screener"
    return [_WORKER_SCREENER.screen_party(p, threshold, limit) for p in parties]
