"""A declaration's value per kg is read against its HS code's peers, whose medians the model
keeps, so scoring needs nothing but the declaration."""

from __future__ import annotations

import math

import pytest

from tamga.selectivity.features import PEER_FEATURE, Features, FeatureSpec, peer_medians


def _decl(hs6: str, value_per_kg: float) -> Features:
    return {"hs6": hs6, "hs4": hs6[:4], "value_per_kg": value_per_kg}


REFERENCE = [_decl("854231", v) for v in (10.0, 20.0, 40.0, 80.0, 160.0)] + [
    _decl("854239", v) for v in (1.0, 2.0)
]


def test_peers_are_the_median_per_hs6_and_hs4_with_enough_declarations() -> None:
    medians = peer_medians(REFERENCE)
    assert medians["854231"] == pytest.approx(math.log(40.0))
    assert "854239" not in medians  # two declarations are not a median
    assert medians["8542"] == pytest.approx(math.log(20.0))  # seven of them


def test_value_per_kg_is_read_against_the_hs6_median_else_the_hs4() -> None:
    spec = FeatureSpec.fit(REFERENCE, reference=REFERENCE)
    assert PEER_FEATURE in spec.numeric
    column = spec.names.index(PEER_FEATURE)
    assert spec.row(_decl("854231", 4.0))[column] == pytest.approx(math.log(0.1))
    assert spec.row(_decl("854239", 20.0))[column] == pytest.approx(0.0)
    assert math.isnan(spec.row(_decl("610910", 20.0))[column])
    assert math.isnan(spec.row({"hs6": "854231"})[column])


def test_the_peers_travel_with_the_spec() -> None:
    spec = FeatureSpec.fit(REFERENCE, reference=REFERENCE)
    again = FeatureSpec.from_json(spec.to_json())
    row = _decl("854231", 400.0)
    assert again.row(row) == spec.row(row)
    assert PEER_FEATURE not in FeatureSpec.fit(REFERENCE).numeric
