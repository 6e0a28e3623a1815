"""The indexed screener finds what the pairwise scorer finds, and ranks it first."""

from __future__ import annotations

from pathlib import Path

import pytest

from tamga.errors import InvalidInput
from tamga.screening import DEFAULT_THRESHOLD, ListedEntity, Party, Screener, score_pair
from tamga.screening.pairs import read_pairs

DATA = Path(__file__).parent / "data"


def _pairs_screener() -> tuple[Screener, list[tuple[Party, ListedEntity]]]:
    pairs = read_pairs(DATA / "pairs.csv") + read_pairs(DATA / "pairs_holdout.csv")
    entities = []
    cases = []
    for n, pair in enumerate(pairs):
        base = pair.entity()
        entity = ListedEntity(f"e{n}", base.schema, base.names, base.countries)
        entities.append(entity)
        cases.append((pair.party(), entity))
    return Screener.from_entities(entities), cases


def test_blocking_loses_no_match_the_scorer_would_report() -> None:
    screener, cases = _pairs_screener()
    for party, entity in cases:
        expected = score_pair(party, entity).score
        if expected < DEFAULT_THRESHOLD:
            continue
        found = {m.entity_id: m.score for m in screener.screen_party(party, limit=100)}
        assert entity.entity_id in found, (party.name, entity.names)
        assert found[entity.entity_id] == pytest.approx(expected)


def test_results_are_best_first_and_above_threshold() -> None:
    screener, _ = _pairs_screener()
    matches = screener.screen("Zakharov Aleksandr", threshold=0.5)
    scores = [m.score for m in matches]
    assert scores == sorted(scores, reverse=True) and min(scores) >= 0.5
    assert matches[0].score == 1.0
    assert {m.name for m in matches if m.score == 1.0} >= {
        "Захаров Александр",
        "Aleksandr Zakharov",
    }


def test_identifier_alone_finds_the_entity() -> None:
    entity = ListedEntity("x", "Company", ("ZALA AERO JSC",), ("ru",), ("9715478507",))
    screener = Screener.from_entities([entity])
    [match] = screener.screen("Unknown Trading", identifiers=("9715478507",))
    assert match.entity_id == "x" and match.features["identifier_match"] == 1.0


def test_batch_in_processes_equals_one_by_one() -> None:
    screener, cases = _pairs_screener()
    parties = [p for p, _ in cases[:60]]
    serial = [screener.screen_party(p) for p in parties]
    forked = [m for _, m in screener.screen_many(parties, workers=2)]
    assert forked == serial


def test_bad_input_is_refused() -> None:
    screener = Screener.from_entities([ListedEntity("x", "Company", ("Alma",))])
    with pytest.raises(InvalidInput):
        screener.screen("   ")
    with pytest.raises(InvalidInput):
        screener.screen("Alma", threshold=1.5)


def test_a_common_name_is_ranked_by_every_token_it_shares() -> None:
    # 6,000 Ivanovs and 6,000 Ivans: both posting lists are "common"; the one Ivan Ivanov must
    # still be found and come first
    entities = [ListedEntity(f"s{n}", "Person", ("Sergei Ivanov",)) for n in range(6000)]
    entities += [ListedEntity(f"i{n}", "Person", (f"Ivan Petrov{n % 7}",)) for n in range(6000)]
    entities.append(ListedEntity("target", "Person", ("Ivan Ivanov",)))
    screener = Screener.from_entities(entities)
    assert screener.screen("Ivanov Ivan")[0].entity_id == "target"
