"""Read a goods list, with its amendments, from YAML, JSON or CSV (format in docs/lists.md).

Files are written by people, so the reader is strict where mistakes are silent otherwise:
unknown keys are refused (a typo such as ``destination:`` would drop a route restriction),
unquoted HS codes are refused (YAML reads ``0101`` as the octal number 65), and every error
names the record (``entries[3] chpl-854231`` or ``row 7``) and the field.

Amendments are applied in effective-date order (file order among equal dates), so the list
comes back with its whole history: ``GoodsList.entries`` holds every version.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import orjson
import yaml

from tamga.errors import InvalidInput
from tamga.lists.brands import same_brand
from tamga.lists.model import Action, Amendment, Entry, GoodsList, Period, Source, _as_date

ENTRY_KEYS = frozenset(
    {
        "id",
        "entry_id",
        "effect",
        "hs",
        "hs_prefixes",
        "brands",
        "origins",
        "destinations",
        "tier",
        "category",
        "note",
        "valid_from",
        "valid_to",
        "rights_holders",
        "source",
    }
)
AMENDMENT_KEYS = frozenset(
    {
        "action",
        "entry_id",
        "id",
        "effective",
        "entry",
        "set",
        "add_brands",
        "remove_brands",
        "note",
        "recorded_by",
        "source",
    }
)
LIST_KEYS = frozenset(
    {
        "name",
        "title",
        "source",
        "version",
        "notes",
        "defaults",
        "tiers",
        "entries",
        "amendments",
        "regime",
    }
)
#: CSV columns: an entry's fields, plus ``action``/``effective`` on amendment rows (a source
#: is a mapping, so it has no CSV cell: the official-table loader carries the amending order)
CSV_COLUMNS = (ENTRY_KEYS - {"entry_id", "source"}) | {
    "entry_id",
    "list",
    "action",
    "effective",
    "add_brands",
    "remove_brands",
}
FORMATS = ("yaml", "json", "csv")


class _Loader(yaml.SafeLoader):
    """Safe YAML without implicit timestamps: dates stay text, so a bad one (2022-13-01) is
    reported by field and record like any other bad value rather than failing the parse."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_list(path: Path | str, *, name: str | None = None) -> GoodsList:
    """A list from a file; the format comes from the suffix (.yaml/.yml, .json, .csv)."""
    path = Path(path)
    fmt = format_of(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror}", field="file") from None
    default_name = _slug(path.stem)
    return parse_list(text, fmt, source=path.name, name=name, default_name=default_name)


def format_of(path: Path) -> str:
    suffix = path.suffix.lower().lstrip(".")
    fmt = {"yml": "yaml"}.get(suffix, suffix)
    if fmt not in FORMATS:
        raise InvalidInput(f"{path.name}: a list file ends in .yaml, .json or .csv", field="file")
    return fmt


def parse_list(
    text: str,
    fmt: str,
    *,
    source: str = "input",
    name: str | None = None,
    default_name: str | None = None,
) -> GoodsList:
    """A list from text in one of ``FORMATS``; ``name`` overrides the file's own."""
    if fmt == "csv":
        return _from_csv(text, source, name, default_name)
    try:
        data = yaml.load(text, Loader=_Loader) if fmt == "yaml" else orjson.loads(text)
    except (yaml.YAMLError, orjson.JSONDecodeError) as exc:
        raise InvalidInput(f"{source}: not valid {fmt.upper()}: {exc}", field="file") from None
    if not isinstance(data, Mapping):
        raise InvalidInput(f"{source}: a list file holds one mapping (name, entries, ...)")
    if name:
        data = {**data, "name": name}
    elif "name" not in data and default_name:
        data = {**data, "name": default_name}
    return list_from_mapping(data, source=source)


def list_from_mapping(data: Mapping[str, Any], *, source: str = "input") -> GoodsList:
    """A list from the YAML/JSON document shape (also what the API accepts as a body)."""
    _refuse_unknown(data, LIST_KEYS, f"{source} list")
    name = str(data.get("name") or "")
    defaults = data.get("defaults") or {}
    if not isinstance(defaults, Mapping):
        raise InvalidInput("defaults must be a mapping", record=source, field="defaults")
    _refuse_unknown(defaults, ENTRY_KEYS - {"id", "entry_id"}, f"{source} defaults")
    tiers = {str(k): str(v) for k, v in (data.get("tiers") or {}).items()}
    entries: list[Entry] = []
    for i, raw in enumerate(_records(data, "entries", source)):
        where = f"{source} entries[{i}]"
        entries.append(_entry(raw, defaults, tiers, where))
    _refuse_overlaps(entries, source)
    regime = []
    for i, raw in enumerate(_records(data, "regime", source)):
        try:
            regime.append(Period.from_dict(raw))
        except InvalidInput as exc:
            raise InvalidInput(
                exc.reason, record=f"{source} regime[{i}]", field=exc.field
            ) from None
    notes = data.get("notes") or []
    if isinstance(notes, str):
        notes = [notes]
    if not isinstance(notes, list):
        raise InvalidInput("notes must be a list of texts", record=source, field="notes")
    try:
        goods = GoodsList(
            name=name,
            title=str(data.get("title") or name),
            source=str(data.get("source") or source),
            version=str(data.get("version") or "1"),
            entries=tuple(entries),
            regime=tuple(sorted(regime, key=lambda p: p.start)),
            notes=tuple(str(n) for n in notes),
        )
    except InvalidInput as exc:
        raise InvalidInput(exc.reason, record=source, field="name") from None
    amendments = []
    for i, raw in enumerate(_records(data, "amendments", source)):
        amendments.append((i, raw))
    amendments.sort(key=lambda pair: str(_effective(pair[1], f"{source} amendments[{pair[0]}]")))
    for i, raw in amendments:
        goods = apply_raw_amendment(goods, raw, defaults, tiers, f"{source} amendments[{i}]")
    return goods


def apply_raw_amendment(
    goods: GoodsList,
    raw: Mapping[str, Any],
    defaults: Mapping[str, Any] | None = None,
    tiers: Mapping[str, str] | None = None,
    where: str = "amendment",
) -> GoodsList:
    """Apply one amendment record. ``change`` may give the whole ``entry`` or edit the current
    version with ``set`` (fields), ``add_brands`` and ``remove_brands``."""
    _refuse_unknown(raw, AMENDMENT_KEYS, where)
    # an amendment rests on its own order: the list-wide default source is the first order's
    defaults = {k: v for k, v in (defaults or {}).items() if k not in ("valid_from", "source")}
    entry_id = str(raw.get("entry_id") or raw.get("id") or "")
    record = f"{where} {entry_id}".strip()
    if not entry_id:
        raise InvalidInput("an amendment needs an entry_id", record=record, field="entry_id")
    effective = _effective(raw, record)
    try:
        action = Action(str(raw.get("action", "")).strip())
    except ValueError:
        raise InvalidInput(
            f"unknown action {raw.get('action')!r} (add, remove, change)",
            record=record,
            field="action",
        ) from None
    entry: Entry | None = None
    try:
        cited = Source.from_dict(raw.get("source"))
    except InvalidInput as exc:
        raise InvalidInput(exc.reason, record=record, field=exc.field or "source") from None
    edits = {k: raw[k] for k in ("set", "add_brands", "remove_brands") if raw.get(k)}
    if raw.get("entry") is not None:
        if not isinstance(raw["entry"], Mapping):
            raise InvalidInput("entry must be a mapping", record=record, field="entry")
        content = {**raw["entry"], "id": entry_id, "valid_from": effective}
        if "source" not in content and cited is not None:
            content["source"] = cited.to_dict()
        entry = _entry(content, defaults, tiers or {}, record)
    elif edits and action is Action.CHANGE:
        current = goods.current(entry_id, effective)
        if current is None:
            raise InvalidInput(
                f"entry {entry_id} is not on list {goods.name} on {effective}",
                record=record,
                field="entry_id",
            )
        entry = replace(edit_entry(current, edits, record), source=cited)
    elif action is not Action.REMOVE:
        raise InvalidInput(
            f"{action} needs the entry (or set/add_brands/remove_brands for a change)",
            record=record,
            field="entry",
        )
    amendment = Amendment(
        action=action,
        entry_id=entry_id,
        effective=effective,
        entry=entry,
        note=raw.get("note") or None,
        recorded_by=raw.get("recorded_by") or None,
        source=cited,
    )
    try:
        return goods.amend(amendment)
    except InvalidInput as exc:
        raise InvalidInput(exc.reason, record=record, field=exc.field) from None
    except Exception as exc:  # Conflict / NotFound: say which record caused it
        raise type(exc)(f"{record}: {exc}") from None


def edit_entry(current: Entry, edits: Mapping[str, Any], record: str) -> Entry:
    """The current version with fields set and brands added/removed (brands compare as
    ``same_brand``: case, spacing, Latin/Cyrillic)."""
    data = current.to_dict()
    sets = edits.get("set") or {}
    if not isinstance(sets, Mapping):
        raise InvalidInput("set must be a mapping", record=record, field="set")
    _refuse_unknown(sets, ENTRY_KEYS - {"id", "entry_id", "valid_from", "valid_to"}, record)
    data.update(sets)
    brands = [str(b) for b in data.get("brands") or []]
    for b in _as_strings(edits.get("add_brands"), record, "add_brands"):
        if not any(same_brand(b, have) for have in brands):
            brands.append(b)
    for b in _as_strings(edits.get("remove_brands"), record, "remove_brands"):
        kept = [have for have in brands if not same_brand(b, have)]
        if len(kept) == len(brands):
            raise InvalidInput(
                f"brand {b!r} is not on entry {current.entry_id}",
                record=record,
                field="remove_brands",
            )
        brands = kept
    data["brands"] = brands
    data.pop("valid_to", None)
    try:
        return replace(Entry.from_dict(data), valid_from=current.valid_from)
    except InvalidInput as exc:
        raise InvalidInput(exc.reason, record=record, field=exc.field) from None


def _as_strings(value: Any, record: str, field: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [p.strip() for p in re.split(r"[;|]", value) if p.strip()]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    raise InvalidInput("expected a list of names", record=record, field=field)


def _entry(
    raw: Mapping[str, Any], defaults: Mapping[str, Any], tiers: Mapping[str, str], where: str
) -> Entry:
    if not isinstance(raw, Mapping):
        raise InvalidInput("an entry is a mapping of fields", record=where)
    entry_id = str(raw.get("id") or raw.get("entry_id") or "")
    record = f"{where} {entry_id}".strip()
    _refuse_unknown(raw, ENTRY_KEYS, record)
    for key in ("hs", "hs_prefixes"):
        values = raw.get(key)
        items = values if isinstance(values, list) else [values]
        if any(isinstance(v, (int, float)) and not isinstance(v, bool) for v in items):
            raise InvalidInput(
                "write HS codes as quoted strings (YAML reads 0101 as a number)",
                record=record,
                field=key,
            )
    data = {**defaults, **{k: v for k, v in raw.items() if v is not None}}
    data["entry_id"] = entry_id
    data.pop("id", None)
    if not data.get("category") and data.get("tier") is not None:
        data["category"] = tiers.get(str(data["tier"]))
    if not entry_id:
        raise InvalidInput("an entry needs an id", record=where, field="id")
    try:
        return Entry.from_dict(data)
    except InvalidInput as exc:
        raise InvalidInput(exc.reason, record=record, field=exc.field) from None


def _effective(raw: Mapping[str, Any], record: str) -> Any:
    try:
        effective = _as_date(raw.get("effective"), "effective")
    except InvalidInput as exc:
        raise InvalidInput(exc.reason, record=record, field="effective") from None
    if effective is None:
        raise InvalidInput("an amendment needs an effective date", record=record, field="effective")
    return effective


def _records(data: Mapping[str, Any], key: str, source: str) -> list[Any]:
    value = data.get(key) or []
    if not isinstance(value, list):
        raise InvalidInput(f"{key} must be a list", record=source, field=key)
    return value


def _refuse_unknown(data: Mapping[str, Any], known: frozenset[str], record: str) -> None:
    unknown = sorted(str(k) for k in data if k not in known)
    if unknown:
        raise InvalidInput(
            f"unknown field {unknown[0]!r} (known: {', '.join(sorted(known))})",
            record=record,
            field=unknown[0],
        )


def _refuse_overlaps(entries: list[Entry], source: str) -> None:
    by_id: dict[str, list[Entry]] = {}
    for e in entries:
        by_id.setdefault(e.entry_id, []).append(e)
    for entry_id, versions in by_id.items():
        versions.sort(key=lambda e: e.valid_from)
        for a, b in itertools.pairwise(versions):
            if a.valid_to is None or a.valid_to > b.valid_from:
                raise InvalidInput(
                    f"two versions of {entry_id} overlap from {b.valid_from}",
                    record=f"{source} {entry_id}",
                    field="valid_from",
                )


def _from_csv(text: str, source: str, name: str | None, default_name: str | None) -> GoodsList:
    """One row per entry; rows with an ``action`` are amendments (``effective`` required).

    Several values in one cell are separated by ``;`` or ``|``. The list's name is the
    name passed in, else the ``list`` column (same on every row), else the file's stem.
    """
    reader = csv.DictReader(io.StringIO(text))
    columns = [c.strip() for c in reader.fieldnames or []]
    unknown = [c for c in columns if c not in CSV_COLUMNS]
    if unknown:
        raise InvalidInput(
            f"unknown column {unknown[0]!r} (known: {', '.join(sorted(CSV_COLUMNS))})",
            record=f"{source} header",
            field=unknown[0],
        )
    if not ({"id", "entry_id"} & set(columns)):
        raise InvalidInput("a list CSV needs an id column", record=f"{source} header", field="id")
    entries: list[dict[str, Any]] = []
    amendments: list[dict[str, Any]] = []
    names: set[str] = set()
    for row_no, row in enumerate(reader, start=2):
        cells = {k.strip(): (v or "").strip() for k, v in row.items() if k is not None}
        if not any(cells.values()):
            continue
        where = f"{source} row {row_no}"
        if cells.get("list"):
            names.add(cells["list"])
        if cells.get("action"):
            entry = {
                k: v
                for k, v in cells.items()
                if k in ENTRY_KEYS - {"id", "entry_id", "valid_from", "valid_to"} and v
            }
            amendment: dict[str, Any] = {
                "action": cells["action"],
                "entry_id": cells.get("id") or cells.get("entry_id"),
                "effective": cells.get("effective"),
                "note": cells.get("note") or None,
                "_where": where,
            }
            if cells.get("add_brands") or cells.get("remove_brands"):
                amendment["add_brands"] = cells.get("add_brands") or None
                amendment["remove_brands"] = cells.get("remove_brands") or None
                edits = {k: v for k, v in entry.items() if k != "note"}
                if edits:
                    amendment["set"] = edits
            elif cells["action"] != "remove" and entry.get("effect"):
                amendment["entry"] = entry
            elif cells["action"] == "change" and entry:
                amendment["set"] = {k: v for k, v in entry.items() if k != "note"}
            amendments.append(amendment)
        else:
            entries.append(
                {
                    k: v
                    for k, v in cells.items()
                    if k not in ("list", "action", "effective", "add_brands", "remove_brands") and v
                }
                | {"_where": where}
            )
    if len(names) > 1:
        raise InvalidInput(
            f"one file holds one list, found {sorted(names)}", record=source, field="list"
        )
    list_name = name or (names.pop() if names else default_name)
    goods = list_from_mapping(
        {"name": list_name, "entries": []},
        source=source,
    )
    parsed = []
    for raw in entries:
        where = raw.pop("_where")
        parsed.append(_entry(raw, {}, {}, where))
    _refuse_overlaps(parsed, source)
    goods = replace(goods, entries=tuple(parsed))
    order = sorted(range(len(amendments)), key=lambda i: str(amendments[i]["effective"] or ""))
    for i in order:
        raw = {k: v for k, v in amendments[i].items() if v is not None}
        where = raw.pop("_where")
        goods = apply_raw_amendment(goods, raw, {}, {}, where)
    return goods


def _slug(stem: str) -> str:
    return re.sub(r"[^a-z0-9_.-]+", "-", stem.lower()).strip("-.") or "list"
