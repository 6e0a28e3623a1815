"""Loading the parallel-import list as the ministry publishes it (a CSV or XLSX table): rows
become entries by code, the stored list is amended to agree with the table from a date, each
amendment cites its order, a second load changes nothing, and a bad cell is named by row and
column with nothing written."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tamga.cli.main import app
from tamga.errors import InvalidInput
from tamga.lists.defaults import default_lists
from tamga.lists.model import Effect
from tamga.lists.official import read_official
from tamga.lists.service import ListsService
from tamga.store.database import connect

KIND = {
    "all": Effect.ALLOWED_PARALLEL_IMPORT,
    "only": Effect.ALLOWED_ONLY_BRANDS,
    "except": Effect.ALLOWED_EXCEPT_BRANDS,
}
HEADER = ["№", "Наименование товара", "Код ТН ВЭД ЕАЭС", "Товарный знак", "Правообладатель",
          "Приказ"]  # fmt: skip
ROWS = [
    ["1", "Мебель", "9403", "IKEA", "Inter IKEA Systems B.V.", "Приказ № 1234 от 01.03.2023"],
    ["2", "Игрушки", "9503", "Lego", "LEGO A/S", "Приказ № 1234 от 01.03.2023"],
    ["3", "Игрушки", "9503", "Hasbro", "Hasbro, Inc.", "Приказ № 1234 от 01.03.2023"],
    ["4", "Одежда трикотажная", "61", "все", "", "Приказ № 1532 от 19.04.2022"],
    ["5", "Косметика", "3304", "за исключением: Lancôme; Redken", "", "№ 1234 от 01.03.2023"],
    ["6", "Срезанные цветы", "603", "", "", ""],
]  # fmt: skip


def write_csv(path: Path, rows: list[list[str]], delimiter: str = ";") -> Path:
    import csv

    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(["Перечень товаров (приложение к приказу)"])  # a title row above
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_rows_become_one_entry_per_code_with_kind_brands_holders_and_order(
    tmp_path: Path,
) -> None:
    table = read_official(
        write_csv(tmp_path / "order.csv", ROWS), order="Order No. 1 of 2023-03-01"
    )
    by_id = {e.entry_id: e for e in table.entries}
    assert table.rows == 6 and set(by_id) == {"pi-9403", "pi-9503", "pi-61", "pi-3304", "pi-0603"}
    toys = by_id["pi-9503"]
    assert (toys.effect, toys.brands) == (Effect.ALLOWED_ONLY_BRANDS, ("Lego", "Hasbro"))
    assert toys.rights_holders == ("LEGO A/S", "Hasbro, Inc.")
    assert toys.source is not None and toys.source.order == "Minpromtorg Order No. 1234"
    assert toys.source.order_date == date(2023, 3, 1)
    assert by_id["pi-61"].effect is Effect.ALLOWED_PARALLEL_IMPORT and by_id["pi-61"].brands == ()
    cosmetics = by_id["pi-3304"]
    assert (cosmetics.effect, cosmetics.brands) == (
        Effect.ALLOWED_EXCEPT_BRANDS,
        ("Lancôme", "Redken"),
    )
    # a spreadsheet's 603 is TN VED 0603; a row with no order cell cites the load's order
    flowers = by_id["pi-0603"]
    assert flowers.source is not None and flowers.source.order == "Minpromtorg Order No. 1"


def test_an_xlsx_table_reads_like_the_csv(tmp_path: Path) -> None:
    numeric = [[1, "Мебель", 9403, "IKEA", "Inter IKEA Systems B.V.", "№ 1234 от 01.03.2023"],
               [2, "Цветы", 603.0, None, None, None]]  # fmt: skip
    table = read_official(write_xlsx(tmp_path / "order.xlsx", numeric))
    assert [(e.entry_id, e.brands) for e in table.entries] == [
        ("pi-9403", ("IKEA",)),
        ("pi-0603", ()),
    ]


@pytest.mark.parametrize(
    ("row", "where", "field"),
    [
        (["7", "Ошибка", "94x3", "IKEA", "", ""], "row 9", "Код ТН ВЭД ЕАЭС"),
        (["7", "Ошибка", "", "IKEA", "", ""], "row 9", "Код ТН ВЭД ЕАЭС"),
        (["7", "Смешано", "9403", "все", "", ""], "row 9", "Товарный знак"),
        (["7", "Пусто", "3304", "кроме", "", ""], "row 9", "Товарный знак"),
    ],
)
def test_errors_name_the_row_and_the_column(
    tmp_path: Path, row: list[str], where: str, field: str
) -> None:
    path = write_csv(tmp_path / "bad.csv", [*ROWS, row])
    with pytest.raises(InvalidInput) as caught:
        read_official(path)
    assert caught.value.record == f"bad.csv {where}" and caught.value.field == field
    assert "column" in caught.value.reason


def test_an_unknown_column_and_a_missing_header_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("Код ТН ВЭД;Цвет\n9403;красный\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        read_official(path)
    assert (caught.value.record, caught.value.field) == ("odd.csv row 1", "Цвет")
    (tmp_path / "none.csv").write_text("a;b\n1;2\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as missing:
        read_official(tmp_path / "none.csv")
    assert missing.value.field == "tnved"
    sheet = write_xlsx(tmp_path / "x.xlsx", [])
    with pytest.raises(InvalidInput) as no_sheet:
        read_official(sheet, sheet="Лист9")
    assert no_sheet.value.field == "sheet"


@pytest.fixture
def service(store_url: str, clock: Callable[[], datetime]) -> ListsService:
    return ListsService(connect(store_url), clock=clock)


def test_a_load_amends_the_stored_list_from_its_date_and_a_second_changes_nothing(
    service: ListsService, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "order.csv", ROWS)
    on = date(2024, 6, 1)
    assert [f.allowed for f in service.check("950300", "Hasbro", None, "RU", on)] == [True]
    assert [f.allowed for f in service.check("8506", "Duracell", None, "RU", on)] == [True]
    report = service.load_order(
        "ru-parallel-import", path, effective=on, actor="admin:ops",
        order="Приказ № 1234 от 01.03.2023", read=("https://example.org/order-1234",),
    )  # fmt: skip
    assert (report["added"], report["changed"]) == (2, 3)  # 0603, 3304 new; 9403, 9503, 61
    assert report["removed"] > 10 and report["unchanged"] == 0
    again = service.load_order(
        "ru-parallel-import", path, effective=on, actor="admin:ops", order="Приказ № 1234"
    )
    assert (again["added"], again["changed"], again["removed"], again["unchanged"]) == (0, 0, 0, 5)
    # the checks follow from that day, and only from then
    assert [f.allowed for f in service.check("8506", "Duracell", None, "RU", on)] == []
    assert [
        f.allowed for f in service.check("8506", "Duracell", None, "RU", date(2024, 5, 31))
    ] == [True]
    redken = service.check("330499", "Redken", None, "RU", on)
    assert [f.allowed for f in redken if f.list == "ru-parallel-import"] == [False]
    toys = service.entries_on("ru-parallel-import", on)
    (row,) = [e for e in toys if e.entry_id == "pi-9503"]
    assert row.rights_holders == ("LEGO A/S", "Hasbro, Inc.") and row.destinations == {"RU"}
    # every amendment the load made cites an order; removals cite the load's own
    made = [h for h in service.history("ru-parallel-import") if h["effective"] == "2024-06-01"]
    assert made and all(h["source"] and h["source"]["order"] for h in made)
    removed = [h for h in made if h["action"] == "remove"]
    assert {h["source"]["order"] for h in removed} == {"Minpromtorg Order No. 1234"}
    assert all(h["source"]["read"] == ["https://example.org/order-1234"] for h in removed)


def test_a_bad_table_writes_nothing(service: ListsService, tmp_path: Path) -> None:
    before = service.history("ru-parallel-import")
    path = write_csv(tmp_path / "bad.csv", [*ROWS, ["7", "x", "94x3", "IKEA", "", ""]])
    with pytest.raises(InvalidInput):
        service.load_order("ru-parallel-import", path, effective=date(2024, 6, 1), actor="a")
    assert service.history("ru-parallel-import") == before


def test_load_order_from_the_command_line(sqlite_url: str, tmp_path: Path) -> None:
    runner = CliRunner()
    path = write_xlsx(tmp_path / "order.xlsx", [r[:] for r in ROWS])
    args = ["lists", "load-order", str(path), "--effective", "2024-06-01",
            "--order", "Order No. 1234 of 01.03.2023", "--db", sqlite_url, "--json"]  # fmt: skip
    out = runner.invoke(app, args)
    assert out.exit_code == 0, out.output
    assert orjson.loads(out.stdout)["entries"] == 5
    bad = write_csv(tmp_path / "bad.csv", [["7", "x", "94x3", "IKEA", "", ""]])
    failed = runner.invoke(
        app, ["lists", "load-order", str(bad), "--effective", "2024-06-01", "--db", sqlite_url]
    )
    assert failed.exit_code == 2
    assert "row 3" in failed.output and "Код ТН ВЭД ЕАЭС" in failed.output


brand_names = st.sampled_from(["IKEA", "Lego", "Hasbro", "Mattel", "Canon", "Sony", "Wahl"])
tables = st.dictionaries(
    st.sampled_from(["9403", "9503", "9504", "61", "0603", "8506", "900410", "3304"]),
    st.tuples(st.sampled_from(["only", "except", "all"]), st.lists(brand_names, min_size=1)),
    min_size=1,
)


@settings(max_examples=40, deadline=None)
@given(first=tables, second=tables)
def test_a_published_table_loaded_makes_the_list_agree_with_it_and_a_reload_is_a_no_op(
    first: dict[str, tuple[str, list[str]]], second: dict[str, tuple[str, list[str]]]
) -> None:
    """Whatever the tables, the list on the load's day says what the table says, the day
    before is untouched, and loading the same table again finds nothing to change."""
    import tempfile

    from tamga.lists.official import amendments_to

    goods = next(gl for gl in default_lists() if gl.name == "ru-parallel-import")
    for day, table in ((date(2024, 6, 1), first), (date(2024, 9, 1), second)):
        before = goods.entries_on(day - timedelta(days=1))
        with tempfile.TemporaryDirectory() as folder:
            rows = [
                ["", "", code, "все" if kind == "all" else
                 ("кроме " if kind == "except" else "") + "; ".join(brands), "", ""]
                for code, (kind, brands) in table.items()
            ]  # fmt: skip
            official = read_official(write_csv(Path(folder) / "t.csv", rows), order="№ 1")
        for a in amendments_to(goods, official, day).amendments:
            goods = goods.amend(a)
        after = goods.entries_on(day - timedelta(days=1))  # the day before: closed, not changed
        assert [e.entry_id for e in after] == [e.entry_id for e in before]
        assert all(a.same_content(b) for a, b in zip(after, before, strict=True))
        now = {e.entry_id: e for e in goods.entries_on(day)}
        assert set(now) == {f"pi-{code}" for code in table}
        for code, (kind, brands) in table.items():
            entry = now[f"pi-{code}"]
            assert entry.effect is KIND[kind]
            assert {b.casefold() for b in entry.brands} == (
                set() if kind == "all" else {b.casefold() for b in brands}
            )
        again = amendments_to(goods, official, day)
        assert again.amendments == () and again.unchanged == len(table)
