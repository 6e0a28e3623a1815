"""The model over the rules: LightGBM gradient-boosted trees on declarations' features.

Labels are outcomes (found = 1); declarations never inspected are not in the training set at
all (they are not negatives). Each row carries a weight (see :func:`selection_weights`): the
random inspections stand for every declaration, the targeted ones only for the high scores that
picked them. By default the trees start from the rules' prior (a logistic fit of the outcomes
on the rules' combined score) and learn a correction to it that counts more as outcomes come
back (:class:`Prior`): at a 1% inspection rate few not-found outcomes come back, and trees alone
on a handful of them would rank worse than the rules. Explanations are LightGBM's own TreeSHAP
contributions (``pred_contrib``, times the correction's weight) and the prior's term: per
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
#: the feature the rules' prior reads (their combined score)
PRIOR_FEATURE = "rules_score"
#: the trees' correction to the prior counts ``n / (n + SHRINK)``, ``n`` the fewer of the
#: found and the not-found outcomes it learnt from
SHRINK = 20.0


@dataclass(frozen=True)
class Prior:
    """The rules' score as the model's starting point: ``logit P(found) = intercept + slope x
    rules_score``, fitted on the outcomes; the trees learn a correction to it that counts at
    ``weight`` (0: the rules' ranking, 1: the trees' fully). So the model can start from a few
    outcomes: with little to learn from it ranks nearly as the rules do."""

    intercept: float
    slope: float
    weight: float

    def logit(self, features: Mapping[str, FeatureValue]) -> float:
        r = features.get(PRIOR_FEATURE)
        return self.intercept + self.slope * (float(r) if isinstance(r, int | float) else 0.0)

    def to_json(self) -> dict[str, float]:
        return {"intercept": self.intercept, "slope": self.slope, "weight": self.weight}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Prior:
        return cls(float(data["intercept"]), float(data["slope"]), float(data["weight"]))


def fit_prior(rows: Sequence[TrainingRow], shrink: float = SHRINK, ridge: float = 1.0) -> Prior:
    """Weighted logistic regression of the outcomes on the rules' score (Newton steps, a ridge
    on the slope so that a handful of outcomes cannot make it wild)."""
    import numpy as np

    x = np.array(
        [
            float(v) if isinstance(v := r.features.get(PRIOR_FEATURE), int | float) else 0.0
            for r in rows
        ]
    )
    y = np.array([1.0 if r.found else 0.0 for r in rows])
    w = np.array([r.weight for r in rows])
    design = np.column_stack([np.ones_like(x), x])
    penalty = np.diag([1e-6, ridge])
    beta = np.zeros(2)
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(design @ beta)))
        grad = design.T @ (w * (p - y)) + penalty @ beta
        hess = design.T @ (design * (w * p * (1 - p))[:, None]) + penalty
        step = np.linalg.solve(hess, grad)
        beta -= step
        if float(np.abs(step).max()) < 1e-8:
            break
    found = int(y.sum())
    labelled = min(found, len(rows) - found)
    return Prior(float(beta[0]), float(beta[1]), labelled / (labelled + shrink))


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
    #: the rules' prior the trees correct (None: the trees alone)
    prior: Prior | None = None

    def matrix(self, rows: Sequence[Mapping[str, FeatureValue]]) -> Any:
        import numpy as np

        return np.array([self.spec.row(r) for r in rows], dtype=np.float64).reshape(
            len(rows), len(self.spec.names)
        )

    def score(self, rows: Sequence[Mapping[str, FeatureValue]]) -> list[float]:
        """Probability that an inspection finds something, per row."""
        if not rows:
            return []
        if self.prior is None:
            return [float(p) for p in self.booster.predict(self.matrix(rows), num_threads=1)]
        raw = self.booster.predict(self.matrix(rows), raw_score=True, num_threads=1)
        prior = self.prior
        return [
            _sigmoid(prior.logit(r) + prior.weight * float(c))
            for r, c in zip(rows, raw, strict=True)
        ]

    def score_one(self, features: Mapping[str, FeatureValue]) -> float:
        return self.score([features])[0]

    def explain(self, features: Mapping[str, FeatureValue], top: int = 8) -> dict[str, Any]:
        """The score and the features that moved it most (TreeSHAP, in log-odds)."""
        contrib = self.booster.predict(self.matrix([features]), pred_contrib=True, num_threads=1)[0]
        names = self.spec.names
        by = {n: float(c) for n, c in zip(names, contrib[:-1], strict=True)}
        base = float(contrib[-1])
        method = "TreeSHAP (LightGBM pred_contrib), log-odds"
        if self.prior is not None:
            # the prior's slope term is the rules' score's own contribution; the trees' count
            # at the prior's weight
            weight = self.prior.weight
            by = {n: c * weight for n, c in by.items()}
            base = self.prior.intercept + base * weight
            by[PRIOR_FEATURE] = by.get(PRIOR_FEATURE, 0.0) + (
                self.prior.logit(features) - self.prior.intercept
            )
            method = "rules' prior + TreeSHAP (LightGBM pred_contrib) x its weight, log-odds"
        parts = sorted(
            (
                {"feature": n, "value": features.get(n), "contribution": round(c, 4)}
                for n, c in by.items()
                if c != 0.0
            ),
            key=lambda p: -abs(float(p["contribution"])),  # type: ignore[arg-type]
        )
        logit = base + sum(by.values())
        return {
            "score": round(_sigmoid(logit), 6),
            "base": round(base, 4),
            "method": method,
            "contributions": parts[:top],
        }

    def to_bytes(self) -> bytes:
        return str(self.booster.model_to_string()).encode()

    @classmethod
    def from_bytes(cls, data: bytes, spec: FeatureSpec, metrics: dict[str, Any]) -> Trained:
        import lightgbm

        booster = lightgbm.Booster(model_str=data.decode())
        prior = metrics.get("prior")
        return cls(
            spec=spec,
            booster=booster,
            metrics=metrics,
            prior=Prior.from_json(prior) if prior else None,
        )


def _sigmoid(z: float) -> float:
    if z < -700:
        return 0.0
    return 1.0 / (1.0 + math.exp(-z))


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
    prior: bool = True,
    shrink: float = SHRINK,
    monotone: bool = False,
    reference: Sequence[Mapping[str, FeatureValue]] | None = None,
) -> Trained:
    """Train on ``rows``; metrics on the latest ``holdout`` share (by time), then the final
    model on every row. ``prior``: the trees correct the rules' prior (:class:`Prior`) instead
    of starting from the base rate; ``monotone``: a rule's score can only raise the model's;
    ``reference``: every declaration known, for the peers' medians (see :class:`FeatureSpec`)."""
    import lightgbm
    import numpy as np

    positives = sum(r.found for r in rows)
    if positives == 0 or positives == len(rows):
        raise NotEnoughOutcomes(
            f"training needs outcomes of both kinds: {positives} found, "
            f"{len(rows) - positives} not found"
        )
    spec = spec or FeatureSpec.fit([r.features for r in rows], reference=reference)
    merged = PARAMS | dict(params or {})
    if monotone:
        merged["monotone_constraints"] = [
            1 if n.startswith("rule:") or n == PRIOR_FEATURE else 0 for n in spec.names
        ]
    cat_idx = list(range(len(spec.numeric), len(spec.names)))

    def fit(part: Sequence[TrainingRow]) -> Trained:
        x = np.array([spec.row(r.features) for r in part], dtype=np.float64).reshape(
            len(part), len(spec.names)
        )
        y = np.array([1.0 if r.found else 0.0 for r in part])
        w = np.array([r.weight for r in part])
        start = fit_prior(part, shrink) if prior else None
        data = lightgbm.Dataset(
            x,
            label=y,
            weight=w,
            init_score=(
                np.array([start.logit(r.features) for r in part]) if start is not None else None
            ),
            feature_name=[_safe(n) for n in spec.names],
            categorical_feature=cat_idx,
            free_raw_data=True,
            params={"verbose": -1, "max_bin": 63},
        )
        booster = lightgbm.train(merged, data, num_boost_round=rounds)
        return Trained(spec, booster, params=merged, prior=start)

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
        probe = fit(head)
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
    final = fit(ordered)
    if final.prior is not None:
        metrics["prior"] = final.prior.to_json()
    final.metrics = metrics
    return final


def _safe(name: str) -> str:
    """LightGBM refuses some characters in feature names (JSON's)."""
    return "".join(c if c.isalnum() or c in "_-." else "_" for c in name)
