"""Every page in Russian, Kazakh and English in headless Chromium, at a desktop's and a phone's
width: the language the browser asks for, the switch that changes it and is remembered, pages
that fit a phone, and no English source string in what a Russian or Kazakh reader sees
(rendered text, with what the page's script wrote, and titles, placeholders, labels).

Screenshots land in test-artifacts/dashboard/languages/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from dashboard_site import Site
from english_scan import english_sources, leaks
from test_browser import sign_in

from tamga.wording import catalogue

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "dashboard" / "languages"
WIDTHS = {"desktop": (1280, 800), "phone": (390, 844)}
LOCALES = {"ru": "ru-RU", "kk": "kk-KZ", "en": "en-GB"}
#: what a person reads: the rendered text and the words in titles, placeholders and labels
READ = """() => {
  const words = [document.title, document.body.innerText];
  for (const el of document.querySelectorAll('[title], [placeholder], [aria-label]')) {
    for (const a of ['title', 'placeholder', 'aria-label']) {
      if (el.hasAttribute(a) && !el.closest('.modebar')) words.push(el.getAttribute(a));
    }
  }
  for (const el of document.querySelectorAll('svg text')) words.push(el.textContent);
  return words.join('\\n');
}"""


def pages(site: Site) -> list[tuple[str, str]]:
    return [
        ("overview", ""),
        ("transits", "transits"),
        ("transit", "transits/MRN-0001"),
        ("alerts", "alerts"),
        ("alert", f"alerts/{site.alert_id('controlled_reexport')}"),
        ("alert-sanctions", f"alerts/{site.alert_id('sanctioned_party')}"),
        ("holder", "holders/KZ-ALFA"),
        ("declaration", "declarations/EX-BETA-1"),
        ("lists", "lists?name=chpl&start=2022-01-01&end=2022-03-05"),
        ("stats", "stats"),
        ("search", "go?q=LLP"),
        ("missing", "holders/KZ-NOBODY"),
    ]


def test_every_page_in_every_language_at_desktop_and_phone_width(
    browser: object, server: str, site: Site
) -> None:
    from playwright.sync_api import expect

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    sources = english_sources(catalogue.messages())
    found: list[tuple[str, str, str, list[str]]] = []
    too_wide: list[tuple[str, str, int]] = []
    offsite: list[str] = []
    errors: list[str] = []
    for lang, tag in LOCALES.items():
        for form, (width, height) in WIDTHS.items():
            context = browser.new_context(  # type: ignore[attr-defined]
                viewport={"width": width, "height": height},
                is_mobile=form == "phone",
                locale=tag,  # Chromium sends it as Accept-Language
            )
            page = context.new_page()
            page.on(
                "request", lambda r: offsite.append(r.url) if not r.url.startswith(server) else None
            )
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(f"{server}/dashboard/signin")
            assert page.get_attribute("html", "lang") == lang
            page.screenshot(path=str(ARTIFACTS / f"{lang}-{form}-signin.png"), full_page=True)
            sign_in(page, server, site.tokens["analyst"])
            for name, path in pages(site):
                page.goto(f"{server}/dashboard/{path}")
                assert page.get_attribute("html", "lang") == lang, (lang, name)
                if name == "overview":  # the script writes the stream's state in the language
                    expect(page.locator("#live-state.on")).to_be_visible(timeout=5000)
                if page.locator(".plot").count():
                    page.wait_for_timeout(600)  # plotly's drawing
                page.screenshot(path=str(ARTIFACTS / f"{lang}-{form}-{name}.png"), full_page=True)
                if form == "phone":
                    scroll = int(page.evaluate("document.documentElement.scrollWidth"))
                    if scroll > width:
                        too_wide.append((lang, name, scroll))
                if lang != "en":
                    left = leaks(page.evaluate(READ), sources)
                    if left:
                        found.append((lang, form, name, left))
            context.close()
    assert found == [], "\n".join(map(str, found))
    assert too_wide == [], f"pages that scroll sideways on a phone: {too_wide}"
    assert not errors, errors
    assert not offsite, f"requests left the server: {offsite}"


def test_the_switch_changes_the_language_and_remembers_it(
    browser: object, server: str, site: Site
) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-GB")  # type: ignore[attr-defined]
    page = context.new_page()
    sign_in(page, server, site.tokens["analyst"])
    page.goto(f"{server}/dashboard/alerts?channel=red")
    expect(page.locator("h1")).to_have_text("Alerts queue")
    page.click("nav.langs a[hreflang=kk]")
    page.wait_for_url(f"{server}/dashboard/alerts?channel=red")  # back on the same page
    expect(page.locator("h1")).to_have_text("Ескертулер кезегі")
    assert page.get_attribute("html", "lang") == "kk"
    page.goto(f"{server}/dashboard/declarations/EX-BETA-1")  # remembered on the next page
    expect(page.locator("h1")).to_contain_text("экспорттық декларациясы")
    # a number sorts as a number in the language's own format ("200 000", "8 дана")
    page.goto(f"{server}/dashboard/holders/KZ-ALFA")
    page.click("#stock th:nth-child(4)")
    cells = page.locator("#stock tbody td:nth-child(4)").all_inner_texts()
    numbers = [re.match(r"[\d\s\xa0\u202f,]+", c) for c in cells]
    values = [float(re.sub(r"\s", "", m.group(0)).replace(",", ".")) for m in numbers if m]
    assert len(values) == len(cells) == 2
    assert values == sorted(values)
    page.click("nav.langs a[hreflang=ru]")
    expect(page.locator("h2", has_text="Остатки по ключу товара")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "switch-ru-holder.png"), full_page=True)
    context.close()
