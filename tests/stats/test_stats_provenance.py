"""Loads never double a flow: each load is recorded with its source, hash and coverage.

The same content loaded twice is a no-op that says so; a different release of the same source
for the same flows is refused unless it replaces the older rows; ``stats sources`` lists what a
panel holds. Checked on the real Eurostat extract (EU27 → Kyrgyzstan, 263.2 m EUR in 2021).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import insert
from tests_stats_support import rows_frame
from typer.testing import CliRunner

from tamga.cli.main import app
from tamga.errors import Conflict
from tamga.stats import growth, load_file, load_ledger
from tamga.stats.panel import Panel
from tamga.store.database import connect
from tamga.store.schema import event_lines

SHARED_TRADE = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "trade"
KG = SHARED_TRADE / "eurostat-eu-cca" / "eu_member_exports_to_KG_monthly_201901-202408.csv"

runner = CliRunner()


def eu_to_kg(panel: Panel) -> dict[int, float]:
    g = growth(
        panel.table(), by=["reporter", "partner"], reporters=["EU27"], partners=["KG"],
        flows=["export"],
    ).execute()  # fmt: skip
    return {int(r.year): round(r.value / 1e6, 1) for r in g.itertuples()}


@pytest.mark.skipif(not KG.exists(), reason=f"{KG} is absent")
def test_loading_the_same_eurostat_file_twice_keeps_2021_at_263_2(tmp_path: Path) -> None:
    panel = Panel("kg", root=tmp_path)
    first = load_file(KG, panel)
    again = load_file(KG, panel)
    assert first.status == "loaded" and first.rows > 0
    assert again.status == "unchanged" and again.rows == 0 and again.part == first.part
    assert eu_to_kg(panel)[2021] == 263.2
    assert len(panel.sources()) == 1 and len(panel.parts()) == 1


@pytest.mark.skipif(not KG.exists(), reason=f"{KG} is absent")
def test_a_corrected_release_is_refused_then_replaces_the_older_rows(tmp_path: Path) -> None:
    panel = Panel("kg", root=tmp_path)
    load_file(KG, panel)
    # the "next release": the same extract with Germany's January 2021 figure revised upwards
    lines = KG.read_text(encoding="utf-8-sig").splitlines()
    header = lines[0].split(",")
    period, value = header.index("PERIOD"), header.index("VALUE_IN_EUR")
    revised = []
    bumped = False
    for line in lines:
        cells = line.split(",")
        if not bumped and line.startswith("Germany") and cells[period] == "Jan. 2021":
            cells[value] = str(float(cells[value]) + 1_000_000)
            bumped = True
        revised.append(",".join(cells))
    assert bumped
    release = tmp_path / "kg_release2.csv"
    release.write_text("\n".join(revised) + "\n", encoding="utf-8")

    with pytest.raises(Conflict, match="--replace"):
        load_file(release, panel)
    assert eu_to_kg(panel)[2021] == 263.2  # nothing was added by the refused load

    done = load_file(release, panel, replace=True)
    assert done.status == "replaced" and done.replaced_rows == done.rows
    records = panel.sources()
    assert [r.origin for r in records] == ["kg_release2.csv"]
    # the EU27 aggregate row was not revised; the members' sum grew by exactly 1 m EUR
    assert eu_to_kg(panel)[2021] == 263.2
    members = growth(panel.table(), by=["partner"], partners=["KG"], flows=["export"]).execute()
    assert round(members.set_index("year").value[2021] / 1e6, 1) == 264.2


def test_a_release_covering_part_of_an_older_load_rewrites_only_that_part(
    tmp_path: Path,
) -> None:
    panel = Panel("p", root=tmp_path)
    old = [{"reporter": "AM", "partner": "RU", "year": y, "value": 10.0} for y in (2021, 2022)]
    panel.add_frame(rows_frame(old), "test")
    new = [{"reporter": "AM", "partner": "RU", "year": 2022, "value": 25.0}]
    done = panel.add_frame(rows_frame(new), "test", replace=True)
    assert done.status == "replaced" and done.replaced_rows == 1
    rows = panel.table().execute().sort_values("year")
    assert list(zip(rows.year, rows.value, strict=True)) == [(2021, 10.0), (2022, 25.0)]
    # an HS6 release for a flow held at HS4 also overlaps: one of them would double the sum
    panel.add_frame(
        rows_frame([{"reporter": "KZ", "partner": "CN", "year": 2022, "hs": "8471", "value": 1.0}]),
        "test",
    )
    with pytest.raises(Conflict):
        panel.add_frame(
            rows_frame(
                [{"reporter": "KZ", "partner": "CN", "year": 2022, "hs": "847130", "value": 1.0}]
            ),
            "test",
        )


def test_cli_says_unchanged_and_lists_sources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests_stats_data import write_eurostat_sample

    monkeypatch.setenv("TAMGA_STATS_DIR", str(tmp_path / "stats"))
    sample = write_eurostat_sample(tmp_path / "comext.csv")
    first = runner.invoke(app, ["stats", "load", str(sample), "--panel", "p"])
    assert first.exit_code == 0 and "loaded" in first.output
    second = runner.invoke(app, ["stats", "load", str(sample), "--panel", "p"])
    assert second.exit_code == 0 and "already loaded" in " ".join(second.output.split())
    listing = runner.invoke(app, ["stats", "sources", "--panel", "p", "--json"])
    assert listing.exit_code == 0, listing.output
    records = json.loads(listing.stdout)
    assert len(records) == 1
    rec = records[0]
    assert rec["origin"] == "comext.csv" and rec["source"] == "eurostat"
    assert len(rec["sha256"]) == 64 and {"DE", "FR", "EU27", "KG"} <= set(rec["reporters"])
    assert (rec["first_period"], rec["last_period"]) == ("2021", "2022")


def test_ledger_reload_is_a_no_op_until_new_lines_then_needs_replace(
    store_url: str, tmp_path: Path
) -> None:
    from test_stats_ledger_source import line

    engine = connect(store_url)
    with engine.begin() as conn:
        conn.execute(insert(event_lines), [line(1, "import", "2024-01-05T10:00:00Z", "CN", 10.0)])
    panel = Panel("ledger", root=tmp_path)
    assert load_ledger(store_url, panel).status == "loaded"
    assert load_ledger(store_url, panel).status == "unchanged"
    with engine.begin() as conn:
        conn.execute(insert(event_lines), [line(2, "import", "2024-01-09T10:00:00Z", "CN", 5.0)])
    engine.dispose()
    with pytest.raises(Conflict):
        load_ledger(store_url, panel)
    assert load_ledger(store_url, panel, replace=True).status == "replaced"
    rows = panel.table().execute()
    assert list(rows.value) == [15.0]
    assert "password" not in panel.sources()[0].origin
