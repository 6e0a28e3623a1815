"""``tamga screen``: load lists, screen one name, screen a CSV batch as JSON lines."""

from __future__ import annotations

from pathlib import Path

import orjson
from typer.testing import CliRunner

from tamga.cli.main import app

runner = CliRunner()


def test_load_then_screen_a_name(sqlite_url: str, shared_dir: Path) -> None:
    ftm = shared_dir / "data" / "sanctions" / "ftm"
    loaded = runner.invoke(
        app, ["screen", "load", str(ftm / "zala.entities.ftm.json"), "--db", sqlite_url, "--json"]
    )
    assert loaded.exit_code == 0, loaded.output
    assert orjson.loads(loaded.stdout)["entities"] > 10

    found = runner.invoke(app, ["screen", "АО Зала Аэро", "--db", sqlite_url, "--json"])
    assert found.exit_code == 1  # a match was found
    result = orjson.loads(found.stdout)
    assert result["name"] == "АО Зала Аэро"
    best = result["matches"][0]
    assert best["entity_id"] == "NK-cPks3aTbes8k4aCerfBAzN" and best["score"] == 1.0
    scores = [m["score"] for m in result["matches"]]
    assert scores == sorted(scores, reverse=True)

    clean = runner.invoke(app, ["screen", "Astana Motors", "--db", sqlite_url, "--json"])
    assert clean.exit_code == 0 and orjson.loads(clean.stdout)["matches"] == []


def test_batch_against_a_file(tmp_path: Path, shared_dir: Path) -> None:
    parties = tmp_path / "parties.csv"
    parties.write_text(
        "id,name,country,identifier\n"
        "p1,Zakharov Nikita,,184101937739\n"
        "p2,ТОО Береке,kz,\n"
        "p3,Izhtelecom LLC,ru,\n",
        encoding="utf-8",
    )
    entities = shared_dir / "data" / "sanctions" / "ftm" / "zala.entities.ftm.json"
    out = runner.invoke(
        app,
        ["screen", "--file", str(parties), "--against", str(entities), "--threshold", "0.85",
         "--json"],
    )  # fmt: skip
    assert out.exit_code == 1, out.output
    lines = [orjson.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]
    assert [r["id"] for r in lines] == ["p1", "p2", "p3"]
    assert lines[0]["matches"][0]["features"]["identifier_match"] == 1.0
    assert lines[1]["matches"] == []
    assert lines[2]["matches"][0]["entity_id"] == "NK-56Edov9bas9puzaChH5pBy"
    assert all(m["score"] >= 0.85 for r in lines for m in r["matches"])


def test_screening_an_empty_store_says_what_to_do(sqlite_url: str) -> None:
    out = runner.invoke(app, ["screen", "Romashka", "--db", sqlite_url])
    assert out.exit_code == 2
    assert "tamga screen load" in out.output


def test_a_bad_party_row_is_named_and_the_rest_are_screened(
    tmp_path: Path, shared_dir: Path
) -> None:
    parties = tmp_path / "parties.csv"
    parties.write_text(
        "id,name,country,identifier,birth_date\n"
        "p1,Zakharov Nikita,,184101937739,\n"
        "p2,,kz,,\n"  # line 3: neither name nor identifier
        "p3,Izhtelecom LLC,Russia,,\n"  # line 4: not a country code
        "p4,Aleksandr Zakharov,ru,,12 May\n"  # line 5: not a date
        "p5,Izhtelecom LLC,ru,,\n",
        encoding="utf-8",
    )
    entities = shared_dir / "data" / "sanctions" / "ftm" / "zala.entities.ftm.json"
    out = runner.invoke(
        app, ["screen", "--file", str(parties), "--against", str(entities), "--json"]
    )
    assert out.exit_code == 2  # an error, after screening what was good
    lines = [orjson.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]
    assert [r["id"] for r in lines] == ["p1", "p5"]
    assert lines[1]["matches"]
    for where, field in (("parties.csv:3", "name"), ("parties.csv:4", "country"),
                         ("parties.csv:5", "birth_date")):  # fmt: skip
        assert f"record {where}, field {field}" in out.stderr
