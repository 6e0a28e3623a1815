"""Links out of FollowTheMoney entities: Ownership, Directorship, Family, Associate ...

The screening loader hands every link entity of a file here (``LinkCollector.add``); what cannot
be read as written is reported per record and the rest of the file loads: an ownership whose
percentage is outside 0-100 or unreadable is kept with an unknown share.
"""

from __future__ import annotations

import re
from typing import Any

from tamga.ownership.model import FTM_LINKS, Link, LinkReport, Problem

_PERCENT = re.compile(r"^\s*([0-9]+(?:[.,][0-9]+)?)\s*%?\s*$")


def parse_share(text: str) -> float:
    """A percentage as written ("51", "51.5 %", "0,5") as a fraction; ``ValueError`` when it is
    not a number or lies outside 0-100."""
    m = _PERCENT.match(text)
    if not m:
        raise ValueError(f"percentage {text!r} is not a number")
    value = float(m.group(1).replace(",", "."))
    if not 0.0 <= value <= 100.0:
        raise ValueError(f"percentage {text!r} is outside 0-100")
    return value / 100.0


def day_start(value: str | None) -> str | None:
    """The first day of an FtM date ("2015" -> "2015-01-01"); None for empty."""
    if not value:
        return None
    v = value.strip()[:10]
    return v + "-01-01"[len(v) - 4 :] if len(v) in (4, 7) else v


def day_end(value: str | None) -> str | None:
    """The last day of an FtM date, for comparisons ("2015" -> "2015-12-31", "2015-02" ->
    "2015-02-31": later than every day of the month, which is all a comparison needs)."""
    if not value:
        return None
    v = value.strip()[:10]
    return v + "-12-31"[len(v) - 4 :] if len(v) in (4, 7) else v


def _first(props: dict[str, Any], name: str) -> str | None:
    values = props.get(name) or []
    if isinstance(values, str):
        values = [values]
    for v in values:
        if isinstance(v, str) and v.strip():
            return v.strip()
    return None


def link_from_ftm(
    data: dict[str, Any], origin: str, record: str
) -> tuple[Link | None, list[Problem]]:
    """The link an FtM link entity states, and what was wrong with it.

    A link without both ends cannot be kept (a problem, ``None``); a bad percentage keeps the
    link with an unknown share; an end date before the start is reported and kept as written.
    """
    kind, upper, lower = FTM_LINKS[str(data.get("schema"))]
    props = data.get("properties") or {}
    if not isinstance(props, dict):
        return None, [Problem(record, "properties", "properties is not an object")]
    problems: list[Problem] = []
    source, target = _first(props, upper), _first(props, lower)
    if not source or not target:
        missing = upper if not source else lower
        return None, [Problem(record, missing, f"a {data['schema']} needs its {missing}")]
    share = share_text = None
    if kind == "ownership":
        share_text = _first(props, "percentage")
        if share_text is not None:
            try:
                share = parse_share(share_text)
            except ValueError as exc:
                problems.append(Problem(record, "percentage", f"{exc}; the share is unknown"))
    start, end = day_start(_first(props, "startDate")), day_end(_first(props, "endDate"))
    if start and end and end < start:
        problems.append(Problem(record, "endDate", f"ends ({end}) before it starts ({start})"))
    role = _first(props, "role") or _first(props, "relationship")
    link = Link(
        link_id=str(data["id"]),
        kind=kind,
        source=source,
        target=target,
        share=share,
        share_text=share_text,
        start=start,
        end=end,
        role=role,
        origin=origin,
    )
    return link, problems


class LinkCollector:
    """Gathers a file's link entities as the screening loader reads them (in file order)."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.links: dict[str, Link | None] = {}  # None: deleted by a delta
        self.report = LinkReport(origin)

    def add(self, op: str, data: dict[str, Any], record: str) -> None:
        lid = str(data.get("id"))
        if op == "DEL":  # a delta's DEL names only the id: whatever it was, it is gone
            self.links[lid] = None
            return
        link, problems = link_from_ftm(data, self.origin, record)
        self.report.problems.extend(problems)
        if link is not None:
            self.links[lid] = link
