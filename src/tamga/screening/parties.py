"""Parties to screen in batch: a CSV with columns ``id,name[,country][,identifier][,address]``."""

from __future__ import annotations

import csv
from pathlib import Path

from tamga.errors import InvalidInput
from tamga.screening.model import Party


def read_parties(path: Path) -> list[Party]:
    """Every party of the file; ``identifier`` may hold several values separated by ``;``."""
    if not path.is_file():
        raise InvalidInput(f"no such file: {path}", record=str(path))
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        missing = {"id", "name"} - set(reader.fieldnames or ())
        if missing:
            raise InvalidInput(f"CSV lacks columns {sorted(missing)}", record=path.name)
        parties = []
        for lineno, row in enumerate(reader, start=2):
            name = (row.get("name") or "").strip()
            ident = [v.strip() for v in (row.get("identifier") or "").split(";") if v.strip()]
            if not name and not ident:
                raise InvalidInput(
                    "a party needs a name or an identifier",
                    record=f"{path.name}:{lineno}",
                    field="name",
                )
            parties.append(
                Party(
                    name=name,
                    country=(row.get("country") or "").strip().lower() or None,
                    identifiers=tuple(ident),
                    address=(row.get("address") or "").strip() or None,
                    party_id=(row.get("id") or "").strip() or str(lineno - 1),
                )
            )
    return parties
