"""Read listed entities: FollowTheMoney JSON lines (with ADD/MOD/DEL deltas) and a simple CSV.

FtM lines are parsed by followthemoney itself, so property types (which properties are names,
countries, identifiers, addresses) come from its schema model, not from a list kept here. Only
entities a party can be (legal entities, vessels, aircraft) are kept as entities; link entities
(Ownership, Directorship, Family, Associate, UnknownLink, Representation) are handed to an
``others`` callback when one is given (``tamga.ownership`` keeps them for the graph).

An entity is **listed** when it carries the topic ``sanction``, when a ``Sanction`` entity of the
same file names it, or when the file is declared a sanctions list (``declared=True``; a CSV always
is); the other entities (owners, assets, directors, family) are *known parties*.

CSV columns: ``id,name`` required; optional ``schema``, ``aliases``, ``countries``,
``identifiers``, ``addresses``, ``datasets``, ``listed_on``, ``birth_dates`` (several values
separated by ``;``).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, Literal

import orjson
from followthemoney import model
from followthemoney.exc import FollowTheMoneyException
from followthemoney.types import registry

from tamga.errors import InvalidInput
from tamga.screening.model import ListedEntity

Operation = Literal["ADD", "MOD", "DEL"]
_PARTY_SCHEMAS = ("LegalEntity", "Vessel", "Airplane")
LINK_SCHEMAS = frozenset(
    ("Ownership", "Directorship", "Family", "Associate", "UnknownLink", "Representation")
)
_SANCTION_LINE = re.compile(rb'"schema"\s*:\s*"Sanction"')
#: (op, entity dict, record "file:line") for each link entity of a file
OthersSink = Callable[[Operation, dict[str, Any], str], None]


#: FollowTheMoney topics that make an entity listed (a restriction to screen parties against):
#: sanctioned, or under export control. An entity only linked to a sanctioned one
#: (``sanction.linked``), one under a counter-sanction, and the other entities of a loaded file
#: (owners, assets, registry records) are known parties: what they expose is ownership's to say.
LISTING_TOPICS = ("sanction", "export.control")


def _unique(values: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v.strip() for v in values if v and v.strip()))


def entity_from_ftm(
    data: dict[str, Any], source: str = "", is_listed: bool | None = None
) -> ListedEntity | None:
    """A :class:`ListedEntity` for an FtM entity dict, or ``None`` when it is not a party.

    ``is_listed`` None: listed when it carries a topic of :data:`LISTING_TOPICS`."""
    try:
        proxy = model.get_proxy(data, cleaned=False)
    except (FollowTheMoneyException, KeyError, TypeError, ValueError) as exc:
        raise InvalidInput(
            f"not a FollowTheMoney entity: {exc}", record=str(data.get("id"))
        ) from exc
    if not any(proxy.schema.is_a(s) for s in _PARTY_SCHEMAS):
        return None
    names = list(proxy.get("name", quiet=True))
    names += [v for v in proxy.get_type_values(registry.name) if v not in names]
    caption = data.get("caption")
    if caption and caption not in names:
        names.insert(0, caption)
    names_t = _unique(names)
    if not names_t:
        return None
    first_seen = data.get("first_seen")
    created = sorted(proxy.get("createdAt", quiet=True))
    listed = first_seen[:10] if first_seen else (created[0][:10] if created else None)
    topics = _unique(proxy.get("topics", quiet=True))
    return ListedEntity(
        entity_id=str(proxy.id),
        schema=proxy.schema.name,
        names=names_t,
        countries=_unique([c.lower() for c in proxy.get_type_values(registry.country)]),
        identifiers=_unique(proxy.get_type_values(registry.identifier)),
        addresses=_unique(proxy.get_type_values(registry.address)),
        datasets=_unique(list(data.get("datasets") or ())),
        topics=topics,
        source=source,
        listed_on=listed,
        last_change=(data.get("last_change") or None),
        listed=any(t in LISTING_TOPICS for t in topics) if is_listed is None else is_listed,
        birth_dates=_unique(proxy.get("birthDate", quiet=True)),
        referents=_unique([str(r) for r in data.get("referents") or ()]),
    )


Period = tuple[str | None, str | None]


def sanction_targets(path: Path) -> dict[str, tuple[Period, ...]]:
    """Ids the file's ``Sanction`` entities name, each with the listing periods they give: a
    quick scan before the entities are read, since a Sanction may come after the entity it
    names. A period runs from the Sanction's ``startDate`` (else its ``listingDate``) to its
    ``endDate``, partial dates covering their whole year or month; no dates: any day."""
    from tamga.ownership.ftm import day_end, day_start

    found: dict[str, list[Period]] = {}
    with path.open("rb") as fh:
        for raw in fh:
            if not _SANCTION_LINE.search(raw):
                continue
            try:
                data = orjson.loads(raw)
            except orjson.JSONDecodeError:
                continue  # reported with its line by read_ftm
            data = data.get("entity", data) if isinstance(data, dict) else {}
            props = data.get("properties") if isinstance(data, dict) else None
            if not isinstance(props, dict):
                continue
            starts = _dates(props, "startDate") or _dates(props, "listingDate")
            ends = _dates(props, "endDate")
            period = (
                day_start(min(starts)) if starts else None,
                day_end(max(ends)) if ends else None,
            )
            for v in props.get("entity") or ():
                if v:
                    found.setdefault(str(v), []).append(period)
    return {k: _periods(v) for k, v in found.items()}


def _dates(props: dict[str, Any], name: str) -> list[str]:
    values = props.get(name) or []
    return [v.strip() for v in values if isinstance(v, str) and v.strip()]


def _periods(periods: list[Period]) -> tuple[Period, ...]:
    """A listing without dates holds any day: the entity's dated ones then say nothing more."""
    if (None, None) in periods:
        return ()
    return tuple(sorted(set(periods), key=lambda p: (p[0] or "", p[1] or "~")))


def read_ftm(
    path: Path, *, declared: bool = False, others: OthersSink | None = None
) -> Iterator[tuple[Operation, ListedEntity]]:
    """Yield operations from an FtM file: plain lines are ADD; delta lines carry their ``op``.

    A DEL yields an entity holding only the id (the store removes it whatever its schema), and
    is told to ``others`` too. ``declared``: every entity of the file is listed.
    """
    source = path.name
    targets = {} if declared else sanction_targets(path)
    with path.open("rb") as fh:
        for lineno, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                data = orjson.loads(raw)
            except orjson.JSONDecodeError as exc:
                raise InvalidInput(f"invalid JSON: {exc}", record=f"{source}:{lineno}") from exc
            op: Operation = "ADD"
            if "op" in data and "entity" in data:
                if data["op"] not in ("ADD", "MOD", "DEL"):
                    raise InvalidInput(
                        f"unknown delta op {data['op']!r}", record=f"{source}:{lineno}", field="op"
                    )
                op = data["op"]
                data = data["entity"]
            if not isinstance(data, dict) or not data.get("id"):
                raise InvalidInput("entity without an id", record=f"{source}:{lineno}", field="id")
            if op == "DEL":
                if others is not None:
                    others(op, data, f"{source}:{lineno}")
                yield (
                    op,
                    ListedEntity(entity_id=str(data["id"]), schema="", names=(), source=source),
                )
                continue
            if others is not None and data.get("schema") in LINK_SCHEMAS:
                others(op, data, f"{source}:{lineno}")
                continue
            listing = targets.get(str(data["id"]))
            is_listed = True if declared or listing is not None else None
            entity = entity_from_ftm(data, source, is_listed)
            if entity is not None:
                yield op, replace(entity, listing=listing) if listing else entity


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(";") if v.strip()]


def read_csv(path: Path) -> Iterator[tuple[Operation, ListedEntity]]:
    source = path.name
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        missing = {"id", "name"} - set(reader.fieldnames or ())
        if missing:
            raise InvalidInput(f"CSV lacks columns {sorted(missing)}", record=source)
        for lineno, row in enumerate(reader, start=2):
            if not (row.get("id") or "").strip() or not (row.get("name") or "").strip():
                raise InvalidInput("id and name are required", record=f"{source}:{lineno}")
            yield (
                "ADD",
                ListedEntity(
                    entity_id=row["id"].strip(),
                    schema=(row.get("schema") or "LegalEntity").strip(),
                    names=_unique([row["name"], *_split(row.get("aliases"))]),
                    countries=_unique([c.lower() for c in _split(row.get("countries"))]),
                    identifiers=_unique(_split(row.get("identifiers"))),
                    addresses=_unique(_split(row.get("addresses"))),
                    datasets=_unique(_split(row.get("datasets"))),
                    source=source,
                    listed_on=(row.get("listed_on") or "").strip() or None,
                    birth_dates=_unique(_split(row.get("birth_dates"))),
                ),
            )


def load_path(
    path: Path, *, declared: bool = False, others: OthersSink | None = None
) -> Iterator[tuple[Operation, ListedEntity]]:
    """Operations from one file, by its kind (``.csv`` or FtM JSON lines)."""
    if not path.is_file():
        raise InvalidInput(f"no such file: {path}", record=str(path))
    if path.suffix.lower() == ".csv":
        return read_csv(path)
    return read_ftm(path, declared=declared, others=others)
