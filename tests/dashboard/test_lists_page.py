"""The lists page over the lists part's service: entries as of a date, the diff between two
dates, each declaration line's findings, and the delisting workflow by role."""

from __future__ import annotations

import re

from dashboard_site import Site, signed_in
from fastapi.testclient import TestClient

from tamga.auth.audit import entries
from tamga.dashboard import create_app


def test_entries_as_of_a_date_and_the_diff_between_two(client: TestClient, site: Site) -> None:
    signed_in(client, site.tokens["analyst"])
    before = client.get("/dashboard/lists?name=chpl&as_of=2022-03-01").text
    assert "T1-8542" in before and "T3-8458" not in before
    html = client.get(
        "/dashboard/lists?name=chpl&as_of=2022-03-03&start=2022-03-01&end=2022-03-03"
    ).text
    assert "Added (1)" in html and "Removed (0)" in html
    assert "T3-8458" in html
    assert "No delisting requests yet." in html


def test_the_declaration_shows_each_lines_controlled_goods_findings(
    client: TestClient, site: Site
) -> None:
    signed_in(client, site.tokens["analyst"])
    html = client.get("/dashboard/declarations/EX-BETA-1").text  # machine tools, 2022-03-03
    assert "T3-8458" in html and "tier 3" in html
    earlier = client.get("/dashboard/declarations/IM-ALFA-1").text  # 2022-03-01: not yet listed
    assert "T3-8458" not in earlier


def _client(site: Site, role: str) -> TestClient:
    return signed_in(TestClient(create_app(site.ctx)), site.tokens[role])


def _step(client: TestClient, **form: str) -> str:
    r = client.post("/dashboard/lists/delisting", data=form)
    assert r.status_code == 200, r.text[:800]
    return r.text


def _brands(html: str, entry: str) -> str:
    row = re.search(rf"<code>{entry}</code>.*?</tr>", html, re.S)
    assert row is not None, entry
    return row.group(0)


def test_delisting_filed_by_a_trader_reviewed_by_an_analyst_approved_by_an_admin(
    site: Site,
) -> None:
    trader, analyst, admin = (_client(site, r) for r in ("trader", "analyst", "admin"))
    html = _step(
        trader,
        step="file",
        list_name="ru-parallel-import",
        rights_holder="Nintendo Co., Ltd.",
        brand="Nintendo",
        hs_scope="9504",
        note="official supply resumed",
    )
    assert "Recorded: filed DR-000001" in html
    assert "filed</strong> by trader:alfa" in html and "official supply resumed" in html
    # the trader may neither review nor decide, and sees no buttons for it
    assert 'value="review"' not in html and 'value="approve"' not in html
    assert trader.post(
        "/dashboard/lists/delisting", data={"step": "review", "request_id": "DR-000001"}
    ).status_code == 403  # fmt: skip
    # an analyst reviews, but may not decide
    page = analyst.get("/dashboard/lists").text
    assert 'value="review"' in page and 'value="approve"' not in page
    html = _step(analyst, step="review", request_id="DR-000001", note="documents checked")
    assert "reviewed</strong> by analyst:aigerim" in html and "documents checked" in html
    assert analyst.post(
        "/dashboard/lists/delisting",
        data={"step": "approve", "request_id": "DR-000001", "effective": "2022-03-10"},
    ).status_code == 403  # fmt: skip
    # an admin approves from an effective date: the page shows the list as of that day
    page = admin.get("/dashboard/lists").text
    assert 'value="approve"' in page
    html = _step(admin, step="approve", request_id="DR-000001", effective="2022-03-10")
    assert "approved</strong> by admin:root" in html and "effective 2022-03-10" in html
    assert "ru-parallel-import as of Mar 10, 2022" in html
    assert "Nintendo" not in _brands(html, "pi-9504") and "Sony" in _brands(html, "pi-9504")
    day_before = admin.get("/dashboard/lists?name=ru-parallel-import&as_of=2022-03-09").text
    assert "Nintendo" in _brands(day_before, "pi-9504")
    # each step has its time; the trader sees the decision on its own request
    assert re.search(
        r"by admin:root · <time data-at=\"[^\"]+\">\w{3} \d+, \d{4} \d\d:\d\d UTC</time>", html
    )
    assert "approved</strong> by admin:root" in trader.get("/dashboard/lists").text
    steps = [e["action"] for e in entries(site.ledger.engine) if e["action"].startswith("del")]
    assert sorted(steps) == ["delisting.approve", "delisting.file", "delisting.review"]


def test_delisting_rejected_with_a_reason_and_traders_see_only_their_own(site: Site) -> None:
    analyst, admin, trader = (_client(site, r) for r in ("analyst", "admin", "trader"))
    _step(
        analyst,
        step="file",
        list_name="ru-parallel-import",
        rights_holder="Toyota Motor Corp.",
        brand="Toyota",
    )
    assert "DR-000001" not in trader.get("/dashboard/lists").text  # not the trader's
    no_reason = admin.post(
        "/dashboard/lists/delisting", data={"step": "reject", "request_id": "DR-000001"}
    )
    assert no_reason.status_code == 422 and "gives its reason" in no_reason.text
    html = _step(admin, step="reject", request_id="DR-000001", note="cars still scarce")
    assert "state-rejected" in html and "cars still scarce" in html
    assert "Toyota" in _brands(html, "pi-8703")  # a rejection changes nothing
    # a brand the list does not allow cannot be filed; the page says why
    refused = analyst.post(
        "/dashboard/lists/delisting",
        data={"step": "file", "list_name": "chpl", "rights_holder": "X", "brand": "Nobody"},
    )
    assert refused.status_code == 422 and 'id="lists-error"' in refused.text
