"""What approving a delisting request does to each kind of parallel-import row."""

from __future__ import annotations

from datetime import date

from tamga.lists.delisting import delisting_amendments
from tamga.lists.loading import parse_list
from tamga.lists.model import Action, Effect

LIST = parse_list(
    """
name: pi
defaults: {destinations: [RU], valid_from: 2022-05-07}
entries:
  - {id: phones, hs: "8517", effect: allowed_only_brands, brands: [Apple, Samsung]}
  - {id: consoles, hs: "9504", effect: allowed_only_brands, brands: [Sony]}
  - {id: parts, hs: "8708", effect: allowed_parallel_import}
  - {id: fridges, hs: "8418", effect: allowed_except_brands, brands: [Haier]}
""",
    "yaml",
)
DAY = date(2024, 7, 1)


def test_the_brand_leaves_an_only_brands_row_and_a_row_with_no_brand_left_goes() -> None:
    found = {a.entry_id: a for a in delisting_amendments(LIST, "SAMSUNG", (), DAY)}
    assert set(found) == {"phones"}
    assert found["phones"].action is Action.CHANGE
    assert found["phones"].entry is not None and found["phones"].entry.brands == ("Apple",)
    sony = delisting_amendments(LIST, "Sony", ("9504",), DAY)
    assert [(a.entry_id, a.action) for a in sony] == [("consoles", Action.REMOVE)]


def test_a_whole_row_narrows_only_when_the_request_names_its_scope() -> None:
    assert delisting_amendments(LIST, "Bosch", (), DAY) == []
    scoped = delisting_amendments(LIST, "Bosch", ("870830",), DAY)
    assert [a.entry_id for a in scoped] == ["parts"]
    entry = scoped[0].entry
    assert entry is not None
    assert (entry.effect, entry.brands) == (Effect.ALLOWED_EXCEPT_BRANDS, ("Bosch",))


def test_an_except_row_gains_the_brand_once() -> None:
    added = delisting_amendments(LIST, "Midea", ("8418",), DAY)
    assert added[0].entry is not None and added[0].entry.brands == ("Haier", "Midea")
    assert delisting_amendments(LIST, "haier", ("8418",), DAY) == []  # already excepted


def test_nothing_changes_before_the_list_exists() -> None:
    assert delisting_amendments(LIST, "Apple", (), date(2022, 1, 1)) == []
