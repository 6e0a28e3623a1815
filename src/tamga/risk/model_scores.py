"""The selectivity model on the live path: the follower scores each import and export declaration
with the newest trained model and stores the score with the features that moved it most.

Nothing changes without a trained model: no model is loaded (nor LightGBM imported) and nothing
is stored. The model is loaded once per follower and again when a newer version is trained
(``refresh``, on the follower's context refresh). A declaration's features are the ones
``tamga selectivity explain`` builds: its hits are the alerts whose subject it is, read in the
scoring transaction right after they are stored, with the combined rules score; its holder's
history (earlier declarations, their value and alerts, the outcomes recorded before the
declaration's day) is read from the store the first time the follower meets the holder and then
kept by the :class:`~tamga.selectivity.scoring.Scorer` as declarations go by. Outcomes recorded
later reach a history when the next model version is loaded (histories are then read afresh).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, delete, func, insert, select

from tamga.ledger.engine import Applied
from tamga.selectivity.features import Declaration, FeatureSpec, Hit, HolderHistory, advance
from tamga.selectivity.model import Trained
from tamga.selectivity.outcomes import Outcome, labels_of, stored_outcome
from tamga.selectivity.scoring import Scorer
from tamga.store import ledger_read
from tamga.store.risk_tables import risk_alerts, risk_subjects
from tamga.store.selectivity_tables import (
    selectivity_models,
    selectivity_outcomes,
    selectivity_scores,
)

log = logging.getLogger(__name__)

#: features kept per stored explanation
TOP = 8
_DISMISSED = "closed_false_positive"

Registry = Callable[[], tuple[Mapping[str, date], Mapping[str, str]]]


class LiveModel:
    """The newest trained model as one follower scores with it (see the module's docstring)."""

    def __init__(self, engine: Engine, registry: Registry) -> None:
        self.engine = engine
        self.registry = registry  # holders' registration dates and kinds, read at each load
        self.version: int | None = None
        self.scorer: Scorer | None = None

    def newest_version(self) -> int | None:
        with self.engine.connect() as conn:
            found = conn.execute(select(func.max(selectivity_models.c.version))).scalar()
        return None if found is None else int(found)

    def refresh(self) -> bool:
        """Load the newest model if it is not the one in use; whether one was loaded."""
        version = self.newest_version()
        if version == self.version:
            return False
        if version is None:  # the models were dropped
            self.version, self.scorer = None, None
            return False
        with self.engine.connect() as conn:
            row = conn.execute(
                select(selectivity_models).where(selectivity_models.c.version == version)
            ).one()
        # the metrics carry the rules' prior the trees correct: without them the live score
        # would be the trees' alone, not the model's
        trained = Trained.from_bytes(
            bytes(row.model),
            FeatureSpec.from_json(orjson.loads(row.spec)),
            orjson.loads(row.metrics),
        )
        registry, kinds = self.registry()
        self.scorer = Scorer(trained, registry, kinds)
        self.version = version
        log.info("the risk follower scores declarations with selectivity model %d", version)
        return True

    def forget(self) -> None:
        """Drop the holders' histories (another follower scored events this one did not see)."""
        if self.scorer is not None:
            self.scorer.histories.clear()

    def score(self, conn: Connection, batch: Sequence[Applied]) -> int:
        """Score the import and export declarations of ``batch`` (just scored by the rules,
        their alerts stored on ``conn``) and store their scores; how many were scored."""
        if self.scorer is None:
            return 0
        decls = [a for a in batch if _number(a) is not None]
        if not decls:
            return 0
        # imported here: selectivity.source reads alerts through tamga.risk.alerts, which
        # reads the scores stored here
        from tamga.selectivity.source import declaration_of

        numbers = sorted({n for a in decls if (n := _number(a)) is not None})
        hits, rules = _hits(conn, numbers)
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        rows: dict[str, dict[str, Any]] = {}
        for applied in decls:
            number = str(_number(applied))
            decl = declaration_of(
                applied.event.model_dump(mode="json"),
                tuple(hits.get(number, ())),
                rules.get(number, 0.0),
            )
            holder = decl.holder or ""
            if holder not in self.scorer.histories:
                self.scorer.histories[holder] = self._history(conn, holder, applied.seq, decl)
            explained = self.scorer.explain(decl, TOP)
            rows[number] = {
                "declaration_no": number,
                "model_version": self.version,
                "score": explained["score"],
                "rules_score": decl.rules_score,
                "explanation": orjson.dumps(
                    {k: explained[k] for k in ("base", "method", "contributions")}
                ).decode(),
                "event_seq": applied.seq,
                "scored_at": stamp,
            }
        conn.execute(
            delete(selectivity_scores).where(selectivity_scores.c.declaration_no.in_(numbers))
        )
        conn.execute(insert(selectivity_scores), list(rows.values()))
        return len(rows)

    def _history(self, conn: Connection, holder: str, seq: int, decl: Declaration) -> HolderHistory:
        """What was known of ``holder`` before event ``seq``: its earlier declarations with
        their hits, and the outcomes of those recorded before ``decl``'s day."""
        from tamga.selectivity.source import declaration_of

        history = HolderHistory()
        if not holder:
            return history
        earlier = [
            declaration_of(orjson.loads(p))
            for p in ledger_read.holder_declarations(conn, holder, seq)
        ]
        numbers = sorted({d.number for d in earlier})
        hits, _ = _hits(conn, numbers)
        for d in earlier:
            advance(history, replace(d, hits=tuple(hits.get(d.number, ()))))
        for outcome in _outcomes(conn, numbers).values():
            if date.fromisoformat(outcome.at[:10]) < decl.day:
                history.inspected += 1
                history.found += int(outcome.found)
        return history


def _number(applied: Applied) -> str | None:
    event = applied.event
    if event.type not in ledger_read.DECLARATION_TYPES:
        return None
    number = getattr(event, "declaration_no", None)
    return str(number) if number else None


def _hits(
    conn: Connection, numbers: Sequence[str]
) -> tuple[dict[str, list[Hit]], dict[str, float]]:
    """Each declaration's hits (the alerts it is the subject of, false positives left out) and
    its combined rules score, as the alert store holds them."""
    hits: dict[str, list[Hit]] = {}
    scores: dict[str, float] = {}
    for i in range(0, len(numbers), 500):
        part = numbers[i : i + 500]
        for r in conn.execute(
            select(
                risk_alerts.c.subject,
                risk_alerts.c.rule,
                risk_alerts.c.score,
                risk_alerts.c.evidence,
            )
            .where(
                risk_alerts.c.subject.in_(part),
                risk_alerts.c.subject_kind == "declaration",
                risk_alerts.c.state != _DISMISSED,
            )
            .order_by(risk_alerts.c.id)
        ):
            hits.setdefault(r.subject, []).append(
                Hit(r.rule, float(r.score), orjson.loads(r.evidence) or {})
            )
        for subject, score in conn.execute(
            select(risk_subjects.c.subject, risk_subjects.c.score).where(
                risk_subjects.c.subject.in_(part)
            )
        ):
            scores[subject] = float(score)
    return hits, scores


def _outcomes(conn: Connection, numbers: Sequence[str]) -> dict[str, Outcome]:
    """The label of each of these declarations that has an outcome (``labels_of``)."""
    found: list[Outcome] = []
    for i in range(0, len(numbers), 500):
        for r in conn.execute(
            select(selectivity_outcomes).where(
                selectivity_outcomes.c.declaration_no.in_(numbers[i : i + 500])
            )
        ):
            found.append(stored_outcome(r))
    return labels_of(found)


def stored_score(engine: Engine, declaration_no: str) -> dict[str, Any] | None:
    """The model's score of a declaration as the follower stored it, explained (the shape of
    ``SelectivityService.explain``), or None if it was not scored."""
    with engine.connect() as conn:
        row = conn.execute(
            select(selectivity_scores).where(selectivity_scores.c.declaration_no == declaration_no)
        ).first()
    if row is None:
        return None
    return {
        "declaration_no": row.declaration_no,
        "model_version": row.model_version,
        "score": row.score,
        "rules_score": row.rules_score,
        "scored_at": row.scored_at,
        "as_lodged": True,
        **orjson.loads(row.explanation),
    }
