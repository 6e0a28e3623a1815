"""Loading a list with its amendments from YAML, JSON and CSV; bad records are named."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import orjson
import pytest
from lists_support import by_version

from tamga.errors import InvalidInput
from tamga.lists.loading import parse_list, read_list
from tamga.lists.model import Effect

YAML = """
name: demo
title: Demo list
defaults: {destinations: [RU], valid_from: 2022-05-07}
entries:
  - {id: cars, hs: "8703", effect: allowed_only_brands, brands: [BMW, Toyota]}
  - {id: tyres, hs: ["4011"], effect: allowed_parallel_import}
amendments:
  - {action: remove, entry_id: tyres, effective: 2023-01-01}
  - {action: change, entry_id: cars, effective: 2022-09-01, add_brands: [Kia]}
  - {action: change, entry_id: cars, effective: 2023-06-01, remove_brands: [toyota]}
"""


def test_yaml_list_applies_amendments_in_date_order_and_keeps_history() -> None:
    goods = parse_list(YAML, "yaml", source="demo.yaml")
    assert goods.name == "demo" and goods.title == "Demo list"
    # the file lists the 2023 removal first; applied by date, the history is still right
    assert [a.effective for a in goods.amendments] == [
        date(2022, 9, 1),
        date(2023, 1, 1),
        date(2023, 6, 1),
    ]
    cars = {e.valid_from: e.brands for e in goods.entries if e.entry_id == "cars"}
    assert cars == {
        date(2022, 5, 7): ("BMW", "Toyota"),
        date(2022, 9, 1): ("BMW", "Toyota", "Kia"),
        date(2023, 6, 1): ("BMW", "Kia"),  # "toyota" matched "Toyota" regardless of case
    }
    assert {e.entry_id for e in goods.entries_on(date(2022, 12, 31))} == {"cars", "tyres"}
    assert {e.entry_id for e in goods.entries_on(date(2023, 1, 1))} == {"cars"}
    defaults_applied = goods.current("cars", date(2022, 6, 1))
    assert defaults_applied is not None and defaults_applied.destinations == frozenset({"RU"})


def test_json_and_csv_give_the_same_list_as_yaml(tmp_path: Path) -> None:
    from_yaml = parse_list(YAML, "yaml")
    import yaml

    json_file = tmp_path / "demo.json"
    json_file.write_bytes(orjson.dumps(yaml.safe_load(YAML), default=str))
    csv_file = tmp_path / "demo.csv"
    csv_file.write_text(
        "id,effect,hs,brands,destinations,valid_from,action,effective,add_brands,remove_brands\n"
        "cars,allowed_only_brands,8703,BMW;Toyota,RU,2022-05-07,,,,\n"
        "tyres,allowed_parallel_import,4011,,RU,2022-05-07,,,,\n"
        "tyres,,,,,,remove,2023-01-01,,\n"
        "cars,,,,,,change,2022-09-01,Kia,\n"
        "cars,,,,,,change,2023-06-01,,toyota\n",
        encoding="utf-8",
    )
    for path in (json_file, csv_file):
        loaded = read_list(path)
        assert loaded.name == "demo"
        assert sorted(loaded.entries, key=by_version) == sorted(
            from_yaml.entries, key=by_version
        ), path
        assert [a.entry_id for a in loaded.amendments] == ["cars", "tyres", "cars"]


@pytest.mark.parametrize(
    ("text", "record", "field"),
    [
        # a typo in a key would silently drop a route restriction: refused
        ('{name: x, entries: [{id: a, hs: "85", effect: controlled, destination: [RU]}]}',
         "entries[0] a", "destination"),
        # YAML reads an unquoted 0101 as a number: refused, with the fix in the message
        ("{name: x, entries: [{id: horses, hs: 0101, effect: controlled}]}",
         "entries[0] horses", "hs"),
        ('{name: x, entries: [{id: a, hs: "85x", effect: controlled}]}', "entries[0] a",
         "hs_prefixes"),
        ('{name: x, entries: [{id: a, hs: "85", effect: banned}]}', "entries[0] a", "effect"),
        ('{name: x, entries: [{id: a, hs: "85", effect: controlled, destinations: [XX]}]}',
         "entries[0] a", "destinations"),
        ('{name: x, entries: [{id: a, hs: "85", effect: allowed_only_brands}]}',
         "entries[0] a", "brands"),
        ('{name: x, entries: [{id: a, hs: "85", effect: controlled, valid_from: 2022-13-01}]}',
         "entries[0] a", "valid_from"),
        ('{name: x, entries: [{hs: "85", effect: controlled}]}', "entries[0]", "id"),
        ('{name: x, entries: [{id: a, hs: "85", effect: controlled}],'
         " amendments: [{action: change, entry_id: a, effective: 2020-01-01,"
         " remove_brands: [Acme]}]}", "amendments[0] a", "remove_brands"),
        ('{name: x, entries: [{id: a, hs: "85", effect: controlled}],'
         " amendments: [{action: add, entry_id: b, effective: 2020-01-01}]}",
         "amendments[0] b", "entry"),
    ],
)  # fmt: skip
def test_bad_records_name_the_record_and_the_field(text: str, record: str, field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_list(text, "yaml", source="f.yaml")
    assert caught.value.record == f"f.yaml {record}"
    assert caught.value.field == field


def test_csv_errors_name_the_row(tmp_path: Path) -> None:
    path = tmp_path / "bans.csv"
    path.write_text("id,effect,hs\nok,export_ban,88\nbad,export_ban,8x\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        read_list(path)
    assert caught.value.record == "bans.csv row 3 bad" and caught.value.field == "hs_prefixes"
    path.write_text("id,effect,hs,colour\nok,export_ban,88,red\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        read_list(path)
    assert caught.value.field == "colour"


def test_unknown_suffix_and_broken_json_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match=r"\.yaml, \.json or \.csv"):
        read_list(tmp_path / "list.txt")
    broken = tmp_path / "list.json"
    broken.write_text('{"name": "x", "entries": [', encoding="utf-8")
    with pytest.raises(InvalidInput, match="not valid JSON"):
        read_list(broken)


def test_csv_list_name_comes_from_the_list_column_or_the_file_stem(tmp_path: Path) -> None:
    path = tmp_path / "My Bans.csv"
    path.write_text("id,effect,hs\nb1,export_ban,88\n", encoding="utf-8")
    assert read_list(path).name == "my-bans"
    path.write_text("list,id,effect,hs\neu-bans,b1,export_ban,88\n", encoding="utf-8")
    goods = read_list(path)
    assert goods.name == "eu-bans" and goods.entries[0].effect is Effect.EXPORT_BAN
