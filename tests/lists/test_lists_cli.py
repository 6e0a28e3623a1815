"""``tamga goods check`` and ``tamga lists ...`` on a fresh store seeded with the defaults."""

from __future__ import annotations

import orjson
from typer.testing import CliRunner

from tamga.cli.main import app

runner = CliRunner()


def test_goods_check_json_names_list_entry_effect_and_reason(sqlite_url: str) -> None:
    out = runner.invoke(
        app,
        ["goods", "check", "8542.31", "--origin", "DE", "--destination", "RU",
         "--on", "2024-03-01", "--db", sqlite_url, "--json"],
    )  # fmt: skip
    assert out.exit_code == 0, out.output
    result = orjson.loads(out.stdout)
    assert result["hs_code"] == "854231" and result["on"] == "2024-03-01"
    assert {(f["list"], f["entry"], f["effect"]) for f in result["findings"]} == {
        ("chpl", "chpl-854231", "controlled"),
        ("eu-export-ban", "ban-vii-8542", "export_ban"),
    }
    assert all(f["reason"] for f in result["findings"])


def test_goods_check_with_nothing_applying_gives_empty_findings(sqlite_url: str) -> None:
    out = runner.invoke(app, ["goods", "check", "0101210000", "--db", sqlite_url, "--json"])
    assert out.exit_code == 0, out.output
    result = orjson.loads(out.stdout)
    assert result["findings"] == [] and len(result["on"]) == 10


def test_goods_check_refuses_a_bad_code_with_exit_2(sqlite_url: str) -> None:
    out = runner.invoke(app, ["goods", "check", "85x", "--db", sqlite_url])
    assert out.exit_code == 2 and "hs_code" in out.output
