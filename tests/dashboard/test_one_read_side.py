"""One read side: the REST API, the dashboard and its live feed show each role exactly the
transits and events the policy allows (``tamga.store.ledger_read`` over ``tamga.auth.policy``).

The dashboard once counted an office's transits by where they were last seen while the policy
and the API did not: the rule now lives in one place and this test holds every consumer to it.
"""

from __future__ import annotations

from typing import Any

import pytest
from dashboard_site import events
from fastapi.testclient import TestClient
from sqlalchemy import select

from tamga.auth import policy
from tamga.auth.tokens import TokenStore
from tamga.dashboard import live, queries
from tamga.server import create_server
from tamga.settings import Settings
from tamga.store.database import connect
from tamga.store.ledger_read import Scope
from tamga.store.schema import events as events_table

ROLES: dict[str, dict[str, Any]] = {
    "analyst": {"role": "analyst"},
    "departure office": {"role": "officer", "office": "KZ-P-KHORGOS"},
    "office the transit was only seen at": {"role": "officer", "office": "KZ-O-ALMATY"},
    "an office it never reached": {"role": "officer", "office": "KZ-P-DOSTYK"},
    "carrier": {"role": "trader", "holder": "CARRIER-1"},
    "exporter": {"role": "trader", "holder": "KZ-BETA"},
}


@pytest.mark.parametrize("who", sorted(ROLES))
def test_every_consumer_shows_a_role_what_the_policy_allows(store_url: str, who: str) -> None:
    engine = connect(store_url)
    app = create_server(Settings(database_url=store_url, secure_cookie=False), engine=engine)
    ledger = app.state.services.ledger
    ledger.ingest(events())
    token = TokenStore(engine).create(name=who, **ROLES[who]).token
    principal = TokenStore(engine).resolve(token)
    assert principal is not None
    client = TestClient(app)
    auth = {"Authorization": f"Bearer {token}"}

    every_transit = ["MRN-0001"]
    allowed = {t for t in every_transit if policy.may_see_transit(principal, ledger.transit(t))}
    api = client.get("/api/v1/transits", headers=auth).json()["items"]
    clock = queries.ledger_clock(engine)
    page, _ = queries.transit_list(engine, "all", clock, Scope.of(principal))
    assert {t["transit_id"] for t in api} == allowed
    assert {t["transit_id"] for t in page} == allowed

    rows = client.get("/api/v1/events", headers=auth, params={"limit": 100}).json()["items"]
    with engine.connect() as conn:
        stored = [dict(r._mapping) for r in conn.execute(select(events_table))]
    allowed_seqs = {
        r["seq"]
        for r in stored
        if policy.may_see_event(
            principal, r, ledger.transit(r["transit_id"]) if r["transit_id"] else None
        )
    }
    fed, _ = live.events_after(engine, 0, principal)
    assert {r["seq"] for r in rows} == allowed_seqs
    assert {r["seq"] for r in fed} == allowed_seqs
    assert len(allowed_seqs) < len(stored) or principal.reads_all
