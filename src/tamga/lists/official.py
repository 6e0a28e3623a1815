"""The parallel-import list as the ministry publishes it: a table, read from CSV or XLSX.

The order's annex is a table of rows: a TN VED EAEU code, the goods' description, the brand
(trade mark) or "all", the rights holder, and the order that put the row in its present form.
A user who has the table (the order as published, typed or exported to a spreadsheet) loads
it as of the day it takes effect; tamga compares it with the stored list on that day and
records the amendments that make the two agree (rows added, changed, removed), each citing the
order. Loading the same table again finds nothing to change, so a load is idempotent.

Columns are found by their header, in English or Russian (see ``COLUMNS``; case, spaces and
punctuation do not matter); a "No." column is ignored, any other unknown column is refused.
The brand cell reads: empty, ``all``/``все`` or ``*`` = every brand; ``except: A; B`` (or
``за исключением``/``кроме``) = every brand but those; otherwise the brands allowed, separated
by ``;``, ``,`` or new lines. A ``kind`` column (all/only/except) may say it instead. Rows with
one code are one entry ``<prefix><code>``: their brands and rights holders merge.

Every error names the file, the row and the column (``orders.xlsx row 12, column C``).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from tamga.errors import InvalidInput
from tamga.lists.brands import same_brand
from tamga.lists.model import Action, Amendment, Effect, Entry, GoodsList, Source, normalize_hs

#: our name for each column -> the headers it is known by (compared normalized)
COLUMNS: dict[str, tuple[str, ...]] = {
    "tnved": ("tnved", "tn ved", "tn ved code", "tn ved eaeu", "hs", "hs code", "code",
              "код", "код тн вэд", "код тн вэд еаэс", "код товара по тн вэд еаэс"),
    "description": ("description", "goods", "наименование", "наименование товара",
                    "наименование товара группы товаров", "описание"),
    "brand": ("brand", "brands", "trademark", "trade mark", "товарный знак", "товарные знаки",
              "бренд", "товарный знак бренд", "товарный знак или бренд"),
    "rights_holder": ("rights holder", "rights holders", "right holder", "правообладатель",
                      "правообладатели"),
    "order": ("order", "amending order", "приказ", "изменяющий приказ", "приказ минпромторга"),
    "kind": ("kind", "вид", "режим"),
}  # fmt: skip
IGNORED = ("no", "n", "#", "№", "№ п п", "п п", "номер")
REQUIRED = ("tnved",)
_KINDS = {
    "all": Effect.ALLOWED_PARALLEL_IMPORT, "все": Effect.ALLOWED_PARALLEL_IMPORT,
    "only": Effect.ALLOWED_ONLY_BRANDS, "только": Effect.ALLOWED_ONLY_BRANDS,
    "except": Effect.ALLOWED_EXCEPT_BRANDS, "кроме": Effect.ALLOWED_EXCEPT_BRANDS,
}  # fmt: skip
_ALL = frozenset({"", "all", "all brands", "*", "-", "—", "все", "все товарные знаки", "любые"})
_EXCEPT = re.compile(
    r"^\s*(?:all\s+)?(?:except|кроме|за\s+исключением|все,?\s+кроме|все,?\s+за\s+исключением)"
    r"(?:\s+товарных\s+знаков)?\s*:?\s*",
    re.I,
)
_SPLIT = re.compile(r"[;,\n]+")
_ORDER_NO = re.compile(r"(?:№|no\.?|n)\s*([0-9][\w/-]*)", re.I)
_DMY = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def _norm(header: str) -> str:
    return " ".join(re.sub(r"[^\w№#]+", " ", header.lower()).split())


_LOOKUP = {_norm(alias): key for key, aliases in COLUMNS.items() for alias in aliases}


@dataclass(frozen=True, slots=True)
class Row:
    """One row of the table, with where it was (for errors) and its cells by our names."""

    where: str  # "orders.csv row 7"
    cells: Mapping[str, str]
    headers: Mapping[str, tuple[str, str]]  # our name -> ("column C", "Код ТН ВЭД")


@dataclass
class OfficialList:
    """The table read and grouped: one entry per code, each with the order its rows cite."""

    entries: list[Entry] = field(default_factory=list)
    rows: int = 0


def read_table(path: Path | str, *, sheet: str | None = None) -> Iterator[Row]:
    """The rows of a CSV or XLSX file (the format from the suffix)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        yield from _csv_rows(path)
    elif suffix in (".xlsx", ".xlsm"):
        yield from _xlsx_rows(path, sheet)
    else:
        raise InvalidInput(
            f"{path.name}: the published list is read from .csv or .xlsx", field="file"
        )


def _csv_rows(path: Path) -> Iterator[Row]:
    raw = _read_bytes(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1251")  # a spreadsheet saved as CSV on a Russian-locale desktop
    head = "\n".join(text.split("\n", 20)[:20])  # title rows may sit above the header
    delimiter = ";" if head.count(";") > head.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    numbered = ((reader.line_num, cells) for cells in reader)
    yield from _rows(path.name, numbered, lambda i: f"column {i + 1}")


def _xlsx_rows(path: Path, sheet: str | None) -> Iterator[Row]:
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for a file that is not a workbook
        raise InvalidInput(
            f"{path.name}: not a readable XLSX workbook ({exc})", field="file"
        ) from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise InvalidInput(
                f"{path.name}: no sheet {sheet!r} (sheets: {', '.join(book.sheetnames)})",
                field="sheet",
            )
        ws = book[sheet] if sheet else book.worksheets[0]
        numbered = (
            (n, [_cell_text(v) for v in values])
            for n, values in enumerate(ws.iter_rows(values_only=True), start=1)
        )
        yield from _rows(path.name, numbered, lambda i: f"column {get_column_letter(i + 1)}")
    finally:
        book.close()


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror}", field="file") from None


def _cell_text(value: Any) -> str:
    """Cells as text; a code a spreadsheet turned into a number keeps its digits."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return str(value).strip()


def _rows(source: str, numbered: Iterable[tuple[int, list[str]]], column: Any) -> Iterator[Row]:
    """Find the header (the first row naming a TN VED column, within the first 20), then
    yield every non-empty row after it by our column names."""
    header: dict[int, str] | None = None
    labels: dict[str, tuple[str, str]] = {}
    for line, cells in numbered:
        texts = [str(c or "").strip() for c in cells]
        if header is None:
            if line > 20:
                break
            found = {i: _LOOKUP.get(_norm(t)) for i, t in enumerate(texts)}
            if "tnved" not in found.values():
                continue
            for i, t in enumerate(texts):
                if not t or found[i] or _norm(t) in IGNORED:
                    continue
                raise InvalidInput(
                    f"unknown {column(i)} {t!r} (known: {', '.join(sorted(COLUMNS))})",
                    record=f"{source} row {line}",
                    field=t,
                )
            header = {i: key for i, key in found.items() if key}
            labels = {key: (column(i), texts[i]) for i, key in header.items()}
            continue
        if not any(texts):
            continue
        cells_by = {key: texts[i] if i < len(texts) else "" for i, key in header.items()}
        yield Row(f"{source} row {line}", cells_by, labels)
    if header is None:
        raise InvalidInput(
            f"{source}: no header row with a TN VED code column in the first 20 rows",
            record=source,
            field="tnved",
        )


def _fail(row: Row, key: str, reason: str) -> InvalidInput:
    """An error naming the row and the column (its letter or number, and its header)."""
    column, header = row.headers.get(key, ("column", key))
    return InvalidInput(f"{column} ({header}): {reason}", record=row.where, field=header)


def parse_order(text: str, read: tuple[str, ...] = ()) -> Source | None:
    """``Приказ № 1532 от 19.04.2022`` / ``Order No. 1532 of 2022-04-19`` -> a Source."""
    text = text.strip()
    if not text:
        return None
    number = _ORDER_NO.search(text)
    when: date | None = None
    if m := _DMY.search(text):
        when = date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    elif m := _ISO.search(text):
        when = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    order = f"Minpromtorg Order No. {number.group(1)}" if number else text
    return Source(order=order, order_date=when, read=read)


def _codes(row: Row) -> list[str]:
    raw = row.cells.get("tnved", "")
    out = []
    for part in re.split(r"[;,\n]+", raw):
        part = re.sub(r"^\s*(?:из|ex)\s+", "", part.strip(), flags=re.I)
        if not part:
            continue
        digits = re.sub(r"[\s.]", "", part)
        if digits.isdigit() and len(digits) % 2 == 1 and len(digits) < 10:
            digits = "0" + digits  # a spreadsheet dropped the leading zero of 0603 ...
        try:
            out.append(normalize_hs(digits, field_name="tnved"))
        except InvalidInput as exc:
            raise _fail(row, "tnved", f"{exc.reason} ({part!r})") from None
    if not out:
        raise _fail(row, "tnved", "the TN VED code is empty")
    return out


def _kind_and_brands(row: Row) -> tuple[Effect, list[str]]:
    cell = row.cells.get("brand", "").strip()
    kind_cell = _norm(row.cells.get("kind", ""))
    effect: Effect | None = None
    if kind_cell:
        effect = _KINDS.get(kind_cell)
        if effect is None:
            raise _fail(row, "kind", f"unknown kind {kind_cell!r} (all, only, except)")
    m = _EXCEPT.match(cell)
    if m:
        cell = cell[m.end() :]
        if effect is None:
            effect = Effect.ALLOWED_EXCEPT_BRANDS
        elif effect is not Effect.ALLOWED_EXCEPT_BRANDS:
            raise _fail(row, "brand", f"the brand cell says 'except' but the kind is {kind_cell}")
    brands = [b.strip() for b in _SPLIT.split(cell) if b.strip()]
    if effect is None:
        effect = (
            Effect.ALLOWED_PARALLEL_IMPORT
            if _norm(cell) in _ALL or not brands
            else Effect.ALLOWED_ONLY_BRANDS
        )
    if effect is Effect.ALLOWED_PARALLEL_IMPORT:
        if _norm(cell) not in _ALL:
            raise _fail(row, "brand", "a row for every brand names no brand")
        brands = []
    elif not brands:
        raise _fail(row, "brand", f"a row of kind {effect} names its brands")
    return effect, brands


def read_official(
    path: Path | str,
    *,
    id_prefix: str = "pi-",
    order: str | None = None,
    read: tuple[str, ...] = (),
    sheet: str | None = None,
) -> OfficialList:
    """Read and group the table: one entry per code. ``order`` is the load's own order, for
    rows whose order cell is empty; ``read`` the addresses the table was taken from."""
    fallback = parse_order(order or "", read)
    groups: dict[str, dict[str, Any]] = {}
    count = 0
    for row in read_table(path, sheet=sheet):
        count += 1
        effect, brands = _kind_and_brands(row)
        holders = [
            h.strip() for h in re.split(r"[;\n]+", row.cells.get("rights_holder", "")) if h.strip()
        ]
        cited = parse_order(row.cells.get("order", ""), read) or fallback
        for code in _codes(row):
            g = groups.setdefault(
                code,
                {"effect": effect, "brands": [], "holders": [], "note": None, "source": None,
                 "where": row.where},
            )  # fmt: skip
            if g["effect"] is not effect:
                raise _fail(
                    row, "brand",
                    f"code {code} is {g['effect']} in {g['where']} and {effect} here",
                )  # fmt: skip
            for b in brands:
                if not any(same_brand(b, have) for have in g["brands"]):
                    g["brands"].append(b)
            for h in holders:
                if h not in g["holders"]:
                    g["holders"].append(h)
            g["note"] = g["note"] or row.cells.get("description") or None
            if cited is not None and (
                g["source"] is None
                or (cited.order_date or date.min) > (g["source"].order_date or date.min)
            ):
                g["source"] = cited
    entries = [
        Entry(
            entry_id=f"{id_prefix}{code}",
            effect=g["effect"],
            hs_prefixes=(code,),
            brands=tuple(g["brands"]),
            note=g["note"],
            rights_holders=tuple(g["holders"]),
            source=g["source"],
        )
        for code, g in groups.items()
    ]
    return OfficialList(entries=entries, rows=count)


def _substance(e: Entry) -> tuple[Any, ...]:
    """What a published row says, compared across loads (not its dates, nor its source)."""
    return (
        e.effect,
        e.hs_prefixes,
        tuple(sorted(b.casefold() for b in e.brands)),
        tuple(sorted(e.rights_holders)),
        e.note,
        e.origins,
        e.destinations,
    )


@dataclass(frozen=True, slots=True)
class OrderDiff:
    """The amendments that bring a stored list to the published table, as of one day."""

    effective: date
    amendments: tuple[Amendment, ...]
    unchanged: int

    def counts(self) -> dict[str, int]:
        out = {"added": 0, "changed": 0, "removed": 0}
        for a in self.amendments:
            out[
                {Action.ADD: "added", Action.CHANGE: "changed", Action.REMOVE: "removed"}[a.action]
            ] += 1
        return out


def amendments_to(
    goods: GoodsList,
    table: OfficialList,
    effective: date,
    *,
    order: str | None = None,
    read: tuple[str, ...] = (),
    recorded_by: str | None = None,
) -> OrderDiff:
    """Compare the list on ``effective`` with the table; rows the table no longer has are
    removed citing the load's ``order``. Destinations carry over from the row being replaced,
    else from what every current row has in common (``RU`` for the parallel-import list)."""
    current = {e.entry_id: e for e in goods.entries_on(effective)}
    common = {e.destinations for e in current.values()}
    shared = common.pop() if len(common) == 1 else None
    load_source = parse_order(order or "", read)
    out: list[Amendment] = []
    same = 0
    seen = set()
    for new in table.entries:
        seen.add(new.entry_id)
        old = current.get(new.entry_id)
        shaped = replace(
            new,
            origins=old.origins if old else None,
            destinations=old.destinations if old else shared,
            valid_from=effective,
        )
        if old is None:
            out.append(Amendment(Action.ADD, new.entry_id, effective, shaped, None, recorded_by,
                                 shaped.source))  # fmt: skip
        elif _substance(old) != _substance(shaped):
            out.append(Amendment(Action.CHANGE, new.entry_id, effective, shaped, None,
                                 recorded_by, shaped.source))  # fmt: skip
        else:
            same += 1
    for entry_id in sorted(current.keys() - seen):
        out.append(
            Amendment(Action.REMOVE, entry_id, effective, None, "not in the published list",
                      recorded_by, load_source)
        )  # fmt: skip
    return OrderDiff(effective, tuple(out), same)
