"""The lists tamga ships: the CHPL as published on 2024-02-23, the EU bans, Russia's
parallel-import list with its amendments, all answering through the checker."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from tamga.lists import GoodsChecker
from tamga.lists.defaults import default_lists
from tamga.lists.model import Effect, GoodsList


@pytest.fixture(scope="module")
def lists() -> dict[str, GoodsList]:
    return {gl.name: gl for gl in default_lists()}


def test_chpl_matches_the_published_list_code_by_code_and_tier_by_tier(
    lists: dict[str, GoodsList], shared_dir: Path
) -> None:
    reference = shared_dir / "data" / "trade" / "chpl" / "chpl_2024-02-23.csv"
    with reference.open(encoding="utf-8") as fh:
        published = {row["hs6"]: (row["tier"], row["tier_label"]) for row in csv.DictReader(fh)}
    assert len(published) == 50
    chpl = lists["chpl"]
    ours = {e.hs_prefixes[0]: (e.tier, e.category) for e in chpl.entries_on(date(2024, 2, 23))}
    assert all(len(e.hs_prefixes) == 1 for e in chpl.entries)
    assert ours == published
    assert chpl.entries_on(date(2024, 2, 22)) == ()  # this version starts on 2024-02-23
    assert {e.destinations for e in chpl.entries} == {frozenset({"RU", "BY"})}
    assert {e.effect for e in chpl.entries} == {Effect.CONTROLLED}


def test_parallel_import_list_starts_on_7_may_2022_and_changes_over_time(
    lists: dict[str, GoodsList],
) -> None:
    pi = lists["ru-parallel-import"]
    assert pi.entries_on(date(2022, 5, 6)) == ()
    at_start = pi.entries_on(date(2022, 5, 7))
    kinds = {e.effect for e in at_start}
    assert kinds == {
        Effect.ALLOWED_PARALLEL_IMPORT,
        Effect.ALLOWED_ONLY_BRANDS,
        Effect.ALLOWED_EXCEPT_BRANDS,
    }
    first_year = pi.diff(date(2022, 5, 7), date(2022, 12, 31))
    assert {e.entry_id for e in first_year.added} >= {"pi-2202", "pi-9503"}
    into_2024 = pi.diff(date(2023, 12, 31), date(2024, 6, 1))
    assert [e.entry_id for e in into_2024.removed] == ["pi-9503"]
    trimmed = {old.entry_id: set(old.brands) - set(new.brands) for old, new in into_2024.changed}
    assert trimmed == {"pi-8703": {"Skoda"}, "pi-8528": {"Philips"}}
    # every amendment is dated within the regime's life and the list keeps all versions
    assert all(a.effective >= date(2022, 5, 7) for a in pi.amendments)
    assert len(pi.entries) > len(pi.entries_on(date(2024, 6, 1)))


def test_eu_bans_grow_with_each_package(lists: dict[str, GoodsList]) -> None:
    bans = lists["eu-export-ban"]
    before = {e.entry_id for e in bans.entries_on(date(2022, 2, 25))}
    after = {e.entry_id for e in bans.entries_on(date(2022, 2, 26))}
    assert before and all(i.startswith("ban-ii-") for i in before)
    assert after - before == {"ban-xi-88", "ban-xi-8411", "ban-xi-271019", "ban-vii-8542"}
    assert all(e.origins is not None and "DE" in e.origins for e in bans.entries)


def test_checker_over_the_defaults_answers_with_reasons() -> None:
    checker = GoodsChecker.from_defaults()
    on = date(2024, 3, 1)
    ic = checker.check("8542310000", origin="DE", destination="RU", on=on)
    assert {(f.list, f.entry) for f in ic} == {
        ("chpl", "chpl-854231"),
        ("eu-export-ban", "ban-vii-8542"),
    }
    tier = next(f for f in ic if f.list == "chpl")
    assert tier.tier == "1" and "tier 1" in tier.reason
    # a route the lists do not restrict: nothing applies
    assert checker.check("8542310000", origin="DE", destination="KZ", on=on) == []
    # parallel import: the brand decides, and Cyrillic spelling meets the Latin entry
    phone = checker.check("8517130000", brand="Самсунг", destination="RU", on=on)
    assert [(f.entry, f.allowed) for f in phone] == [("pi-8517", True)]
    fridge = checker.check("8418102001", brand="HAIER", destination="RU", on=on)
    assert [(f.entry, f.allowed) for f in fridge] == [("pi-8418", False)]
    skoda_2023 = checker.check("8703", brand="Skoda", destination="RU", on=date(2023, 6, 1))
    skoda_2024 = checker.check("8703", brand="Skoda", destination="RU", on=date(2024, 6, 1))
    assert [f.allowed for f in skoda_2023 if f.list == "ru-parallel-import"] == [True]
    assert [f.allowed for f in skoda_2024 if f.list == "ru-parallel-import"] == [False]
