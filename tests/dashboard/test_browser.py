"""The dashboard driven in headless Chromium over the real risk engine and lists service: sign
in, live events and the alerts they raise, the alert workflow, the delisting workflow, roles.

Screenshots of every page land in test-artifacts/dashboard/ for a person to look at. Where the
environment variable CI is set, a missing Chromium fails the test instead of skipping it.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from dashboard_site import Site, unbacked_export

from tamga.dashboard.wiring import CachedStats
from tamga.stats.load import load_ledger
from tamga.stats.panel import Panel
from tamga.stats.report import PanelCharts

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "dashboard"

pytestmark = pytest.mark.browser


def shot(page: object, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    if page.locator(".plot").count():  # type: ignore[attr-defined]
        page.wait_for_timeout(700)  # type: ignore[attr-defined]  # plotly's transitions
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


def sign_in(page: object, server: str, token: str) -> None:
    page.goto(f"{server}/dashboard/")  # type: ignore[attr-defined]
    page.fill("#token", token)  # type: ignore[attr-defined]
    page.click("button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_url(f"{server}/dashboard/")  # type: ignore[attr-defined]


def test_analyst_session(browser: object, server: str, site: Site, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    # the statistics part's charts over this ledger, for the stats page
    panel = Panel("browser", root=tmp_path)
    load_ledger(str(site.ledger.engine.url), panel)
    site.ctx.stats = CachedStats(PanelCharts(panel))

    context = browser.new_context(viewport={"width": 1280, "height": 800})  # type: ignore[attr-defined]
    page = context.new_page()
    offsite: list[str] = []
    page.on(
        "request",
        lambda req: offsite.append(req.url) if not req.url.startswith(server) else None,
    )
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    page.goto(f"{server}/dashboard/")
    expect(page.locator("h1")).to_have_text("Sign in")
    shot(page, "01-signin")
    sign_in(page, server, site.tokens["analyst"])
    expect(page.locator("#live-state")).to_have_text("live", timeout=5000)

    expect(page.locator("#channel-mix")).to_contain_text("78.5%")  # the target beside the mix

    # an export of goods KZ-GAMMA never had arrives while the page is open: the event shows
    # within a second, and so does the alert the rules raise on it
    started = time.monotonic()
    site.ledger.ingest([unbacked_export("EX-LIVE-1")])
    expect(page.locator("#recent-events tbody tr").first).to_contain_text("EX-LIVE-1", timeout=1000)
    live_alert = page.locator("#recent-alerts tbody tr").first
    expect(live_alert).to_contain_text("More goods out than the holder had", timeout=1000)
    expect(live_alert).to_contain_text("EX-LIVE-1")
    assert time.monotonic() - started < 1.0
    expect(page.locator("#kpi-events")).to_have_text("4")
    shot(page, "02-overview")

    page.goto(f"{server}/dashboard/transits")
    expect(page.locator("#map .main-svg").first).to_be_visible()
    shot(page, "03-transits")
    page.click("text=MRN-0001")
    expect(page.locator("h1")).to_contain_text("Transit MRN-0001")
    shot(page, "04-transit")

    page.goto(f"{server}/dashboard/alerts")
    shot(page, "05-alerts")
    alert = site.alert_id("controlled_reexport")
    page.click(f"a[href='/dashboard/alerts/{alert}']")
    expect(page.locator("h1")).to_contain_text(f"Alert {alert}")
    # the rule's evidence: the list finding and the import behind the export
    expect(page.locator(".evidence-table").first).to_contain_text("HS 845811 falls under 8458")
    expect(page.locator("section", has_text="Evidence")).to_contain_text("IM-ALFA-1")
    expect(page.locator("#sankey .sankey-link").first).to_be_attached()
    shot(page, "06-alert")
    page.fill("#reason", "crates of machine tools bound for Russia: inspect")
    page.click("button[value=hold]")
    expect(page.locator("#alert-state")).to_have_text("on hold")
    expect(page.locator("table").last).to_contain_text("crates of machine tools")
    shot(page, "06b-alert-held")

    page.click("a[href='/dashboard/declarations/EX-BETA-1']")
    expect(page.locator("#decl-hold")).to_have_text("ON HOLD")
    expect(page.locator("#decl-channel")).to_have_text("red")
    shot(page, "07-declaration")

    page.goto(f"{server}/dashboard/holders/KZ-ALFA")
    expect(page.locator("#flows .main-svg").first).to_be_visible()
    # the stock table sorts by quantity, as numbers, on a click
    page.click("#stock th:nth-child(4)")
    first = page.locator("#stock tbody tr").first
    expect(first).to_contain_text("pcs")
    quantities = page.locator("#stock tbody td:nth-child(4)").all_inner_texts()
    values = [float(q.split()[0].replace(",", "")) for q in quantities]
    assert values == sorted(values)
    shot(page, "08-holder")

    page.goto(f"{server}/dashboard/lists?name=chpl&start=2022-03-01&end=2022-03-03")
    expect(page.locator("#entries")).to_contain_text("T3-8458")
    shot(page, "09-lists")
    page.goto(f"{server}/dashboard/stats")
    expect(page.locator(".plot .main-svg").first).to_be_visible()
    shot(page, "10-stats")

    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)  # type: ignore[attr-defined]
    small = phone.new_page()
    sign_in(small, server, site.tokens["analyst"])
    shot(small, "11-overview-phone")
    width = small.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the overview scrolls sideways on a phone ({width}px)"
    for path, name in (
        ("declarations/EX-BETA-1", "12-declaration-phone"),
        (f"alerts/{alert}", "12b-alert-phone"),
        ("lists", "12c-lists-phone"),
        ("transits", "12d-transits-phone"),
    ):
        small.goto(f"{server}/dashboard/{path}")
        shot(small, name)
        width = small.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} scrolls sideways on a phone ({width}px)"
    phone.close()

    assert not errors, errors
    assert not offsite, f"requests left the server: {offsite}"
    context.close()


def test_trader_cannot_open_another_holders_page(browser: object, server: str, site: Site) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1280, "height": 800})  # type: ignore[attr-defined]
    page = context.new_page()
    sign_in(page, server, site.tokens["trader"])
    shot(page, "13-trader-overview")
    own = page.goto(f"{server}/dashboard/holders/KZ-ALFA")
    assert own is not None and own.status == 200
    other = page.goto(f"{server}/dashboard/holders/KZ-GAMMA")
    assert other is not None and other.status == 404
    expect(page.locator("h1")).to_contain_text("404")
    shot(page, "14-trader-other-holder")
    missing = page.goto(f"{server}/dashboard/holders/KZ-NOBODY")
    assert missing is not None and missing.status == 404
    context.close()


def test_an_admin_decides_a_delisting_request_and_the_brand_leaves_the_list(
    browser: object, server: str, site: Site
) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1280, "height": 800})  # type: ignore[attr-defined]
    page = context.new_page()
    sign_in(page, server, site.tokens["admin"])
    page.goto(f"{server}/dashboard/lists?name=ru-parallel-import")
    pi_9504 = page.locator("#entries tr", has_text="pi-9504")
    expect(pi_9504).to_contain_text("Nintendo")
    form = page.locator("#file-request")
    form.locator("select[name=list_name]").select_option("ru-parallel-import")
    form.locator("input[name=rights_holder]").fill("Nintendo Co., Ltd.")
    form.locator("input[name=brand]").fill("Nintendo")
    form.locator("input[name=hs_scope]").fill("9504")
    form.locator("input[name=note]").fill("official supply resumed")
    form.locator("button[type=submit]").click()
    request = page.locator("#req-DR-000001")
    expect(request).to_contain_text("filed by admin:root")
    request.locator("input[name=note]").first.fill("documents checked")
    request.locator("button", has_text="Take under review").click()
    expect(request).to_contain_text("reviewed by admin:root")
    request.locator("input[name=effective]").fill("2022-03-10")
    request.locator("button", has_text="Approve").click()
    expect(page.locator(".ok-msg")).to_contain_text("approved DR-000001")
    expect(request.locator(".state")).to_have_text("approved")
    # the page now shows the list as of the effective date: the brand is off its row
    expect(page.locator("h2", has_text="as of Mar 10, 2022")).to_be_visible()
    expect(pi_9504).not_to_contain_text("Nintendo")
    expect(pi_9504).to_contain_text("Sony")
    shot(page, "15-lists-delisting-approved")
    context.close()
