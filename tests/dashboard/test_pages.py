"""The dashboard's pages as a browser-less client sees them: sign-in, roles, content, assets."""

from __future__ import annotations

import re
import time

import httpx
import pytest
from builders import imp, line, transit_start
from dashboard_site import Site, make_site, signed_in, unbacked_export
from fastapi.testclient import TestClient

from tamga.auth.audit import entries
from tamga.auth.tokens import TokenStore
from tamga.dashboard import create_app, live
from tamga.dashboard.access import token_resolver


def pages(site: Site) -> list[str]:
    return [
        "/dashboard/",
        "/dashboard/transits",
        "/dashboard/transits/MRN-0001",
        "/dashboard/alerts",
        f"/dashboard/alerts/{site.alert_id('controlled_reexport')}",
        "/dashboard/holders/KZ-ALFA",
        "/dashboard/declarations/EX-BETA-1",
        "/dashboard/lists",
        "/dashboard/stats",
    ]


def test_every_page_sends_a_stranger_to_sign_in(client: TestClient, site: Site) -> None:
    for path in pages(site):
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
    assert "tamga_token=" in cookie and token not in cookie  # a session id, not the token
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie
    assert client.get("/dashboard/", follow_redirects=False).status_code == 200
    # revoking the token signs the session out on its next request
    TokenStore(site.ledger.engine).revoke(token.split("_")[1])
    assert client.get("/dashboard/", follow_redirects=False).status_code == 303


def test_an_analyst_sees_every_page(client: TestClient, site: Site) -> None:
    signed_in(client, site.tokens["analyst"])
    for path in pages(site):
        r = client.get(path)
        assert r.status_code == 200, (path, r.text[:500])
        assert "<h1" in r.text


def test_every_page_renders_on_postgresql(pg_url: str) -> None:
    pg_site = make_site(pg_url)
    client = TestClient(create_app(pg_site.ctx))
    signed_in(client, pg_site.tokens["analyst"])
    for path in pages(pg_site):
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


def test_overview_shows_the_alerts_the_rules_raised_and_the_channel_mix(
    client: TestClient, site: Site
) -> None:
    signed_in(client, site.tokens["analyst"])
    html = client.get("/dashboard/").text
    latest = html[html.index('id="recent-alerts"') :]
    for rule in ("controlled_reexport", "sanctioned_party"):
        assert site.alert_id(rule) in latest
    # four declarations; the realised mix and its targets as percentages
    report = site.alerts.report(site.ledger)
    assert report["declarations"] == 5
    mix = html[html.index('id="channel-mix"') :]
    assert "5 import and export declarations" in mix
    red = report["mix"]["red"]
    assert f"{red * 100:.1f}%" in mix and "1.0%" in mix and "78.5%" in mix
    # a trader sees neither the ledger-wide mix nor alerts it does not own: not even the
    # re-export of goods it sold upstream (KZ-BETA's export)
    signed_in(client, site.tokens["trader"])
    html = client.get("/dashboard/").text
    assert 'id="channel-mix"' not in html
    assert site.alert_id("sanctioned_party") not in html
    assert site.alert_id("controlled_reexport") not in html and "controlled_reexport" not in html


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
    # the chain of holders, by name with the BIN beside it
    path = html[html.index('<td class="path">') :]
    path = path[: path.index("</td>")]
    assert path.index("Alfa Machinery LLP") < path.index("→") < path.index("Beta Trade LLP")
    assert '<span class="bin">KZ-ALFA</span>' in path and 'title="BIN KZ-BETA"' in path
    assert "DE" in html  # origin
    assert "chan-red" in html  # the controlled re-export puts it in the red channel
    assert 'id="sankey-fig"' in html
    assert site.alert_id("controlled_reexport") in html


def test_alert_page_shows_the_rules_evidence_as_tables(client: TestClient, site: Site) -> None:
    signed_in(client, site.tokens["analyst"])
    html = client.get(f"/dashboard/alerts/{site.alert_id('controlled_reexport')}").text
    assert "Controlled goods of restricted origin exported to RU" in html  # the title
    assert "restricted share" in html and "100.0%" in html
    assert "HS 845811 falls under 8458" in html  # the list finding behind it
    assert "IM-ALFA-1" in html and "DE-SIEMENS" in html  # the import declaration, consignor
    assert "<code>[" not in html  # no raw JSON


def test_workflow_hold_with_a_reason_shows_on_the_declaration_and_is_audited(
    client: TestClient, site: Site
) -> None:
    signed_in(client, site.tokens["analyst"])
    alert = site.alert_id("controlled_reexport")
    url = f"/dashboard/alerts/{alert}/action"
    assert "ON HOLD" not in client.get("/dashboard/declarations/EX-BETA-1").text
    no_reason = client.post(url, data={"action": "hold", "reason": ""})
    assert no_reason.status_code == 422
    r = client.post(url, data={"action": "hold", "reason": "inspect the crates"})
    assert r.status_code == 200
    assert "Recorded: Hold." in r.text and "inspect the crates" in r.text
    step = site.alerts.get(alert)["history"][-1]
    assert (step["actor"], step["from_state"], step["to_state"]) == (
        "analyst:aigerim",
        "new",
        "hold",
    )
    assert site.alerts.declaration_status("EX-BETA-1")["hold"] is True
    assert "ON HOLD" in client.get("/dashboard/declarations/EX-BETA-1").text
    audited = [e for e in entries(site.ledger.engine) if e["action"] == "alert.hold"]
    assert audited and audited[0]["target"] == alert
    assert audited[0]["detail"]["reason"] == "inspect the crates"
    # a closed alert offers only "reopen"; the engine refuses other steps on it
    client.post(url, data={"action": "confirm", "reason": "forged origin papers"})
    assert site.alerts.get(alert)["state"] == "closed_confirmed"
    page = client.get(f"/dashboard/alerts/{alert}").text
    assert 'value="reopen"' in page and 'value="hold"' not in page
    assert client.post(url, data={"action": "hold", "reason": "again"}).status_code == 409


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
    assert client.get(f"/dashboard/alerts/{site.alert_id('sanctioned_party')}").status_code == 404
    assert client.get("/dashboard/transits/MRN-0001").status_code == 404  # not its carrier
    queue = client.get("/dashboard/alerts").text
    assert site.alert_id("controlled_reexport") not in queue  # KZ-BETA's export
    assert site.alert_id("sanctioned_party") not in queue
    overview = client.get("/dashboard/").text
    assert "IM-GAMMA-1" not in overview and "KZ-GAMMA" not in overview


def test_an_upstream_seller_cannot_read_the_exporters_alert(client: TestClient, site: Site) -> None:
    signed_in(client, site.tokens["trader"])  # KZ-ALFA sold KZ-BETA the re-exported goods
    alert = client.get(f"/dashboard/alerts/{site.alert_id('controlled_reexport')}")
    missing = client.get("/dashboard/alerts/AL-000000000000")
    assert alert.status_code == missing.status_code == 404


def test_a_trader_cannot_work_alerts(client: TestClient, site: Site) -> None:
    signed_in(client, site.tokens["trader"])
    alert = site.alert_id("controlled_reexport")
    r = client.post(f"/dashboard/alerts/{alert}/action", data={"action": "close", "reason": "x"})
    assert r.status_code == 403


def test_an_officer_sees_its_offices_transits_and_cannot_work_alerts(
    client: TestClient, site: Site
) -> None:
    signed_in(client, site.tokens["officer"])
    assert client.get("/dashboard/transits/MRN-0001").status_code == 200  # departs KHORGOS
    assert "MRN-0001" in client.get("/dashboard/transits").text
    assert client.get("/dashboard/holders/KZ-GAMMA").status_code == 200
    alert = site.alert_id("controlled_reexport")
    r = client.post(f"/dashboard/alerts/{alert}/action", data={"action": "close", "reason": "x"})
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
    with httpx.Client(base_url=server, timeout=10) as http:
        http.post("/dashboard/signin", data={"token": token})
        cookies = dict(http.cookies)
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


def test_the_transit_list_pages_by_deadline(
    client: TestClient, site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tamga.dashboard.routes import transits

    monkeypatch.setattr(transits, "TRANSIT_PAGE", 2)
    # three more transits, due on days 25, 26 and 27 (after MRN-0001)
    site.ledger.ingest([transit_start(f"MRN-P{i}", day=20 + i, deadline_days=5) for i in range(3)])
    signed_in(client, site.tokens["analyst"])
    first = client.get("/dashboard/transits?state=all").text
    assert re.findall(r'href="/dashboard/transits/([^"]+)"', first) == ["MRN-0001", "MRN-P0"]
    following = re.search(r'rel="next" href="\?state=all&amp;after=([^"]+)"', first)
    assert following is not None and following.group(1) == "MRN-P0"
    second = client.get("/dashboard/transits?state=all&after=MRN-P0").text
    assert re.findall(r'href="/dashboard/transits/([^"]+)"', second) == ["MRN-P1", "MRN-P2"]
    assert 'rel="next"' not in second and "First page" in second
    assert client.get("/dashboard/transits?after=MRN-NONE").status_code == 404


def test_a_browser_that_reconnects_gets_the_events_and_alerts_it_missed(
    server: str, site: Site
) -> None:
    # the marks a browser had seen when it lost the connection ...
    seen = f"{live.last_seq(site.ledger.engine)}:{site.alerts.last_seq()}"
    site.ledger.ingest([unbacked_export()])  # ... then an export, and its alert, while away
    with httpx.Client(base_url=server, timeout=10) as http:
        http.post("/dashboard/signin", data={"token": site.tokens["analyst"]})
        cookies = dict(http.cookies)
    frames: list[str] = []
    with (
        httpx.Client(base_url=server, cookies=cookies, timeout=10) as http,
        http.stream("GET", "/dashboard/live", headers={"Last-Event-ID": seen}) as response,
    ):
        deadline = time.monotonic() + 10
        for text in response.iter_lines():
            frames.append(text)
            if text.startswith("id: ") and "event: alert" in frames:
                break  # the mark after both: where the next reconnect resumes
            if time.monotonic() > deadline:
                break
    ledger = frames.index("event: ledger")
    assert "EX-LIVE-1" in frames[ledger + 1]
    alert = frames.index("event: alert")
    assert '"rule":"unbacked"' in frames[alert + 1]
    event_mark, alert_mark = live.resume_marks(frames[-1].removeprefix("id: "))
    assert event_mark == live.last_seq(site.ledger.engine)
    assert alert_mark == site.alerts.last_seq()


def test_resume_marks_read_both_marks_or_the_event_mark_alone() -> None:
    assert live.resume_marks("12:5") == (12, 5)
    assert live.resume_marks("12") == (12, None)
    assert live.resume_marks("x:5") == (None, None)
    assert live.resume_marks(None) == (None, None)


def test_the_live_feed_gives_new_alerts_to_their_owners_redacted(
    site: Site,
) -> None:
    from tamga.dashboard.alert_feed import VisibleAlerts

    resolve = token_resolver(site.ledger.engine)
    analyst, trader = resolve(site.tokens["analyst"]), resolve(site.tokens["trader"])
    assert analyst is not None and trader is not None
    mark = site.alerts.last_seq()
    site.ledger.ingest([unbacked_export()])
    rows, new_mark = VisibleAlerts(site.alerts, analyst).after(mark)
    assert [(a["rule"], a["declarations"]) for a in rows] == [("unbacked", ["EX-LIVE-1"])]
    assert new_mark > mark
    assert VisibleAlerts(site.alerts, trader).after(mark)[0] == []  # names KZ-GAMMA only
    # a re-export naming the trader upstream is another holder's alert: not in its feed
    rows, _ = VisibleAlerts(site.alerts, trader).after(0)
    assert site.alert_id("controlled_reexport") not in {a["id"] for a in rows}
    assert all(a["rule"] is None for a in rows)  # what it owns, without the criteria
