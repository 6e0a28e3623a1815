"""A crafted FollowTheMoney file: a listed person behind a foreign holding behind a Kazakh firm,
and the cases around it (aggregates, control, dates, unknown and bad shares, dangling links)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson


def company(eid: str, name: str, country: str, listed: bool = False, **props: Any) -> dict:
    p: dict[str, Any] = {"name": [name], "country": [country], **props}
    if listed:
        p["topics"] = ["sanction"]
    return {"id": eid, "schema": "Company", "properties": p}


def person(eid: str, name: str, listed: bool = False) -> dict:
    p: dict[str, Any] = {"name": [name], "country": ["ru"]}
    if listed:
        p["topics"] = ["sanction"]
    return {"id": eid, "schema": "Person", "properties": p}


def owns(lid: str, owner: str, asset: str, pct: str | None, start: str | None = None, **kw: Any):
    p: dict[str, Any] = {"owner": [owner], "asset": [asset]}
    if pct is not None:
        p["percentage"] = [pct]
    if start:
        p["startDate"] = [start]
    for k, v in kw.items():
        p[k] = [v]
    return {"id": lid, "schema": "Ownership", "properties": p}


ENTITIES: list[dict[str, Any]] = [
    person("p-samoilov", "Самойлов И.В.", listed=True),
    person("p-listed2", "Петров П.П.", listed=True),
    person("p-clean", "Сидоров С.С."),
    company("c-alfa", "ООО Альфа Холдинг", "cy", registrationNumber=["HE 412345"]),
    company("c-beta", "ТОО Бета Логистик", "kz", registrationNumber=["210540012345"]),
    company("c-gamma", "Gamma Trading FZE", "ae"),
    company("c-a50", "A50 Holdings Ltd", "cy"),
    company("c-b50", "B50 Logistics LLP", "kz"),
    company("c-eps", "Epsilon Freight LLC", "ge"),
    company("c-zeta", "Zeta Components LLC", "am"),
    company("c-eta", "Eta Supply LLC", "kg"),
    company("c-omega", "ООО Омега Трейд", "ru"),
    company("c-bad", "Bad Share Ltd", "cy"),
    company("c-late", "Late Listed Corp", "ru"),
    owns("o-1", "p-samoilov", "c-alfa", "60", "2020-01-01"),
    owns("o-2", "c-alfa", "c-beta", "100", "2021-03-01"),
    owns("o-3", "p-samoilov", "c-gamma", "40"),
    owns("o-4", "p-listed2", "c-gamma", "20%"),
    owns("o-5", "p-samoilov", "c-a50", "50"),
    owns("o-6", "c-a50", "c-b50", "50"),
    owns("o-7", "p-samoilov", "c-eps", "80", "2019-05-01", endDate="2021-12-31"),
    owns("o-8", "p-samoilov", "c-zeta", None, sharesCount="1000"),
    owns("o-9", "p-clean", "c-omega", "100"),
    owns("o-10", "p-samoilov", "c-bad", "150"),
    owns("o-11", "p-clean", "c-bad", "abc"),
    owns("o-12", "NK-nowhere", "c-omega", "10"),
    owns("o-13", "c-b50", "c-a50", "1"),  # a cycle: A50 and B50 own each other
    {
        "id": "d-1",
        "schema": "Directorship",
        "properties": {"director": ["p-samoilov"], "organization": ["c-eta"]},
    },
    {
        "id": "f-1",
        "schema": "Family",
        "properties": {"person": ["p-clean"], "relative": ["p-samoilov"]},
    },
    # a Sanction naming an entity with no topic, after it in the file
    {"id": "s-1", "schema": "Sanction", "properties": {"entity": ["c-late"]}},
]


def write_ftm(path: Path, entities: list[dict[str, Any]] | None = None) -> Path:
    path.write_bytes(b"\n".join(orjson.dumps(e) for e in (entities or ENTITIES)) + b"\n")
    return path
