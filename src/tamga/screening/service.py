"""Screening against the store: analysts' decisions, and screening as of a date.

The faces (CLI, dashboard, API) call these; they hold no rules of their own.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tamga.errors import InvalidInput, NotFound
from tamga.screening.decisions import party_key
from tamga.screening.model import VERDICTS, Decision, Party, Verdict
from tamga.screening.repository import ScreeningRepository
from tamga.screening.scoring import ALGORITHM_VERSION, DEFAULT_THRESHOLD, score_pair


def parse_verdict(text: str) -> Verdict:
    """``same`` / ``not_same`` (also written ``not-same``, ``not the same``, ``different``)."""
    norm = text.strip().lower().replace("-", "_").replace(" ", "_")
    norm = {"not_the_same": "not_same", "different": "not_same", "match": "same"}.get(norm, norm)
    for verdict in VERDICTS:
        if norm == verdict:
            return verdict
    raise InvalidInput(f"verdict {text!r} is neither 'same' nor 'not_same'", field="verdict")


def decide(
    repo: ScreeningRepository,
    party: Party,
    entity_id: str,
    verdict: str,
    reason: str,
    decided_by: str,
    threshold: float = DEFAULT_THRESHOLD,
    decided_at: str | None = None,
) -> Decision:
    """Record that ``party`` is (or is not) the listed entity ``entity_id``; it applies to every
    later screening of the same party. The score the pair has now, the list version, the
    algorithm version and the threshold are kept with it."""
    if not party.name.strip() and not party.identifiers:
        raise InvalidInput("a decision needs the party's name or identifier", field="name")
    if not reason.strip():
        raise InvalidInput("a decision needs a reason", field="reason")
    if not decided_by.strip():
        raise InvalidInput("a decision needs who made it", field="by")
    entity = repo.get(entity_id)
    if entity is None:
        raise NotFound(f"no listed entity {entity_id!r} in the store")
    match = score_pair(party, entity)
    decision = Decision(
        party_key=party_key(party),
        entity_id=entity_id,
        verdict=parse_verdict(verdict),
        reason=reason.strip(),
        decided_by=decided_by.strip(),
        decided_at=decided_at or datetime.now(UTC).isoformat(timespec="seconds"),
        list_version=repo.list_version(),
        algorithm_version=ALGORITHM_VERSION,
        threshold=threshold,
        score=match.score,
        party_name=party.name,
    )
    return repo.save_decision(decision, party)
