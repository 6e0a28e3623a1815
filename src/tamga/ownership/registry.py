"""Owners and directors of domestic holders, as the holder registry lists them.

A registry line may carry ``owners`` and ``directors``::

    {"id": "210540012345", "name": "ТОО Бета Логистик", ...,
     "owners": [{"id": "HE 412345", "name": "Alfa Holding Ltd", "share": 100,
                 "start": "2021-03-01", "end": null}],
     "directors": [{"iin": "800101300123", "name": "Иванов И.И.", "start": "2021-03-01"}]}

An owner or director is named by ``entity_id`` (an FtM entity), ``bin``, ``iin`` or ``id``;
when the graph is built an id that is a listed entity's identifier (a registration number,
INN, BIN) joins that entity. ``share`` is a percentage; a share outside 0-100 or unreadable is
reported with its line and the ownership kept with an unknown share.
"""

from __future__ import annotations

from typing import Any

from tamga.ownership.ftm import day_end, day_start, parse_share
from tamga.ownership.model import Link, Problem

REGISTRY = "registry"
_ID_KEYS = ("entity_id", "bin", "iin", "id")


def holder_links(item: dict[str, Any], record: str) -> tuple[list[Link], list[Problem]]:
    """The registry links into one holder, and the problems of its owners/directors."""
    holder = str(item["id"])
    links: list[Link] = []
    problems: list[Problem] = []
    for key, kind in (("owners", "ownership"), ("directors", "directorship")):
        entries = item.get(key) or []
        if not isinstance(entries, list):
            problems.append(Problem(record, key, f"{key} must be a list"))
            continue
        for i, entry in enumerate(entries):
            where = f"{key}[{i}]"
            if not isinstance(entry, dict):
                problems.append(Problem(record, where, "must be an object"))
                continue
            party = next((str(entry[k]).strip() for k in _ID_KEYS if entry.get(k)), "")
            if not party:
                problems.append(
                    Problem(record, where, "needs an id (entity_id, bin, iin or id); skipped")
                )
                continue
            share = share_text = None
            raw = entry.get("share", entry.get("percentage"))
            if kind == "ownership" and raw is not None:
                share_text = str(raw)
                try:
                    share = parse_share(share_text)
                except ValueError as exc:
                    problems.append(
                        Problem(record, f"{where}.share", f"{exc}; the share is unknown")
                    )
            start = day_start(_text(entry.get("start")))
            end = day_end(_text(entry.get("end")))
            links.append(
                Link(
                    link_id=f"{REGISTRY}:{holder}:{kind}:{party}:{start or ''}",
                    kind=kind,
                    source=party,
                    target=holder,
                    share=share,
                    share_text=share_text,
                    start=start,
                    end=end,
                    role=_text(entry.get("role")),
                    origin=REGISTRY,
                    source_name=_text(entry.get("name")),
                )
            )
    return links, problems


def _text(value: Any) -> str | None:
    return str(value).strip() or None if value is not None else None
