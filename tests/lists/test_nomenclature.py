"""Codes checked against HS2017, HS2022 and the EAEU TN VED as of a date (../shared files)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import orjson
import pytest

from tamga.errors import InvalidInput
from tamga.lists.nomenclature import Nomenclature, load_edition


@pytest.fixture(scope="module")
def files() -> dict[str, Path]:
    root = Path(__file__).resolve().parents[2].parent / "shared" / "data"
    if not root.is_dir():
        pytest.skip(f"../shared is absent ({root}); it holds the real HS and TN VED files")
    return {
        "hs2017": root / "hs" / "harmonized-system-hs2017.csv",
        "hs2022": root / "hs" / "harmonized-system.csv",
        "tnved": root / "trade" / "tnved" / "tnved-eaeu-2022.json",
    }


@pytest.fixture(scope="module")
def hs(files: dict[str, Path]) -> Nomenclature:
    return Nomenclature.from_files([files["hs2017"], files["hs2022"]])


def test_editions_are_read_with_their_periods_and_counts(files: dict[str, Path]) -> None:
    hs17 = load_edition(files["hs2017"])
    assert (hs17.name, hs17.valid_from, hs17.valid_to) == (
        "HS2017",
        date(2017, 1, 1),
        date(2022, 1, 1),
    )
    # 96 chapters, 1,222 headings, 5,387 subheadings once TOTAL, blank and 99xx rows are dropped
    assert len(hs17) == 96 + 1222 + 5387
    hs22 = load_edition(files["hs2022"])
    assert (hs22.name, hs22.valid_from, hs22.valid_to) == ("HS2022", date(2022, 1, 1), None)
    assert len(hs22) == 96 + 1228 + 5612


def test_codes_new_in_hs2022_are_valid_only_from_2022(hs: Nomenclature) -> None:
    for code in ("854800", "852589", "854149", "854151", "854159", "880730"):
        assert not hs.is_valid(code, date(2021, 12, 31)), code
        assert hs.is_valid(code, date(2022, 1, 1)), code
    # and HS2017's 8548.10 (waste of batteries) went with HS2017
    assert hs.is_valid("854810", date(2021, 12, 31))
    assert not hs.is_valid("854810", date(2022, 1, 1))
    assert not hs.is_valid("0101", date(2016, 12, 31))  # no edition loaded for 2016


def test_longer_codes_are_checked_on_the_editions_depth(hs: Nomenclature) -> None:
    answer = hs.check("8542310000", date(2023, 5, 1))
    assert answer.valid and answer.matched == "854231" and "checked 854231" in answer.reason


def test_tnved_codes_are_valid_from_their_own_dates(files: dict[str, Path]) -> None:
    tnved = Nomenclature.from_files([files["tnved"]])
    assert tnved.is_valid("8450111100", date(2022, 1, 1))
    assert tnved.is_valid("845011", date(2022, 1, 1))  # the subheading above it
    assert not tnved.is_valid("8450111199", date(2023, 1, 1))
    # the codes the file dates 2023-04-09 were not valid the day before
    sections = orjson.loads(files["tnved"].read_bytes())
    late = [
        sub["code"]
        for section in sections
        for group in section.get("groups") or []
        for heading in group.get("goods") or []
        for sub in heading.get("subs") or []
        if sub["date"].startswith("2023-04-09")
    ]
    assert late
    for code in late:
        assert not tnved.is_valid(code, date(2023, 4, 8)), code
        assert tnved.is_valid(code, date(2023, 4, 9)), code


def test_a_plain_code_csv_carries_its_own_validity(tmp_path: Path) -> None:
    path = tmp_path / "national.csv"
    path.write_text(
        "code,description,valid_from,valid_to\n"
        "8703231981,cars old,2022-01-01,2023-01-01\n"
        "8703231982,cars new,01.01.2023,\n",
        encoding="utf-8",
    )
    codes = Nomenclature.from_files([path])
    assert codes.is_valid("8703231981", date(2022, 12, 31))
    assert not codes.is_valid("8703231981", date(2023, 1, 1))
    assert codes.is_valid("8703231982", date(2023, 1, 1))
    path.write_text("code,valid_from\n8703,2022-02-30\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        load_edition(path)
    assert caught.value.record == "national.csv row 2" and caught.value.field == "valid_from"
