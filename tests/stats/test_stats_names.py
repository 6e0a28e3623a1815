"""Country names/codes and period labels as trade files write them."""

from __future__ import annotations

import pytest

from tamga.errors import InvalidInput
from tamga.stats.countries import UNSPECIFIED, country_from_code, country_from_name
from tamga.stats.periods import parse_period


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Aug. 2024", (2024, 8)),
        ("202408-Aug. 2024", (2024, 8)),
        ("Jan.-Dec. 2019", (2019, 0)),
        ("202152-Jan.-Dec. 2021", (2021, 0)),
        ("Y2019", (2019, 0)),
        ("2019", (2019, 0)),
        ("202408", (2024, 8)),
        ("2024-08-01", (2024, 8)),
        ("2024M08", (2024, 8)),
        ("2024-08-01T10:00:00Z", (2024, 8)),
        ("Sept. 2023", (2023, 9)),
    ],
)
def test_period_labels_read_as_year_and_month(label: str, expected: tuple[int, int]) -> None:
    assert parse_period(label) == expected


@pytest.mark.parametrize("label", ["2024-13", "soon", "Foo. 2024"])
def test_unreadable_periods_are_refused(label: str) -> None:
    with pytest.raises(InvalidInput):
        parse_period(label)


@pytest.mark.parametrize(
    ("name", "code", "aggregate"),
    [
        ("Germany (incl. German Democratic Republic 'DD' from 1991)", "DE", False),
        ("Allemagne (incl. République démocratique allemande 'DD' depuis 1991)", "DE", False),
        ("Russian Federation (Russia)", "RU", False),
        ("Korea, Republic of (South Korea)", "KR", False),
        ("Iran, République islamique d’", "IR", False),
        ("Curaçao", "CW", False),
        ("European Union - 27 countries (AT, BE, BG, CY, CZ, DE)", "EU27", True),
        ("Union européenne - 27 pays (AT, BE)", "EU27", True),
        ("Euro area - 20 countries (AT, BE)", "EA20", True),
        ("Euro area (AT-01/1999, BE-01/1999)", "EA", True),
        ("European Union (AT-01/1995, BE-01/1958)", "EU", True),
        ("World", "WLD", True),
        ("Africa", "AFRICA", True),
        ("Stores and provisions within the framework of extra-Union trade", UNSPECIFIED, False),
        ("Iles Vierges des Etats-Unis", "VI", False),
    ],
)
def test_names_map_to_iso_or_to_an_aggregate(name: str, code: str, aggregate: bool) -> None:
    found = country_from_name(name)
    assert (found.code, found.is_aggregate) == (code, aggregate)


def test_unknown_names_are_kept_as_aggregates_not_guessed() -> None:
    found = country_from_name("Atlantis and Lemuria")
    assert found.code == "?Atlantis and Lemuria" and found.is_aggregate


@pytest.mark.parametrize(
    ("code", "iso", "aggregate"),
    [
        (842, "US", False),
        (51, "AM", False),
        ("ARM", "AM", False),
        (643, "RU", False),
        (0, "WLD", True),
        ("W00", "WLD", True),
        (757, "CH", False),
        (490, "TW", False),
        ("EL", "GR", False),
        (899, UNSPECIFIED, False),
    ],
)
def test_comtrade_and_iso_codes_resolve(code: str | int, iso: str, aggregate: bool) -> None:
    found = country_from_code(code)
    assert (found.code, found.is_aggregate) == (iso, aggregate)
