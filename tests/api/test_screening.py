"""Screening over the API: the store's listed entities, for the roles that screen."""

from __future__ import annotations

from api_harness import Api

from tamga.screening import ListedEntity
from tamga.screening.repository import ScreeningRepository


def test_screening_finds_a_listed_name_and_is_refused_to_traders(api: Api) -> None:
    repo = ScreeningRepository(api.app.state.services.engine)
    repo.apply(
        "test",
        [
            ("ADD", ListedEntity("e1", "Company", ("Romashka Trading LLC",), countries=("ru",))),
            ("ADD", ListedEntity("e2", "Person", ("Ivan Petrov",), countries=("ru",))),
        ],
    )
    resp = api.post("officer", "/api/v1/screen", {"name": "OOO Romashka Trading", "country": "RU"})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["entities"] == 2
    assert body["matches"][0]["entity_id"] == "e1"
    assert api.post("trader", "/api/v1/screen", {"name": "Ivan Petrov"}).status_code == 403
    refused = api.post("analyst", "/api/v1/screen", {"name": " "})
    assert refused.status_code == 422 and refused.json()["field"] == "name"
    repo.apply("test", [("ADD", ListedEntity("e3", "Person", ("Olga Smirnova",)))])
    assert api.post("analyst", "/api/v1/screen", {"name": "Olga Smirnova"}).json()["entities"] == 3
