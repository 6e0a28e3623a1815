"""Who is looking: the service's principals and access policy, as the pages use them.

The dashboard owns no tokens and no rules: a token resolves to a ``tamga.auth`` ``Principal``
(through the same token store as the REST API), and every page asks ``tamga.auth.policy``.
So a trader's view of another holder's data is the same 404 a missing record gets, here as in
the API.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from sqlalchemy import Engine

from tamga.auth import policy
from tamga.auth.principal import Principal
from tamga.auth.tokens import TokenStore
from tamga.store import ledger_read

Viewer = Principal
#: the transit columns ``policy.may_see_event`` reads
_FACTS = ("carrier", "office_of_departure", "office_of_destination", "end_office")


class TokenResolver(Protocol):
    """Turns a bearer token into a principal, or ``None`` when it is unknown or revoked."""

    def __call__(self, token: str) -> Principal | None: ...


def token_resolver(engine: Engine) -> TokenResolver:
    """The store's own tokens (``tamga tokens create``), as the REST API resolves them."""
    return TokenStore(engine).resolve


def transit_facts(engine: Engine, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """What the policy needs to decide on transits: carrier and offices, by transit id."""
    if not ids:
        return {}
    with engine.connect() as conn:
        return ledger_read.transit_columns(conn, ids, _FACTS)


def visible_events(
    engine: Engine, viewer: Principal, rows: Sequence[Mapping[str, Any]]
) -> list[Mapping[str, Any]]:
    """The event rows the viewer may see (the policy's rule, with transits looked up once)."""
    if viewer.reads_all:
        return list(rows)
    facts = transit_facts(engine, [r["transit_id"] for r in rows if r.get("transit_id")])
    return [
        r for r in rows if policy.may_see_event(viewer, r, facts.get(r.get("transit_id") or ""))
    ]
