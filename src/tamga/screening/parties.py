"""Parties to screen in batch: a CSV with columns
``id,name[,country][,identifier][,address][,birth_date]``.

A bad row is reported with its line and field and left out; the other rows are screened.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from tamga.errors import InvalidInput
from tamga.screening.model import Party


@dataclass
class PartyFile:
    """The good rows of a party CSV, and what was wrong with the others."""

    parties: list[Party] = field(default_factory=list)
    errors: list[InvalidInput] = field(default_factory=list)


def _party(row: dict[str, str | None], where: str, lineno: int) -> Party:
    name = (row.get("name") or "").strip()
    ident = [v.strip() for v in (row.get("identifier") or "").split(";") if v.strip()]
    if not name and not ident:
        raise InvalidInput("a party needs a name or an identifier", record=where, field="name")
    country = (row.get("country") or "").strip().lower() or None
    if country is not None and not (len(country) == 2 and country.isalpha()):
        raise InvalidInput(
            f"country {country!r} is not an ISO 3166 alpha-2 code", record=where, field="country"
        )
    birth = (row.get("birth_date") or "").strip() or None
    if birth is not None:
        try:
            date.fromisoformat(birth) if len(birth) == 10 else int(birth)
        except ValueError:
            raise InvalidInput(
                f"birth date {birth!r} is neither YYYY-MM-DD nor a year",
                record=where,
                field="birth_date",
            ) from None
    return Party(
        name=name,
        country=country,
        identifiers=tuple(ident),
        address=(row.get("address") or "").strip() or None,
        party_id=(row.get("id") or "").strip() or str(lineno - 1),
        birth_date=birth,
    )


def read_party_file(path: Path) -> PartyFile:
    """Every good party of the file and an error (line and field named) for each bad row;
    ``identifier`` may hold several values separated by ``;``."""
    if not path.is_file():
        raise InvalidInput(f"no such file: {path}", record=str(path))
    out = PartyFile()
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        missing = {"id", "name"} - set(reader.fieldnames or ())
        if missing:
            raise InvalidInput(f"CSV lacks columns {sorted(missing)}", record=path.name)
        for row in reader:
            lineno = reader.line_num
            where = f"{path.name}:{lineno}"
            if None in row:  # more cells than the header has columns
                out.errors.append(
                    InvalidInput("more cells than columns", record=where, field="row")
                )
                continue
            try:
                out.parties.append(_party(row, where, lineno))
            except InvalidInput as exc:
                out.errors.append(exc)
    return out


def read_parties(path: Path) -> list[Party]:
    """The parties of the file; the first bad row raises (with its line and field)."""
    read = read_party_file(path)
    if read.errors:
        raise read.errors[0]
    return read.parties
