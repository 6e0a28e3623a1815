"""The alert queue's pages: every alert, a page at a time, by score (or by time), filtered.

The queue reads the risk part's own tables (``risk_alerts`` and its links) the way the REST API
pages: keyset pagination on the sort key, so page n costs what page one costs and never shifts
when alerts are raised meanwhile. By score the order is ``(score desc, id)`` — the risk store's
``ix_risk_alerts_score_id`` index; by time ``(time desc, id)``. Filters: rule, channel, state
(``closed`` takes both closed states), the office (an alert's locations), a holder or a
declaration it names (the links table), and the day range of its time. What a viewer may see of
each alert is still the access policy's (``policy.alert_views``), applied to every page.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import Any

import orjson
from sqlalchemy import Engine, and_, func, or_, select

from tamga.errors import InvalidInput
from tamga.risk.alert_store import row_to_alert
from tamga.store.risk_tables import risk_alert_links, risk_alerts

#: alerts on a page of the queue
PAGE = 100
#: the queue counts its matches up to this many, then says "more than"
COUNT_CAP = 1_000
SORTS = ("score", "time")


@dataclass
class QueueFilters:
    rule: str | None = None
    channel: str | None = None
    state: str | None = None
    office: str | None = None
    holder: str | None = None
    declaration: str | None = None
    since: str | None = None  # an ISO day, inclusive
    until: str | None = None  # an ISO day, inclusive
    owner: str | None = None  # a trader's own alerts
    offices: frozenset[str] | None = None  # an officer's office locations
    sort: str = "score"
    extra: dict[str, Any] = field(default_factory=dict)

    def query_args(self) -> dict[str, str]:
        """The filters as the page's query string (for the next page's link)."""
        names = ("rule", "channel", "state", "office", "holder", "declaration", "since", "until")
        out = {n: str(getattr(self, n)) for n in names if getattr(self, n)}
        if self.sort != "score":
            out["sort"] = self.sort
        return out


def encode_cursor(alert: dict[str, Any], sort: str) -> str:
    key = [alert["score"] if sort == "score" else alert["time"], alert["id"]]
    return base64.urlsafe_b64encode(orjson.dumps(key)).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[Any, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value, alert_id = orjson.loads(raw)
    except (ValueError, TypeError, orjson.JSONDecodeError):
        raise InvalidInput("not a cursor this page gave out", field="after") from None
    if not isinstance(alert_id, str):
        raise InvalidInput("not a cursor this page gave out", field="after")
    return value, alert_id


def _linked(kind: str, value: str) -> Any:
    return risk_alerts.c.id.in_(
        select(risk_alert_links.c.alert_id).where(
            risk_alert_links.c.kind == kind, risk_alert_links.c.value == value
        )
    )


def _at_office(offices: list[str]) -> Any:
    """An alert at one of these locations (its JSON list of locations holds the code)."""
    return or_(
        *(
            risk_alerts.c.locations.contains(orjson.dumps(o).decode(), autoescape=True)
            for o in offices
        )
    )


def _where(f: QueueFilters) -> list[Any]:
    c = risk_alerts.c
    conds: list[Any] = []
    if f.owner:
        conds.append(c.owner == f.owner)
    if f.rule:
        conds.append(c.rule == f.rule)
    if f.channel:
        conds.append(c.channel == f.channel)
    if f.state == "closed":
        conds.append(c.state.in_(("closed_false_positive", "closed_confirmed")))
    elif f.state == "open":
        conds.append(c.state.not_in(("closed_false_positive", "closed_confirmed")))
    elif f.state:
        conds.append(c.state == f.state)
    if f.holder:
        conds.append(_linked("holder", f.holder))
    if f.declaration:
        conds.append(_linked("declaration", f.declaration))
    if f.office:
        conds.append(_at_office([f.office]))
    if f.offices is not None:
        conds.append(_at_office(sorted(f.offices)) if f.offices else c.id.is_(None))
    if f.since:
        conds.append(c.time >= f.since[:10])
    if f.until:
        conds.append(c.time < f.until[:10] + "T99")  # the whole of that day
    return conds


def page(
    engine: Engine, f: QueueFilters, after: str | None = None, size: int = PAGE
) -> tuple[list[dict[str, Any]], str | None]:
    """One page of the queue after the cursor ``after``, and the cursor of the next page (None
    on the last page)."""
    if f.sort not in SORTS:
        raise InvalidInput(f"unknown sort {f.sort!r} (score or time)", field="sort")
    c = risk_alerts.c
    key = c.score if f.sort == "score" else c.time
    q = select(risk_alerts).where(*_where(f))
    if after:
        value, alert_id = decode_cursor(after)
        if f.sort == "score" and not isinstance(value, int | float):
            raise InvalidInput("not a cursor this page gave out", field="after")
        q = q.where(or_(key < value, and_(key == value, c.id > alert_id)))
    q = q.order_by(key.desc(), c.id).limit(size + 1)
    with engine.connect() as conn:
        rows = [row_to_alert(r) for r in conn.execute(q)]
    following = encode_cursor(rows[size - 1], f.sort) if len(rows) > size else None
    return rows[:size], following


def count(engine: Engine, f: QueueFilters) -> tuple[int, bool]:
    """How many alerts the filters select, up to ``COUNT_CAP`` (and whether there are more)."""
    inner = select(risk_alerts.c.id).where(*_where(f)).limit(COUNT_CAP + 1).subquery()
    with engine.connect() as conn:
        n = int(conn.execute(select(func.count()).select_from(inner)).scalar() or 0)
    return min(n, COUNT_CAP), n > COUNT_CAP


def rules(engine: Engine) -> list[str]:
    """The rules that have raised alerts (the filter's choices), from the rule index."""
    with engine.connect() as conn:
        return [
            str(r)
            for r in conn.execute(
                select(risk_alerts.c.rule).distinct().order_by(risk_alerts.c.rule)
            ).scalars()
        ]
