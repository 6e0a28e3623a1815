"""The dashboard in Russian, Kazakh and English: catalogues, choice of language, formats.

The catalogue test extracts every message the code and templates use (babel.cfg, as pybabel
does) and fails on any that a language's .po leaves untranslated or translates with other
placeholders. The scan renders every page in ru and kk and fails on any English source string
of the catalogues left in what a person reads (text, titles, placeholders, labels).
"""

from __future__ import annotations

import html as htmllib
import re

import pytest
from babel.messages.catalog import Catalog
from dashboard_site import Site, signed_in
from english_scan import english_sources
from english_scan import leaks as found_in
from fastapi.testclient import TestClient

from tamga.wording import catalogue, i18n, labels
from tamga.wording.fmt import num, pct, when
from tamga.wording.i18n import from_accept_language, negotiate

LANGS = ("ru", "kk")


@pytest.fixture(scope="module")
def template() -> Catalog:
    return catalogue.messages()


def pages(site: Site) -> list[str]:
    return [
        "/dashboard/",
        "/dashboard/transits",
        "/dashboard/transits/MRN-0001",
        "/dashboard/alerts",
        f"/dashboard/alerts/{site.alert_id('controlled_reexport')}",
        f"/dashboard/alerts/{site.alert_id('sanctioned_party')}",
        "/dashboard/holders/KZ-ALFA",
        "/dashboard/declarations/EX-BETA-1",
        "/dashboard/declarations/IM-ALFA-1",
        "/dashboard/lists",
        "/dashboard/lists?name=chpl&start=2022-01-01&end=2022-03-05",
        "/dashboard/stats",
        "/dashboard/go?q=LLP",
        "/dashboard/holders/KZ-NOBODY",
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_the_catalogue_translates_every_message_the_code_and_templates_use(
    lang: str, template: Catalog
) -> None:
    assert len(template) > 400  # the extraction found the templates' messages
    assert catalogue.missing(lang, template) == []
    catalog = catalogue.read(lang)
    problems = [(m.id, [str(e) for e in errors]) for m, errors in catalog.check()]
    assert problems == []  # the same %(placeholders)s as the English


def test_a_message_missing_from_a_catalogue_is_reported(template: Catalog) -> None:
    """The check can fail: a message the code uses but the catalogue lacks is listed."""
    template.add("A label nobody translated yet")
    assert catalogue.missing("ru", template) == ["A label nobody translated yet"]


def test_kazakh_is_written_in_its_cyrillic_alphabet() -> None:
    catalog = catalogue.read("kk")
    text = "".join(str(m.string) for m in catalog if m.id)
    # every letter Kazakh adds to Russian's but Һ, which only loanwords have (the case file
    # test prints all nine, from a registry name)
    assert set("әғқңөұүі") <= set(text)


def test_accept_language_picks_the_best_of_ours() -> None:
    assert from_accept_language("kk-KZ,kk;q=0.9,ru;q=0.8,en;q=0.5") == "kk"
    assert from_accept_language("de-DE,ru;q=0.7,en;q=0.8") == "en"
    assert from_accept_language("ru-RU") == "ru"
    assert from_accept_language("fr, de") is None
    assert from_accept_language("ru;q=0, kk;q=0.1") == "kk"
    assert negotiate({i18n.COOKIE: "kk"}, "ru") == "kk"  # the switch wins
    assert negotiate({i18n.COOKIE: "xx"}, "ru") == "ru"
    assert negotiate({}, None) == "en"


def test_numbers_and_dates_follow_the_locale() -> None:
    with i18n.language("ru"):
        assert num(1234567.8) == "1\xa0234\xa0568"
        assert num(2.5, 3) == "2,5"
        assert pct(0.125) == "12,5\xa0%"
        assert re.fullmatch(r"1 мар\. 2022\sг\. 08:05 UTC", when("2022-03-01T08:05:00+00:00"))
    with i18n.language("kk"):
        assert num(1234567.8) == "1\xa0234\xa0568"
        assert "наурыз" in when("2022-03-01T08:05:00+00:00") or "нау." in when(
            "2022-03-01T08:05:00+00:00"
        )
    with i18n.language("en"):
        assert num(1234567.8) == "1,234,568"
        assert when("2022-03-01T08:05:00+00:00") == "Mar 1, 2022 08:05 UTC"


def test_every_page_takes_its_language_from_accept_language_and_says_so(
    client: TestClient, site: Site
) -> None:
    signed_in(client, site.tokens["analyst"])
    for lang in ("ru", "kk", "en"):
        for path in pages(site):
            r = client.get(path, headers={"Accept-Language": lang})
            assert f'<html lang="{lang}">' in r.text, (lang, path)
            assert r.headers["content-language"] == lang
            # the switch is on every page, naming each language in itself
            for code, native in i18n.NATIVE.items():
                assert f'hreflang="{code}"' in r.text and native in r.text
    ru = client.get("/dashboard/", headers={"Accept-Language": "ru"}).text
    assert "Обзор" in ru and "Сигналы по правилам" in ru
    assert "Реэкспорт контролируемых товаров" in ru  # a rule's title
    kk = client.get("/dashboard/alerts", headers={"Accept-Language": "kk"}).text
    assert "Ескертулер кезегі" in kk and "Бақыланатын тауарлардың реэкспорты" in kk


def test_the_switch_is_remembered_in_a_cookie_and_goes_back_to_the_page(
    client: TestClient, site: Site
) -> None:
    signin = client.get("/dashboard/signin", headers={"Accept-Language": "ru"})
    assert "Вход" in signin.text  # before signing in, too
    r = client.get(
        "/dashboard/language", params={"to": "kk", "next": "/dashboard/signin"},
        follow_redirects=False,
    )  # fmt: skip
    assert r.status_code == 303 and r.headers["location"] == "/dashboard/signin"
    cookie = r.headers["set-cookie"]
    assert "tamga_lang=kk" in cookie and "Path=/dashboard" in cookie and "Max-Age=" in cookie
    signed_in(client, site.tokens["analyst"])
    page = client.get("/dashboard/transits", headers={"Accept-Language": "ru"})
    assert '<html lang="kk">' in page.text and "Транзиттер" in page.text
    # the switch never sends a browser off the dashboard
    for target in ("https://evil.example/", "//evil.example/", "/dashboard/\r\nX: y"):
        away = client.get(
            "/dashboard/language", params={"to": "ru", "next": target}, follow_redirects=False
        )
        assert away.headers["location"] == "/dashboard/"


def test_alert_titles_and_evidence_are_said_in_the_language(client: TestClient, site: Site) -> None:
    signed_in(client, site.tokens["analyst"])
    url = f"/dashboard/alerts/{site.alert_id('controlled_reexport')}"
    ru = client.get(url, headers={"Accept-Language": "ru"}).text
    assert (
        "Контролируемые товары ограниченного происхождения вывезены в RU (100\xa0% позиции)" in ru
    )
    assert "доля ограниченного происхождения" in ru and "импортные декларации" in ru
    kk = client.get(url, headers={"Accept-Language": "kk"}).text
    assert "Шектеулі шығу тегі бар бақыланатын тауарлар RU елге шығарылды" in kk
    assert "иелер тізбектері" in kk  # "paths" as a Kazakh reader names them
    sanctions = f"/dashboard/alerts/{site.alert_id('sanctioned_party')}"
    ru = client.get(sanctions, headers={"Accept-Language": "ru"}).text
    assert "Грузоотправитель «OOO Tekhnoprom» совпадает с «ООО «Технопром»» из списка" in ru


def _visible(page: str) -> str:
    """What a person reads on the page: its text and the words of titles, placeholders and
    labels; not scripts, styles, links or codes."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    attrs = re.findall(r'\s(?:title|placeholder|aria-label|alt)="([^"]*)"', page)
    text = re.sub(r"<code\b.*?</code>", " ", page, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    return htmllib.unescape(" ".join([text, *attrs]))


def test_no_english_source_string_is_left_on_a_russian_or_kazakh_page(
    client: TestClient, site: Site, template: Catalog
) -> None:
    sources = english_sources(template)
    assert "Alerts queue" in sources and "Evidence" in sources
    signed_in(client, site.tokens["analyst"])
    leaks: list[tuple[str, str, str]] = []
    for lang in LANGS:
        for path in pages(site):
            text = _visible(client.get(path, headers={"Accept-Language": lang}).text)
            leaks += [(lang, path, source) for source in found_in(text, sources)]
    assert leaks == [], "\n".join(map(str, leaks))
    # and the scan does find English where it is left: the English pages are full of it
    text = _visible(client.get("/dashboard/", headers={"Accept-Language": "en"}).text)
    assert len(found_in(text, sources)) > 20


def test_every_vocabulary_word_has_a_catalogue_entry(template: Catalog) -> None:
    ids = {m.id for m in template}
    for name, vocabulary in labels.VOCABULARIES.items():
        for code, message in vocabulary.items():
            assert message in ids, (name, code)
