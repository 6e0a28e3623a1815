"""The model learns from outcomes, ranks what it learnt above the rest, explains each score by
its features' contributions, and refuses to train on one kind of outcome."""

from __future__ import annotations

import math
import random

import pytest

from tamga.selectivity.features import Features, FeatureSpec
from tamga.selectivity.model import (
    NotEnoughOutcomes,
    Trained,
    TrainingRow,
    selection_weights,
    train,
)


def _rows(n: int, seed: int = 1) -> list[TrainingRow]:
    """Offences are imports of chapter 85 from AE by young holders; a little noise."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        hs2 = rng.choice(["85", "84", "61", "25"])
        partner = rng.choice(["AE", "CN", "DE"])
        age = rng.uniform(0, 3000)
        bad = hs2 == "85" and partner == "AE" and age < 1000
        if rng.random() < 0.005:
            bad = not bad
        feats: Features = {
            "hs2": hs2,
            "partner": partner,
            "holder_age_days": age,
            "value": rng.uniform(100, 10_000),
        }
        out.append(TrainingRow(f"D{i}", feats, bad, time=f"2022-01-{1 + i % 28:02d}"))
    return out


def test_the_model_ranks_the_learnt_pattern_first() -> None:
    trained = train(_rows(1500))
    risky: Features = {"hs2": "85", "partner": "AE", "holder_age_days": 30.0, "value": 5000.0}
    plain: Features = {"hs2": "25", "partner": "CN", "holder_age_days": 2000.0, "value": 5000.0}
    assert trained.score_one(risky) > 0.5 > trained.score_one(plain)
    assert trained.metrics["holdout"]["auc"] > 0.9
    assert trained.metrics["rows"] == 1500


def test_contributions_add_up_to_the_score_and_name_the_reasons() -> None:
    trained = train(_rows(1500))
    risky: Features = {"hs2": "85", "partner": "AE", "holder_age_days": 30.0, "value": 5000.0}
    explained = trained.explain(risky, top=10)
    logit = explained["base"] + sum(p["contribution"] for p in explained["contributions"])
    assert 1 / (1 + math.exp(-logit)) == pytest.approx(explained["score"], abs=2e-3)
    assert explained["score"] == pytest.approx(trained.score_one(risky), abs=1e-6)
    top3 = {p["feature"] for p in explained["contributions"][:3]}
    assert top3 == {"hs2", "partner", "holder_age_days"}


def test_a_stored_model_scores_as_the_trained_one() -> None:
    trained = train(_rows(600))
    again = Trained.from_bytes(
        trained.to_bytes(), FeatureSpec.from_json(trained.spec.to_json()), trained.metrics
    )
    row: Features = {"hs2": "85", "partner": "AE", "holder_age_days": 100.0}
    assert again.score_one(row) == pytest.approx(trained.score_one(row))


def test_unknown_categories_are_missing_not_errors() -> None:
    trained = train(_rows(600))
    assert 0.0 <= trained.score_one({"hs2": "99", "partner": "ZZ"}) <= 1.0


def test_training_needs_both_kinds_of_outcome() -> None:
    rows = [TrainingRow(f"D{i}", {"value": float(i)}, False) for i in range(20)]
    with pytest.raises(NotEnoughOutcomes, match="0 found, 20 not found"):
        train(rows)


def test_random_inspections_weigh_the_inverse_of_their_chance_clipped() -> None:
    assert selection_weights([True, False], 0.1) == [10.0, 1.0]
    assert selection_weights([True], 0.001) == [20.0]


def _ruled(n: int, seed: int = 2) -> list[TrainingRow]:
    """The rules' score is right most of the time; among equal scores, chapter 85 offends."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        score = rng.choice([0.3, 0.9])
        hs2 = rng.choice(["85", "61"])
        bad = rng.random() < (0.9 if score == 0.9 else 0.2) * (1.0 if hs2 == "85" else 0.5)
        feats: Features = {"rules_score": score, "hs2": hs2, "value": rng.uniform(100, 1e4)}
        out.append(TrainingRow(f"R{i}", feats, bad, time=f"2022-02-{1 + i % 28:02d}"))
    return out


def test_from_a_handful_of_outcomes_the_prior_keeps_the_rules_ranking() -> None:
    outcomes = [(0.9, "61", True), (0.9, "85", True), (0.3, "61", True)]
    outcomes += [(0.3, "85", False), (0.3, "85", False), (0.9, "61", False)]
    few = [
        TrainingRow(f"F{i}", {"rules_score": s, "hs2": h, "value": 500.0}, found)
        for i, (s, h, found) in enumerate(outcomes)
    ]
    trained = train(few, prior=True, holdout=0.0)
    assert trained.prior is not None
    assert trained.prior.weight == pytest.approx(3 / (3 + 20))
    assert trained.prior.slope > 0
    for hs2 in ("85", "61"):
        high = {"rules_score": 0.9, "hs2": hs2, "value": 500.0}
        low = {"rules_score": 0.3, "hs2": "85" if hs2 == "61" else "61", "value": 500.0}
        assert trained.score_one(high) > trained.score_one(low)


def test_with_more_outcomes_the_trees_correct_the_prior() -> None:
    trained = train(_ruled(3000), prior=True, holdout=0.0)
    assert trained.prior is not None and trained.prior.weight > 0.9
    same = {"rules_score": 0.9, "value": 500.0}
    assert trained.score_one(same | {"hs2": "85"}) > trained.score_one(same | {"hs2": "61"})


def test_a_prior_model_explains_and_stores_as_it_scores() -> None:
    trained = train(_ruled(800), prior=True)
    row: Features = {"rules_score": 0.9, "hs2": "85", "value": 500.0}
    explained = trained.explain(row, top=20)
    logit = explained["base"] + sum(p["contribution"] for p in explained["contributions"])
    assert 1 / (1 + math.exp(-logit)) == pytest.approx(trained.score_one(row), abs=2e-3)
    assert "rules_score" in {p["feature"] for p in explained["contributions"]}
    again = Trained.from_bytes(
        trained.to_bytes(), FeatureSpec.from_json(trained.spec.to_json()), trained.metrics
    )
    assert again.score_one(row) == pytest.approx(trained.score_one(row))


def test_a_monotone_model_never_scores_a_rule_hit_lower() -> None:
    rows = _ruled(600)
    rows = [
        TrainingRow(
            r.declaration_no,
            {**r.features, "rule:unit_value": r.features["rules_score"]},
            r.found,
            time=r.time,
        )
        for r in rows
    ]
    trained = train(rows, monotone=True, holdout=0.0)
    for hs2 in ("85", "61"):
        low: Features = {"rule:unit_value": 0.3, "rules_score": 0.3, "hs2": hs2}
        high: Features = {**low, "rule:unit_value": 0.9}
        assert trained.score_one(high) >= trained.score_one(low)
