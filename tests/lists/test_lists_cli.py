"""``tamga goods check`` and ``tamga lists ...`` on a fresh store seeded with the defaults."""

from __future__ import annotations

from pathlib import Path

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


def _json(args: list[str]) -> object:
    out = runner.invoke(app, [*args, "--json"])
    assert out.exit_code == 0, out.output
    return orjson.loads(out.stdout)


def test_lists_show_diff_and_load(sqlite_url: str, tmp_path: Path) -> None:
    db = ["--db", sqlite_url]
    shown = _json(["lists", "show", "ru-parallel-import", "--on", "2022-05-07", *db])
    assert isinstance(shown, dict) and "pi-9503" not in {e["entry_id"] for e in shown["entries"]}
    diff = _json(["lists", "diff", "ru-parallel-import", "2022-05-07", "2022-07-10", *db])
    assert isinstance(diff, dict)
    assert [e["entry_id"] for e in diff["added"]] == ["pi-9503"]
    assert [e["entry_id"] for e in diff["removed"]] == ["pi-8413", "pi-8506", "pi-9619"]
    assert [c["to"]["entry_id"] for c in diff["changed"]] == ["pi-33"]
    path = tmp_path / "local-watch.csv"
    path.write_text("id,effect,hs,destinations\nw1,controlled,8471,RU\n", encoding="utf-8")
    loaded = _json(["lists", "load", str(path), *db])
    assert loaded == {"name": "local-watch", "entries": 1, "amendments": 0, "replaced": False}
    names = _json(["lists", "names", *db])
    assert isinstance(names, list) and "local-watch" in {n["name"] for n in names}
    bad = runner.invoke(app, ["lists", "diff", "chpl", "2024-13-01", "2024-03-01", *db])
    assert bad.exit_code == 2 and "FROM" in bad.output


def test_delisting_from_the_command_line(sqlite_url: str) -> None:
    db = ["--db", sqlite_url]
    filed = _json(
        ["lists", "delisting", "file", "Hasbro", "--rights-holder", "Hasbro, Inc.",
         "--hs", "9503", "--by", "trader:hasbro", *db]
    )  # fmt: skip
    assert isinstance(filed, dict) and filed["state"] == "filed"
    rid = filed["id"]
    _json(["lists", "delisting", "review", rid, "--by", "analyst:ana", *db])
    done = _json(
        ["lists", "delisting", "approve", rid, "--effective", "2024-07-01", "--by", "admin", *db]
    )
    assert isinstance(done, dict) and done["state"] == "approved"
    assert [(s["step"], s["actor"]) for s in done["steps"]] == [
        ("filed", "trader:hasbro"),
        ("review", "analyst:ana"),
        ("approved", "admin"),
    ]
    check = _json(
        ["goods", "check", "950300", "--brand", "Hasbro", "--destination", "RU",
         "--on", "2024-07-01", *db]
    )  # fmt: skip
    assert isinstance(check, dict) and [f["allowed"] for f in check["findings"]] == [False]
    listed = _json(["lists", "delisting", "list", "--state", "approved", *db])
    assert isinstance(listed, list) and [r["id"] for r in listed] == [rid]
    refused = runner.invoke(app, ["lists", "delisting", "reject", rid, "--reason", "x", *db])
    assert refused.exit_code == 2 and "approved" in refused.output


def test_a_stored_list_goes_back_to_the_shipped_version(sqlite_url: str, tmp_path: Path) -> None:
    db = ["--db", sqlite_url]
    path = tmp_path / "ru-parallel-import.yaml"
    path.write_text(
        "entries:\n  - {id: x, hs: '9403', effect: allowed_only_brands, brands: [Hoff]}\n",
        encoding="utf-8",
    )
    _json(["lists", "load", str(path), *db])
    old = _json(["lists", "show", "ru-parallel-import", "--on", "2023-06-01", *db])
    assert isinstance(old, dict) and [e["entry_id"] for e in old["entries"]] == ["x"]
    back = _json(["lists", "load-shipped", "ru-parallel-import", *db])
    assert isinstance(back, dict) and back["replaced"] and back["amendments"] > 20
    now = _json(["lists", "show", "ru-parallel-import", "--on", "2023-06-01", *db])
    assert isinstance(now, dict) and "pi-9403" in {e["entry_id"] for e in now["entries"]}
    missing = runner.invoke(app, ["lists", "load-shipped", "nope", *db])
    assert missing.exit_code == 2 and "ships no list" in missing.output
