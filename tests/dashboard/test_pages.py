"""The dashboard's pages as a browser-less client sees them: sign-in, roles, content, assets."""

from __future__ import annotations

import re

import httpx
import pytest
from builders import imp, line
from dashboard_site import Site, make_site, signed_in
from fastapi.testclient import TestClient

from tamga.auth.audit import entries
from tamga.auth.tokens import TokenStore
from tamga.dashboard import create_app, live
from tamga.dashboard.access import token_resolver

PAGES = [
    "/dashboard/",
    "/dashboard/transits",
    "/dashboard/transits/MRN-0001",
    "/dashboard/alerts",
    "/dashboard/alerts/A-1",
    "/dashboard/holders/KZ-ALFA",
    "/dashboard/declarations/EX-BETA-1",
    "/dashboard/lists",
    "/dashboard/stats",
]


def test_every_page_sends_a_stranger_to_sign_in(client: TestClient) -> None:
    for path in PAGES:
        r = client.get(path, follow_redirects=False)
        assert r.status_code == 303, path
        assert r.headers["location"] == "/dashboard/signin"


def test_sign_in_sets_an_http_only_cookie_and_bad_or_revoked_tokens_are_refused(
    client: TestClient, site: Site
) -> None:
    bad = client.post("/dashboard/signin", data={"token": "nope"}, follow_redirects=False)
    assert bad.status_code == 401
    assert "unknown or revoked" in bad.text
    token = site.tokens["analyst"]
    good = client.post("/dashboard/signin", data={"token": token}, follow_redirects=False)
    cookie = good.headers["set-cookie"]
    assert f"tamga_token={token}" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie
    assert client.get("/dashboard/", follow_redirects=False).status_code == 200
    # revoking the token signs the session out on its next request
    TokenStore(site.ledger.engine).revoke(token.split("_")[1])
    assert client.get("/dashboard/", follow_redirects=False).status_code == 303


def test_an_analyst_sees_every_page(client: TestClient, site: Site) -> None:
    signed_in(client, site.tokens["analyst"])
    for path in PAGES:
        r = client.get(path)
        assert r.status_code == 200, (path, r.text[:500])
        assert "<h1" in r.text


def test_every_page_renders_on_postgresql(pg_url: str) -> None:
    pg_site = make_site(pg_url)
    client = TestClient(create_app(pg_site.ctx))
    signed_in(client, pg_site.tokens["analyst"])
    for path in PAGES:
        assert client.get(path).status_code == 200, path
    signed_in(client, pg_site.tokens["officer"])
    assert client.get("/dashboard/").status_code == 200
    assert client.get("/dashboard/transits").status_code == 200
    pg_site.ledger.engine.dispose()


def test_overview_counts_todays_events_and_value_with_separators(
    client: TestClient, site: Site
) -> None:
    signed_in(client, site.tokens["analyst"])
    html = client.get("/dashboard/").text
    # the ledger clock's day has a checkpoint and the two exports (510,000 declared)
    assert re.search(r'id="kpi-events">3<', html)
    assert re.search(r">510,000\s*<", html)
    assert "EX-BETA-1" in html
    assert "controlled_reexport" in html  # alerts by rule
    assert "KZ-BORDER" in html and ">RU<" in html  # top route


def test_holder_page_shows_stock_by_goods_key_with_units(client: TestClient, site: Site) -> None:
    signed_in(client, site.tokens["analyst"])
    html = client.get("/dashboard/holders/KZ-ALFA").text
    assert "3,800 pcs" in html  # 5,000 chips imported, 1,200 exported
    assert "4 pcs" in html  # 12 machine tools imported, 8 sold
    assert "IM-ALFA-2" in html and "EX-ALFA-1" in html
    assert 'id="flows-fig"' in html


def test_declaration_page_shows_lines_provenance_channel_and_alerts(
    client: TestClient, site: Site
) -> None:
    signed_in(client, site.tokens["analyst"])
    html = client.get("/dashboard/declarations/EX-BETA-1").text
    assert "KZ-ALFA → KZ-BETA" in html  # the chain of holders
    assert "DE" in html  # origin
    assert "chan-red" in html
    assert 'id="sankey-fig"' in html
    assert "A-1" in html


def test_workflow_hold_with_a_reason_shows_on_the_declaration_and_is_audited(
    client: TestClient, site: Site
) -> None:
    signed_in(client, site.tokens["analyst"])
    no_reason = client.post("/dashboard/alerts/A-1/action", data={"action": "hold", "reason": ""})
    assert no_reason.status_code == 422
    r = client.post(
        "/dashboard/alerts/A-1/action", data={"action": "hold", "reason": "inspect the crates"}
    )
    assert r.status_code == 200
    assert "Recorded: hold" in r.text and "inspect the crates" in r.text
    assert site.alerts.get("A-1")["history"][-1]["actor"] == "analyst:aigerim"
    assert "ON HOLD" in client.get("/dashboard/declarations/EX-BETA-1").text
    audited = [e for e in entries(site.ledger.engine) if e["action"] == "alert.hold"]
    assert audited and audited[0]["target"] == "A-1"
    assert audited[0]["detail"]["reason"] == "inspect the crates"


def test_a_trader_sees_only_its_own_holder_and_another_looks_missing(
    client: TestClient, site: Site
) -> None:
    signed_in(client, site.tokens["trader"])
    assert client.get("/dashboard/holders/KZ-ALFA").status_code == 200
    other = client.get("/dashboard/holders/KZ-GAMMA")
    missing = client.get("/dashboard/holders/KZ-NOBODY")
    assert other.status_code == missing.status_code == 404
    assert other.text.replace("KZ-GAMMA", "X") == missing.text.replace("KZ-NOBODY", "X")
    assert client.get("/dashboard/declarations/IM-GAMMA-1").status_code == 404
    assert client.get("/dashboard/declarations/IM-ALFA-1").status_code == 200
    assert client.get("/dashboard/alerts/A-2").status_code == 404
    assert client.get("/dashboard/transits/MRN-0001").status_code == 404  # not its carrier
    queue = client.get("/dashboard/alerts").text
    assert "A-1" in queue and "A-2" not in queue
    overview = client.get("/dashboard/").text
    assert "IM-GAMMA-1" not in overview and "KZ-GAMMA" not in overview


def test_a_trader_reads_its_alert_without_learning_other_holders(
    client: TestClient, site: Site
) -> None:
    signed_in(client, site.tokens["trader"])
    html = client.get("/dashboard/alerts/A-1").text
    assert "KZ-ALFA" in html
    assert "KZ-BETA" not in html
    assert "another holder" in html


def test_a_trader_cannot_work_alerts(client: TestClient, site: Site) -> None:
    signed_in(client, site.tokens["trader"])
    r = client.post("/dashboard/alerts/A-1/action", data={"action": "close", "reason": "mine"})
    assert r.status_code == 403


def test_an_officer_sees_its_offices_transits_and_cannot_work_alerts(
    client: TestClient, site: Site
) -> None:
    signed_in(client, site.tokens["officer"])
    assert client.get("/dashboard/transits/MRN-0001").status_code == 200  # departs KHORGOS
    assert "MRN-0001" in client.get("/dashboard/transits").text
    assert client.get("/dashboard/holders/KZ-GAMMA").status_code == 200
    r = client.post("/dashboard/alerts/A-1/action", data={"action": "close", "reason": "x"})
    assert r.status_code == 403


def test_plotly_js_is_served_from_the_installed_package(client: TestClient, site: Site) -> None:
    r = client.get("/dashboard/assets/plotly.min.js")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/javascript")
    assert len(r.content) > 1_000_000
    signed_in(client, site.tokens["analyst"])
    html = client.get("/dashboard/transits").text
    assert "cdn" not in html.lower() and "https://" not in html


def test_the_live_stream_gives_new_events_after_a_mark_and_hides_others_from_traders(
    site: Site,
) -> None:
    engine = site.ledger.engine
    resolve = token_resolver(engine)
    analyst, trader = resolve(site.tokens["analyst"]), resolve(site.tokens["trader"])
    assert analyst is not None and trader is not None
    mark = live.last_seq(engine)
    site.ledger.ingest(
        [
            imp("KZ-GAMMA", [line(1, "870323", 1)], day=2.5, decl="IM-GAMMA-2"),
            imp("KZ-ALFA", [line(1, "845811", 1)], day=2.6, decl="IM-ALFA-3"),
        ]
    )
    rows, new_mark = live.events_after(engine, mark, analyst)
    assert [r["declaration_no"] for r in rows] == ["IM-GAMMA-2", "IM-ALFA-3"]
    assert new_mark == mark + 2
    rows, new_mark = live.events_after(engine, mark, trader)
    assert [r["declaration_no"] for r in rows] == ["IM-ALFA-3"]
    assert new_mark == mark + 2  # the trader's mark moves past what it may not see


def test_the_live_stream_ends_when_its_token_is_revoked(
    server: str, site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(live, "RECHECK", 0.2)
    token = site.tokens["analyst"]
    cookies = {"tamga_token": token}
    with (
        httpx.Client(base_url=server, cookies=cookies, timeout=10) as http,
        http.stream("GET", "/dashboard/live") as response,
    ):
        assert response.status_code == 200
        TokenStore(site.ledger.engine).revoke(token.split("_")[1])
        lines = []
        for text in response.iter_lines():
            lines.append(text)
            if text == "event: signed-out":
                break
        assert "event: signed-out" in lines
