"""What the alert queue page shows: a page of alerts under the filters of its query string.

The store's paging (``alert_queue.page``) is used where the alert service is the risk part's
own (it has a ``store`` over an engine); another ``AlertsPort`` gets its first 300 alerts as
the port lists them. A holder filter that is not a BIN is looked up by name: one match is used,
several are offered as choices.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from sqlalchemy import Engine

from tamga.auth import policy
from tamga.dashboard import alert_queue, names
from tamga.dashboard.access import Viewer
from tamga.dashboard.context import DashboardContext

FIELDS = ("rule", "channel", "state", "office", "holder", "declaration", "since", "until", "sort")


def alerts_engine(ctx: DashboardContext) -> Engine | None:
    store = getattr(ctx.alerts, "store", None)
    engine = getattr(store, "engine", None)
    return engine if isinstance(engine, Engine) else None


def queue_view(
    request: Request, viewer: Viewer, ctx: DashboardContext, after: str | None
) -> dict[str, Any]:
    params = {k: (request.query_params.get(k) or "").strip() or None for k in FIELDS}
    f = alert_queue.QueueFilters(
        rule=params["rule"],
        channel=params["channel"],
        state=params["state"],
        office=params["office"],
        holder=params["holder"],
        declaration=params["declaration"],
        since=params["since"],
        until=params["until"],
        sort=params["sort"] or "score",
    )
    choices: list[dict[str, Any]] = []
    if viewer.is_trader:
        f.holder, f.office, f.rule, f.owner = None, None, None, viewer.holder
    elif viewer.is_officer:
        f.offices = viewer.office_locations
    if f.holder and not viewer.is_trader and not _known_holder(ctx, f.holder):
        found = names.search(ctx.ledger.engine, f.holder, limit=20)
        if len(found) == 1:
            f.holder = found[0]["id"]
        elif found:
            choices = found
    engine = alerts_engine(ctx)
    rows: list[dict[str, Any]] = []
    following: str | None = None
    total, more = 0, False
    rule_names: list[str] = []
    if engine is not None:
        rows, following = alert_queue.page(engine, f, after)
        total, more = alert_queue.count(engine, f)
        rule_names = alert_queue.rules(engine) if not viewer.is_trader else []
    elif ctx.alerts is not None:
        listed = {"rule": f.rule, "channel": f.channel, "state": f.state}
        listed |= {"declaration": f.declaration, "holder": f.holder}
        rows = ctx.alerts.list(owner=f.owner, **listed, limit=300)
        total = len(rows)
    rows = policy.alert_views(viewer, rows)
    names.active(ctx.ledger.engine).prime(h for a in rows for h in a.get("holders") or [])
    shown = {
        "rule": f.rule,
        "channel": f.channel,
        "state": f.state,
        "office": f.office,
        "holder": f.holder,
        "declaration": f.declaration,
        "since": f.since,
        "until": f.until,
        "sort": f.sort,
    }
    return {
        "rows": rows,
        "filters": shown,
        "query": f.query_args(),
        "after": after,
        "following": following,
        "total": total,
        "more": more,
        "rules": rule_names,
        "holder_choices": choices,
    }


def _known_holder(ctx: DashboardContext, holder: str) -> bool:
    from tamga.dashboard import queries

    return queries.holder_record(ctx.ledger.engine, holder) is not None
