"""``tamga exposure``: load lists with their links, then ask who is behind a party."""

from __future__ import annotations

import sys
from pathlib import Path

import orjson
from typer.testing import CliRunner

from tamga.cli.main import app

sys.path.insert(0, str(Path(__file__).parents[1] / "ownership"))
from ownership_support import write_ftm

runner = CliRunner()


def test_load_reports_links_then_exposure_answers_in_json(sqlite_url: str, tmp_path: Path) -> None:
    ftm = write_ftm(tmp_path / "lists.ftm.json")
    loaded = runner.invoke(app, ["screen", "load", str(ftm), "--db", sqlite_url, "--json"])
    assert loaded.exit_code == 0, loaded.output
    links = orjson.loads(loaded.stdout)["loads"][0]["links"]
    assert links["links"] == 15 and links["dangling_links"] == ["o-12"]
    assert [p["field"] for p in links["problems"]] == ["percentage", "percentage"]

    asked = ["exposure", "ТОО Бета Логистик", "--on", "2024-06-01", "--db", sqlite_url, "--json"]
    found = runner.invoke(app, asked)
    assert found.exit_code == 1, found.output  # exposed
    data = orjson.loads(found.stdout)
    assert data["entity_id"] == "c-beta" and data["exposed"] is True
    assert data["aggregate_share"] == 0.6
    assert data["paths"] == [{"entities": ["p-samoilov", "c-alfa", "c-beta"], "share": 0.6}]

    before = runner.invoke(app, ["exposure", "c-beta", "--on", "2021-01-01", "--db", sqlite_url])
    assert before.exit_code == 0 and "not exposed" in before.stdout


def test_exposure_against_files_and_bad_input(tmp_path: Path) -> None:
    ftm = write_ftm(tmp_path / "lists.ftm.json")
    text = runner.invoke(app, ["exposure", "c-beta", "--against", str(ftm), "--on", "2024-06-01"])
    assert text.exit_code == 1
    assert "60% Самойлов И.В. -> ООО Альфа Холдинг -> 100% ТОО Бета Логистик" in text.stdout
    bad = runner.invoke(app, ["exposure", "c-beta", "--against", str(ftm), "--on", "June"])
    assert bad.exit_code == 2 and "--on" in bad.output
    nobody = runner.invoke(app, ["exposure", "Nobody Ltd", "--against", str(ftm)])
    assert nobody.exit_code == 2 and "no party" in nobody.output
