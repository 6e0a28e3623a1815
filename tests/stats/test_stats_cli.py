"""`tamga stats ...`: load, the analyses as JSON and CSV, charts (HTML, PNG, SVG) and the report."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from tests_stats_data import write_eurostat_sample
from typer.testing import CliRunner

from tamga.cli.main import app
from tamga.stats import charts
from tamga.stats.panel import Panel

runner = CliRunner()


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TAMGA_STATS_DIR", str(tmp_path / "stats"))
    sample = tmp_path / "comext.csv"
    write_eurostat_sample(sample)
    result = runner.invoke(app, ["stats", "load", str(sample), "--panel", "p", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["rows"] > 0
    return tmp_path


def test_growth_json_rows_carry_the_documented_fields(env: Path) -> None:
    result = runner.invoke(
        app, ["stats", "growth", "--panel", "p", "--by", "reporter,partner", "--json"]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert {"reporter", "partner", "period", "value", "previous", "change", "change_pct"} <= set(
        rows[0]
    )
    de = {r["period"]: r for r in rows if r["reporter"] == "DE"}
    assert de["2022"]["value"] == 300.0 and de["2022"]["previous"] == 120.0
    assert de["2022"]["change_pct"] == pytest.approx(150.0)


def test_mirror_csv_has_both_values_ratio_and_coverage(env: Path) -> None:
    result = runner.invoke(
        app,
        ["stats", "mirror", "--panel", "p", "--group", "EU27", "--importer", "KG", "--csv", "-"],
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {"export_reported", "import_reported", "ratio", "coverage"} <= set(rows[0])
    by_year = {r["period"]: r for r in rows}
    assert float(by_year["2022"]["ratio"]) == pytest.approx(150 / 400)


def test_surges_roundabout_and_index_answer_in_json(env: Path) -> None:
    for args in (
        ["surges", "--freq", "year", "--floor", "1"],
        ["roundabout", "--third", "KG", "--date", "2022-01", "--hs-level", "2"],
        ["index", "--freq", "year"],
    ):
        result = runner.invoke(app, ["stats", *args, "--panel", "p", "--json"])
        assert result.exit_code == 0, (args, result.output)
        assert isinstance(json.loads(result.stdout), list)


def test_bad_options_exit_with_a_message(env: Path) -> None:
    result = runner.invoke(app, ["stats", "growth", "--panel", "p", "--by", "colour"])
    assert result.exit_code == 2 and "cannot group by" in result.output
    result = runner.invoke(app, ["stats", "growth", "--panel", "nothing-here"])
    assert result.exit_code == 2 and "no data" in result.output


def test_report_is_one_offline_html_file(env: Path) -> None:
    out = env / "report.html"
    result = runner.invoke(app, ["stats", "report", "--panel", "p", "--out", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "Mirror statistics" in html and "<table" in html
    assert "<script src=" not in html  # plotly.js inline, nothing fetched
    assert "Plotly" in html.split("</head>")[0]
    assert html.count("Plotly.newPlot") >= 3


def test_html_chart_embeds_plotly_js(env: Path) -> None:
    out = env / "flows.html"
    result = runner.invoke(app, ["stats", "chart", "flows", "--panel", "p", "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert len(text) > 1_000_000  # plotly.js itself is inside
    assert '<script src="https://cdn' not in text


@pytest.mark.browser
def test_png_and_svg_through_kaleido_and_chromium(env: Path) -> None:
    panel = Panel("p")
    from tamga.stats import growth

    fig = charts.flows_line(growth(panel.table()).execute())
    png = charts.save(fig, env / "flows.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = charts.save(fig, env / "flows.svg")
    assert "<svg" in svg.read_text(encoding="utf-8")[:500]
