"""The search box's answer: which page a text names, as far as the viewer may know.

It used to send a trader to another holder's declaration or transit page (which then said 404)
but to the holder page for an unknown text, so the redirect alone told whether the number
existed. Now a declaration or transit the viewer may not see is treated as nothing at all.
"""

from __future__ import annotations

from urllib.parse import quote

from sqlalchemy import Engine, select

from tamga.auth import policy
from tamga.auth.principal import Principal
from tamga.dashboard import queries
from tamga.store.schema import events, transits


def _declaration_visible(engine: Engine, viewer: Principal, number: str) -> bool:
    event = queries.declaration_event(engine, number)
    if event is None:
        return False
    if not viewer.is_trader:
        return True
    with engine.connect() as conn:
        rows = conn.execute(
            select(events.c.type, events.c.holder, events.c.counterparty).where(
                events.c.declaration_no == number
            )
        ).all()
    owners = {r.holder for r in rows} | {r.counterparty for r in rows if r.type == "transfer"}
    return viewer.holder in owners


def _transit_visible(engine: Engine, viewer: Principal, transit_id: str) -> bool:
    with engine.connect() as conn:
        row = conn.execute(select(transits).where(transits.c.transit_id == transit_id)).first()
    if row is None:
        return False
    view = dict(row._mapping)
    view["last_position"] = {"location": view.get("last_location")}
    return policy.may_see_transit(viewer, view)


def search_target(engine: Engine, viewer: Principal, text: str) -> str:
    """The dashboard path (under its prefix) the search box sends ``text`` to."""
    quoted = quote(text, safe="/")
    if text and _declaration_visible(engine, viewer, text):
        return f"declarations/{quoted}"
    if text and _transit_visible(engine, viewer, text):
        return f"transits/{quoted}"
    return f"holders/{quoted}"
