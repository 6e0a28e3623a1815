"""The dashboard inside the service: ``tamga.server`` serves it over the same store."""

from __future__ import annotations

from builders import imp, line
from dashboard_site import signed_in
from fastapi.testclient import TestClient

from tamga.auth.tokens import TokenStore
from tamga.server import create_server
from tamga.store.database import connect


def test_the_service_serves_the_dashboard_over_its_own_ledger_and_tokens(sqlite_url: str) -> None:
    engine = connect(sqlite_url)
    store = TokenStore(engine)
    admin = store.create("admin", name="root").token
    trader = store.create("trader", holder="KZ-ALFA", name="alfa").token
    client = TestClient(create_server(engine=engine), base_url="https://testserver")
    # an event captured through the REST API shows on the dashboard
    r = client.post(
        "/api/v1/events",
        json=[imp("KZ-ALFA", [line(1, "845811", 3, value=900.0)], decl="IM-API-1")],
        headers={"Authorization": f"Bearer {admin}"},
    )
    assert r.status_code < 300, r.text
    signed_in(client, trader)
    html = client.get("/dashboard/").text
    assert "IM-API-1" in html
    assert client.get("/dashboard/declarations/IM-API-1").status_code == 200
    assert client.get("/dashboard/assets/plotly.min.js").status_code == 200
    assert client.get("/dashboard/static/dashboard.css").status_code == 200
    # the dashboard stays out of the API's OpenAPI document
    paths = client.get("/openapi.json").json()["paths"]
    assert not [p for p in paths if p.startswith("/dashboard")]
