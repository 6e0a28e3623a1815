"""The matcher: transliteration, Kazakh letters, legal forms, word order, siblings, and quality."""

from __future__ import annotations

from pathlib import Path

import pytest

from tamga.screening import DEFAULT_THRESHOLD, ListedEntity, Party, score_pair
from tamga.screening.legal_forms import LegalFamily
from tamga.screening.names import analyze
from tamga.screening.pairs import measure, read_pairs

DATA = Path(__file__).parent / "data"


def score(query: str, candidate: str, schema: str = "Company", **party: object) -> float:
    entity = ListedEntity(entity_id="e", schema=schema, names=(candidate,), countries=("ru",))
    return score_pair(Party(name=query, **party), entity).score  # type: ignore[arg-type]


# -- the gaps measured on nomenklatura logic-v2 ---------------------------------------------


@pytest.mark.parametrize("name", ["TOO Alma", "ТОО Алма", "ЖШС Алма", "Alma LLP", "ООО Алма"])
def test_kazakh_and_latin_limited_forms_are_legal_forms(name: str) -> None:
    form = analyze(name)
    assert form.tokens == ("alma",)
    assert form.legal == {LegalFamily.LIMITED}


def test_kazakh_letters_meet_their_latin_spellings() -> None:
    assert analyze("Қасым").tokens == analyze("Qasym").tokens == analyze("Kassym").tokens
    assert score("Қасым-Жомарт Тоқаев", "Kassym-Jomart Tokayev", "Person") >= 0.95
    for kazakh, latin in [("Өнім", "Onim"), ("Ұлан", "Ulan"), ("Ғалым", "Galym"),
                          ("Жаңа", "Zhana"), ("Үміт", "Umit"), ("Һасан", "Hasan"),
                          ("Ілияс", "Iliyas"), ("Әлия", "Aliya")]:  # fmt: skip
        assert analyze(kazakh).tokens == analyze(latin).tokens, (kazakh, latin)


def test_cyrillic_kha_is_written_kh() -> None:
    assert analyze("Захаров").tokens == analyze("Zakharov").tokens == analyze("Zaharov").tokens
    assert score("Захаров Александр", "Aleksandr Zakharov", "Person") >= 0.95


def test_short_name_against_full_legal_name() -> None:
    assert score("Sberbank Rossii", "ПАО Сбербанк") >= DEFAULT_THRESHOLD
    assert score("Sberbank of Russia", "Публичное акционерное общество «Сбербанк России»") >= 0.9


# -- the general rules --------------------------------------------------------------------------


def test_sibling_with_a_distinctive_extra_word_does_not_match() -> None:
    assert score('ООО "Ромашка Плюс"', 'ООО "Ромашка"') < DEFAULT_THRESHOLD
    assert score("Gazprom Neft", "Gazprom") < DEFAULT_THRESHOLD


def test_word_order_does_not_matter() -> None:
    assert score("Plotnikov Vladimir", "Vladimir Plotnikov", "Person") == 1.0


def test_missing_patronymic_costs_little() -> None:
    assert score("Vladimir Plotnikov", "Vladimir Nikolaevich PLOTNIKOV", "Person") >= 0.9


def test_same_surname_other_first_name_does_not_match() -> None:
    assert score("Arkady Rotenberg", "Boris Rotenberg", "Person") < 0.6


def test_identifier_match_wins_over_a_weak_name() -> None:
    entity = ListedEntity("e", "Company", ("ZALA AERO JSC",), identifiers=("9715478507",))
    match = score_pair(Party("Zala Group", identifiers=("9715-478-507",)), entity)
    assert match.score >= 0.95
    assert match.features["identifier_match"] == 1.0


def test_identifier_and_country_conflicts_lower_the_score() -> None:
    entity = ListedEntity("e", "Company", ("Romashka LLC",), ("ru",), ("7701234567",))
    clean = score_pair(Party("Romashka LLC"), entity)
    conflicted = score_pair(Party("Romashka LLC", "kz", ("7709999999",)), entity)
    assert clean.score == 1.0
    assert conflicted.score < clean.score - 0.2
    assert conflicted.features["identifier_conflict"] < 0
    assert conflicted.features["country_mismatch"] < 0


def test_legal_form_conflict_is_a_feature_not_a_veto() -> None:
    entity = ListedEntity("e", "Company", ("ZALA AERO JSC",))
    match = score_pair(Party("ООО Зала Аэро"), entity)
    assert match.features["legal_form_conflict"] < 0
    assert DEFAULT_THRESHOLD <= match.score < 1.0


def test_every_score_is_in_unit_interval_with_features() -> None:
    for pair in read_pairs(DATA / "pairs.csv"):
        match = score_pair(pair.party(), pair.entity())
        assert 0.0 <= match.score <= 1.0
        assert "name" in match.features


# -- quality on the labelled pairs ------------------------------------------------------------


def test_quality_on_the_labelled_pairs() -> None:
    """Figures benchmarks/screening_quality.py prints (precision / recall at the default threshold):

    development 0.991 / 0.974, holdout 0.939 / 0.939, fresh 0.960 / 0.923. The floors sit a little
    under those, so a regression of a few pairs fails.
    """
    floors = {
        "pairs.csv": (0.97, 0.95),
        "pairs_holdout.csv": (0.9, 0.9),
        "pairs_fresh.csv": (0.9, 0.88),
    }
    for name, (precision, recall) in floors.items():
        pairs = read_pairs(DATA / name)
        quality, _ = measure(
            pairs, lambda p: score_pair(p.party(), p.entity()).score, DEFAULT_THRESHOLD
        )
        assert quality.precision >= precision, (name, quality)
        assert quality.recall >= recall, (name, quality)
    assert len(read_pairs(DATA / "pairs.csv")) >= 150


def test_siblings_named_by_a_line_of_business_do_not_match() -> None:
    assert score("Gazprom Export", "Gazprom") < DEFAULT_THRESHOLD
    assert score("VTB Capital", "VTB Bank") < DEFAULT_THRESHOLD
    assert score("ООО «Газпром экспорт»", "Gazprom Export LLC") == 1.0


def test_kazakh_ng_and_borrowed_business_words() -> None:
    assert analyze("Теңіз Сервис").tokens == analyze("Tengiz Service").tokens
    assert analyze("Өскемен Трейд Групп").tokens == analyze("Oskemen Trade Group").tokens
