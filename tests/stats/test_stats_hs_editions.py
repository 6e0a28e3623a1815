"""HS editions through a user's correlation table: link kinds, splits reported, CHPL codes traced.

The correlation rows below are the HS2017 → HS2022 links of the six Common High Priority List
codes that exist only in HS2022 (WCO correlation facts, checked here against the shared HS2017
and HS2022 code lists); the n:1 case is a made-up pair of codes, marked as such.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from tests_stats_support import rows_frame
from typer.testing import CliRunner

from tamga.cli.main import app
from tamga.errors import InvalidInput
from tamga.stats import growth
from tamga.stats.hs import Concordance, split_report
from tamga.stats.panel import Panel

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"
CHPL = SHARED / "trade" / "chpl" / "chpl_2024-02-23.csv"
LINKS = [
    ("854890", "854800"),  # other electrical parts of machinery: renumbered
    ("852580", "852581"), ("852580", "852582"), ("852580", "852583"), ("852580", "852589"),
    ("854140", "854141"), ("854140", "854142"), ("854140", "854143"), ("854140", "854149"),
    ("854150", "854151"), ("854150", "854159"),
    ("880330", "880730"),  # parts of aeroplanes and helicopters (now also of drones)
    ("010001", "010009"), ("010002", "010009"),  # made-up: two codes merged into one
]  # fmt: skip


@pytest.fixture
def table(tmp_path: Path) -> Path:
    path = tmp_path / "hs2017_hs2022.csv"
    path.write_text("HS2017,HS2022\n" + "\n".join(f"{a},{b}" for a, b in LINKS) + "\n")
    return path


def test_links_are_classed_one_to_one_merged_and_split(table: Path) -> None:
    conc = Concordance.from_csv(table)
    assert (conc.old_edition, conc.new_edition) == ("HS2017", "HS2022")
    kinds = dict(zip(conc.links.old + ">" + conc.links.new, conc.links.kind, strict=True))
    assert kinds["854890>854800"] == kinds["880330>880730"] == "1:1"
    assert kinds["010001>010009"] == kinds["010002>010009"] == "n:1"
    assert kinds["852580>852589"] == "1:n"
    assert conc.split_codes() == ["852580", "854140", "854150"]


@pytest.mark.skipif(not CHPL.exists(), reason="shared CHPL list absent")
def test_the_six_hs2022_only_chpl_codes_are_found_in_hs2017_data(table: Path) -> None:
    chpl = pd.read_csv(CHPL, dtype=str)
    only_2022 = sorted(chpl[chpl.in_hs2017 == "False"].hs6)
    assert only_2022 == ["852589", "854149", "854151", "854159", "854800", "880730"]
    hs17 = set(pd.read_csv(SHARED / "hs" / "harmonized-system-hs2017.csv", dtype=str).hscode)
    hs22 = set(pd.read_csv(SHARED / "hs" / "harmonized-system.csv", dtype=str).hscode)
    conc = Concordance.from_csv(table)
    traced = conc.sources_of(only_2022)
    assert set(traced.old) <= hs17 and set(traced.new) <= hs22
    assert not set(traced.new) & hs17  # none of them is an HS2017 code
    got = {(r.new, r.old, r.exact) for r in traced.itertuples()}
    assert got == {
        ("854800", "854890", True),
        ("880730", "880330", True),
        ("852589", "852580", False),
        ("854149", "854140", False),
        ("854151", "854150", False),
        ("854159", "854150", False),
    }


def test_panel_codes_are_rewritten_except_splits_which_are_reported(
    tmp_path: Path, table: Path
) -> None:
    rows = [
        {"reporter": "DE", "partner": "KG", "year": 2021, "hs": "854890", "value": 10.0},
        {"reporter": "DE", "partner": "KG", "year": 2021, "hs": "880330", "value": 7.0},
        {"reporter": "DE", "partner": "KG", "year": 2021, "hs": "010001", "value": 1.0},
        {"reporter": "DE", "partner": "KG", "year": 2021, "hs": "010002", "value": 2.0},
        {"reporter": "DE", "partner": "KG", "year": 2021, "hs": "852580", "value": 50.0},
    ]
    panel = Panel("hs", root=tmp_path / "stats")
    panel.add_frame(rows_frame(rows), "test")
    conc = Concordance.from_csv(table)
    g = growth(conc.apply(panel.table()), by=["hs"]).execute().set_index("hs").value.to_dict()
    assert g == {"854800": 10.0, "880730": 7.0, "010009": 3.0, "852580": 50.0}
    split = split_report(panel.table(), conc).execute()
    assert list(zip(split.hs_old, split.value, strict=True)) == [("852580", 50.0)]
    assert split.new_codes[0] == "852581,852582,852583,852589"


def test_a_bad_correlation_row_is_refused_naming_its_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("HS2017,HS2022\n854890,854800\n8548,854800\n")
    with pytest.raises(InvalidInput, match=r"bad.csv:3"):
        Concordance.from_csv(path)


@pytest.mark.skipif(not CHPL.exists(), reason="shared CHPL list absent")
def test_cli_traces_the_chpl_file(table: Path) -> None:
    result = CliRunner().invoke(
        app, ["stats", "hs", "--table", str(table), "--codes-file", str(CHPL), "--json"]
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["links"] == {"1:1": 2, "1:n": 10, "n:1": 2}
    assert {r["new"] for r in out["traced"]} == {
        "852589", "854149", "854151", "854159", "854800", "880730"
    }  # fmt: skip
