"""The ledger's goods lines as the home country's trade, read from a real store (SQLite and PG)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import insert

from tamga.stats import growth, load_ledger
from tamga.stats.panel import Panel
from tamga.store.database import connect
from tamga.store.schema import event_lines


def line(seq: int, type_: str, time: str, country: str, value: float, **kw: Any) -> dict[str, Any]:
    return {
        "event_seq": seq,
        "role": "line",
        "line_no": 1,
        "event_id": f"e{seq}",
        "type": type_,
        "time": time,
        "holder": "H1",
        "country": country,
        "hs_code": "8471300000",
        "goods_key": "laptop",
        "quantity": kw.get("quantity", 10.0),
        "unit": "H87",
        "net_kg": 20.0,
        "value": value,
        "currency": "USD",
        "origin_country": kw.get("origin"),
        "unbacked_qty": 0.0,
    }


def test_ledger_lines_become_imports_exports_reexports_and_transits(
    store_url: str, tmp_path: Path
) -> None:
    engine = connect(store_url)
    with engine.begin() as conn:
        conn.execute(
            insert(event_lines),
            [
                line(1, "import", "2024-01-05T10:00:00Z", "CN", 1000.0, origin="CN"),
                line(2, "import", "2024-01-20T10:00:00Z", "CN", 500.0, origin="CN"),
                line(3, "export", "2024-02-01T08:00:00Z", "RU", 700.0, origin="CN"),
                line(4, "export", "2024-02-03T08:00:00Z", "RU", 90.0, origin="KZ"),
                line(5, "transit_start", "2024-02-10T08:00:00Z", "KG", 300.0, origin="DE"),
                line(6, "transfer", "2024-02-11T08:00:00Z", "KZ", 999.0),
            ],
        )
        # inputs of a transformation are not trade
        conn.execute(
            insert(event_lines),
            [{**line(7, "import", "2024-02-12T00:00:00Z", "CN", 5.0), "role": "input"}],
        )
    engine.dispose()
    panel = Panel("ledger", root=tmp_path / "stats")
    summary = load_ledger(store_url, panel, home="KZ")
    assert summary.rows == 4
    g = growth(panel.table(), by=["reporter", "partner", "flow"], freq="month").execute()
    got = {(r.flow, r.partner, r.period): r.value for r in g.itertuples()}
    assert got == {
        ("import", "CN", "2024-01"): 1500.0,
        ("re-export", "RU", "2024-02"): 700.0,
        ("export", "RU", "2024-02"): 90.0,
        ("transit", "KG", "2024-02"): 300.0,
    }
    rows = panel.table().execute()
    assert set(rows.reporter) == {"KZ"} and set(rows.hs) == {"8471300000"}


def test_cli_loads_the_ledger_by_store_url(tmp_path: Path, monkeypatch: Any) -> None:
    import json

    from typer.testing import CliRunner

    from tamga.cli.main import app

    url = f"sqlite:///{tmp_path / 'tamga.sqlite'}"
    engine = connect(url)
    with engine.begin() as conn:
        conn.execute(insert(event_lines), [line(1, "import", "2024-03-01T00:00:00Z", "CN", 42.0)])
    engine.dispose()
    monkeypatch.setenv("TAMGA_STATS_DIR", str(tmp_path / "stats"))
    runner = CliRunner()
    loaded = runner.invoke(app, ["stats", "load", url, "--panel", "l", "--json"])
    assert loaded.exit_code == 0, loaded.output
    assert json.loads(loaded.stdout)[0]["source"] == "ledger"
    result = runner.invoke(app, ["stats", "growth", "--panel", "l", "--freq", "month", "--json"])
    rows = json.loads(result.stdout)
    assert [(r["reporter"], r["partner"], r["period"], r["value"]) for r in rows] == [
        ("KZ", "CN", "2024-03", 42.0)
    ]
