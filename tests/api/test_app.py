"""The API as a whole: its OpenAPI document, health, and RFC 7807 problems."""

from __future__ import annotations

from api_harness import Api


def test_openapi_declares_every_route_with_its_answers(api: Api) -> None:
    doc = api.client.get("/openapi.json").json()
    assert "LedgerEvent" in doc["components"]["schemas"]
    body = doc["paths"]["/api/v1/events"]["post"]["requestBody"]["content"]["application/json"]
    assert body["schema"]["oneOf"][1]["maxItems"] == 10_000
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            codes = set(op["responses"])
            assert codes & {"200", "201", "202", "204"}, (method, path)
            if path != "/api/v1/health":
                assert {"401", "403", "422"} <= codes, (method, path)
    stock = doc["paths"]["/api/v1/stock/{holder}"]["get"]["responses"]["200"]
    assert stock["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Stock"}


def test_health_needs_no_token_and_problems_are_rfc7807(api: Api) -> None:
    assert api.client.get("/api/v1/health").json()["status"] == "ok"
    missing = api.client.get("/api/v1/nowhere")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    assert {"type", "title", "status", "instance"} <= set(missing.json())
