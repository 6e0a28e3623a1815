"""The search box's answer: which page a text names, as far as the viewer may know.

It used to send a trader to another holder's declaration or transit page (which then said 404)
but to the holder page for an unknown text, so the redirect alone told whether the number
existed. Now a declaration or transit the viewer may not see is treated as nothing at all.
"""

from __future__ import annotations

from urllib.parse import quote

from sqlalchemy import Engine

from tamga.auth import policy
from tamga.auth.principal import Principal
from tamga.dashboard import queries
from tamga.store import ledger_read


def _declaration_visible(engine: Engine, viewer: Principal, number: str) -> bool:
    event = queries.declaration_event(engine, number)
    if event is None:
        return False
    if not viewer.is_trader:
        return True
    with engine.connect() as conn:
        return viewer.holder in ledger_read.declaration_holders(conn, number)


def _transit_visible(engine: Engine, viewer: Principal, transit_id: str) -> bool:
    with engine.connect() as conn:
        view = ledger_read.transit_record(conn, transit_id)
    if view is None:
        return False
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
