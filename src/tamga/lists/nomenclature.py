"""HS / TN VED nomenclatures as of a date: "is this code valid on day D?".

A declaration's code is only meaningful within the nomenclature in force on its date: HS2017
codes from 2017-01-01 to 2021-12-31, HS2022 codes from 2022-01-01, and the EAEU's 10-digit TN
VED codes each from its own date. tamga ships no nomenclature (the files are large and
versioned elsewhere); the user names the files and tamga reads three shapes:

- the HS CSV of ``datasets/harmonized-system`` (``section,hscode,description,parent,level``);
  the edition comes from the file name (``...2017...``) or, failing that, from headings that
  only one edition has (8807 is new in HS2022, 8539.50 in HS2017);
- the TN VED JSON of ``go-tnved`` (sections → groups → goods → subs, each with a ``date``);
- a plain CSV ``code,description,valid_from,valid_to`` for anything else (an amended TN VED,
  a national tariff), each row carrying its own validity.

Codes of lengths a file does not list (6 and 8 digits in TN VED) are valid when a listed
longer code valid that day starts with them; a code longer than the edition's codes (a 10-digit
code against HS) is checked on the edition's length, and the answer says so.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import orjson

from tamga.errors import InvalidInput
from tamga.lists.model import normalize_hs

#: the WCO editions' periods of application (``until`` exclusive)
HS_EDITIONS: dict[str, tuple[date, date | None]] = {
    "HS2012": (date(2012, 1, 1), date(2017, 1, 1)),
    "HS2017": (date(2017, 1, 1), date(2022, 1, 1)),
    "HS2022": (date(2022, 1, 1), None),
}
#: headings/subheadings that exist in one edition only, to tell an unnamed HS file's edition
_MARKERS = (("HS2022", "8807"), ("HS2017", "853950"))

Interval = tuple[date, date | None]


def _within(on: date, interval: Interval) -> bool:
    start, end = interval
    return start <= on and (end is None or on < end)


@dataclass(frozen=True, slots=True)
class CodeCheck:
    """The answer for one code on one date, with the edition that gave it and why."""

    code: str
    on: date
    valid: bool
    edition: str | None
    matched: str | None
    description: str | None
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "on": self.on.isoformat(),
            "valid": self.valid,
            "edition": self.edition,
            "matched": self.matched,
            "description": self.description,
            "reason": self.reason,
        }


@dataclass
class Edition:
    """One nomenclature file: its period and every code (with its own interval)."""

    name: str
    valid_from: date
    valid_to: date | None
    codes: dict[str, list[Interval]] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    #: listed codes and every even-length prefix of them, with the intervals they are valid in
    prefixes: dict[str, list[Interval]] = field(default_factory=dict)
    depth: int = 0

    def add(self, code: str, description: str, interval: Interval) -> None:
        self.codes.setdefault(code, []).append(interval)
        self.descriptions.setdefault(code, description)
        self.depth = max(self.depth, len(code))
        for n in range(2, len(code) + 1, 2):
            self.prefixes.setdefault(code[:n], []).append(interval)

    def in_force(self, on: date) -> bool:
        return _within(on, (self.valid_from, self.valid_to))

    def __len__(self) -> int:
        return len(self.codes)

    def check(self, code: str, on: date) -> CodeCheck:
        probe = code[: self.depth] if len(code) > self.depth else code
        cut = f" (the edition has {self.depth} digits; checked {probe})" if probe != code else ""
        intervals = self.prefixes.get(probe)
        if intervals is None:
            return CodeCheck(
                code, on, False, self.name, None, None, f"{probe} is not a code of {self.name}"
            )
        if not any(_within(on, iv) for iv in intervals):
            first = min(iv[0] for iv in intervals)
            when = f"from {first}" if on < first else "then: it was withdrawn"
            return CodeCheck(
                code, on, False, self.name, probe, None,
                f"{probe} is in {self.name} but not valid on {on} ({when})",
            )  # fmt: skip
        description = self.descriptions.get(probe)
        listed = "" if probe in self.codes else f" (a level above listed {self.name} codes)"
        return CodeCheck(
            code, on, True, self.name, probe, description,
            f"{probe} is valid in {self.name} on {on}{listed}{cut}",
        )  # fmt: skip


class Nomenclature:
    """Several editions; a code is checked against the editions in force on the date."""

    def __init__(self, editions: Iterable[Edition]) -> None:
        self.editions = sorted(editions, key=lambda e: e.valid_from)

    @classmethod
    def from_files(cls, paths: Iterable[Path | str]) -> Nomenclature:
        return cls(load_edition(Path(p)) for p in paths)

    def check(self, code: str, on: date) -> CodeCheck:
        value = normalize_hs(code)
        live = [e for e in self.editions if e.in_force(on)]
        if not live:
            loaded = ", ".join(e.name for e in self.editions) or "none"
            return CodeCheck(
                value, on, False, None, None, None,
                f"no loaded nomenclature is in force on {on} (loaded: {loaded})",
            )  # fmt: skip
        # an edition deep enough for the whole code decides; shallower ones only when none is
        deep = [e for e in live if e.depth >= len(value)] or live
        answers = [e.check(value, on) for e in sorted(deep, key=lambda e: -e.depth)]
        return next((a for a in answers if a.valid), answers[0])

    def is_valid(self, code: str, on: date) -> bool:
        return self.check(code, on).valid


def load_edition(path: Path, name: str | None = None) -> Edition:
    """One nomenclature file in any of the three shapes (see the module's docstring)."""
    if not path.is_file():
        raise InvalidInput(f"no nomenclature file {path}", field="nomenclature")
    if path.suffix.lower() == ".json":
        return _tnved_json(path, name)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        header = next(csv.reader(fh), [])
    columns = {c.strip() for c in header}
    if {"hscode", "level"} <= columns:
        return _hs_csv(path, name)
    if {"code", "valid_from"} <= columns:
        return _plain_csv(path, name)
    raise InvalidInput(
        f"{path.name}: not a nomenclature file (HS CSV with hscode,level; "
        "CSV with code,valid_from; or TN VED JSON)",
        field="nomenclature",
    )


def _hs_csv(path: Path, name: str | None) -> Edition:
    rows = []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            code = (row.get("hscode") or "").strip()
            # the files carry a TOTAL row, the 99/9999/999999 placeholders and a blank last row
            if code.isdigit() and set(code) != {"9"}:
                rows.append((code, (row.get("description") or "").strip()))
    edition = name or _hs_edition(path, {c for c, _ in rows})
    if edition not in HS_EDITIONS:
        raise InvalidInput(
            f"{path.name}: unknown HS edition {edition!r} ({', '.join(HS_EDITIONS)})",
            field="nomenclature",
        )
    start, end = HS_EDITIONS[edition]
    out = Edition(edition, start, end)
    for code, description in rows:
        out.add(code, description, (start, end))
    return out


def _hs_edition(path: Path, codes: set[str]) -> str:
    for edition in HS_EDITIONS:
        if edition[2:] in path.stem:
            return edition
    for edition, marker in _MARKERS:
        if marker in codes:
            return edition
    raise InvalidInput(
        f"{path.name}: cannot tell the HS edition; put it in the file name (hs2017)",
        field="nomenclature",
    )


def _day(value: Any, record: str, field_name: str) -> date | None:
    if value in (None, ""):
        return None
    text = str(value).strip()
    try:
        if len(text) >= 10 and text[2] == "." and text[5] == ".":  # DD.MM.YYYY, as FTS writes
            return date(int(text[6:10]), int(text[3:5]), int(text[:2]))
        return date.fromisoformat(text[:10])
    except ValueError:
        raise InvalidInput(f"not a date: {value!r}", record=record, field=field_name) from None


def _walk_tnved(sections: Any) -> Iterator[tuple[str, str, Any]]:
    for section in sections or []:
        for group in section.get("groups") or []:
            yield group.get("code", ""), group.get("naim", ""), group.get("date")
            for heading in group.get("goods") or []:
                yield heading.get("code", ""), heading.get("naim", ""), heading.get("date")
                for sub in heading.get("subs") or []:
                    yield sub.get("code", ""), sub.get("naim", ""), sub.get("date")


def _tnved_json(path: Path, name: str | None) -> Edition:
    try:
        sections = orjson.loads(path.read_bytes())
    except orjson.JSONDecodeError as exc:
        raise InvalidInput(f"{path.name}: not valid JSON: {exc}", field="nomenclature") from None
    found: list[tuple[str, str, date]] = []
    for code, text, day in _walk_tnved(sections):
        code = str(code).strip()
        if not code.isdigit():
            raise InvalidInput(f"{path.name}: bad code {code!r}", record=code, field="code")
        start = _day(day, code, "date") or date(1900, 1, 1)
        found.append((code, " ".join(str(text).replace("\u00a0", " ").split()), start))
    if not found:
        raise InvalidInput(f"{path.name}: no TN VED codes found", field="nomenclature")
    out = Edition(name or "TNVED", min(d for _, _, d in found), None)
    for code, text, start in found:
        out.add(code, text, (start, None))
    return out


def _plain_csv(path: Path, name: str | None) -> Edition:
    out = Edition(name or path.stem.upper(), date.max, None)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for n, row in enumerate(csv.DictReader(fh), start=2):
            record = f"{path.name} row {n}"
            try:
                code = normalize_hs(row.get("code") or "", field_name="code")
            except InvalidInput as exc:
                raise InvalidInput(exc.reason, record=record, field="code") from None
            start = _day(row.get("valid_from"), record, "valid_from")
            if start is None:
                raise InvalidInput("a code needs valid_from", record=record, field="valid_from")
            end = _day(row.get("valid_to"), record, "valid_to")
            out.add(code, (row.get("description") or "").strip(), (start, end))
            out.valid_from = min(out.valid_from, start)
    if not out.codes:
        raise InvalidInput(f"{path.name}: no codes", field="nomenclature")
    return out
