"""The analyst's desk: holders by name, the search in either script, the alert queue's pages and
filters, and the overview of the last active period when the current one is quiet."""

from __future__ import annotations

import re

from builders import exp, imp, line, sale
from dashboard_site import Site, signed_in
from fastapi.testclient import TestClient

from tamga.dashboard import alert_queue, names
from tamga.dashboard.queue_page import alerts_engine


def _row_of(html: str, marker: str) -> str:
    start = html.index(marker)
    return html[html.rindex("<tr", 0, start) : html.index("</tr>", start)]


def test_the_queue_names_holders_with_the_bin_beside_and_on_hover(
    client: TestClient, site: Site
) -> None:
    signed_in(client, site.tokens["analyst"])
    html = client.get("/dashboard/alerts").text
    row = _row_of(html, site.alert_id("controlled_reexport"))
    assert "Alfa Machinery LLP" in row and "Beta Trade LLP" in row
    assert '<span class="bin">KZ-ALFA</span>' in row and 'title="BIN KZ-BETA"' in row
    ru = client.get("/dashboard/alerts", headers={"Accept-Language": "ru"}).text
    row = _row_of(ru, site.alert_id("controlled_reexport"))
    assert "ТОО «Альфа Машинери»" in row and 'title="БИН KZ-ALFA"' in row  # Cyrillic first


def test_transits_events_and_provenance_name_their_holders(client: TestClient, site: Site) -> None:
    signed_in(client, site.tokens["analyst"])
    transits = client.get("/dashboard/transits", headers={"Accept-Language": "kk"}).text
    assert "ЖШС «Шаһар Логистик»" in _row_of(transits, 'href="/dashboard/transits/MRN-0001"')
    overview = client.get("/dashboard/").text
    assert "Beta Trade LLP" in _row_of(overview, '<tr data-seq="5"')
    decl = client.get("/dashboard/declarations/EX-BETA-1", headers={"Accept-Language": "ru"})
    assert "ТОО «Альфа Машинери»" in decl.text and "ТОО «Бета Шаһар Трейд»" in decl.text
    # the Sankey's nodes are names too
    figure = decl.text[decl.text.index('id="sankey-fig"') :]
    assert "ТОО «Альфа Машинери»" in figure and "экспорт → RU" in figure


def test_a_trader_sees_another_holder_and_not_its_name(client: TestClient, site: Site) -> None:
    signed_in(client, site.tokens["trader"])  # KZ-ALFA
    html = client.get("/dashboard/declarations/IM-ALFA-1").text
    assert "Alfa Machinery LLP" in html
    assert "Beta Trade LLP" not in html and "KZ-BETA" not in html


def test_search_finds_a_holder_by_name_in_either_script(client: TestClient, site: Site) -> None:
    signed_in(client, site.tokens["analyst"])
    for query, holder in (
        ("альфа", "KZ-ALFA"),  # Cyrillic, lower case, against the Cyrillic name
        ("ALFA machinery", "KZ-ALFA"),  # Latin, any case
        ("mashineri", "KZ-ALFA"),  # Latin letters that only the Cyrillic name holds
        ("ғамма", "KZ-GAMMA"),  # a Kazakh letter
        ("Gamma", "KZ-GAMMA"),
        ("Шаһар Лог", "CARRIER-1"),
        ("Бета", "KZ-BETA"),
        ("шаһар трейд", "KZ-BETA"),
    ):
        r = client.get("/dashboard/go", params={"q": query}, follow_redirects=False)
        assert r.status_code == 303, query
        assert r.headers["location"] == f"/dashboard/holders/{holder}", query
    several = client.get("/dashboard/go", params={"q": "LLP"})
    assert several.status_code == 200
    for holder in ("KZ-ALFA", "KZ-BETA", "KZ-GAMMA", "CARRIER-1"):
        assert f"/dashboard/holders/{holder}" in several.text
    nothing = client.get("/dashboard/go", params={"q": "Zeta"})
    assert "No declaration, transit or holder goes by" in nothing.text
    # the search folds Kazakh letters to Latin: "Ғамма" is "gamma"
    assert names.fold("ЖШС «Ғамма Көлік»") == names.fold("ZhShS «Gamma Kolik»")


def test_a_trader_searching_finds_only_itself(client: TestClient, site: Site) -> None:
    signed_in(client, site.tokens["trader"])
    r = client.get("/dashboard/go", params={"q": "LLP"}, follow_redirects=False)
    assert r.headers["location"] == "/dashboard/holders/KZ-ALFA"


def _many_alerts(site: Site, n: int) -> None:
    """``n`` more exports of goods never held: the unbacked rule raises one alert each."""
    site.ledger.ingest(
        [
            exp("KZ-GAMMA", [line(1, "870323", 5 + i, value=1000.0 * (i + 1))], day=3 + i * 0.01,
                decl=f"EX-MANY-{i:03d}")
            for i in range(n)
        ]
    )  # fmt: skip


def test_the_queue_pages_through_every_alert_by_score(site: Site) -> None:
    _many_alerts(site, 12)
    engine = alerts_engine(site.ctx)
    assert engine is not None
    everything = site.alerts.list(limit=None)
    seen: list[dict] = []
    after = None
    while True:
        rows, after = alert_queue.page(engine, alert_queue.QueueFilters(), after, size=5)
        seen += rows
        if after is None:
            break
    assert [a["id"] for a in seen] == [a["id"] for a in everything]  # same order, no repeats
    assert len(seen) == len(everything) > 12
    scores = [a["score"] for a in seen]
    assert scores == sorted(scores, reverse=True)
    by_time, after = alert_queue.page(engine, alert_queue.QueueFilters(sort="time"), None, 500)
    times = [a["time"] for a in by_time]
    assert times == sorted(times, reverse=True) and after is None


def test_the_queue_page_links_to_the_next_page_until_the_last(
    client: TestClient, site: Site, monkeypatch: object
) -> None:
    _many_alerts(site, 7)
    monkeypatch.setattr(alert_queue, "PAGE", 4)  # type: ignore[attr-defined]
    signed_in(client, site.tokens["analyst"])
    ids: list[str] = []
    url = "/dashboard/alerts?rule=unbacked"
    while url:
        html = client.get(url).text
        ids += re.findall(r'<tr><td><a href="/dashboard/alerts/(AL-[0-9A-F]+)"', html)
        found = re.search(r'id="next-page" href="\?([^"]+)"', html)
        url = f"/dashboard/alerts?{found.group(1).replace('&amp;', '&')}" if found else ""
        assert "rule=unbacked" in (url or "rule=unbacked")  # the filters ride along
    assert ids == [a["id"] for a in site.alerts.list(rule="unbacked", limit=None)]
    assert len(ids) == len(set(ids)) >= 7
    count = client.get("/dashboard/alerts?rule=unbacked").text
    assert f'id="queue-count">{len(ids)} alerts' in count
    bad = client.get("/dashboard/alerts?after=not-a-cursor")
    assert bad.status_code == 422 and "cursor" in bad.text


def test_the_queue_filters_by_rule_channel_state_office_holder_and_date(
    client: TestClient, site: Site
) -> None:
    signed_in(client, site.tokens["analyst"])
    reexport, sanctions = site.alert_id("controlled_reexport"), site.alert_id("sanctioned_party")

    def shown(**params: str) -> set[str]:
        html = client.get("/dashboard/alerts", params=params).text
        assert 'id="queue-count"' in html
        return set(re.findall(r'<tr><td><a href="/dashboard/alerts/(AL-[0-9A-F]+)"', html))

    assert shown() == {reexport, sanctions}
    assert shown(rule="sanctioned_party") == {sanctions}
    assert shown(channel="red") == {reexport, sanctions}
    assert shown(channel="green") == set()
    assert shown(holder="KZ-BETA") == {reexport}
    assert shown(holder="бета шаһар") == {reexport}  # by name, in Cyrillic
    assert shown(holder="Gamma") == {sanctions}
    assert shown(declaration="IM-GAMMA-1") == {sanctions}
    assert shown(office="KZ-BORDER") == {reexport}
    assert shown(office="KZ-NOWHERE") == set()
    day = site.alerts.get(sanctions)["time"][:10]
    assert shown(since=day, until=day) == {sanctions}
    assert shown(until="2021-12-31") == set()
    client.post(
        f"/dashboard/alerts/{sanctions}/action", data={"action": "close", "reason": "checked"}
    )
    assert shown(state="closed") == {sanctions}
    assert shown(state="open") == {reexport}
    assert shown(state="new") == {reexport}


def test_an_officer_queue_holds_only_its_offices_alerts(client: TestClient, site: Site) -> None:
    signed_in(client, site.tokens["officer"])  # KZ-P-KHORGOS
    html = client.get("/dashboard/alerts").text
    assert site.alert_id("controlled_reexport") not in html


def test_the_overview_shows_the_last_active_week_when_this_one_was_quiet(
    client: TestClient, site: Site
) -> None:
    signed_in(client, site.tokens["analyst"])
    fresh = client.get("/dashboard/").text
    assert 'id="quiet-week"' not in fresh and 'id="quiet-day"' not in fresh
    # a month later only goods change hands inside the country: no border crossings this week
    site.ledger.ingest([sale("KZ-GAMMA", "KZ-BETA", [line(1, "870323", 1)], day=40)])
    html = client.get("/dashboard/").text
    note = html[html.index('id="quiet-week"') :]
    assert "the last active week, Feb 25, 2022 to Mar 3, 2022" in note[:400]
    assert "KZ-BORDER" in html and ">RU<" in html  # that week's top route, not "no exports"
    assert 'id="quiet-day"' not in html  # today had the sale
    # the trader KZ-ALFA did nothing today: its counts are those of its last active day
    signed_in(client, site.tokens["trader"])
    mine = client.get("/dashboard/", headers={"Accept-Language": "ru"}).text
    assert 'id="quiet-day"' in mine and "3 мар. 2022" in mine
    assert re.search(r'id="kpi-events">[1-9]', mine)


def test_imports_name_the_consignor_as_declared(client: TestClient, site: Site) -> None:
    signed_in(client, site.tokens["analyst"])
    site.ledger.ingest([imp("KZ-ALFA", [line(1, "845811", 1)], day=2.5, decl="IM-ALFA-9")])
    html = client.get("/dashboard/declarations/IM-GAMMA-1").text
    assert "OOO Tekhnoprom" in html and '<span class="bin">7700000001</span>' in html


def test_the_queue_names_and_case_files_on_postgresql(pg_url: str) -> None:
    from dashboard_site import make_site

    from tamga.casefile import gather
    from tamga.dashboard import create_app

    pg = make_site(pg_url)
    client = TestClient(create_app(pg.ctx))
    signed_in(client, pg.tokens["analyst"])
    reexport = pg.alert_id("controlled_reexport")
    html = client.get("/dashboard/alerts", params={"office": "KZ-BORDER", "holder": "бета"}).text
    assert set(re.findall(r'<tr><td><a href="/dashboard/alerts/(AL-[0-9A-F]+)"', html)) == {
        reexport
    }
    engine = alerts_engine(pg.ctx)
    assert engine is not None
    first, after = alert_queue.page(engine, alert_queue.QueueFilters(), None, size=1)
    second, _ = alert_queue.page(engine, alert_queue.QueueFilters(), after, size=1)
    assert first[0]["id"] != second[0]["id"]
    case = gather(reexport, pg.ledger, pg.alerts, pg.lists.checker(), verify_all=True)
    assert case.verify is not None and case.verify["ok"]
    assert [i["import_declaration"] for i in case.imports] == ["IM-ALFA-1"]
    r = client.get(f"/dashboard/case/{reexport}.xlsx")
    assert r.status_code == 200 and r.content.startswith(b"PK")
    pg.ledger.engine.dispose()
