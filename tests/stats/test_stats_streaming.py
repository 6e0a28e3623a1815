"""The streaming DuckDB loaders: the same panel rows as today's pandas loaders, bad rows refused.

Files are generated in the published layouts (``tamga.stats.synthetic``); the 1M- and
10M-row runs are in ``benchmarks/stats_bench.py --loaders``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from reference_loaders import reference_rows
from typer.testing import CliRunner

from tamga.cli.main import app
from tamga.errors import InvalidInput
from tamga.stats import growth, load_file
from tamga.stats.panel import Panel
from tamga.stats.synthetic import API_COLUMNS, comtrade_csv, eurostat_csv

KEY = ["reporter", "partner", "flow", "hs", "year", "month", "qty_unit"]


def same_rows(a: pd.DataFrame, b: pd.DataFrame) -> None:
    cols = list(a.columns)
    a = a.sort_values(KEY, na_position="first").reset_index(drop=True)
    b = b[cols].sort_values(KEY, na_position="first").reset_index(drop=True)
    for frame in (a, b):
        for c in ("value", "qty", "net_kg"):
            frame[c] = frame[c].astype("float64")
        for c in cols:
            if frame[c].dtype.kind not in "fb":
                frame[c] = frame[c].astype(object).where(frame[c].notna(), None)
    # sums of several rows may differ in the last bit with the order they are added in
    pd.testing.assert_frame_equal(a, b, check_dtype=False, check_exact=False, rtol=1e-12)


@pytest.mark.parametrize(
    ("kind", "generate"), [("comtrade", comtrade_csv), ("eurostat", eurostat_csv)]
)
def test_streaming_loader_writes_todays_panel_rows(tmp_path: Path, kind: str, generate) -> None:  # type: ignore[no-untyped-def]
    path = generate(tmp_path / f"{kind}.csv", 6_000, seed=7)
    panel = Panel(kind, root=tmp_path / "stats")
    summary = load_file(path, panel)
    assert summary.rows > 0 and summary.refused == 0
    new = panel.table().execute()
    ref = reference_rows(path, kind)
    assert len(new) == len(ref)
    assert (~new.leaf).any()  # the file has HS4/TOTAL rows above HS6 ones
    same_rows(ref, new)


def api_line(line_no: int, value: str, period: str = "3") -> str:
    return (
        f"C,M,20240301,2024,{period},202403,398,KAZ,Kazakhstan,X,Export,643,RUS,Russian Federation,"
        f"0,H6,84715{line_no % 10},6,true,C00,0,0,u,5,12.5,{value}"
    )


def test_a_bad_value_names_file_line_and_column_and_the_rest_loads(tmp_path: Path) -> None:
    lines = [API_COLUMNS]
    lines += [api_line(i, "100.5") for i in range(1, 4)]
    lines.append(api_line(4, "12,5x"))  # line 5: a value that is no number (and a stray comma)
    lines.append(api_line(5, "abc"))  # line 6
    lines.append(api_line(6, "7", period="13x"))  # line 7: no month
    lines += [api_line(i, "1") for i in range(7, 9)]
    path = tmp_path / "bad.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    panel = Panel("bad", root=tmp_path / "stats")
    summary = load_file(path, panel)
    assert summary.refused == 3
    assert summary.rows == 5
    text = "\n".join(summary.refusals)
    assert "bad.csv:5" in text and "bad.csv:6: column primaryValue" in text
    assert "bad.csv:7: column refMonth" in text and "13x" in text
    assert panel.sources()[0].refused == 3
    g = growth(panel.table(), by=["reporter"], freq="month").execute()
    assert g.value.sum() == pytest.approx(3 * 100.5 + 2 * 1)


def test_a_file_of_unknown_layout_is_refused_naming_what_was_expected(tmp_path: Path) -> None:
    path = tmp_path / "mystery.csv"
    path.write_text("country,goods,amount\nKZ,wheat,10\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"expected Comtrade .* BACI .* Eurostat Comext"):
        load_file(path, Panel("x", root=tmp_path / "stats"))
    missing = tmp_path / "partial.csv"
    missing.write_text("cmdCode,primaryValue,partnerISO\n847150,1,RUS\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="flowcode"):
        load_file(missing, Panel("x", root=tmp_path / "stats"))


def test_progress_is_told_bytes_read_up_to_the_file_size(tmp_path: Path) -> None:
    path = comtrade_csv(tmp_path / "c.csv", 2_000)
    seen: list[tuple[str, int, int]] = []
    load_file(path, Panel("p", root=tmp_path / "stats"), progress=lambda *a: seen.append(a))
    size = path.stat().st_size
    hashing = [d for phase, d, _ in seen if phase == "hashing"]
    reading = [d for phase, d, _ in seen if phase == "reading"]  # DuckDB's one parse
    assert hashing[-1] == size and reading[-1] == size and all(t == size for _, _, t in seen)


def test_cli_load_shows_the_refused_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TAMGA_STATS_DIR", str(tmp_path / "stats"))
    path = tmp_path / "bad.csv"
    path.write_text("\n".join([API_COLUMNS, api_line(1, "5"), api_line(2, "x")]) + "\n")
    result = CliRunner().invoke(app, ["stats", "load", str(path), "--panel", "p"])
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split())
    assert "1 rows refused" in flat and "bad.csv:3" in flat


def test_lines_are_right_when_the_file_is_parsed_in_parallel(tmp_path: Path) -> None:
    # ~40 MB: more than one of DuckDB's CSV buffers, so several threads parse the file and the
    # line of a bad label comes from the staged copy's row order, not from a re-parse
    path = comtrade_csv(tmp_path / "big.csv", 300_000)
    bad = tmp_path / "big_bad.csv"
    with path.open() as src, bad.open("w") as out:
        for n, line in enumerate(src, start=1):
            fields = line.rstrip("\n").split(",")
            if n == 150_000:
                fields[-1] = "abc"  # primaryValue: refused by DuckDB
            elif n == 280_000:
                fields[4] = "13x"  # refMonth: refused as a label
            out.write(",".join(fields) + "\n")
    summary = load_file(bad, Panel("p", root=tmp_path / "stats"))
    assert summary.refused == 2
    assert summary.refusals[0].startswith("big_bad.csv:150000: column primaryValue")
    assert summary.refusals[1].startswith("big_bad.csv:280000: column refMonth: not a month")


def test_a_comext_row_with_a_bad_period_or_value_is_refused_by_line(tmp_path: Path) -> None:
    path = tmp_path / "comext.csv"
    path.write_text(
        "REPORTER,PARTNER,PRODUCT,FLOW,PERIOD,VALUE_IN_EUR\n"
        "Germany,Kyrgyzstan,8703,2-EXPORT,Aug. 2024,100\n"
        "France,Kyrgyzstan,8703,2-EXPORT,Aug. 2024,lots\n"  # line 3: no number
        "Germany,Kyrgyzstan,8704,2-EXPORT,Augtober 2024,5\n"  # line 4: no such period
        "France,Kyrgyzstan,8703,1-IMPORT,Aug. 2024,7\n"
        "Italy,Kyrgyzstan,8703,2-EXPORT,Aug. 2024,3\n",
        encoding="utf-8",
    )
    summary = load_file(path, Panel("c", root=tmp_path / "stats"))
    assert (summary.rows, summary.refused) == (3, 2)
    assert summary.refusals[0].startswith("comext.csv:3: column VALUE_IN_EUR")
    # the refused line 3 is not in the staged copy: it is counted back in
    assert summary.refusals[1] == (
        "comext.csv:4: column PERIOD: unrecognised period: 'Augtober 2024'"
    )
