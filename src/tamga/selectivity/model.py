"""The model over the rules: LightGBM gradient-boosted trees on declarations' features.

Labels are outcomes (found = 1); declarations never inspected are not in the training set at
all (they are not negatives). Each row carries a weight (see :func:`selection_weights`): the
random inspections stand for every declaration, the targeted ones only for the high scores that
picked them. Explanations are LightGBM's own TreeSHAP contributions (``pred_contrib``): per
feature, in log-odds, summing with the base value to the score's logit.

LightGBM is imported inside the functions that use it (it is a heavy import).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tamga.errors import InvalidInput
from tamga.selectivity.features import FeatureSpec, FeatureValue

#: the trees: small and regularised, since training sets are a few thousand revealed outcomes
PARAMS: dict[str, Any] = {
    "objective": "binary",
    "learning_rate": 0.08,
    "num_leaves": 15,
    "min_data_in_leaf": 8,
    "min_sum_hessian_in_leaf": 1e-3,
    "feature_fraction": 0.9,
    "bagging_fraction": 0.9,
    "bagging_freq": 1,
    "lambda_l2": 1.0,
    "cat_smooth": 10.0,
    "min_data_per_group": 5,
    "max_cat_threshold": 16,
    "num_threads": 1,
    "deterministic": True,
    "force_row_wise": True,
    "seed": 7,
    "verbose": -1,
}
ROUNDS = 120
#: a random inspection's weight is the inverse of its chance of being drawn, at most this
MAX_WEIGHT = 20.0


class NotEnoughOutcomes(InvalidInput):
    """Training needs found and not-found outcomes."""


@dataclass(frozen=True)
class TrainingRow:
    declaration_no: str
    features: Mapping[str, FeatureValue]
    found: bool
    weight: float = 1.0
    random: bool = False
    #: when the declaration was lodged (ISO), for the time-ordered hold-out
    time: str = ""


@dataclass
class Trained:
    """A trained model with what it was trained on and how well it did."""

    spec: FeatureSpec
    booster: Any  # lightgbm.Booster
    metrics: dict[str, Any] = field(default_factory=dict)
    params: dict[str, Any] = field(default_factory=dict)

    def matrix(self, rows: Sequence[Mapping[str, FeatureValue]]) -> Any:
        import numpy as np

        return np.array([self.spec.row(r) for r in rows], dtype=np.float64).reshape(
            len(rows), len(self.spec.names)
        )

    def score(self, rows: Sequence[Mapping[str, FeatureValue]]) -> list[float]:
        """Probability that an inspection finds something, per row."""
        if not rows:
            return []
        return [float(p) for p in self.booster.predict(self.matrix(rows), num_threads=1)]

    def score_one(self, features: Mapping[str, FeatureValue]) -> float:
        return self.score([features])[0]

    def explain(self, features: Mapping[str, FeatureValue], top: int = 8) -> dict[str, Any]:
        """The score and the features that moved it most (TreeSHAP, in log-odds)."""
        contrib = self.booster.predict(self.matrix([features]), pred_contrib=True, num_threads=1)[0]
        names = self.spec.names
        base = float(contrib[-1])
        parts = sorted(
            (
                {"feature": n, "value": features.get(n), "contribution": round(float(c), 4)}
                for n, c in zip(names, contrib[:-1], strict=True)
                if c != 0.0
            ),
            key=lambda p: -abs(float(p["contribution"])),  # type: ignore[arg-type]
        )
        logit = base + float(sum(contrib[:-1]))
        return {
            "score": round(1.0 / (1.0 + math.exp(-logit)), 6),
            "base": round(base, 4),
            "method": "TreeSHAP (LightGBM pred_contrib), log-odds",
            "contributions": parts[:top],
        }

    def to_bytes(self) -> bytes:
        return str(self.booster.model_to_string()).encode()

    @classmethod
    def from_bytes(cls, data: bytes, spec: FeatureSpec, metrics: dict[str, Any]) -> Trained:
        import lightgbm

        booster = lightgbm.Booster(model_str=data.decode())
        return cls(spec=spec, booster=booster, metrics=metrics)


def selection_weights(
    random_flags: Sequence[bool], chance: float, max_weight: float = MAX_WEIGHT
) -> list[float]:
    """Inverse-propensity weights, clipped: a random inspection drawn with probability
    ``chance`` stands for 1/chance declarations (at most ``max_weight``), a targeted one for
    itself."""
    w = min(max_weight, 1.0 / chance) if chance > 0 else max_weight
    return [w if r else 1.0 for r in random_flags]


def _auc(labels: Sequence[int], scores: Sequence[float]) -> float | None:
    pos = sum(labels)
    neg = len(labels) - pos
    if not pos or not neg:
        return None
    order = sorted(range(len(scores)), key=lambda i: scores[i])
    rank_sum = 0.0
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and scores[order[j + 1]] == scores[order[i]]:
            j += 1
        mid = (i + j) / 2 + 1
        rank_sum += sum(mid for k in range(i, j + 1) if labels[order[k]])
        i = j + 1
    return (rank_sum - pos * (pos + 1) / 2) / (pos * neg)


def train(
    rows: Sequence[TrainingRow],
    *,
    params: Mapping[str, Any] | None = None,
    rounds: int = ROUNDS,
    holdout: float = 0.2,
    spec: FeatureSpec | None = None,
) -> Trained:
    """Train on ``rows``; metrics on the latest ``holdout`` share (by time), then the final
    model on every row."""
    import lightgbm
    import numpy as np

    positives = sum(r.found for r in rows)
    if positives == 0 or positives == len(rows):
        raise NotEnoughOutcomes(
            f"training needs outcomes of both kinds: {positives} found, "
            f"{len(rows) - positives} not found"
        )
    spec = spec or FeatureSpec.fit([r.features for r in rows])
    merged = PARAMS | dict(params or {})
    cat_idx = list(range(len(spec.numeric), len(spec.names)))

    def fit(part: Sequence[TrainingRow]) -> Any:
        x = np.array([spec.row(r.features) for r in part], dtype=np.float64).reshape(
            len(part), len(spec.names)
        )
        y = np.array([1.0 if r.found else 0.0 for r in part])
        w = np.array([r.weight for r in part])
        data = lightgbm.Dataset(
            x,
            label=y,
            weight=w,
            feature_name=[_safe(n) for n in spec.names],
            categorical_feature=cat_idx,
            free_raw_data=True,
            params={"verbose": -1, "max_bin": 63},
        )
        return lightgbm.train(merged, data, num_boost_round=rounds)

    metrics: dict[str, Any] = {
        "rows": len(rows),
        "found": positives,
        "random": sum(r.random for r in rows),
        "features": len(spec.names),
    }
    ordered = sorted(rows, key=lambda r: r.time)
    cut = int(len(ordered) * (1 - holdout))
    head, tail = ordered[:cut], ordered[cut:]
    if holdout > 0 and tail and 0 < sum(r.found for r in head) < len(head):
        booster = fit(head)
        probe = Trained(spec, booster)
        scores = probe.score([r.features for r in tail])
        labels = [int(r.found) for r in tail]
        k = max(1, round(len(tail) * 0.1))
        top = sorted(range(len(tail)), key=lambda i: -scores[i])[:k]
        metrics["holdout"] = {
            "rows": len(tail),
            "found": sum(labels),
            "auc": _auc(labels, scores),
            "precision_top_10pct": sum(labels[i] for i in top) / k,
            "base_rate": sum(labels) / len(labels),
        }
    booster = fit(ordered)
    return Trained(spec=spec, booster=booster, metrics=metrics, params=merged)


def _safe(name: str) -> str:
    """LightGBM refuses some characters in feature names (JSON's)."""
    return "".join(c if c.isalnum() or c in "_-." else "_" for c in name)
