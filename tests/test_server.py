"""The served application: the API and the dashboard over one set of services."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tamga.server import create_server
from tamga.settings import Settings


def test_the_bare_address_leads_to_the_dashboard_and_the_api_keeps_its_index(
    sqlite_url: str,
) -> None:
    client = TestClient(create_server(Settings(database_url=sqlite_url)))
    answer = client.get("/", follow_redirects=False)
    assert answer.status_code == 307
    assert answer.headers["location"] == "/dashboard/"
    assert client.get("/dashboard/", follow_redirects=True).status_code == 200
    assert client.get("/docs").status_code == 200
    assert "/" not in client.get("/openapi.json").json()["paths"]


def test_the_dashboard_and_the_api_share_one_set_of_services(sqlite_url: str) -> None:
    server = create_server(Settings(database_url=sqlite_url, home_country="kz"))
    services = server.state.services
    assert services.settings.home_country == "KZ"
    assert services.ledger.home_country == "KZ"
    assert services.alerts is not None and services.engine is services.ledger.engine
