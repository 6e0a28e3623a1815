"""The trade network page: tables from the network of the site's ledger, the drawing in
headless Chromium with Cytoscape.js served from the environment (no request leaves the site)."""

from __future__ import annotations

import os

import orjson
import pytest
from dashboard_site import ARGS, CHROMIUM, Site, signed_in
from fastapi.testclient import TestClient

from tamga.dashboard.network_page import CYTOSCAPE_JS


def test_an_analyst_sees_the_holders_trade(client: TestClient, site: Site) -> None:
    signed_in(client, site.tokens["analyst"])
    page = client.get("/dashboard/network/KZ-ALFA")
    assert page.status_code == 200, page.text
    html = page.text
    assert "Trade network of" in html and 'id="counterparties"' in html
    assert "KZ-BETA" in html and "DE-SIEMENS" in html  # a buyer, a foreign seller
    if CYTOSCAPE_JS.is_file():
        start = html.index('id="network-data">') + len('id="network-data">')
        data = orjson.loads(html[start : html.index("</script>", start)])
        ids = {e["data"]["id"] for e in data if "source" not in e["data"]}
        assert {"KZ-ALFA", "KZ-BETA", "DE-SIEMENS"} <= ids
        js = client.get("/dashboard/assets/cytoscape.min.js")
        assert js.status_code == 200 and "cytoscape" in js.text[:2000].lower()


def test_holder_alert_and_declaration_pages_link_to_the_network(
    client: TestClient, site: Site
) -> None:
    signed_in(client, site.tokens["analyst"])
    holder = client.get("/dashboard/holders/KZ-ALFA").text
    assert 'id="network-link" href="/dashboard/network/KZ-ALFA"' in holder
    alert = client.get(f"/dashboard/alerts/{site.alert_id('controlled_reexport')}").text
    assert 'href="/dashboard/network/KZ-' in alert.split('class="network-links"')[1]
    declaration = client.get("/dashboard/declarations/EX-BETA-1").text
    assert 'class="network-link" href="/dashboard/network/KZ-BETA"' in declaration
    signed_in(client, site.tokens["trader"])  # the network is for customs staff only
    assert "/dashboard/network/" not in client.get("/dashboard/declarations/EX-BETA-1").text


def test_a_trader_and_a_missing_holder_are_refused(client: TestClient, site: Site) -> None:
    signed_in(client, site.tokens["trader"])
    assert client.get("/dashboard/network/KZ-ALFA").status_code == 403
    signed_in(client, site.tokens["analyst"])
    assert client.get("/dashboard/network/NOBODY").status_code == 404
    assert client.get("/dashboard/network/KZ-ALFA?depth=9").status_code == 422


@pytest.mark.browser
def test_the_network_is_drawn_in_chromium(server: str, site: Site) -> None:
    if not CHROMIUM.exists() or not CYTOSCAPE_JS.is_file():
        message = f"needs {CHROMIUM} and the vendored {CYTOSCAPE_JS} (scripts/install)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import expect, sync_playwright
    from test_browser import shot, sign_in

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        offsite: list[str] = []
        errors: list[str] = []
        page.on(
            "request", lambda r: offsite.append(r.url) if not r.url.startswith(server) else None
        )
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        sign_in(page, server, site.tokens["analyst"])
        page.goto(f"{server}/dashboard/network/KZ-ALFA")
        expect(page.locator("h1")).to_contain_text("Trade network of")
        page.wait_for_function("window.tamgaNetwork && window.tamgaNetwork.nodes().length > 2")
        drawn = page.evaluate("window.tamgaNetwork.nodes().map(n => n.id())")
        assert {"KZ-ALFA", "KZ-BETA", "DE-SIEMENS"} <= set(drawn)
        assert page.evaluate("window.tamgaNetwork.edges().length") >= 3
        canvas = page.locator("#network canvas").first
        expect(canvas).to_be_visible()
        shot(page, "20-network")
        # a click on a domestic party opens its network
        pos = page.evaluate(
            "(() => { const p = window.tamgaNetwork.$id('KZ-BETA').renderedPosition();"
            " const b = document.getElementById('network').getBoundingClientRect();"
            " return [b.left + p.x, b.top + p.y]; })()"
        )
        page.mouse.click(pos[0], pos[1])
        page.wait_for_url(f"{server}/dashboard/network/KZ-BETA")
        browser.close()
    assert not offsite and not errors, (offsite, errors)


@pytest.mark.browser
def test_a_holder_page_leads_to_its_network_in_chromium(server: str, site: Site) -> None:
    if not CHROMIUM.exists():
        message = f"needs {CHROMIUM}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import expect, sync_playwright
    from test_browser import sign_in

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        sign_in(page, server, site.tokens["analyst"])
        page.goto(f"{server}/dashboard/holders/KZ-ALFA")
        page.locator("#network-link").click()
        page.wait_for_url(f"{server}/dashboard/network/KZ-ALFA")
        expect(page.locator("h1")).to_contain_text("Trade network of")
        expect(page.locator("#counterparties")).to_contain_text("KZ-BETA")
        browser.close()
    assert not errors, errors
