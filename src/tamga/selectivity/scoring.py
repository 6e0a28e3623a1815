"""Scoring declarations as they are lodged: the live path's cost of the model.

A :class:`Scorer` keeps each holder's history (declarations, value, alerts, what earlier
inspections found) as declarations go by, so one declaration costs its features and one
prediction, never a read of the ledger. The risk follower seeds a holder's history from the
store the first time it sees the holder (``histories``) and stores each score with its
explanation (``tamga.risk.model_scores``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from tamga.selectivity.features import Declaration, Features, HolderHistory, advance, build
from tamga.selectivity.model import Trained


class Scorer:
    def __init__(
        self,
        trained: Trained,
        registry: Mapping[str, date],
        kinds: Mapping[str, str] | None = None,
    ) -> None:
        self.trained = trained
        self.registry = registry
        self.kinds = kinds or {}
        self.histories: dict[str, HolderHistory] = {}

    def score(self, decl: Declaration) -> float:
        """The model's score of ``decl``; its holder's history then counts it."""
        return self.trained.score_one(self._features(decl))

    def explain(self, decl: Declaration, top: int = 8) -> dict[str, Any]:
        """The score of ``decl`` with the ``top`` features that moved it most (one prediction:
        the contributions sum to the score's logit); its holder's history then counts it."""
        return self.trained.explain(self._features(decl), top)

    def _features(self, decl: Declaration) -> Features:
        history = self.histories.setdefault(decl.holder or "", HolderHistory())
        features = build(decl, history, registry=self.registry, holder_kinds=self.kinds)
        advance(history, decl)
        return features

    def reveal(self, holder: str, found: bool) -> None:
        """An inspection's result on one of ``holder``'s declarations."""
        history = self.histories.setdefault(holder, HolderHistory())
        history.inspected += 1
        history.found += int(found)
