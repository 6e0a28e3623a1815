"""People's names: order, initials, sole-trader forms, spelling systems, name equivalents,
gendered endings, dates of birth; look-alike letters mixed across scripts (issue 13's misses)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tamga.screening import DEFAULT_THRESHOLD, ListedEntity, Party, score_pair
from tamga.screening.lookalike import fold_lookalikes
from tamga.screening.names import analyze
from tamga.screening.pairs import measure, read_pairs
from tamga.screening.persons import gendered_pair

DATA = Path(__file__).parent / "data"


def score(query: str, candidate: str, schema: str = "Person", **party: object) -> float:
    entity = ListedEntity(entity_id="e", schema=schema, names=(candidate,))
    return score_pair(Party(name=query, **party), entity).score  # type: ignore[arg-type]


# -- issue 13's two misses ----------------------------------------------------------------------


def test_latin_look_alikes_inside_a_cyrillic_consignee_name() -> None:
    assert fold_lookalikes("Кpистaллoн") == "Кристаллон"
    assert analyze("ООО «Кpистaллoн»").tokens == analyze("ООО Кристаллон").tokens
    assert score("ООО «Кpистaллoн»", "Kristallon LLC", "Company") >= 0.95


def test_cyrillic_look_alikes_inside_a_latin_name() -> None:
    assert fold_lookalikes("Аlехеу Nаvаlnу") == "Alexey Navalny"


def test_a_word_that_cannot_be_one_script_is_left_alone() -> None:
    assert fold_lookalikes("Жp") == "Жр"  # the Latin p has a Cyrillic twin
    assert fold_lookalikes("Жq") == "Жq"  # q has none, Ж has none: nothing to decide


def test_sole_trader_with_initials_against_the_full_name() -> None:
    # "О" is an initial here, not the limited-company form ООО folded to one letter
    form = analyze("ИП Шевчук О.А.")
    assert form.tokens == ("SevCuk", "o", "a")
    assert score("ИП Шевчук О.А.", "Шевчук Олег Аркадьевич") >= 0.9
    assert score("ИП Шевчук О.А.", "Шевчук Игорь Аркадьевич") < DEFAULT_THRESHOLD


# -- people -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "candidate"),
    [
        ("Sasha Petrenko", "Aleksandr Petrenko"),  # diminutive
        ("Bill Harrington", "William Harrington"),
        ("Mykola Tkachenko", "Николай Ткаченко"),  # Ukrainian form
        ("Serhiy Kravchenko", "Sergei Kravchenko"),
        ("Jewgeni Sidorow", "Evgeniy Sidorov"),  # German transliteration
        ("Youri Tchernov", "Юрий Чернов"),  # French
        ("Vjačeslav Grigor'ev", "Вячеслав Григорьев"),  # ISO 9 / scholarly
        ("Natal'ya Belova", "Natalia Belova"),
        ("Mohamad Rashid", "Muhammad Rasheed"),  # vowel-level variants
        ("Mr. Vladimir Sokolov", "Владимир Соколов"),  # honorific
        ("ЖК Сейтқали Нұрлан", "Nurlan Seitkali"),  # Kazakh sole trader, name order
        ("Vladimir Sokolvo", "Vladimir Sokolov"),  # transposed letters
        ("محمد علي", "Mohammed Ali"),  # Arabic script: rigour's name groups in the script itself
    ],
)
def test_the_same_person_written_another_way(query: str, candidate: str) -> None:
    assert score(query, candidate) >= DEFAULT_THRESHOLD


@pytest.mark.parametrize(
    ("query", "candidate"),
    [("Wang Lei", "Wang Li"), ("Anna Smirnova", "Alla Smirnova"), ("Igor Sechin", "Igor Semin")],
)
def test_near_names_of_other_people_stay_below_the_threshold(query: str, candidate: str) -> None:
    assert score(query, candidate) < DEFAULT_THRESHOLD


@pytest.mark.parametrize(
    ("query", "candidate"),
    [
        ("Ivanova Elena", "Ivanov Elena"),
        ("Aleksandra Volkova", "Aleksandr Volkov"),
        ("Anna Kovalskaya", "Anna Kovalsky"),
    ],
)
def test_a_gendered_ending_lowers_the_score(query: str, candidate: str) -> None:
    match = score_pair(Party(query), ListedEntity("e", "Person", (candidate,)))
    assert match.score < 0.6
    assert match.features["gender_conflict"] < 0


def test_gendered_pair_is_symmetric_and_never_the_same_word() -> None:
    assert gendered_pair("ivanov", "ivanova") and gendered_pair("ivanova", "ivanov")
    assert gendered_pair("kovalski", "kovalskaia")
    assert not gendered_pair("ivanov", "ivanov")
    assert not gendered_pair("petrenko", "petrenka")


@given(st.text(alphabet="абвгдеклмнопрстуАБВКМОРСТ", min_size=4, max_size=10))
def test_gendered_ending_never_scores_above_the_plain_name(stem: str) -> None:
    masculine = f"Иван {stem}ов"
    assert score(masculine, f"Иван {stem}ова") < score(masculine, masculine)


def test_scores_spread_between_the_extremes() -> None:
    values = [
        score_pair(p.party(), p.entity()).score for p in read_pairs(DATA / "people_tuning.csv")
    ]
    middle = [v for v in values if 0.05 < v < 0.99]
    assert len(middle) >= len(values) / 3, "most scores should be neither 0 nor 1"


def test_date_of_birth_supports_or_contradicts() -> None:
    entity = ListedEntity("e", "Person", ("Александр Волков",), birth_dates=("1970-03-12",))
    same = score_pair(Party("Aleksandr Volkov", birth_date="1970-03-12"), entity)
    year = score_pair(Party("Aleksandr Volkov", birth_date="1970"), entity)
    other = score_pair(Party("Aleksandr Volkov", birth_date="1988-11-02"), entity)
    assert same.features["birth_date_match"] > year.features["birth_date_match"] > 0
    assert other.features["birth_date_conflict"] < 0
    assert other.score < DEFAULT_THRESHOLD <= year.score


def test_numbers_written_as_words_and_acronyms() -> None:
    assert score("First Investment Bank", "1st Investment Bank", "Company") == 1.0
    assert score("Seven Seas Shipping", "7 Seas Shipping LLC", "Company") == 1.0
    assert score("Second Investment Bank", "First Investment Bank", "Company") < 0.6
    assert score("IRGC", "Islamic Revolutionary Guard Corps", "Organization") >= 0.85
    assert score("Usc", "United Shipbuilding Corporation", "Company") < DEFAULT_THRESHOLD


def test_quality_on_the_people_pairs() -> None:
    """Figures benchmarks/screening_quality.py prints for the people sets (F1 at the default
    threshold): tuning 0.977, holdout 0.932 when first measured. Floors sit a little under."""
    floors = {"people_tuning.csv": 0.95, "people_holdout.csv": 0.9}
    for name, floor in floors.items():
        pairs = read_pairs(DATA / name)
        quality, _ = measure(
            pairs, lambda p: score_pair(p.party(), p.entity()).score, DEFAULT_THRESHOLD
        )
        assert quality.f1 >= floor, (name, quality)
        people = [p for p in pairs if p.candidate_schema == "Person"]
        q_people, _ = measure(
            people, lambda p: score_pair(p.party(), p.entity()).score, DEFAULT_THRESHOLD
        )
        assert q_people.f1 >= 0.88, (name, q_people)


def test_the_screener_finds_both_misses_through_its_index() -> None:
    from tamga.screening import Screener

    screener = Screener.from_entities(
        [
            ListedEntity("p1", "Person", ("Шевчук Олег Аркадьевич",)),
            ListedEntity("p2", "Person", ("Шевчук Игорь Аркадьевич",)),
            ListedEntity("c1", "Company", ("Kristallon LLC", "ООО Кристаллон")),
            ListedEntity("c2", "Company", ("Kristall LLC",)),
        ]
    )
    assert [m.entity_id for m in screener.screen("ИП Шевчук О.А.")] == ["p1"]
    assert [m.entity_id for m in screener.screen("ООО «Кpистaллoн»")] == ["c1"]


def test_a_middle_name_one_source_leaves_out_costs_less_than_another_name() -> None:
    assert score("Ali Khamenei", "Sayyid Ali Hosseini Khamenei") >= DEFAULT_THRESHOLD
    assert score("Bashar al-Assad", "Bashar Hafez al-Assad") >= 0.85
    assert score("Ramzan Kadyrov", "Akhmat Kadyrov") < 0.6  # another given name is no extra
    # only when what is paired is paired well: Fridman / Friedmann is not enough
    assert score("Mikhail Fridman", "Mikhail Friedmann Klein") < DEFAULT_THRESHOLD


def test_name_groups_never_pair_the_gendered_forms_of_a_surname() -> None:
    assert score("Alexei Navalny", "Alexei Navalnaya") < 0.6


@given(st.text(alphabet="abcdeopxyйцукенгшщзхфывапролджэячсмитбюАВЕКМНОРСТХ ", max_size=20))
def test_look_alike_folding_is_idempotent_and_leaves_one_script_words(text: str) -> None:
    folded = fold_lookalikes(text)
    assert fold_lookalikes(folded) == folded
    assert len(folded) == len(text)
    for word, out in zip(text.split(), folded.split(), strict=True):
        if word.isascii() or not any("a" <= ch.lower() <= "z" for ch in word):
            assert out == word  # a word in one script is never touched
