"""Outcomes: a results file is read row by row, bad rows named by line and field, loads are
idempotent, and the analysts' confirm / false positive become outcomes too."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tamga.errors import InvalidInput
from tamga.selectivity.outcomes import Outcome, labels_of, read_csv
from tamga.selectivity.service import SelectivityService
from tamga.store.database import connect

GOOD = (
    "declaration_no,found,inspector,at,offence,value,lane,random\n"
    "IM1,yes,ana,2022-03-02,undervaluation,1200.50,red,no\n"
    "IM2,no,bek,2022-03-02T10:00:00+06:00,,,yellow,yes\n"
)


def test_a_results_file_gives_one_outcome_per_row() -> None:
    outcomes, refused = read_csv(GOOD)
    assert refused == []
    first, second = outcomes
    assert (first.declaration_no, first.found, first.offence, first.value) == (
        "IM1",
        True,
        "undervaluation",
        1200.5,
    )
    assert first.lane == "red" and not first.random
    assert not second.found and second.random and second.offence is None
    assert second.at == "2022-03-02T10:00:00+06:00"


def test_bad_rows_are_refused_by_line_and_field_and_the_rest_kept() -> None:
    text = GOOD + (
        "IM3,maybe,ana,2022-03-03,,,,\n"  # line 4
        "IM4,yes,,2022-03-03,,,,\n"  # line 5: no inspector
        "IM5,yes,ana,03/03/2022,,,,\n"  # line 6
        "IM6,yes,ana,2022-03-03,,-5,,\n"  # line 7
        "IM7,yes,ana,2022-03-03,,,purple,\n"  # line 8
        "IM8,yes,ana,2022-03-03,,,red,\n"
    )
    outcomes, refused = read_csv(text)
    assert [o.declaration_no for o in outcomes] == ["IM1", "IM2", "IM8"]
    assert [(r.line, r.field) for r in refused] == [
        (4, "found"),
        (5, "inspector"),
        (6, "at"),
        (7, "value"),
        (8, "lane"),
    ]
    assert "line 4, field found" in str(refused[0])


def test_a_file_without_the_required_columns_is_refused_whole() -> None:
    with pytest.raises(InvalidInput, match="missing column"):
        read_csv("declaration,found\nIM1,yes\n")
    with pytest.raises(InvalidInput, match="unknown column"):
        read_csv("declaration_no,found,inspector,at,colour\nIM1,yes,a,2022-01-01,red\n")


def test_the_national_result_wins_over_the_analysts_opinion() -> None:
    file = Outcome("IM1", False, "ana", "2022-03-01", source="file")
    workflow = Outcome("IM1", True, "bek", "2022-03-05", source="workflow")
    assert labels_of([workflow, file])["IM1"] is file


def test_loading_twice_changes_nothing(tmp_path: Path, store_url: str) -> None:
    path = tmp_path / "results.csv"
    path.write_text(GOOD)
    engine = connect(store_url)
    service = SelectivityService(engine)
    first = service.load_file(path)
    assert (first["accepted"], first["new"], first["refused"]) == (2, 2, [])
    again = service.load_file(path)
    assert (again["new"], again["updated"], again["unchanged"]) == (0, 0, 2)
    path.write_text(GOOD.replace("IM2,no", "IM2,yes"))
    corrected = service.load_file(path)
    assert (corrected["new"], corrected["updated"], corrected["unchanged"]) == (0, 1, 1)
    assert {o.declaration_no: o.found for o in service.outcomes()} == {"IM1": True, "IM2": True}
    engine.dispose()


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.from_regex(r"[A-Z]{2}-20[0-9]{2}-[0-9]{4}", fullmatch=True),
            st.booleans(),
            st.floats(0, 1e9, allow_nan=False),
            st.booleans(),  # this row is broken (found is not yes/no)
        ),
        max_size=30,
    )
)
def test_every_good_row_is_kept_and_every_bad_one_named(
    rows: list[tuple[str, bool, float, bool]],
) -> None:
    lines = ["declaration_no,found,inspector,at,value"]
    for number, found, value, broken in rows:
        lines.append(f"{number},{'perhaps' if broken else found},ana,2022-03-01,{value!r}")
    outcomes, refused = read_csv("\n".join(lines) + "\n")
    expected: dict[str, tuple[bool, float]] = {}
    for number, found, value, broken in rows:
        if not broken:
            expected[number] = (found, value)
    assert {o.declaration_no: (o.found, o.value) for o in outcomes} == expected
    assert [r.line for r in refused] == [i + 2 for i, row in enumerate(rows) if row[3]]
    assert all(r.field == "found" for r in refused)
