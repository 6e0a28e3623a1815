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
    summer_2022 = pi.diff(date(2022, 5, 7), date(2022, 8, 1))
    assert [e.entry_id for e in summer_2022.added] == ["pi-9503"]
    assert [e.entry_id for e in summer_2022.removed] == ["pi-8413", "pi-8506", "pi-9619"]
    spring_2023 = pi.diff(date(2023, 3, 12), date(2023, 3, 13))
    assert {e.entry_id for e in spring_2023.added} >= {"pi-9403", "pi-9504", "pi-271019"}
    # every amendment is dated within the regime's life and the list keeps all versions
    assert all(a.effective >= date(2022, 5, 7) for a in pi.amendments)
    assert len(pi.entries) > len(pi.entries_on(date(2024, 6, 1)))


def test_every_parallel_import_entry_and_amendment_carries_its_source(
    lists: dict[str, GoodsList],
) -> None:
    pi = lists["ru-parallel-import"]
    for item in (*pi.entries, *pi.amendments):
        source = item.source
        assert source is not None and source.read, item
        assert all(a.startswith("https://") for a in source.read)
        assert source.unconfirmed == bool(source.unknown)
    first = [e for e in pi.entries if e.valid_from == date(2022, 5, 7)]
    assert {e.source.order for e in first if e.source} == {"Minpromtorg Order No. 1532"}
    # the regime's own dates: from 7 May 2022, extended year by year to the end of 2026
    assert [(p.start.isoformat(), p.end and p.end.isoformat()) for p in pi.regime] == [
        ("2022-05-07", "2022-12-31"),
        ("2023-01-01", "2023-12-31"),
        ("2024-01-01", "2024-12-31"),
        ("2025-01-01", "2025-12-31"),
        ("2026-01-01", "2026-12-31"),
    ]
    assert all(p.source is not None and p.source.read for p in pi.regime)


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
    chair = checker.check("9403600000", brand="Икеа", destination="RU", on=on)
    assert [(f.entry, f.allowed) for f in chair] == [("pi-9403", True)]
    assert "per order not identified" in chair[0].reason and "unconfirmed" in chair[0].reason
    fridge = checker.check("8418102001", brand="HAIER", destination="RU", on=on)
    assert [(f.entry, f.allowed) for f in fridge] == [("pi-zanussi", False)]
    # outside the regime's dates the list answers nothing
    assert checker.check("9403600000", brand="IKEA", destination="RU", on=date(2027, 1, 1)) == []
