"""``tamga rates load``: a rates file into the store, or a clear refusal naming the row."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from tamga.cli.main import app
from tamga.rates.store import RatesStore
from tamga.store.database import connect

runner = CliRunner()


def test_rates_load_then_reload_then_a_bad_file(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 't.sqlite'}"
    good = tmp_path / "nbk.csv"
    good.write_text("date,currency,rate\n2024-05-14,USD,507.4\n2024-05-14,EUR,548.9\n")
    out = runner.invoke(app, ["rates", "load", str(good), "--base", "KZT", "--db", db])
    assert out.exit_code == 0, out.output
    assert "2 rates against KZT" in out.output and "+2 added" in out.output
    out = runner.invoke(app, ["rates", "load", str(good), "--db", db, "--json"])
    assert out.exit_code == 0 and '"added": 0' in out.output
    bad = tmp_path / "bad.csv"
    bad.write_text("date,currency,rate\n2024-05-15,USD,508\n2024-05-15,CNY,0\n")
    out = runner.invoke(app, ["rates", "load", str(bad), "--db", db])
    assert out.exit_code == 2
    said = " ".join(out.output.split())
    assert "bad.csv line 3" in said and "field rate" in said
    table = RatesStore(connect(db)).table()
    assert table is not None and len(table) == 2  # nothing of bad.csv
